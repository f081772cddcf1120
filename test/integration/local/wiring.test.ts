// The local system runs what deploys: its wiring (local/wiring.ts, read from serverless.yml by the local
// interpreter) equals the wiring of the CloudFormation template `osls package` makes of the same file,
// for the default stage parameters and for a set that changes every one the wiring depends on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerlessConfigWithScripts } from '../../../local/aws/index.js';
import { ENDPOINT_VARIABLES, type LocalWiring, localEventBuses, localWiring } from '../../../local/wiring.js';
import { policyStatements, propertiesOf, resourceCovers, resourcesOfType } from '../infra/template-model.js';
import { type PackagedService, packageService } from '../support/package-service.js';
import { type ComparableWiring, comparableLocalWiring, templateWiring } from './template-wiring.js';

const STAGE = 'local';
const REGION = 'us-east-1';
const ACCOUNT_ID = '123456789012';
// What the local system stands up for the resources CloudFormation names itself.
const RESOURCES = {
  'AWS::AccountId': ACCOUNT_ID,
  StateTable: `l4e-autopilot-${STAGE}-state`,
  NotificationTopic: `arn:aws:sns:${REGION}:${ACCOUNT_ID}:l4e-autopilot-${STAGE}-alerts`,
  ChatTopic: `arn:aws:sns:${REGION}:${ACCOUNT_ID}:l4e-autopilot-${STAGE}-chat`,
  FleetQueue: `http://127.0.0.1:4566/${ACCOUNT_ID}/l4e-autopilot-${STAGE}-fleet`,
};

// Spoke mode: a central bus in another account and region.
const CENTRAL_BUS = 'arn:aws:events:eu-central-1:210987654321:event-bus/fleet-central';

const PARAM_SETS: Record<string, Record<string, string>> = {
  'default params': {},
  'non-default params': {
    pollRate: 'rate(2 hours)',
    parameterPrefix: '/acme/l4e',
    slackWebhookParameter: '/acme/l4e/slack',
    teamsWebhookParameter: '/acme/l4e/teams',
    alertEmail: 'reliability@example.com',
    baselineLookbackHours: '48',
    promotionResultWaitHours: '12',
    notificationRetentionDays: '30',
    forwardToBusArn: CENTRAL_BUS,
  },
  'IoT SiteWise params': {
    providers: 'iot-sitewise',
    sitewiseMetricsBuckets: 'local-sitewise-metrics/models/',
  },
  'mixed params': {
    providers: 'iot-sitewise,lookout-equipment',
    sitewiseMetricsBuckets: 'local-sitewise-metrics/models/,local-sitewise-metrics/line-2/',
    parameterPrefix: '/acme/mixed',
  },
};

// Services Lambda and other services use on a function's behalf, not its code: the runtime's log
// stream, the on-failure destination queue, and the keys SNS and SSM decrypt with.
const ON_BEHALF = ['logs', 'sqs', 'kms'];

const packaged = new Map<string, PackagedService>();

beforeAll(async () => {
  // One package run per parameter set, side by side; every assertion below shares them.
  const runs = Object.entries(PARAM_SETS).map(async ([name, params]) => {
    packaged.set(name, await packageService(STAGE, params));
  });
  await Promise.all(runs);
}, 180_000);

afterAll(() => {
  for (const run of packaged.values()) run.remove();
});

describe.each(Object.keys(PARAM_SETS))('with %s', (setName) => {
  const params = PARAM_SETS[setName] ?? {};
  let local: LocalWiring;
  let localBuses: string[];
  let localView: ComparableWiring;
  let deployed: ComparableWiring;

  beforeAll(async () => {
    const template = packaged.get(setName)?.template;
    if (template === undefined) throw new Error(`${setName} was not packaged`);
    const config = await loadServerlessConfigWithScripts('serverless.yml', STAGE, {
      region: REGION,
      accountId: ACCOUNT_ID,
      params,
    });
    local = localWiring(config, RESOURCES);
    localBuses = localEventBuses(config);
    localView = comparableLocalWiring(local);
    deployed = templateWiring(template, RESOURCES);
  });

  it('stands up the same event buses', () => {
    // Prepare
    const template = packaged.get(setName)?.template;
    if (template === undefined) throw new Error(`${setName} was not packaged`);

    // Act
    const deployedBuses = resourcesOfType(template, 'AWS::Events::EventBus').map(
      ([, bus]) => propertiesOf(bus).Name,
    );

    // Assess
    expect(localBuses).toEqual(deployedBuses);
  });

  it('has the same event rules: names, buses, patterns, targets, retry policies and dead-letter queues', () => {
    // Assess
    expect(localView.rules).toEqual(deployed.rules);
    expect(deployed.rules.length).toBeGreaterThan(0);
  });

  it('has the same forward rules, reported and not run: the local system stands up no central bus', () => {
    // Assess
    expect(localView.forwards).toEqual(deployed.forwards);
    expect(local.forwards).toEqual(
      params.forwardToBusArn === undefined
        ? []
        : [
            {
              name: `l4e-autopilot-${STAGE}-forward`,
              eventBus: `l4e-autopilot-${STAGE}`,
              pattern: { source: ['l4e.autopilot'] },
              target: params.forwardToBusArn,
            },
          ],
    );
    expect(local.rules.map((rule) => rule.name)).not.toContain(`l4e-autopilot-${STAGE}-forward`);
  });

  it('has the same schedules, with their targets, retry policies and dead-letter queues', () => {
    // Assess
    expect(localView.schedules).toEqual(deployed.schedules);
    expect(deployed.schedules.length).toBeGreaterThan(0);
  });

  it('gives every function the same handler, environment and asynchronous retries', () => {
    // Assess
    expect(localView.functions).toEqual(deployed.functions);
    expect(Object.keys(deployed.functions)).toHaveLength(6);
  });

  it('watches the same providers, and points every service a deployed role calls at a stand-in, and no other', () => {
    // Prepare
    const template = packaged.get(setName)?.template;
    if (template === undefined) throw new Error(`${setName} was not packaged`);
    const called = new Set(
      policyStatements(template)
        .filter((s) => s.kind === 'identity' && s.effect === 'Allow')
        .flatMap((s) => s.actions.map((action) => action.split(':')[0]?.toLowerCase() ?? action)),
    );

    // Act
    const expected = [...called]
      .filter((service) => !ON_BEHALF.includes(service))
      .map((service) => ENDPOINT_VARIABLES[service] ?? `no endpoint variable for ${service}`)
      .sort();
    const deployedProviders = new Set(
      Object.values(deployed.functions).map((fn) => fn.environment.PROVIDERS),
    );

    // Assess
    expect([...local.endpointVariables].sort()).toEqual(expected);
    expect([...deployedProviders]).toEqual([local.providers.join(',')]);
    expect(local.providers).toEqual(
      params.providers === undefined
        ? ['lookout-equipment']
        : ['lookout-equipment', 'iot-sitewise'].filter((p) => params.providers?.includes(p)),
    );
  });

  it('creates the same state table', () => {
    // Assess
    expect(localView.table).toEqual(deployed.table);
  });

  it('subscribes the same endpoints to the topics, with the same filter policies', () => {
    // Assess
    expect(localView.subscriptions).toEqual(deployed.subscriptions);
    // The alert e-mail subscription exists only when alertEmail is set.
    expect(deployed.subscriptions).toHaveLength(params.alertEmail ? 1 : 0);
  });

  it('writes its SSM parameters under the names the deployed roles may read, and no role reads another', () => {
    // Prepare
    const template = packaged.get(setName)?.template;
    if (template === undefined) throw new Error(`${setName} was not packaged`);
    const grants = policyStatements(template).filter(
      (s) => s.effect === 'Allow' && s.actions.includes('ssm:GetParameter'),
    );
    const arn = (name: string) =>
      `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${name}`;
    const readers = (name: string | undefined) =>
      name === undefined
        ? []
        : [
            ...new Set(
              grants.filter((s) => s.resources.some((r) => resourceCovers(r, arn(name)))).map((s) => s.role),
            ),
          ].sort();
    const { parameters } = local;
    const written = [
      parameters.defaultPolicy,
      parameters.modelPolicy('pump-a-improving'),
      parameters.notifications,
      parameters.targets,
      parameters.slackWebhook,
      parameters.teamsWebhook,
    ];

    // Act
    const byParameter = {
      defaultPolicy: readers(parameters.defaultPolicy),
      modelPolicy: readers(parameters.modelPolicy('pump-a-improving')),
      notifications: readers(parameters.notifications),
      targets: readers(parameters.targets),
      slackWebhook: readers(parameters.slackWebhook),
      teamsWebhook: readers(parameters.teamsWebhook),
    };
    const unwritten = grants.flatMap((s) =>
      s.resources.filter((r) => !written.some((name) => name !== undefined && resourceCovers(r, arn(name)))),
    );

    // Assess
    expect(byParameter).toEqual({
      defaultPolicy: ['ApplyPolicyRole', 'ReportWidgetRole'],
      modelPolicy: ['ApplyPolicyRole', 'ReportWidgetRole'],
      notifications: ['NotifyRole'],
      // The dispatcher alone resolves the fleet; the others read the registry it keeps.
      targets: ['DispatchTargetsRole'],
      slackWebhook: ['NotifyRole'],
      teamsWebhook: ['NotifyRole'],
    });
    expect(unwritten).toEqual([]);
  });
});
