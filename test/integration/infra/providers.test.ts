// The deployment for each choice of model services: `osls package` with providers = lookout-equipment,
// iot-sitewise and both, then every provider statement of every role, the metrics reads, the watch
// partitions, PROVIDERS, and cfn-lint on each template. What does not depend on the providers is the same
// as in the Lookout for Equipment template, which template.test.ts holds statement by statement.
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PackagedService, packageService } from '../support/package-service.js';
import {
  bucketListingProblems,
  type MetricsPrefix,
  objectReadProblems,
  serviceAccessProblems,
} from './provider-checks.js';
import {
  busPolicyProblems,
  type CfnTemplate,
  exclusiveActionProblems,
  grants,
  isRecord,
  leadingKeyProblems,
  partitionProblems,
  propertiesOf,
  resourcesOfType,
  tableKeyGrants,
  wildcardActionProblems,
  wildcardResourceProblems,
} from './template-checks.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const STAGE = 'ci';
const hasCfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;

const ARN = `Sub:arn:\${AWS::Partition}`;
const MODELS = `${ARN}:lookoutequipment:\${AWS::Region}:\${AWS::AccountId}:model/*`;
const COMPUTATION_MODELS = `${ARN}:iotsitewise:\${AWS::Region}:\${AWS::AccountId}:computation-model/*`;
const ASSETS = `${ARN}:iotsitewise:\${AWS::Region}:\${AWS::AccountId}:asset/*`;

// Actions that support no resource-level permissions (Service Authorization Reference), the only ones
// allowed on "*".
const UNSCOPED_ACTIONS = [
  'lookoutequipment:ListModels',
  'iotsitewise:ListComputationModels',
  'iotsitewise:DescribeExecution',
];
const PROVIDER_SERVICES = ['lookoutequipment', 'iotsitewise', 's3'];
const READERS = ['PollModelsRole', 'ApplyPolicyRole', 'ReportWidgetRole'];
const ROLES = [...READERS, 'NotifyRole'];

interface Variant {
  params: Record<string, string>;
  providers: string;
  prefixes: MetricsPrefix[];
  watch: string[];
}

const VARIANTS: Record<string, Variant> = {
  'lookout-equipment': {
    params: { providers: 'lookout-equipment' },
    providers: 'lookout-equipment',
    prefixes: [],
    watch: ['WATCH'],
  },
  'iot-sitewise': {
    params: {
      providers: 'iot-sitewise',
      sitewiseMetricsBuckets: 'acme-metrics/sitewise/models/, acme-archive/anomaly-detection/',
    },
    providers: 'iot-sitewise',
    prefixes: [
      { bucket: 'acme-metrics', prefix: 'sitewise/models/' },
      { bucket: 'acme-archive', prefix: 'anomaly-detection/' },
    ],
    watch: ['WATCH#iot-sitewise'],
  },
  both: {
    params: {
      providers: 'iot-sitewise,lookout-equipment',
      sitewiseMetricsBuckets: 'acme-metrics/sitewise/,acme-metrics/line-2/',
    },
    providers: 'lookout-equipment,iot-sitewise',
    prefixes: [
      { bucket: 'acme-metrics', prefix: 'sitewise/' },
      { bucket: 'acme-metrics', prefix: 'line-2/' },
    ],
    watch: ['WATCH', 'WATCH#iot-sitewise'],
  },
};

// What each function calls on L4E (lib/adapters/lookout*.ts).
const L4E_READS = {
  'lookoutequipment:DescribeModel': [MODELS],
  'lookoutequipment:DescribeModelVersion': [MODELS],
  'lookoutequipment:DescribeRetrainingScheduler': [MODELS],
};
const L4E_GRANTS: Record<string, Record<string, string[]>> = {
  PollModelsRole: { ...L4E_READS, 'lookoutequipment:ListModels': ['*'] },
  ApplyPolicyRole: {
    ...L4E_READS,
    'lookoutequipment:ListModelVersions': [MODELS],
    'lookoutequipment:UpdateActiveModelVersion': [MODELS],
  },
  ReportWidgetRole: {
    ...L4E_READS,
    'lookoutequipment:ListModelVersions': [MODELS],
    'lookoutequipment:ListModels': ['*'],
  },
  NotifyRole: {},
};

// What each function calls on SiteWise and S3 (lib/adapters/sitewise*.ts), under `prefixes`.
function siteWiseGrants(prefixes: readonly MetricsPrefix[]): Record<string, Record<string, string[]>> {
  const buckets = [...new Set(prefixes.map(({ bucket }) => `${ARN}:s3:::${bucket}`))].sort();
  const reads = {
    'iotsitewise:DescribeAction': [ASSETS, COMPUTATION_MODELS],
    'iotsitewise:DescribeComputationModel': [COMPUTATION_MODELS],
    'iotsitewise:DescribeExecution': ['*'],
    'iotsitewise:ListActions': [ASSETS, COMPUTATION_MODELS],
    'iotsitewise:ListComputationModelResolveToResources': [COMPUTATION_MODELS],
    'iotsitewise:ListComputationModels': ['*'],
    'iotsitewise:ListExecutions': [ASSETS, COMPUTATION_MODELS],
    's3:GetObject': prefixes.map(({ bucket, prefix }) => `${ARN}:s3:::${bucket}/${prefix}*`).sort(),
    's3:ListBucket': buckets,
  };
  return {
    PollModelsRole: reads,
    ApplyPolicyRole: { ...reads, 'iotsitewise:ExecuteAction': [ASSETS, COMPUTATION_MODELS] },
    ReportWidgetRole: reads,
    NotifyRole: {},
  };
}

/** A role's grants on the model services only, sorted by action. */
function providerGrants(template: CfnTemplate, role: string): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(grants(template, role)).filter(([action]) =>
      PROVIDER_SERVICES.includes(action.split(':')[0] ?? ''),
    ),
  );
}

/** A role's other grants, with the state-table partitions each reaches. */
function otherGrants(template: CfnTemplate, role: string) {
  const rest = Object.fromEntries(
    Object.entries(grants(template, role)).filter(
      ([action]) => !PROVIDER_SERVICES.includes(action.split(':')[0] ?? ''),
    ),
  );
  return { grants: rest, keys: tableKeyGrants(template, role, 'StateTable') };
}

function expectedProviderGrants(variant: Variant, role: string): Record<string, string[]> {
  const l4e = variant.providers.includes('lookout-equipment') ? L4E_GRANTS[role] : {};
  const sitewise = variant.providers.includes('iot-sitewise') ? siteWiseGrants(variant.prefixes)[role] : {};
  return Object.fromEntries(Object.entries({ ...l4e, ...sitewise }).sort(([a], [b]) => a.localeCompare(b)));
}

// The SiteWise provider's source (the CLI's operations aside): the operations it can send, as IAM actions.
const ADAPTERS = join(ROOT, 'lib', 'adapters');
const S3_ACTIONS: Record<string, string> = { GetObject: 's3:GetObject', ListObjectsV2: 's3:ListBucket' };
const CLIENT_IMPORT = /import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-(iotsitewise|s3)'/g;

function siteWiseProviderActions(): string[] {
  const files = readdirSync(ADAPTERS).filter(
    (file) => /^sitewise.*\.ts$/.test(file) && !file.startsWith('sitewise-operations'),
  );
  const actions = files.flatMap((file) =>
    [...readFileSync(join(ADAPTERS, file), 'utf8').matchAll(CLIENT_IMPORT)].flatMap(([, names, client]) =>
      (names ?? '')
        .split(',')
        .map((name) => /^\s*(\w+)Command\s*$/.exec(name)?.[1])
        .filter((operation) => operation !== undefined)
        .map((operation) =>
          client === 's3'
            ? (S3_ACTIONS[operation] ?? `s3 operation ${operation}`)
            : `iotsitewise:${operation}`,
        ),
    ),
  );
  return [...new Set(actions)].sort();
}

const packaged = new Map<string, PackagedService>();

beforeAll(async () => {
  // One package run per variant, side by side; every assertion below shares them.
  await Promise.all(
    Object.entries(VARIANTS).map(async ([name, variant]) => {
      packaged.set(name, await packageService(STAGE, variant.params));
    }),
  );
}, 180_000);

afterAll(() => {
  for (const service of packaged.values()) service.remove();
});

function templateOf(name: string): CfnTemplate {
  const template = packaged.get(name)?.template;
  if (template === undefined) throw new Error(`${name} was not packaged`);
  return template;
}

describe('the SiteWise grants and the SiteWise provider', () => {
  it('grant the readers every operation the provider sends, apply-policy also its activation, and nothing more', () => {
    // Prepare
    const sent = siteWiseProviderActions();
    const onSiteWise = (role: string) =>
      Object.keys(providerGrants(templateOf('both'), role)).filter((action) =>
        /^(iotsitewise|s3):/.test(action),
      );

    // Act
    const granted = Object.fromEntries(READERS.map((role) => [role, onSiteWise(role)]));

    // Assess
    expect(sent).toContain('iotsitewise:ExecuteAction');
    expect(granted).toEqual({
      PollModelsRole: sent.filter((action) => action !== 'iotsitewise:ExecuteAction'),
      ApplyPolicyRole: sent,
      ReportWidgetRole: sent.filter((action) => action !== 'iotsitewise:ExecuteAction'),
    });
  });
});

describe.each(Object.keys(VARIANTS))('providers = %s', (name) => {
  const variant = VARIANTS[name] as Variant;

  it.each(ROLES)('grants %s exactly what its function calls on the model services', (role) => {
    // Act
    const granted = providerGrants(templateOf(name), role);

    // Assess
    expect(granted).toEqual(expectedProviderGrants(variant, role));
  });

  it.each(ROLES)('leaves everything else %s may do as in the Lookout for Equipment stage', (role) => {
    // Prepare
    const l4eOnly = otherGrants(templateOf('lookout-equipment'), role);

    // Act
    const other = otherGrants(templateOf(name), role);

    // Assess: only the watch partitions poll-models writes follow the providers.
    const watchKeys = (keys: Record<string, string[]>) =>
      Object.fromEntries(
        Object.entries(keys).map(([action, patterns]) => [
          action,
          patterns.flatMap((p) => (p === 'WATCH' ? variant.watch : [p])),
        ]),
      );
    expect(other.grants).toEqual(l4eOnly.grants);
    expect(other.keys).toEqual(watchKeys(l4eOnly.keys));
  });

  it('uses no wildcard action (no iotsitewise:* or s3:*), and "*" only where no resource can be named', () => {
    // Act
    const problems = [
      ...wildcardActionProblems(templateOf(name)),
      ...wildcardResourceProblems(templateOf(name), UNSCOPED_ACTIONS),
      ...partitionProblems(templateOf(name)),
    ];

    // Assess
    expect(problems).toEqual([]);
  });

  it('lets apply-policy alone change a model', () => {
    // Act
    const template = templateOf(name);
    const problems = [
      ...(variant.providers.includes('iot-sitewise')
        ? exclusiveActionProblems(template, 'iotsitewise:ExecuteAction', ['ApplyPolicyRole'])
        : serviceAccessProblems(template, 'ApplyPolicyRole', ['iotsitewise'])),
      ...(variant.providers.includes('lookout-equipment')
        ? exclusiveActionProblems(template, 'lookoutequipment:UpdateActiveModelVersion', ['ApplyPolicyRole'])
        : serviceAccessProblems(template, 'ApplyPolicyRole', ['lookoutequipment'])),
    ];

    // Assess
    expect(problems).toEqual([]);
  });

  it('lets the readers get and list objects under the metrics prefixes only, and nothing else', () => {
    // Act
    const problems = [
      ...objectReadProblems(templateOf(name), variant.prefixes, READERS),
      ...bucketListingProblems(templateOf(name), variant.prefixes, READERS),
    ];

    // Assess
    expect(problems).toEqual([]);
  });

  it('gives notify no SiteWise, S3 or Lookout for Equipment access', () => {
    // Act
    const problems = serviceAccessProblems(templateOf(name), 'NotifyRole', PROVIDER_SERVICES);

    // Assess
    expect(problems).toEqual([]);
  });

  it('keeps each role to its partitions, and the bus to poll-models, poll-target and apply-policy', () => {
    // Act
    const problems = [
      ...leadingKeyProblems(templateOf(name), 'StateTable', {
        PollModelsRole: ['EVENT#a1b2'],
        ApplyPolicyRole: ['WATCH', 'WATCH#iot-sitewise', 'EVENT#a1b2'],
        NotifyRole: ['WATCH', 'WATCH#iot-sitewise', 'MODEL#pump-a'],
        ReportWidgetRole: ['WATCH', 'WATCH#iot-sitewise', 'EVENT#a1b2'],
        DispatchTargetsRole: ['WATCH', 'WATCH#iot-sitewise', 'EVENT#a1b2'],
        PollTargetRole: ['WATCH', 'WATCH#iot-sitewise', 'EVENT#a1b2'],
      }),
      ...busPolicyProblems(templateOf(name), 'AutopilotBus', 'l4e.autopilot', [
        'PollModelsRole',
        'PollTargetRole',
        'ApplyPolicyRole',
      ]),
    ];

    // Assess
    expect(problems).toEqual([]);
  });

  it('tells every function which providers to run', () => {
    // Act
    const environments = resourcesOfType(templateOf(name), 'AWS::Lambda::Function').map(([id, fn]) => {
      const environment = propertiesOf(fn).Environment;
      const variables = isRecord(environment) && isRecord(environment.Variables) ? environment.Variables : {};
      return [id, variables.PROVIDERS];
    });

    // Assess
    expect(environments).toHaveLength(6);
    expect(Object.fromEntries(environments)).toEqual(
      Object.fromEntries(environments.map(([id]) => [id, variant.providers])),
    );
  });

  it.skipIf(!hasCfnLint)('passes cfn-lint with no finding beyond those .cfnlintrc.yaml lists', async () => {
    // Act
    const result = await run(
      'cfn-lint',
      ['--config-file', '.cfnlintrc.yaml', '--format', 'json', '--', packaged.get(name)?.templateFile ?? ''],
      { cwd: ROOT, timeout: 120_000 },
    ).then(
      (out) => ({ code: 0, stdout: out.stdout }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
    );
    const findings = JSON.parse(result.stdout || '[]') as Array<{ Level: string; Message: string }>;

    // Assess
    expect(findings.map((f) => `${f.Level}: ${f.Message}`)).toEqual([]);
    expect(result.code).toBe(0);
  });
});

describe('the providers and sitewiseMetricsBuckets stage parameters', () => {
  it.each([
    [
      { providers: 'sitewise' },
      'Error: providers must be lookout-equipment, iot-sitewise or both, comma separated, got "sitewise"\n',
    ],
    [
      { providers: 'lookout-equipment,iot-sitewise' },
      'Error: sitewiseMetricsBuckets is required with iot-sitewise: one or more bucket/prefix, comma separated, as in the modelMetricsDestination of the training action, got ""\n',
    ],
  ])(
    'refuse %j at package time, in one line',
    async (params, message) => {
      // Act
      const failure = await packageService(STAGE, params).then(
        (service) => {
          service.remove();
          return '';
        },
        (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
      );

      // Assess
      expect(failure).toBe(message);
    },
    180_000,
  );
});
