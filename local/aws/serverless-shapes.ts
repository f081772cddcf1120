// Shapes of serverless.yml and CloudFormation values, turned into what a local run needs.
import type { RetryPolicy } from './event-bus-delivery.js';
import { DEFAULT_RETRY_POLICY } from './event-bus-delivery.js';
import type { EventPattern } from './event-pattern.js';
import { validateEventPattern } from './event-pattern.js';
import { isPlainObject } from './json.js';

export interface DynamoTableDefinition {
  logicalId: string;
  tableName?: string;
  keySchema: Array<{ AttributeName: string; KeyType: string }>;
  attributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
  globalSecondaryIndexes?: Array<{
    IndexName: string;
    KeySchema: Array<{ AttributeName: string; KeyType: string }>;
    Projection: { ProjectionType?: string; NonKeyAttributes?: string[] };
  }>;
  ttlAttribute?: string;
  billingMode?: string;
}

/** What Lambda does with a failed asynchronous invocation (the function's `AWS::Lambda::EventInvokeConfig`). */
export interface AsyncInvokeConfig {
  maximumRetryAttempts?: number;
  maximumEventAgeInSeconds?: number;
  /** The `destinations.onFailure` target, variables resolved: an ARN or a CloudFormation reference. */
  onFailure?: unknown;
}

export interface SnsSubscriptionConfig {
  logicalId: string;
  /** ARN or CloudFormation reference, variables resolved. */
  topicArn: unknown;
  protocol: string;
  endpoint: string;
  filterPolicy?: unknown;
  filterPolicyScope?: string;
}

export class ServerlessConfigError extends Error {
  override readonly name = 'ServerlessConfigError';
}

/** Serverless v3 accepts `functions` and `resources` either as one mapping or a list of mappings. */
export function mergedMapping(value: unknown): Record<string, unknown> {
  if (isPlainObject(value)) return value;
  if (!Array.isArray(value)) return {};
  return Object.assign({}, ...value.filter(isPlainObject));
}

export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.').filter((part) => part !== '')) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (isPlainObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

/** Serverless names a function's resource `<Name>LambdaFunction`, `-` and `_` spelled out. */
export function functionLogicalId(functionName: string): string {
  const normalized = functionName.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaFunction`;
}

export function referencedLogicalId(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  if (typeof value.Ref === 'string') return value.Ref;
  const getAtt = value['Fn::GetAtt'];
  return Array.isArray(getAtt) && typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

/** CloudFormation accepts an EventPattern as an object or as a JSON string. */
export function patternOf(value: unknown, where: string): EventPattern {
  let pattern = value;
  if (typeof value === 'string') {
    try {
      pattern = JSON.parse(value);
    } catch (error) {
      throw new ServerlessConfigError(`${where} pattern is not valid JSON`, { cause: error });
    }
  }
  const problems = validateEventPattern(pattern);
  if (problems.length > 0)
    throw new ServerlessConfigError(`${where} pattern is not valid: ${problems.join('; ')}`);
  return pattern as EventPattern;
}

export function resourceRetryPolicy(value: unknown, logicalId: string): RetryPolicy | undefined {
  if (!isPlainObject(value)) return undefined;
  return retryPolicyOf(
    { maximumRetryAttempts: value.MaximumRetryAttempts, maximumEventAge: value.MaximumEventAgeInSeconds },
    `rule ${logicalId}`,
  );
}

export function retryPolicyOf(value: unknown, where: string): RetryPolicy | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw new ServerlessConfigError(`${where}: retryPolicy must be a mapping`);
  const attempts = value.maximumRetryAttempts ?? DEFAULT_RETRY_POLICY.maximumRetryAttempts;
  const age = value.maximumEventAge ?? DEFAULT_RETRY_POLICY.maximumEventAgeInSeconds;
  if (typeof attempts !== 'number' || typeof age !== 'number') {
    const script = [attempts, age].some((v) => typeof v === 'string' && v.includes('${file('));
    throw new ServerlessConfigError(
      script
        ? `${where}: retryPolicy comes from a JavaScript file; load the file with loadServerlessConfigWithScripts`
        : `${where}: retryPolicy values must be numbers`,
    );
  }
  return { maximumRetryAttempts: attempts, maximumEventAgeInSeconds: age };
}

/** A function's asynchronous-invocation settings, as Serverless turns them into an EventInvokeConfig. */
export function asyncInvokeOf(fn: unknown, where: string): AsyncInvokeConfig | undefined {
  if (!isPlainObject(fn)) return undefined;
  const { maximumRetryAttempts, maximumEventAge, destinations } = fn;
  if (maximumRetryAttempts === undefined && maximumEventAge === undefined && destinations === undefined) {
    return undefined;
  }
  const number = (value: unknown, name: string) => {
    if (value === undefined || typeof value === 'number') return value;
    throw new ServerlessConfigError(`${where}: ${name} must be a number, got ${JSON.stringify(value)}`);
  };
  const attempts = number(maximumRetryAttempts, 'maximumRetryAttempts');
  const age = number(maximumEventAge, 'maximumEventAge');
  const failure = isPlainObject(destinations) ? destinations.onFailure : undefined;
  const onFailure = isPlainObject(failure) && failure.arn !== undefined ? failure.arn : failure;
  return {
    ...(attempts === undefined ? {} : { maximumRetryAttempts: attempts }),
    ...(age === undefined ? {} : { maximumEventAgeInSeconds: age }),
    ...(onFailure === undefined ? {} : { onFailure }),
  };
}

/** Evaluates a named CloudFormation condition (Fn::Equals, Not, And, Or, Condition) over resolved values. */
export function conditionHolds(conditions: Record<string, unknown>, name: string, depth = 0): boolean {
  if (depth > 20) throw new ServerlessConfigError(`condition ${name} refers to itself`);
  if (!(name in conditions)) throw new ServerlessConfigError(`condition ${name} is not defined`);
  return evaluateCondition(conditions, conditions[name], depth) === true;
}

function evaluateCondition(conditions: Record<string, unknown>, value: unknown, depth: number): unknown {
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value);
  const [fn, args] = entries[0] ?? ['', undefined];
  const list = Array.isArray(args) ? args : [args];
  const operand = (index: number) => evaluateCondition(conditions, list[index], depth);
  switch (entries.length === 1 ? fn : '') {
    case 'Fn::Equals':
      return JSON.stringify(operand(0)) === JSON.stringify(operand(1));
    case 'Fn::Not':
      return operand(0) !== true;
    case 'Fn::And':
      return list.every((_, i) => operand(i) === true);
    case 'Fn::Or':
      return list.some((_, i) => operand(i) === true);
    case 'Condition':
      return conditionHolds(conditions, String(args), depth + 1);
    default:
      throw new ServerlessConfigError(`cannot evaluate ${JSON.stringify(value)} in a condition locally`);
  }
}

export function subscriptionOf(logicalId: string, properties: unknown): SnsSubscriptionConfig {
  if (!isPlainObject(properties) || typeof properties.Protocol !== 'string') {
    throw new ServerlessConfigError(`subscription ${logicalId} needs Properties.Protocol`);
  }
  return {
    logicalId,
    topicArn: properties.TopicArn,
    protocol: properties.Protocol,
    endpoint: String(properties.Endpoint ?? ''),
    ...(properties.FilterPolicy === undefined ? {} : { filterPolicy: properties.FilterPolicy }),
    ...(typeof properties.FilterPolicyScope === 'string'
      ? { filterPolicyScope: properties.FilterPolicyScope }
      : {}),
  };
}

export function tableDefinition(logicalId: string, properties: unknown): DynamoTableDefinition {
  if (
    !isPlainObject(properties) ||
    !Array.isArray(properties.KeySchema) ||
    !Array.isArray(properties.AttributeDefinitions)
  ) {
    throw new ServerlessConfigError(
      `table ${logicalId} needs Properties.KeySchema and Properties.AttributeDefinitions`,
    );
  }
  const table: DynamoTableDefinition = {
    logicalId,
    keySchema: properties.KeySchema as DynamoTableDefinition['keySchema'],
    attributeDefinitions: properties.AttributeDefinitions as DynamoTableDefinition['attributeDefinitions'],
  };
  if (typeof properties.TableName === 'string') table.tableName = properties.TableName;
  if (Array.isArray(properties.GlobalSecondaryIndexes)) {
    table.globalSecondaryIndexes =
      properties.GlobalSecondaryIndexes as DynamoTableDefinition['globalSecondaryIndexes'];
  }
  const ttl = properties.TimeToLiveSpecification;
  if (isPlainObject(ttl) && ttl.Enabled !== false && typeof ttl.AttributeName === 'string') {
    table.ttlAttribute = ttl.AttributeName;
  }
  if (typeof properties.BillingMode === 'string') table.billingMode = properties.BillingMode;
  return table;
}
