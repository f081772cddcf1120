// The wiring a packaged CloudFormation template deploys, in the shape of the local system's wiring
// (local/wiring.ts), so the two can be compared field by field: references to the resources the local
// system stands up (table, topics) become their local names, a bus reference the bus's name (what `Ref`
// returns), a function or queue reference its logical id.
import { functionLogicalId } from '../../../local/aws/index.js';
import type { LocalResources, LocalWiring, WiredTarget } from '../../../local/wiring.js';
import {
  asList,
  type CfnResource,
  type CfnTemplate,
  isRecord,
  propertiesOf,
  reference,
  resourcesOfType,
} from '../infra/template-model.js';

export interface ComparableTarget {
  id: string;
  /** Logical id of the function, e.g. `NotifyLambdaFunction`. */
  function: string;
  retryPolicy?: { maximumRetryAttempts: number; maximumEventAgeInSeconds: number };
  deadLetterQueue?: string;
}

export interface ComparableWiring {
  rules: Array<{
    name: string;
    eventBus: string;
    pattern: unknown;
    enabled: boolean;
    targets: ComparableTarget[];
  }>;
  /** Rules that send events to a bus given by ARN, outside the stack (spoke mode). */
  forwards: Array<{ name: string; eventBus: string; pattern: unknown; target: string }>;
  schedules: Array<{
    name: string | undefined;
    expression: string;
    enabled: boolean;
    targets: ComparableTarget[];
  }>;
  /** By the function's logical id. */
  functions: Record<
    string,
    {
      handler: string;
      environment: Record<string, string>;
      asyncInvoke?: { maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number; onFailure?: string };
    }
  >;
  table: {
    keySchema: unknown;
    attributeDefinitions: unknown;
    ttlAttribute?: string;
    billingMode?: string;
    globalSecondaryIndexes?: unknown;
  };
  subscriptions: Array<{
    topic: string;
    protocol: string;
    endpoint: string;
    filterPolicy?: unknown;
    filterPolicyScope?: string;
  }>;
}

const byName = <T extends { name: string | undefined }>(a: T, b: T) =>
  String(a.name).localeCompare(String(b.name));

/** The local system's wiring, keyed and sorted as the template's is. */
export function comparableLocalWiring(wiring: LocalWiring): ComparableWiring {
  const target = (t: WiredTarget): ComparableTarget => {
    const { functionName, ...rest } = t;
    return { ...rest, function: functionLogicalId(functionName) };
  };
  return {
    rules: wiring.rules.map((rule) => ({ ...rule, targets: rule.targets.map(target) })).sort(byName),
    forwards: [...wiring.forwards].sort(byName),
    schedules: wiring.schedules
      .map((schedule) => ({ ...schedule, targets: schedule.targets.map(target) }))
      .sort(byName),
    functions: Object.fromEntries(
      Object.entries(wiring.functions).map(([name, fn]) => [functionLogicalId(name), { ...fn }]),
    ),
    table: tableShape(wiring.table as unknown as Record<string, unknown>, 'local'),
    subscriptions: [...wiring.subscriptions].sort((a, b) => a.endpoint.localeCompare(b.endpoint)),
  };
}

/** The template's wiring; `resources` names what the local system stands up for CloudFormation's own names. */
export function templateWiring(template: CfnTemplate, resources: LocalResources): ComparableWiring {
  const rules = resourcesOfType(template, 'AWS::Events::Rule');
  const [table, ...moreTables] = resourcesOfType(template, 'AWS::DynamoDB::Table');
  if (table === undefined || moreTables.length > 0) throw new Error('expected exactly one DynamoDB table');
  return {
    rules: rules
      .filter(([, rule]) => propertiesOf(rule).EventPattern !== undefined && busTargets(rule).length === 0)
      .map(([logicalId, rule]) => {
        const p = propertiesOf(rule);
        return {
          name: typeof p.Name === 'string' ? p.Name : logicalId,
          eventBus: busName(template, p.EventBusName),
          pattern: p.EventPattern,
          enabled: p.State !== 'DISABLED',
          targets: targetsOf(p.Targets),
        };
      })
      .sort(byName),
    forwards: rules
      .filter(([, rule]) => propertiesOf(rule).EventPattern !== undefined)
      .flatMap(([logicalId, rule]) => {
        const p = propertiesOf(rule);
        const name = typeof p.Name === 'string' ? p.Name : logicalId;
        const eventBus = busName(template, p.EventBusName);
        return busTargets(rule).map((target) => ({ name, eventBus, pattern: p.EventPattern, target }));
      })
      .sort(byName),
    schedules: rules
      .filter(([, rule]) => typeof propertiesOf(rule).ScheduleExpression === 'string')
      .map(([logicalId, rule]) => {
        const p = propertiesOf(rule);
        return {
          name: typeof p.Name === 'string' ? p.Name : logicalId,
          expression: String(p.ScheduleExpression),
          enabled: p.State === undefined || p.State === 'ENABLED',
          targets: targetsOf(p.Targets),
        };
      })
      .sort(byName),
    functions: Object.fromEntries(
      resourcesOfType(template, 'AWS::Lambda::Function').map(([logicalId, fn]) => [
        logicalId,
        functionShape(template, logicalId, fn, resources),
      ]),
    ),
    table: tableShape(propertiesOf(table[1]), table[0]),
    subscriptions: resourcesOfType(template, 'AWS::SNS::Subscription')
      .filter(([, subscription]) => conditionHolds(template, subscription.Condition))
      .map(([logicalId, subscription]) => subscriptionShape(logicalId, subscription, resources))
      .sort((a, b) => a.endpoint.localeCompare(b.endpoint)),
  };
}

/** The ARNs of the event buses a rule targets by ARN rather than by reference. */
function busTargets(rule: CfnResource): string[] {
  return asList(propertiesOf(rule).Targets)
    .filter(isRecord)
    .flatMap((t) => (typeof t.Arn === 'string' && t.Arn.includes(':event-bus/') ? [t.Arn] : []));
}

function targetsOf(value: unknown): ComparableTarget[] {
  return asList(value)
    .filter(isRecord)
    .map((t) => {
      const target: ComparableTarget = { id: String(t.Id), function: reference(t.Arn)?.logicalId ?? '?' };
      if (isRecord(t.RetryPolicy)) {
        target.retryPolicy = {
          maximumRetryAttempts: Number(t.RetryPolicy.MaximumRetryAttempts),
          maximumEventAgeInSeconds: Number(t.RetryPolicy.MaximumEventAgeInSeconds),
        };
      }
      const queue = isRecord(t.DeadLetterConfig) ? reference(t.DeadLetterConfig.Arn)?.logicalId : undefined;
      if (queue !== undefined) target.deadLetterQueue = queue;
      return target;
    });
}

/** What `Ref` to a bus returns (its name); no bus is the default bus. */
function busName(template: CfnTemplate, value: unknown): string {
  if (value === undefined) return 'default';
  if (typeof value === 'string') return value;
  const logicalId = reference(value)?.logicalId;
  const name = propertiesOf(template.Resources[logicalId ?? '']).Name;
  if (typeof name !== 'string') throw new Error(`cannot name the bus ${JSON.stringify(value)}`);
  return name;
}

function functionShape(
  template: CfnTemplate,
  logicalId: string,
  fn: CfnResource,
  resources: LocalResources,
): ComparableWiring['functions'][string] {
  const p = propertiesOf(fn);
  const variables =
    isRecord(p.Environment) && isRecord(p.Environment.Variables) ? p.Environment.Variables : {};
  const environment = Object.fromEntries(
    Object.entries(variables).map(([key, value]) => [key, localValue(template, value, resources)]),
  );
  const shape: ComparableWiring['functions'][string] = { handler: String(p.Handler), environment };
  const config = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').find(
    ([, c]) => reference(propertiesOf(c).FunctionName)?.logicalId === logicalId,
  );
  if (config !== undefined) {
    const c = propertiesOf(config[1]);
    const onFailure =
      isRecord(c.DestinationConfig) && isRecord(c.DestinationConfig.OnFailure)
        ? reference(c.DestinationConfig.OnFailure.Destination)?.logicalId
        : undefined;
    shape.asyncInvoke = {
      ...(typeof c.MaximumRetryAttempts === 'number' ? { maximumRetryAttempts: c.MaximumRetryAttempts } : {}),
      ...(typeof c.MaximumEventAgeInSeconds === 'number'
        ? { maximumEventAgeInSeconds: c.MaximumEventAgeInSeconds }
        : {}),
      ...(onFailure === undefined ? {} : { onFailure }),
    };
  }
  return shape;
}

/** A literal as it is; a `Ref` to a bus its name, to anything else what the local system stood up. */
function localValue(template: CfnTemplate, value: unknown, resources: LocalResources): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  const ref = isRecord(value) && typeof value.Ref === 'string' ? value.Ref : undefined;
  if (ref !== undefined && template.Resources[ref]?.Type === 'AWS::Events::EventBus') {
    return busName(template, value);
  }
  const local = ref === undefined ? undefined : resources[ref];
  if (local === undefined) throw new Error(`no local stand-in for ${JSON.stringify(value)}`);
  return local;
}

function tableShape(p: Record<string, unknown>, where: string): ComparableWiring['table'] {
  // The local definition spells the CloudFormation properties in camelCase.
  const get = (cfn: string, local: string) => p[cfn] ?? p[local];
  const ttl = get('TimeToLiveSpecification', 'ttlAttribute');
  const ttlAttribute = isRecord(ttl) ? (ttl.Enabled === false ? undefined : ttl.AttributeName) : ttl;
  const shape: ComparableWiring['table'] = {
    keySchema: get('KeySchema', 'keySchema'),
    attributeDefinitions: get('AttributeDefinitions', 'attributeDefinitions'),
  };
  if (typeof ttlAttribute === 'string') shape.ttlAttribute = ttlAttribute;
  const billingMode = get('BillingMode', 'billingMode');
  if (typeof billingMode === 'string') shape.billingMode = billingMode;
  const indexes = get('GlobalSecondaryIndexes', 'globalSecondaryIndexes');
  if (indexes !== undefined) shape.globalSecondaryIndexes = indexes;
  if (shape.keySchema === undefined) throw new Error(`table ${where} has no key schema`);
  return shape;
}

function subscriptionShape(
  logicalId: string,
  subscription: CfnResource,
  resources: LocalResources,
): ComparableWiring['subscriptions'][number] {
  const p = propertiesOf(subscription);
  const topicId = reference(p.TopicArn)?.logicalId;
  const topic = topicId === undefined ? undefined : resources[topicId];
  if (topic === undefined) throw new Error(`${logicalId}: no local topic for ${JSON.stringify(p.TopicArn)}`);
  return {
    topic,
    protocol: String(p.Protocol),
    endpoint: String(p.Endpoint),
    ...(p.FilterPolicy === undefined ? {} : { filterPolicy: p.FilterPolicy }),
    ...(typeof p.FilterPolicyScope === 'string' ? { filterPolicyScope: p.FilterPolicyScope } : {}),
  };
}

/** Evaluates a resource's `Condition` as CloudFormation would, for the intrinsics conditions allow. */
function conditionHolds(template: CfnTemplate, name: string | undefined): boolean {
  if (name === undefined) return true;
  return evaluate(template, template.Conditions?.[name]) === true;
}

function evaluate(template: CfnTemplate, value: unknown): unknown {
  if (!isRecord(value)) return value;
  const [[fn, args] = ['', undefined]] = Object.entries(value);
  const list = asList(args);
  switch (fn) {
    case 'Fn::Equals':
      return JSON.stringify(evaluate(template, list[0])) === JSON.stringify(evaluate(template, list[1]));
    case 'Fn::Not':
      return evaluate(template, list[0]) !== true;
    case 'Fn::And':
      return list.every((item) => evaluate(template, item) === true);
    case 'Fn::Or':
      return list.some((item) => evaluate(template, item) === true);
    case 'Condition':
      return conditionHolds(template, String(args));
    default:
      throw new Error(`cannot evaluate ${JSON.stringify(value)} in a condition`);
  }
}
