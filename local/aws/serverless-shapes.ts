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
    throw new ServerlessConfigError(`${where}: retryPolicy values must be numbers`);
  }
  return { maximumRetryAttempts: attempts, maximumEventAgeInSeconds: age };
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
