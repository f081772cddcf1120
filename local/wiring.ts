// The local system's wiring, as data: the rules, schedules, function environments, table, topic
// subscriptions and parameter names that serverless.yml deploys, with every CloudFormation reference
// mapped to the resource the local system stands up in its place. The local system is built from this
// and nothing else, and test/integration/local/wiring.test.ts holds it equal to the template
// `osls package` produces.
import { policyParameterNames } from '../lib/policies.js';
import type { RetryPolicy } from './aws/event-bus-delivery.js';
import type { EventPattern } from './aws/event-pattern.js';
import type { DynamoTableDefinition, ServerlessConfig, SqsEventSourceConfig } from './aws/index.js';
import { isPlainObject } from './aws/json.js';

export interface WiredTarget {
  id: string;
  /** The serverless.yml function the target invokes. */
  functionName: string;
  retryPolicy?: RetryPolicy;
  /** Logical id of the queue that receives what the target could not take, e.g. `ApplyPolicyDlq`. */
  deadLetterQueue?: string;
}

export interface WiredRule {
  name: string;
  eventBus: string;
  pattern: EventPattern;
  enabled: boolean;
  targets: WiredTarget[];
}

export interface WiredSchedule {
  name: string | undefined;
  expression: string;
  enabled: boolean;
  targets: WiredTarget[];
}

export interface WiredFunction {
  /** As written in serverless.yml, e.g. `functions/notify.handler`. */
  handler: string;
  /** provider.environment and the function's own, every value resolved to a string. */
  environment: Record<string, string>;
  /** What Lambda does when the handler fails an asynchronous invocation; undefined: Lambda's defaults. */
  asyncInvoke?: {
    maximumRetryAttempts?: number;
    maximumEventAgeInSeconds?: number;
    /** Logical id of the on-failure destination queue. */
    onFailure?: string;
  };
}

export interface WiredSubscription {
  /** The local topic's ARN. */
  topic: string;
  protocol: string;
  endpoint: string;
  filterPolicy?: unknown;
  filterPolicyScope?: string;
}

/** A rule that forwards events to a bus outside the stack (spoke mode, the forwardToBusArn parameter). */
export interface WiredForward {
  name: string;
  eventBus: string;
  pattern: EventPattern;
  /** The central bus's ARN. */
  target: string;
}

export interface LocalWiring {
  rules: WiredRule[];
  /**
   * Rules that forward to a bus outside the stack. The local system stands up no such bus and runs none
   * of them: they are listed here, not wired, and events stay on the local bus.
   */
  forwards: WiredForward[];
  schedules: WiredSchedule[];
  /** The SQS event source mappings that are enabled: which function polls which queue (by logical id). */
  eventSources: SqsEventSourceConfig[];
  functions: Record<string, WiredFunction>;
  table: DynamoTableDefinition;
  subscriptions: WiredSubscription[];
  /** The model services the functions watch: their PROVIDERS variable, the same for every function. */
  providers: string[];
  /**
   * The `AWS_ENDPOINT_URL_<SERVICE>` variables that point the functions' clients at stand-ins: one for
   * every service their code calls with those providers, and no other.
   */
  endpointVariables: string[];
  /** The SSM parameters the local system writes, named as the functions read them. */
  parameters: {
    defaultPolicy: string;
    /** The parameter of one model's own policy. */
    modelPolicy(modelName: string): string;
    notifications: string;
    /** The fleet's targets (absent: the home account and region only). */
    targets: string;
    slackWebhook: string | undefined;
    teamsWebhook: string | undefined;
  };
}

/**
 * What the local system stood up for the resources CloudFormation would name: logical id → name or ARN,
 * and the values of the pseudo parameters the functions read (`AWS::AccountId`).
 */
export type LocalResources = Readonly<Record<string, string>>;

export class WiringError extends Error {
  override readonly name = 'WiringError';
}

/** The endpoint variable of each service the functions' code calls, by its IAM service prefix. */
export const ENDPOINT_VARIABLES: Readonly<Record<string, string>> = {
  dynamodb: 'AWS_ENDPOINT_URL_DYNAMODB',
  events: 'AWS_ENDPOINT_URL_EVENTBRIDGE',
  ssm: 'AWS_ENDPOINT_URL_SSM',
  sns: 'AWS_ENDPOINT_URL_SNS',
  lookoutequipment: 'AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT',
  iotsitewise: 'AWS_ENDPOINT_URL_IOTSITEWISE',
  s3: 'AWS_ENDPOINT_URL_S3',
  sqs: 'AWS_ENDPOINT_URL_SQS',
  sts: 'AWS_ENDPOINT_URL_STS',
};
/** State, events, parameters and alerts, and the fleet's roles: every stage uses them. */
const SHARED_SERVICES = ['dynamodb', 'events', 'ssm', 'sns', 'sts'];
/** What each provider reads: SiteWise's model metrics are S3 objects. */
const PROVIDER_SERVICES: Readonly<Record<string, readonly string[]>> = {
  'lookout-equipment': ['lookoutequipment'],
  'iot-sitewise': ['iotsitewise', 's3'],
};

/** The names of the event buses serverless.yml declares (what `Ref` to each returns). */
export function localEventBuses(config: ServerlessConfig): string[] {
  return [config.busName({ Ref: 'AutopilotBus' })];
}

export function localWiring(config: ServerlessConfig, resources: LocalResources): LocalWiring {
  const functions = Object.fromEntries(
    config.functionNames().map((name) => [name, wiredFunction(config, name, resources)]),
  );
  const table = config.dynamoTables()[0];
  if (table === undefined) throw new WiringError('serverless.yml declares no DynamoDB table');
  return {
    rules: wiredRules(config),
    forwards: config.busForwards().map((forward) => ({
      name: forward.ruleName,
      eventBus: config.busName(forward.eventBus),
      pattern: forward.pattern,
      target: forward.targetArn,
    })),
    schedules: config.schedules().flatMap((schedule) =>
      schedule.expressions.map((expression) => ({
        name: schedule.ruleName,
        expression,
        enabled: schedule.enabled,
        targets: [wiredTarget(schedule)],
      })),
    ),
    eventSources: config.sqsEventSources().filter((source) => source.enabled),
    functions,
    table: { ...table, tableName: resources[table.logicalId] ?? table.tableName },
    subscriptions: config.snsSubscriptions().map((subscription) => {
      const topicId = logicalIdOf(subscription.topicArn);
      const topic = topicId === undefined ? subscription.topicArn : resources[topicId];
      if (typeof topic !== 'string') {
        throw new WiringError(
          `${subscription.logicalId}: no local topic for ${JSON.stringify(subscription.topicArn)}`,
        );
      }
      const { logicalId: _, topicArn: __, ...rest } = subscription;
      return { topic, ...rest };
    }),
    parameters: wiredParameters(config, functions),
    ...wiredProviders(functions),
  };
}

/** The functions' PROVIDERS (serverless.yml, checked at package time) and the endpoints those need. */
function wiredProviders(
  functions: Record<string, WiredFunction>,
): Pick<LocalWiring, 'providers' | 'endpointVariables'> {
  const values = new Set(Object.values(functions).map((fn) => fn.environment.PROVIDERS));
  const [value] = values;
  if (values.size !== 1 || value === undefined) {
    throw new WiringError(`the functions must share one PROVIDERS value, got ${JSON.stringify([...values])}`);
  }
  const providers = value.split(',');
  const unknown = providers.filter((name) => PROVIDER_SERVICES[name] === undefined);
  if (unknown.length > 0)
    throw new WiringError(`PROVIDERS names no provider known here: ${unknown.join(', ')}`);
  const services = [...SHARED_SERVICES, ...providers.flatMap((name) => PROVIDER_SERVICES[name] ?? [])];
  return {
    providers,
    endpointVariables: services.map((service) => ENDPOINT_VARIABLES[service] ?? service),
  };
}

function wiredRules(config: ServerlessConfig): WiredRule[] {
  const rules = new Map<string, WiredRule>();
  for (const rule of config.eventBridgeRules()) {
    const name = rule.ruleName ?? rule.functionName;
    const wired = rules.get(name) ?? {
      name,
      eventBus: config.busName(rule.eventBus),
      pattern: rule.pattern,
      enabled: rule.enabled,
      targets: [],
    };
    wired.targets.push(wiredTarget(rule));
    rules.set(name, wired);
  }
  return [...rules.values()];
}

function wiredTarget(declared: {
  functionName: string;
  targetId: string;
  retryPolicy?: RetryPolicy;
  deadLetterQueueArn?: unknown;
}): WiredTarget {
  const target: WiredTarget = { id: declared.targetId, functionName: declared.functionName };
  if (declared.retryPolicy !== undefined) target.retryPolicy = declared.retryPolicy;
  const queue = logicalIdOf(declared.deadLetterQueueArn);
  if (queue !== undefined) target.deadLetterQueue = queue;
  return target;
}

function wiredFunction(config: ServerlessConfig, name: string, resources: LocalResources): WiredFunction {
  const declared = config.resolve(config.functionHandler(name));
  const environment = Object.fromEntries(
    Object.entries(config.functionEnvironment(name)).map(([key, value]) => [
      key,
      environmentValue(config, value, resources, `${name}.environment.${key}`),
    ]),
  );
  const wired: WiredFunction = { handler: String(declared), environment };
  const asyncInvoke = config.functionAsyncInvoke(name);
  if (asyncInvoke !== undefined) {
    const { onFailure, ...limits } = asyncInvoke;
    const queue = logicalIdOf(onFailure);
    if (onFailure !== undefined && queue === undefined) {
      throw new WiringError(`${name}: cannot tell which local queue ${JSON.stringify(onFailure)} designates`);
    }
    wired.asyncInvoke = { ...limits, ...(queue === undefined ? {} : { onFailure: queue }) };
  }
  return wired;
}

/** A value as the function would see it: variables resolved, and references to local resources. */
function environmentValue(
  config: ServerlessConfig,
  value: unknown,
  resources: LocalResources,
  where: string,
): string {
  const resolved = config.resolve(value);
  if (typeof resolved === 'string' || typeof resolved === 'number' || typeof resolved === 'boolean') {
    return String(resolved);
  }
  const ref = isPlainObject(resolved) && typeof resolved.Ref === 'string' ? resolved.Ref : undefined;
  if (ref !== undefined && isEventBus(config, ref)) return config.busName({ Ref: ref });
  const local = ref === undefined ? undefined : resources[ref];
  if (local !== undefined) return local;
  throw new WiringError(`${where}: cannot resolve ${JSON.stringify(value)} locally`);
}

function isEventBus(config: ServerlessConfig, logicalId: string): boolean {
  const resource = config.resource(logicalId);
  return isPlainObject(resource) && resource.Type === 'AWS::Events::EventBus';
}

function logicalIdOf(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

function wiredParameters(
  config: ServerlessConfig,
  functions: Record<string, WiredFunction>,
): LocalWiring['parameters'] {
  const environment = (key: string) =>
    Object.values(functions)
      .map((fn) => fn.environment[key])
      .find((value) => value !== undefined);
  const prefix = environment('PARAMETER_PREFIX') ?? `/l4e-autopilot/${config.stage}`;
  return {
    defaultPolicy: policyParameterNames(prefix, '').fallback,
    modelPolicy: (modelName) => policyParameterNames(prefix, modelName).model,
    notifications: `${prefix}/notifications`,
    targets: `${prefix}/targets`,
    slackWebhook: environment('SLACK_WEBHOOK_PARAMETER'),
    teamsWebhook: environment('TEAMS_WEBHOOK_PARAMETER'),
  };
}
