// The whole of l4e-autopilot on loopback: the L4E emulator, an in-memory DynamoDB, local EventBridge,
// SSM and SNS, and a Slack webhook sink. The real Lambda handlers run in this process, configured only
// through environment variables (the SDK's standard endpoint variables and the functions' own), with
// the rules, schedule, table and environment read from serverless.yml.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { parseAutopilotSettings } from './autopilot-settings.js';
import {
  createTables,
  type DeliveredEnvelope,
  type LocalDynamo,
  type LocalEventBus,
  type LocalSns,
  type LocalSsm,
  loadServerlessConfig,
  type ServerlessConfig,
  startLocalDynamo,
  startLocalEventBus,
  startLocalSns,
  startLocalSsm,
  tableName,
} from './aws/index.js';
import { type Emulator, loadScenarioFile, type Scenario, startEmulator } from './emulator/index.js';
import { installSimulatedClock } from './sim-clock.js';
import { startWebhookSink, validateTeamsPayload, type WebhookSink } from './webhook-sink.js';

export const LOCAL_STAGE = 'local';
const ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

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
  eventId: string;
  error: string;
}

export interface LocalSystem {
  emulator: Emulator;
  bus: LocalEventBus;
  ssm: LocalSsm;
  sns: LocalSns;
  sink: WebhookSink;
  /** A Teams Workflows webhook stand-in. */
  teams: WebhookSink;
  /** The Amazon Q Developer custom-notification topic. */
  chatTopicArn: string;
  dynamo: LocalDynamo;
  config: ServerlessConfig;
  scenario: Scenario;
  env: Record<string, string>;
  parameterPrefix: string;
  /** Runs the scheduled poll-models function once, then waits for every rule delivery it caused. */
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

/** Resolves a function environment value: variables, and Refs to the resources that exist locally. */
function resolveEnvValue(value: unknown, refs: Record<string, string>, config: ServerlessConfig): string {
  const resolved = config.resolve(value);
  if (typeof resolved === 'string' || typeof resolved === 'number' || typeof resolved === 'boolean') {
    return String(resolved);
  }
  const ref = (resolved as { Ref?: string } | null)?.Ref;
  if (ref && refs[ref] !== undefined) return refs[ref] as string;
  throw new Error(`cannot resolve environment value ${JSON.stringify(value)} locally`);
}

function handlerModulePath(handler: string): { modulePath: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  return { modulePath: `../${handler.slice(0, dot)}.js`, exportName: handler.slice(dot + 1) };
}

export async function startLocalSystem(options: LocalSystemOptions): Promise<LocalSystem> {
  const scenario =
    typeof options.scenario === 'string' ? loadScenarioFile(options.scenario) : options.scenario;
  // Checked before anything starts: a typo in the policies must stop the run, not skip every decision.
  const autopilot = parseAutopilotSettings(
    scenario.autopilot,
    typeof options.scenario === 'string' ? `scenario ${options.scenario}` : 'scenario',
  );
  const config = loadServerlessConfig(options.serverlessPath ?? 'serverless.yml', LOCAL_STAGE, {
    region: REGION,
    accountId: ACCOUNT_ID,
  });
  const busName = config.busName({ Ref: 'AutopilotBus' });

  const emulator = await startEmulator({ port: options.emulatorPort ?? 0, scenario, seed: options.seed });
  const dynamo = await startLocalDynamo();
  const bus = await startLocalEventBus({ buses: [busName], accountId: ACCOUNT_ID, region: REGION });
  const ssm = await startLocalSsm({ accountId: ACCOUNT_ID, region: REGION });
  const sns = await startLocalSns({ accountId: ACCOUNT_ID, region: REGION });
  const sink = await startWebhookSink();
  const teams = await startWebhookSink({
    path: '/workflows/local/triggers/manual/paths/invoke',
    validate: validateTeamsPayload,
  });

  const table = config.dynamoTables()[0];
  if (!table) throw new Error('serverless.yml declares no DynamoDB table');
  const stateTable = { ...table, tableName: `l4e-autopilot-${LOCAL_STAGE}-state` };
  const dynamoClient = new DynamoDBClient({
    endpoint: dynamo.url,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(dynamoClient, [stateTable]);
  dynamoClient.destroy();
  const topicArn = sns.createTopic(`l4e-autopilot-${LOCAL_STAGE}-alerts`);
  const chatTopicArn = sns.createTopic(`l4e-autopilot-${LOCAL_STAGE}-chat`);

  const refs = {
    AutopilotBus: busName,
    StateTable: tableName(stateTable),
    NotificationTopic: topicArn,
    ChatTopic: chatTopicArn,
  };
  const env: Record<string, string> = {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT: emulator.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ENDPOINT_URL_EVENTBRIDGE: bus.url,
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_ENDPOINT_URL_SNS: sns.url,
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // The sink takes any rate, and spacing posts a real second apart would stretch a simulated year
    // of alerts over minutes; the spacing itself is proven against the sender.
    SLACK_MIN_INTERVAL_MS: '0',
  };
  for (const name of config.functionNames()) {
    for (const [key, value] of Object.entries(config.functionEnvironment(name))) {
      if (key === 'NODE_OPTIONS') continue;
      env[key] = resolveEnvValue(value, refs, config);
    }
  }
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  Object.assign(process.env, env);

  const parameterPrefix = env.PARAMETER_PREFIX ?? `/l4e-autopilot/${LOCAL_STAGE}`;
  if (autopilot.policies.default !== undefined) {
    ssm.put(`${parameterPrefix}/policies/default`, JSON.stringify(autopilot.policies.default));
  }
  for (const [model, policy] of Object.entries(autopilot.policies.models)) {
    ssm.put(`${parameterPrefix}/policies/models/${model}`, JSON.stringify(policy));
  }
  if (autopilot.notifications !== undefined) {
    ssm.put(`${parameterPrefix}/notifications`, JSON.stringify(autopilot.notifications));
  }
  if (env.SLACK_WEBHOOK_PARAMETER) ssm.put(env.SLACK_WEBHOOK_PARAMETER, sink.url, 'SecureString');
  if (env.TEAMS_WEBHOOK_PARAMETER) {
    ssm.put(env.TEAMS_WEBHOOK_PARAMETER, `${teams.url}?api-version=1&sig=local`, 'SecureString');
  }

  // From here on the handlers see simulated time.
  const restoreClock = installSimulatedClock(() => emulator.now());

  const handlers = new Map<string, Handler>();
  for (const name of config.functionNames()) {
    const declared = (config.raw.functions as Record<string, { handler: string }>)[name]?.handler;
    if (!declared) continue;
    const { modulePath, exportName } = handlerModulePath(declared);
    const module = (await import(modulePath)) as Record<string, Handler>;
    const handler = module[exportName];
    if (typeof handler !== 'function') throw new Error(`${declared} does not export a handler`);
    handlers.set(name, handler);
  }

  const failures: HandlerFailure[] = [];
  for (const rule of config.eventBridgeRules()) {
    const handler = handlers.get(rule.functionName);
    if (!handler || !rule.enabled) continue;
    bus.addRule({
      name: rule.ruleName ?? rule.functionName,
      eventBusName: config.busName(rule.eventBus),
      pattern: rule.pattern,
      targets: [
        {
          id: rule.functionName,
          retryPolicy: rule.retryPolicy
            ? {
                ...rule.retryPolicy,
                maximumRetryAttempts: Math.min(rule.retryPolicy.maximumRetryAttempts, 3),
              }
            : undefined,
          invoke: async (event: DeliveredEnvelope) => {
            await handler(event, lambdaContext(`l4e-autopilot-${LOCAL_STAGE}-${rule.functionName}`));
          },
          onDeadLetter: (event, error) => {
            failures.push({
              functionName: rule.functionName,
              eventId: String((event.detail as { eventId?: string }).eventId ?? event.id),
              error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
            });
          },
        },
      ],
    });
  }

  const scheduled = config.schedules()[0];
  const poller = scheduled ? handlers.get(scheduled.functionName) : undefined;
  if (!scheduled || !poller) throw new Error('serverless.yml schedules no polling function');

  return {
    emulator,
    bus,
    ssm,
    sns,
    sink,
    teams,
    chatTopicArn,
    dynamo,
    config,
    scenario,
    env,
    parameterPrefix,
    async poll() {
      const report = await poller(
        { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} },
        lambdaContext(`l4e-autopilot-${LOCAL_STAGE}-${scheduled.functionName}`),
      );
      await bus.drain();
      return report;
    },
    deadLetters: () => [...failures],
    async close() {
      restoreClock();
      await Promise.allSettled([
        emulator.close(),
        bus.close(),
        ssm.close(),
        sns.close(),
        sink.close(),
        teams.close(),
        dynamo.close(),
      ]);
    },
  };
}
