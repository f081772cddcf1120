// Local stand-ins for the AWS services l4e-autopilot uses, each speaking the service's wire protocol so
// the real SDK clients work against them through the standard AWS_ENDPOINT_URL_<SERVICE> variables.

export { CloudFormationYamlError, parseCloudFormationYaml } from './cfn-yaml.js';
export type { LocalDynamo } from './dynamodb.js';
export { createTables, startLocalDynamo, TableNotReadyError, tableName } from './dynamodb.js';
export { LocalAwsServiceError } from './errors.js';
export type {
  DeadLetterRecord,
  DeliveredEnvelope,
  DeliveryRecord,
  EventBusFaults,
  LocalEventBus,
  LocalEventBusOptions,
  LocalRule,
  LocalTarget,
  ReplayOptions,
  RetryPolicy,
} from './event-bus.js';
export {
  DEFAULT_RETRY_POLICY,
  DrainLimitError,
  formatEventTime,
  MAX_ENTRIES_PER_REQUEST,
  MAX_REQUEST_SIZE_BYTES,
  putEventsEntrySize,
  startLocalEventBus,
} from './event-bus.js';
export type { EventPattern, PatternLeaf, PatternOperator, PatternScalar } from './event-pattern.js';
export { matchesEventPattern, validateEventPattern } from './event-pattern.js';
export type {
  AsyncInvokeConfig,
  DynamoTableDefinition,
  EventBridgeRuleConfig,
  ScheduleConfig,
  ServerlessConfig,
  ServerlessConfigOptions,
  SnsSubscriptionConfig,
  SqsEventSourceConfig,
  SqsQueueConfig,
} from './serverless-config.js';
export {
  functionLogicalId,
  loadServerlessConfig,
  loadServerlessConfigWithScripts,
  parseServerlessConfig,
  ServerlessConfigError,
} from './serverless-config.js';
export type {
  LocalSns,
  LocalSubscription,
  MessageAttribute,
  PublishedMessage,
  PublishListener,
} from './sns.js';
export { startLocalSns } from './sns.js';
export type { LocalSqs, LocalSqsOptions, QueuedMessage } from './sqs.js';
export { startLocalSqs } from './sqs.js';
export type {
  DrainOutcome,
  PollOutcome,
  SqsBatchHandler,
  SqsEventSource,
  SqsEventSourceOptions,
} from './sqs-event-source.js';
export { BatchResponseError, createSqsEventSource } from './sqs-event-source.js';
export type { LocalSsm, ParameterType, SsmCall } from './ssm.js';
export { startLocalSsm } from './ssm.js';
export type { AssumeRoleCall, AssumeRoleFault, LocalRole, LocalSts, LocalStsOptions } from './sts.js';
export { startLocalSts } from './sts.js';
