// The whole of l4e-autopilot on loopback: the L4E emulator (and, for a scenario with SiteWise models, the
// SiteWise emulator and its S3 stand-in on the same simulated clock), an in-memory DynamoDB, local
// EventBridge, SSM and SNS, and a Slack webhook sink. The real Lambda handlers run in this process, configured only
// through environment variables (the SDK's standard endpoint variables and the functions' own), with
// the rules, schedule, table and environment read from serverless.yml.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { type AutopilotSettings, parseAutopilotSettings } from './autopilot-settings.js';
import {
  createTables,
  type DeliveredEnvelope,
  type LocalDynamo,
  type LocalEventBus,
  type LocalSns,
  type LocalSsm,
  type LocalTarget,
  loadServerlessConfigWithScripts,
  type ServerlessConfig,
  startLocalDynamo,
  startLocalEventBus,
  startLocalSns,
  startLocalSsm,
} from './aws/index.js';
import { type Emulator, loadScenarioFile, type Scenario, startEmulator } from './emulator/index.js';
import { parseScenario } from './emulator/scenario.js';
import { eventSourceDrainer, type FleetServices, startFleetServices } from './fleet/services.js';
import { targetsParameter } from './fleet/targets.js';
import { installSimulatedClock } from './sim-clock.js';
import { type SiteWiseEmulator, startSiteWiseEmulator } from './sitewise/index.js';
import { startWebhookSink, validateTeamsPayload, type WebhookSink } from './webhook-sink.js';
import {
  type LocalWiring,
  localEventBuses,
  localWiring,
  type WiredFunction,
  type WiredTarget,
} from './wiring.js';

export const LOCAL_STAGE = 'local';
const ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** Lambda's own settings for a function without an EventInvokeConfig: 2 retries within 6 hours. */
const LAMBDA_ASYNC_DEFAULTS = { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 21_600 };

export interface LocalSystemOptions {
  scenario: string | Scenario;
  seed?: number;
  emulatorPort?: number;
  serverlessPath?: string;
  /** Powertools log level for the handlers (their JSON logs go to stderr-like output). */
  logLevel?: string;
}

export interface HandlerFailure {
  functionName: string;
  /** Logical id of the queue the deployed function's failures go to, when it has one. */
  deadLetterQueue?: string;
  eventId: string;
  error: string;
}

/** The provider names PROVIDERS takes. */
export const L4E_PROVIDER = 'lookout-equipment';
export const SITEWISE_PROVIDER = 'iot-sitewise';

/** A model of the scenario as the autopilot names it, and as the scenario does. */
export interface ScenarioModel {
  /** The autopilot's model name (for SiteWise `<computationModelId>` or `<computationModelId>/<assetId>`). */
  name: string;
  /** The scenario's name for it (for SiteWise `<computation model>` or `<computation model>/<asset>`). */
  label: string;
  provider: string;
  /** In the events' vocabulary: MANAGED, MANUAL, or – without a retraining scheduler. */
  promoteMode: string;
}

export interface LocalSystem {
  emulator: Emulator;
  /** Every model of the scenario, L4E's first. */
  models: ScenarioModel[];
  /** The SiteWise emulator, when the scenario has a `sitewise` section. */
  sitewise: SiteWiseEmulator | undefined;
  /** The providers the functions watch (PROVIDERS). */
  providers: string[];
  /** The simulated instant both emulators stand at (epoch ms). */
  now(): number;
  /** Moves the shared simulated clock: both emulators run everything due, each at its own instant. */
  advance(by: string | number): void;
  bus: LocalEventBus;
  ssm: LocalSsm;
  sns: LocalSns;
  sink: WebhookSink;
  /** A Teams Workflows webhook stand-in. */
  teams: WebhookSink;
  /** The Amazon Q Developer custom-notification topic. */
  chatTopicArn: string;
  dynamo: LocalDynamo;
  /** The STS and SQS stand-ins, the scenario's targets and their roles. */
  fleet: FleetServices;
  config: ServerlessConfig;
  wiring: LocalWiring;
  scenario: Scenario;
  env: Record<string, string>;
  parameterPrefix: string;
  /**
   * Runs every scheduled function once (poll-models, and the dispatcher of a fleet), drains the SQS
   * event sources they fed (the per-target poller), then waits for every rule delivery it all caused.
   */
  poll(): Promise<unknown>;
  deadLetters(): HandlerFailure[];
  close(): Promise<void>;
}

function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The handlers share this process, and so one environment: each variable must mean the same for every
 * function that has it.
 */
function sharedEnvironment(wiring: LocalWiring): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, fn] of Object.entries(wiring.functions)) {
    for (const [key, value] of Object.entries(fn.environment)) {
      if (key === 'NODE_OPTIONS') continue;
      if (env[key] !== undefined && env[key] !== value) {
        throw new Error(`${name} sets ${key} to a value another function does not share; one process cannot`);
      }
      env[key] = value;
    }
  }
  return env;
}

/**
 * A rule target that runs the handler here. EventBridge hands the event to Lambda's asynchronous queue
 * and is done (its own retry policy covers only an invoke Lambda refuses, which never happens here); a
 * handler that fails is retried as the function's asynchronous settings say, then sent to its on-failure
 * queue: here, `failures`.
 */
function localTarget(
  target: WiredTarget,
  fn: WiredFunction,
  handler: Handler,
  failures: HandlerFailure[],
): LocalTarget {
  const deadLetterQueue = fn.asyncInvoke?.onFailure;
  return {
    id: target.id,
    retryPolicy: {
      maximumRetryAttempts:
        fn.asyncInvoke?.maximumRetryAttempts ?? LAMBDA_ASYNC_DEFAULTS.maximumRetryAttempts,
      maximumEventAgeInSeconds:
        fn.asyncInvoke?.maximumEventAgeInSeconds ?? LAMBDA_ASYNC_DEFAULTS.maximumEventAgeInSeconds,
    },
    invoke: async (event: DeliveredEnvelope) => {
      await handler(event, lambdaContext(`l4e-autopilot-${LOCAL_STAGE}-${target.functionName}`));
    },
    onDeadLetter: (event, error) => {
      failures.push({
        functionName: target.functionName,
        ...(deadLetterQueue === undefined ? {} : { deadLetterQueue }),
        eventId: String((event.detail as { eventId?: string }).eventId ?? event.id),
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    },
  };
}

function handlerModulePath(handler: string): { modulePath: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  return { modulePath: `../${handler.slice(0, dot)}.js`, exportName: handler.slice(dot + 1) };
}

/** The scenario's policies and routing, and the webhook sinks' URLs, under the names the functions read. */
function writeParameters(
  ssm: LocalSsm,
  parameters: LocalWiring['parameters'],
  autopilot: AutopilotSettings,
  webhooks: { slack: string; teams: string },
): void {
  if (autopilot.policies.default !== undefined) {
    ssm.put(parameters.defaultPolicy, JSON.stringify(autopilot.policies.default));
  }
  for (const [model, policy] of Object.entries(autopilot.policies.models)) {
    ssm.put(parameters.modelPolicy(model), JSON.stringify(policy));
  }
  if (autopilot.notifications !== undefined) {
    ssm.put(parameters.notifications, JSON.stringify(autopilot.notifications));
  }
  if (parameters.slackWebhook) ssm.put(parameters.slackWebhook, webhooks.slack, 'SecureString');
  if (parameters.teamsWebhook) ssm.put(parameters.teamsWebhook, webhooks.teams, 'SecureString');
}

async function loadHandlers(wiring: LocalWiring): Promise<Map<string, Handler>> {
  const handlers = new Map<string, Handler>();
  for (const [name, fn] of Object.entries(wiring.functions)) {
    const { modulePath, exportName } = handlerModulePath(fn.handler);
    const module = (await import(modulePath)) as Record<string, Handler>;
    const handler = module[exportName];
    if (typeof handler !== 'function') throw new Error(`${fn.handler} does not export a handler`);
    handlers.set(name, handler);
  }
  return handlers;
}

function addRules(
  bus: LocalEventBus,
  wiring: LocalWiring,
  handlers: Map<string, Handler>,
  failures: HandlerFailure[],
): void {
  for (const rule of wiring.rules) {
    if (!rule.enabled) continue;
    bus.addRule({
      name: rule.name,
      eventBusName: rule.eventBus,
      pattern: rule.pattern,
      targets: rule.targets.flatMap((target) => {
        const handler = handlers.get(target.functionName);
        const fn = wiring.functions[target.functionName];
        return handler === undefined || fn === undefined ? [] : [localTarget(target, fn, handler, failures)];
      }),
    });
  }
}

/** The stand-in services a local system runs on, each on a loopback port of its own. */
type Services = Pick<
  LocalSystem,
  'emulator' | 'sitewise' | 'bus' | 'ssm' | 'sns' | 'sink' | 'teams' | 'dynamo' | 'fleet'
>;

async function startServices(
  config: ServerlessConfig,
  scenario: Scenario,
  options: LocalSystemOptions,
): Promise<Services> {
  // STS and SQS run on the emulator's clock, which exists only once the emulator has started.
  let clock: (() => number) | undefined;
  const parsed = parseScenario(scenario);
  const fleet = await startFleetServices({
    scenario: parsed,
    config,
    now: () => clock?.() ?? Date.parse(parsed.startTime),
  });
  const emulator = await startEmulator({
    port: options.emulatorPort ?? 0,
    scenario,
    seed: options.seed,
    ...(parsed.targets.length === 0 ? {} : { accounts: fleet.accounts }),
  });
  clock = () => emulator.now();
  // The SiteWise emulator starts at the scenario's startTime too, and from then on follows the L4E clock.
  const sitewise =
    scenario.sitewise === undefined
      ? undefined
      : await startSiteWiseEmulator({
          scenario,
          ...(options.seed === undefined ? {} : { seed: options.seed }),
        });
  const dynamo = await startLocalDynamo();
  const bus = await startLocalEventBus({
    buses: localEventBuses(config),
    accountId: ACCOUNT_ID,
    region: REGION,
  });
  const ssm = await startLocalSsm({ accountId: ACCOUNT_ID, region: REGION });
  const sns = await startLocalSns({ accountId: ACCOUNT_ID, region: REGION });
  const sink = await startWebhookSink();
  const teams = await startWebhookSink({
    path: '/workflows/local/triggers/manual/paths/invoke',
    validate: validateTeamsPayload,
  });
  return { emulator, sitewise, bus, ssm, sns, sink, teams, dynamo, fleet };
}

async function createStateTable(dynamo: LocalDynamo, wiring: LocalWiring): Promise<void> {
  const dynamoClient = new DynamoDBClient({
    endpoint: dynamo.url,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(dynamoClient, [wiring.table]);
  dynamoClient.destroy();
}

/** The providers a scenario's models need: L4E unless it has only SiteWise models, SiteWise when it has any. */
export function scenarioProviders(scenario: Scenario): string[] {
  const sitewise = scenario.sitewise !== undefined;
  const l4e = (scenario.models ?? []).length > 0 || !sitewise;
  return [...(l4e ? [L4E_PROVIDER] : []), ...(sitewise ? [SITEWISE_PROVIDER] : [])];
}

/** The scenario's models under the names the autopilot gives them. */
export function scenarioModels(scenario: Scenario, sitewise: SiteWiseEmulator | undefined): ScenarioModel[] {
  const l4e = (scenario.models ?? []).map((m) => ({
    name: m.name,
    label: m.name,
    provider: L4E_PROVIDER,
    promoteMode: m.retrainingScheduler === undefined ? '–' : (m.retrainingScheduler.promoteMode ?? 'MANAGED'),
  }));
  const section = scenario.sitewise;
  if (section === undefined || sitewise === undefined) return l4e;
  const ids = sitewise.resources();
  const sitewiseModels = (section.computationModels ?? []).flatMap((m) => {
    const id = ids.computationModels[m.name] ?? m.name;
    const promotion = m.retrainingScheduler?.promotion ?? 'SERVICE_MANAGED';
    const promoteMode =
      m.retrainingScheduler === undefined ? '–' : promotion === 'SERVICE_MANAGED' ? 'MANAGED' : 'MANUAL';
    const assets =
      m.assetModel === undefined
        ? [null]
        : (section.assets ?? []).filter((a) => a.assetModel === m.assetModel).map((a) => a.name);
    return assets.map((asset) => ({
      name: asset === null ? id : `${id}/${ids.assets[asset] ?? asset}`,
      label: asset === null ? m.name : `${m.name}/${asset}`,
      provider: SITEWISE_PROVIDER,
      promoteMode,
    }));
  });
  return [...l4e, ...sitewiseModels];
}

/**
 * The stage parameters a scenario with SiteWise models deploys with, as `osls package --param` would give
 * them: the providers its models need and the bucket its runs write metrics to. None for an L4E scenario.
 */
export function providerParams(scenario: Scenario): Record<string, string> {
  const section = scenario.sitewise;
  if (section === undefined) return {};
  // Each computation model's runs write under `<computation model>/` of the scenario's bucket.
  const bucket = section.metricsBucket ?? 'l4e-autopilot-sitewise-metrics';
  const prefixes = (section.computationModels ?? []).map((model) => `${bucket}/${model.name}/`);
  return {
    providers: scenarioProviders(scenario).join(','),
    sitewiseMetricsBuckets: (prefixes.length > 0 ? prefixes : [`${bucket}/`]).join(','),
  };
}

/** The SiteWise and S3 endpoints, when the SiteWise emulator runs. */
function siteWiseEnvironment(sitewise: SiteWiseEmulator | undefined): Record<string, string> {
  if (sitewise === undefined) return {};
  return { AWS_ENDPOINT_URL_IOTSITEWISE: sitewise.url, AWS_ENDPOINT_URL_S3: sitewise.s3.url };
}

/** The handlers' environment: every client pointed at its stand-in, plus what serverless.yml sets. */
function localEnvironment(services: Services, wiring: LocalWiring, logLevel: string | undefined) {
  const env: Record<string, string> = {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT: services.emulator.url,
    AWS_ENDPOINT_URL_DYNAMODB: services.dynamo.url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: services.bus.url,
    AWS_ENDPOINT_URL_SSM: services.ssm.url,
    AWS_ENDPOINT_URL_SNS: services.sns.url,
    ...services.fleet.env,
    ...siteWiseEnvironment(services.sitewise),
    POWERTOOLS_LOG_LEVEL: logLevel ?? 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // The sink takes any rate, and spacing posts a real second apart would stretch a simulated year
    // of alerts over minutes; the spacing itself is proven against the sender.
    SLACK_MIN_INTERVAL_MS: '0',
  };
  Object.assign(env, sharedEnvironment(wiring));
  return env;
}

async function closeServices(services: Services): Promise<void> {
  await Promise.allSettled([
    services.emulator.close(),
    services.sitewise?.close(),
    services.bus.close(),
    services.ssm.close(),
    services.sns.close(),
    services.sink.close(),
    services.teams.close(),
    services.dynamo.close(),
    services.fleet.close(),
  ]);
}

/**
 * Every enabled schedule's function, run once as EventBridge Scheduler would (in serverless.yml's order),
 * then the SQS event sources they fed, then every rule delivery all of it caused. Answers the first
 * schedule's report (poll-models').
 */
function scheduledPoll(wiring: LocalWiring, handlers: Map<string, Handler>, services: Services) {
  const invoke = (functionName: string) => {
    const handler = handlers.get(functionName);
    if (handler === undefined) throw new Error(`serverless.yml has no function ${functionName}`);
    return (event: unknown) => handler(event, lambdaContext(`l4e-autopilot-${LOCAL_STAGE}-${functionName}`));
  };
  const scheduled = wiring.schedules
    .filter((schedule) => schedule.enabled)
    .flatMap((schedule) => schedule.targets.map((target) => invoke(target.functionName)));
  if (scheduled.length === 0) throw new Error('serverless.yml schedules no polling function');
  const drainQueues = eventSourceDrainer({
    services: services.fleet,
    sources: wiring.eventSources,
    handlerOf: (functionName) => (handlers.has(functionName) ? invoke(functionName) : undefined),
    region: REGION,
  });
  return async (): Promise<unknown> => {
    const reports: unknown[] = [];
    for (const run of scheduled) {
      reports.push(await run({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }));
    }
    await drainQueues();
    await services.bus.drain();
    return reports[0];
  };
}

export async function startLocalSystem(options: LocalSystemOptions): Promise<LocalSystem> {
  const scenario =
    typeof options.scenario === 'string' ? loadScenarioFile(options.scenario) : options.scenario;
  // Checked before anything starts: a typo in the policies must stop the run, not skip every decision.
  const autopilot = parseAutopilotSettings(
    scenario.autopilot,
    typeof options.scenario === 'string' ? `scenario ${options.scenario}` : 'scenario',
  );
  const config = await loadServerlessConfigWithScripts(
    options.serverlessPath ?? 'serverless.yml',
    LOCAL_STAGE,
    { region: REGION, accountId: ACCOUNT_ID, params: providerParams(scenario) },
  );

  const services = await startServices(config, scenario, options);
  const { emulator, bus, ssm, sns, sink, teams } = services;

  const topicArn = sns.createTopic(`l4e-autopilot-${LOCAL_STAGE}-alerts`);
  const chatTopicArn = sns.createTopic(`l4e-autopilot-${LOCAL_STAGE}-chat`);
  const wiring = localWiring(config, {
    StateTable: `l4e-autopilot-${LOCAL_STAGE}-state`,
    NotificationTopic: topicArn,
    ChatTopic: chatTopicArn,
    ...services.fleet.queueUrls,
    'AWS::AccountId': ACCOUNT_ID,
  });
  await createStateTable(services.dynamo, wiring);
  for (const { topic, ...subscription } of wiring.subscriptions)
    sns.subscribe({ topicArn: topic, ...subscription });

  const env = localEnvironment(services, wiring, options.logLevel);
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  Object.assign(process.env, env);

  const parameterPrefix = env.PARAMETER_PREFIX ?? `/l4e-autopilot/${LOCAL_STAGE}`;
  writeParameters(ssm, wiring.parameters, autopilot, {
    slack: sink.url,
    teams: `${teams.url}?api-version=1&sig=local`,
  });
  if (services.fleet.targets.length > 1) {
    ssm.put(`${parameterPrefix}/targets`, targetsParameter(services.fleet.targets));
  }

  // From here on the handlers see simulated time.
  const restoreClock = installSimulatedClock(() => emulator.now());

  const handlers = await loadHandlers(wiring);

  const failures: HandlerFailure[] = [];
  addRules(bus, wiring, handlers, failures);

  const { sitewise } = services;
  return {
    ...services,
    providers: wiring.providers,
    models: scenarioModels(scenario, sitewise),
    now: () => emulator.now(),
    advance: (by) => {
      emulator.advance(by);
      sitewise?.setTime(new Date(emulator.now()).toISOString());
    },
    chatTopicArn,
    config,
    wiring,
    scenario,
    env,
    parameterPrefix,
    poll: scheduledPoll(wiring, handlers, services),
    deadLetters: () => [...failures, ...services.fleet.deadLetters()],
    async close() {
      restoreClock();
      await closeServices(services);
    },
  };
}
