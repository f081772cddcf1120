// The CommonJS files serverless.yml reads with ${file(...)}: poll-rate settings, schema resources and the
// dashboard body, called the way the Serverless Framework calls them.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

interface PollSettings {
  intervalSeconds: number;
  stalePeriodSeconds: number;
  staleEvaluationPeriods: number;
  staleWindow: string;
  ruleMaxEventAgeSeconds: number;
  asyncMaxEventAgeSeconds: number;
}
type Resolver<T> = (context: { resolveVariable: (variable: string) => Promise<unknown> }) => Promise<T>;
type CfnResources = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

// The files are CommonJS so that Serverless can require them; their shapes are declared here.
const require = createRequire(import.meta.url);
const pollRate = require('../../../infra/poll-rate.cjs') as Resolver<PollSettings> & {
  parsePollRate: (expression: unknown) => { expression: string; seconds: number };
  pollSettings: (expression: unknown) => PollSettings;
};
const schemaResources = require('../../../infra/schema-resources.cjs') as Resolver<CfnResources> & {
  schemaResources: (options: { registryName: string; dir?: string }) => CfnResources;
};
const notificationRetention = require('../../../infra/notification-retention.cjs') as Resolver<{
  days: number;
}> & { MIN_DAYS: number; notificationRetentionDays: (value: unknown) => number };
const dashboard = require('../../../infra/dashboard.cjs') as Resolver<{ body: { 'Fn::Sub': string } }>;

const variables =
  (values: Record<string, string>) =>
  async (variable: string): Promise<unknown> =>
    values[variable];

describe('infra/poll-rate.cjs', () => {
  it.each([
    ['rate(1 minute)', 60],
    ['rate(5 minutes)', 300],
    ['rate(2 hours)', 7200],
    ['rate(1 day)', 86400],
  ])('reads %s as %i s', (expression, seconds) => {
    // Act
    const parsed = pollRate.parsePollRate(expression);

    // Assess
    expect(parsed.seconds).toBe(seconds);
  });

  it.each([
    'cron(0/5 * * * ? *)',
    'rate(1 minutes)',
    'rate(5 minute)',
    'rate(0 minutes)',
    'rate(2 days)',
    'rate(5 seconds)',
    '',
    undefined,
  ])('rejects %s at package time', (expression) => {
    // Act
    const parse = () => pollRate.parsePollRate(expression);

    // Assess
    expect(parse).toThrowError(expect.objectContaining({ name: 'PollRateError' }));
  });

  it('derives the stale-poll alarm and the retry windows from the rate', () => {
    // Act
    const minute = pollRate.pollSettings('rate(1 minute)');
    const fiveMinutes = pollRate.pollSettings('rate(5 minutes)');
    const day = pollRate.pollSettings('rate(1 day)');

    // Assess
    expect(fiveMinutes).toEqual({
      intervalSeconds: 300,
      stalePeriodSeconds: 300,
      staleEvaluationPeriods: 3,
      staleWindow: '15 minutes',
      ruleMaxEventAgeSeconds: 300,
      asyncMaxEventAgeSeconds: 300,
    });
    expect(minute).toMatchObject({ staleWindow: '3 minutes', ruleMaxEventAgeSeconds: 60 });
    // Lambda keeps an asynchronous event 6 hours at most; CloudWatch allows 3 one-day periods.
    expect(day).toMatchObject({
      stalePeriodSeconds: 86400,
      staleWindow: '3 days',
      asyncMaxEventAgeSeconds: 21600,
    });
  });

  it('resolves the pollRate stage parameter as Serverless passes it', async () => {
    // Act
    const settings = await pollRate({ resolveVariable: variables({ 'param:pollRate': 'rate(2 hours)' }) });

    // Assess
    expect(settings.stalePeriodSeconds).toBe(7200);
    expect(settings.staleWindow).toBe('6 hours');
  });
});

describe('infra/schema-resources.cjs', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('generates one registry and one draft-04 schema per file of events/schemas, content as the file', async () => {
    // Prepare
    const files = readdirSync('events/schemas').filter((file) => file.endsWith('.json'));

    // Act
    const { Resources } = await schemaResources({
      resolveVariable: variables({ 'self:service': 'l4e-autopilot', 'sls:stage': 'prod' }),
    });
    const schemas = Object.values(Resources).filter((r) => r.Type === 'AWS::EventSchemas::Schema');

    // Assess
    expect(Resources.EventSchemaRegistry?.Properties.RegistryName).toBe('l4e-autopilot-prod');
    expect(schemas).toHaveLength(files.length);
    for (const file of files) {
      const schema = JSON.parse(readFileSync(join('events/schemas', file), 'utf8')) as { title: string };
      const resource = schemas.find((s) => JSON.parse(String(s.Properties.Content)).title === schema.title);
      expect(JSON.parse(String(resource?.Properties.Content))).toEqual(schema);
      expect(resource?.Properties.Type).toBe('JSONSchemaDraft4');
    }
    expect(Resources.EventSchemaScheduledRetrainingStateChange?.Properties.SchemaName).toBe(
      'l4e.autopilot@ScheduledRetrainingStateChange',
    );
  });

  it.each([
    ['an untitled schema', { type: 'object' }, 'has no title naming its detail type'],
    ['invalid JSON', '{ "title": ', 'is not valid JSON'],
  ])('refuses %s', (_what, content, message) => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'schemas-'));
    writeFileSync(join(dir, 'broken.json'), typeof content === 'string' ? content : JSON.stringify(content));

    // Act
    const generate = () => schemaResources.schemaResources({ registryName: 'r', dir: dir ?? '' });

    // Assess
    expect(generate).toThrowError(message);
  });

  it('refuses two files describing the same detail type', () => {
    // Prepare
    dir = mkdtempSync(join(tmpdir(), 'schemas-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ title: 'Thing Changed' }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ title: 'Thing changed' }));

    // Act
    const generate = () => schemaResources.schemaResources({ registryName: 'r', dir: dir ?? '' });

    // Assess
    expect(generate).toThrowError('two schema files describe the detail type "Thing changed"');
  });
});

describe('infra/dashboard.cjs', () => {
  it('charts the poller at the poll interval and names only the stack’s functions, queues and alarms', async () => {
    // Act
    const { body } = await dashboard({
      resolveVariable: variables({ 'param:pollRate': 'rate(10 minutes)' }),
    });
    const parsed = JSON.parse(body['Fn::Sub']) as {
      widgets: Array<{ type: string; properties: { title: string; period?: number } }>;
    };
    const placeholders = [...body['Fn::Sub'].matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]);

    // Assess
    expect(parsed.widgets.map((w) => w.properties.title)).toEqual([
      'Successful polls',
      'Events published',
      'Models observed',
      'Function errors',
      'Dead-letter queue depth',
      'Alarms',
      'Retraining fleet (worst health first)',
    ]);
    expect(parsed.widgets[0]?.properties.period).toBe(600);
    expect(new Set(placeholders)).toEqual(
      new Set([
        'AWS::Region',
        'PollModelsLambdaFunction',
        'ApplyPolicyLambdaFunction',
        'NotifyLambdaFunction',
        'PollModelsDlq.QueueName',
        'ApplyPolicyDlq.QueueName',
        'NotifyDlq.QueueName',
        'StalePollAlarm.Arn',
        'ModelErrorsAlarm.Arn',
        'EventsUnpublishedAlarm.Arn',
        'PollModelsErrorsAlarm.Arn',
        'ApplyPolicyErrorsAlarm.Arn',
        'NotifyErrorsAlarm.Arn',
        'PollModelsDeadLettersAlarm.Arn',
        'ApplyPolicyDeadLettersAlarm.Arn',
        'NotifyDeadLettersAlarm.Arn',
        'ReportWidgetLambdaFunction',
        'ReportWidgetErrorsAlarm.Arn',
        'ReportWidgetLambdaFunction.Arn',
      ]),
    );
  });
});

describe('infra/notification-retention.cjs', () => {
  it('keeps delivery marks at least as long as a dead-lettered event can come back: 14 days + 12 h of retries', async () => {
    // Act
    const days = await notificationRetention({
      resolveVariable: variables({ 'param:notificationRetentionDays': '15' }),
    });

    // Assess
    expect(notificationRetention.MIN_DAYS).toBe(15);
    expect(days).toEqual({ days: 15 });
  });

  it.each(['7', '14', '15.5', 'two weeks'])('refuses %s days', async (value) => {
    // Act
    const outcome = () => notificationRetention.notificationRetentionDays(value);

    // Assess
    expect(outcome).toThrow(/notificationRetentionDays must be a whole number of days, at least 15/);
  });
});

const region = require('../../../infra/region.cjs') as Resolver<{ region: string }> & {
  checkRegion: (region: string, allowUnsupported: unknown) => string;
};

describe('packaging errors', () => {
  it('state the valid range of pollRate', () => {
    // Act
    const parse = () => pollRate.parsePollRate('rate(30 seconds)');

    // Assess
    expect(parse).toThrowError(
      'pollRate must be a rate expression from rate(1 minute) to rate(1 day), e.g. rate(5 minutes) or rate(2 hours), got "rate(30 seconds)"',
    );
  });

  it('are written once, in one line, and end the packaging run with exit 1', async () => {
    // Prepare
    const written: string[] = [];
    const exits: number[] = [];
    const write = process.stderr.write;
    const exit = process.exit;
    process.stderr.write = ((text: string) => written.push(text) > 0) as typeof process.stderr.write;
    process.exit = ((code?: number) => {
      exits.push(code ?? 0);
      return undefined as never;
    }) as typeof process.exit;
    const context = { resolveVariable: async () => 'rate(30 seconds)' };

    // Act
    try {
      await pollRate(context);
      await dashboard(context);
    } finally {
      process.stderr.write = write;
      process.exit = exit;
    }

    // Assess
    expect(exits).toEqual([1, 1]);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(
      /^Error: pollRate must be a rate expression from rate\(1 minute\) to rate\(1 day\).*\n$/,
    );
    expect(written[0]?.split('\n')).toHaveLength(2);
  });
});

describe('the region check', () => {
  it.each(['us-east-1', 'eu-west-1', 'ap-northeast-2'])('accepts %s, where L4E runs', (name) => {
    expect(region.checkRegion(name, false)).toBe(name);
  });

  it('refuses a region without L4E, naming the regions and the override', () => {
    // Act
    const check = () => region.checkRegion('eu-central-1', false);

    // Assess
    expect(check).toThrowError(
      'region eu-central-1 has no Amazon Lookout for Equipment, which runs in us-east-1, eu-west-1, ap-northeast-2; deploy there, or add --param=allowUnsupportedRegion=true to package for eu-central-1 anyway',
    );
  });

  it('packages for another region when allowUnsupportedRegion is true', async () => {
    // Act
    const resolved = await region({
      resolveVariable: variables({
        'self:provider.region': 'eu-central-1',
        'param:providers': 'lookout-equipment',
        'param:allowUnsupportedRegion': 'true',
      }),
    });

    // Assess
    expect(resolved).toEqual({ region: 'eu-central-1' });
  });

  it('holds a stage that watches IoT SiteWise only to no L4E region', async () => {
    // Act
    const resolved = await region({
      resolveVariable: variables({
        'self:provider.region': 'eu-central-1',
        'param:providers': 'iot-sitewise',
        'param:allowUnsupportedRegion': 'false',
      }),
    });

    // Assess
    expect(resolved).toEqual({ region: 'eu-central-1' });
  });
});
