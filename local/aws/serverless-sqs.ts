// The SQS side of serverless.yml: `AWS::SQS::Queue` resources (visibility timeout, redrive to a
// dead-letter queue by reference) and functions' `sqs` events (Lambda's event source mappings).
import { isPlainObject } from './json.js';
import { referencedLogicalId, ServerlessConfigError } from './serverless-shapes.js';

export interface SqsQueueConfig {
  logicalId: string;
  /** QueueName when the template sets one. */
  queueName?: string;
  /** CreateQueue attributes as strings, RedrivePolicy left out (see redrive). */
  attributes: Record<string, string>;
  /** Where messages go after maxReceiveCount receives: the dead-letter queue's logical id. */
  redrive?: { deadLetterQueue: string; maxReceiveCount: number };
}

export interface SqsEventSourceConfig {
  functionName: string;
  /** The queue's logical id (from `arn: !GetAtt Queue.Arn`). */
  queue: string;
  /** 10 by default, as Lambda's for SQS. */
  batchSize: number;
  /** `functionResponseType: ReportBatchItemFailures`. */
  reportBatchItemFailures: boolean;
  /** The mapping's ScalingConfig.MaximumConcurrency, when set. */
  maximumConcurrency?: number;
  enabled: boolean;
}

const QUEUE_ATTRIBUTES = [
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'MaximumMessageSize',
];

export function sqsQueueOf(logicalId: string, properties: unknown): SqsQueueConfig {
  const props = isPlainObject(properties) ? properties : {};
  const attributes: Record<string, string> = {};
  for (const name of QUEUE_ATTRIBUTES) {
    const value = props[name];
    if (typeof value === 'number' || typeof value === 'string') attributes[name] = String(value);
  }
  const queue: SqsQueueConfig = { logicalId, attributes };
  if (typeof props.QueueName === 'string') queue.queueName = props.QueueName;
  const redrive = props.RedrivePolicy;
  if (isPlainObject(redrive)) {
    const deadLetterQueue = referencedLogicalId(redrive.deadLetterTargetArn);
    const maxReceiveCount = Number(redrive.maxReceiveCount);
    if (deadLetterQueue === undefined || !Number.isInteger(maxReceiveCount) || maxReceiveCount < 1) {
      throw new ServerlessConfigError(
        `queue ${logicalId}: RedrivePolicy needs a deadLetterTargetArn of this stack and a maxReceiveCount`,
      );
    }
    queue.redrive = { deadLetterQueue, maxReceiveCount };
  }
  return queue;
}

/** A function's `sqs` event (a queue reference, or `{ arn, batchSize, … }`); undefined for other events. */
export function sqsEventSourceOf(functionName: string, spec: unknown): SqsEventSourceConfig | undefined {
  if (spec === undefined) return undefined;
  const settings = isPlainObject(spec) && spec.arn !== undefined ? spec : { arn: spec };
  const queue = referencedLogicalId(settings.arn);
  if (queue === undefined) {
    throw new ServerlessConfigError(
      `function ${functionName}: its sqs event names ${JSON.stringify(settings.arn)}, not a queue of this stack`,
    );
  }
  const scaling = isPlainObject(settings.maximumConcurrency) ? undefined : settings.maximumConcurrency;
  return {
    functionName,
    queue,
    batchSize: settings.batchSize === undefined ? 10 : Number(settings.batchSize),
    reportBatchItemFailures: settings.functionResponseType === 'ReportBatchItemFailures',
    ...(scaling === undefined ? {} : { maximumConcurrency: Number(scaling) }),
    enabled: settings.enabled !== false,
  };
}
