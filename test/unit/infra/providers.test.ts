// infra/providers.cjs and infra/provider-policies.cjs: the `providers` and `sitewiseMetricsBuckets` stage
// parameters, checked as `osls package` resolves them, and the provider statements of each role.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

interface MetricsBucket {
  bucket: string;
  prefix: string;
}
interface Settings {
  providers: string[];
  buckets: MetricsBucket[];
}
interface Statement {
  Sid: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}
type Policy = { PolicyName: string; PolicyDocument: { Statement: Statement[] } };
type Resolver<T> = (context: { resolveVariable: (variable: string) => Promise<unknown> }) => Promise<T>;

// The files are CommonJS so that Serverless can require them; their shapes are declared here.
const require = createRequire(import.meta.url);
const providers = require('../../../infra/providers.cjs') as Resolver<{
  providers: string;
  watchPartitions: string[];
}> & {
  parseProviders: (value: unknown) => string[];
  providerSettings: (providers: unknown, buckets: unknown) => Settings;
};
const policies = require('../../../infra/provider-policies.cjs') as Resolver<Record<string, Policy>> & {
  providerPolicies: (settings: Settings) => Record<string, Policy>;
};

const variables =
  (values: Record<string, string>) =>
  async (variable: string): Promise<unknown> =>
    values[variable];

const actionsOf = (policy: Policy | undefined) =>
  (policy?.PolicyDocument.Statement ?? []).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

const BOTH = 'lookout-equipment,iot-sitewise';

describe('the providers stage parameter', () => {
  it.each([
    ['lookout-equipment', ['lookout-equipment']],
    ['iot-sitewise', ['iot-sitewise']],
    [BOTH, ['lookout-equipment', 'iot-sitewise']],
    [' iot-sitewise , lookout-equipment ', ['lookout-equipment', 'iot-sitewise']],
    ['iot-sitewise,iot-sitewise', ['iot-sitewise']],
  ])('reads %j as %j', (value, expected) => {
    // Act
    const parsed = providers.parseProviders(value);

    // Assess
    expect(parsed).toEqual(expected);
  });

  it.each(['', 'sitewise', 'lookout-equipment,', 'lookout-equipment;iot-sitewise', 'L4E', undefined])(
    'refuses %j, naming the valid values',
    (value) => {
      // Act
      const parse = () => providers.parseProviders(value);

      // Assess
      expect(parse).toThrowError(
        `providers must be lookout-equipment, iot-sitewise or both, comma separated, got ${JSON.stringify(value)}`,
      );
    },
  );

  it('gives every function PROVIDERS and poll-models one watch partition per provider', async () => {
    // Act
    const resolved = await providers({
      resolveVariable: variables({
        'param:providers': 'iot-sitewise, lookout-equipment',
        'param:sitewiseMetricsBuckets': 'acme-metrics/sitewise/',
      }),
    });

    // Assess
    expect(resolved).toEqual({
      providers: BOTH,
      watchPartitions: ['WATCH', 'WATCH#iot-sitewise'],
    });
  });
});

describe('the sitewiseMetricsBuckets stage parameter', () => {
  it('reads bucket/prefix entries, comma separated, once each', () => {
    // Act
    const settings = providers.providerSettings(
      'iot-sitewise',
      'acme-metrics/sitewise/models/, acme-metrics/line-2/,acme-metrics/sitewise/models/',
    );

    // Assess
    expect(settings.buckets).toEqual([
      { bucket: 'acme-metrics', prefix: 'sitewise/models/' },
      { bucket: 'acme-metrics', prefix: 'line-2/' },
    ]);
  });

  it('is required with iot-sitewise', () => {
    // Act
    const read = () => providers.providerSettings(BOTH, ' ');

    // Assess
    expect(read).toThrowError(
      'sitewiseMetricsBuckets is required with iot-sitewise: one or more bucket/prefix, comma separated, as in the modelMetricsDestination of the training action, got " "',
    );
  });

  it('is refused without iot-sitewise, where it would grant reads nobody makes', () => {
    // Act
    const read = () => providers.providerSettings('lookout-equipment', 'acme-metrics/sitewise/');

    // Assess
    expect(read).toThrowError(
      'sitewiseMetricsBuckets is for iot-sitewise, which providers (lookout-equipment) does not include; add iot-sitewise to providers or leave sitewiseMetricsBuckets out',
    );
  });

  it.each([
    ['acme-metrics', '"acme-metrics" names no prefix in acme-metrics'],
    ['acme-metrics/', '"acme-metrics/" names no prefix in acme-metrics'],
    ['acme-metrics/*', `the prefix "*" may hold only letters, digits and ! _ . ' ( ) = / -`],
    ['acme-metrics/a?b/', `the prefix "a?b/" may hold only letters, digits and ! _ . ' ( ) = / -`],
    [`acme-metrics/\${AWS::AccountId}/`, `the prefix "\${AWS::AccountId}/" may hold only letters`],
    ['Acme_Metrics/sitewise/', '"Acme_Metrics" is not an S3 bucket name'],
    ['*/sitewise/', '"*" is not an S3 bucket name'],
    ['acme..metrics/x/', '"acme..metrics" is not an S3 bucket name'],
    ['10.0.0.1/x/', '"10.0.0.1" is not an S3 bucket name'],
  ])('refuses %j: %s', (value, problem) => {
    // Act
    const read = () => providers.providerSettings('iot-sitewise', value);

    // Assess
    expect(read).toThrowError(problem);
  });
});

describe('the provider statements of each role', () => {
  const buckets = [
    { bucket: 'acme-metrics', prefix: 'sitewise/' },
    { bucket: 'acme-metrics', prefix: 'line-2/' },
    { bucket: 'acme-archive', prefix: 'ad/' },
  ];

  it('names no SiteWise or S3 action without iot-sitewise, and no L4E action without lookout-equipment', () => {
    // Act
    const l4e = policies.providerPolicies({ providers: ['lookout-equipment'], buckets: [] });
    const sitewise = policies.providerPolicies({ providers: ['iot-sitewise'], buckets });

    // Assess
    for (const fn of ['pollModels', 'applyPolicy', 'reportWidget']) {
      expect(actionsOf(l4e[fn]).every((a) => a.startsWith('lookoutequipment:'))).toBe(true);
      expect(actionsOf(sitewise[fn]).every((a) => /^(iotsitewise|s3):/.test(a))).toBe(true);
      expect(actionsOf(l4e[fn]).length).toBeGreaterThan(0);
      expect(actionsOf(sitewise[fn]).length).toBeGreaterThan(0);
    }
    expect(Object.keys(l4e).sort()).toEqual(['applyPolicy', 'pollModels', 'reportWidget']);
  });

  it('lets apply-policy alone execute SiteWise actions', () => {
    // Act
    const both = policies.providerPolicies({ providers: ['lookout-equipment', 'iot-sitewise'], buckets });

    // Assess
    expect(actionsOf(both.applyPolicy)).toContain('iotsitewise:ExecuteAction');
    expect(actionsOf(both.pollModels)).not.toContain('iotsitewise:ExecuteAction');
    expect(actionsOf(both.reportWidget)).not.toContain('iotsitewise:ExecuteAction');
  });

  it('lists each metrics bucket only under its configured prefixes', () => {
    // Act
    const statements = policies.providerPolicies({ providers: ['iot-sitewise'], buckets }).pollModels
      ?.PolicyDocument.Statement;
    const listing = statements?.filter((s) => s.Action === 's3:ListBucket');

    // Assess
    expect(listing?.map((s) => [s.Resource, s.Condition])).toEqual([
      [
        { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::acme-metrics` },
        { StringLike: { 's3:prefix': ['sitewise/*', 'line-2/*'] } },
      ],
      [{ 'Fn::Sub': `arn:\${AWS::Partition}:s3:::acme-archive` }, { StringLike: { 's3:prefix': ['ad/*'] } }],
    ]);
  });

  it('resolves the stage parameters as Serverless passes them', async () => {
    // Act
    const resolved = await policies({
      resolveVariable: variables({
        'param:providers': 'iot-sitewise',
        'param:sitewiseMetricsBuckets': 'acme-metrics/sitewise/',
      }),
    });

    // Assess
    expect(Object.values(resolved).map((p) => p.PolicyName)).toEqual([
      'poll-models-providers',
      'apply-policy-providers',
      'report-widget-providers',
    ]);
  });
});
