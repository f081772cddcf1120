// What Lambda's SQS event source mapping does for a function, over any SQS endpoint the client reaches:
// receive a batch, invoke the handler with an SQS event, then delete what succeeded. A handler that
// throws leaves the whole batch to come back after its visibility timeout; with ReportBatchItemFailures
// only the messages it names stay, and an answer naming no message of the batch fails the whole batch,
// as Lambda treats it. Redrive to a dead-letter queue is the queue's own doing.
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

export type SqsBatchHandler = (event: SQSEvent) => Promise<unknown>;

export interface SqsEventSourceOptions {
  client: SQSClient;
  queueUrl: string;
  queueArn: string;
  awsRegion: string;
  handler: SqsBatchHandler;
  /** 1 to 10; 10 by default. */
  batchSize?: number;
  /** The function's `functionResponseType: ReportBatchItemFailures`; on by default. */
  reportBatchItemFailures?: boolean;
  /** Overrides the queue's visibility timeout for each receive. */
  visibilityTimeoutSeconds?: number;
  /** Long polling per receive; 0 (return at once) by default. */
  waitTimeSeconds?: number;
}

export interface PollOutcome {
  received: number;
  /** Deleted after the handler succeeded with them. */
  deleted: number;
  /** Left on the queue: they come back after the visibility timeout, or go to the dead-letter queue. */
  failed: number;
  /** What the handler threw, or why its answer failed the batch. */
  error?: unknown;
}

export interface DrainOutcome extends PollOutcome {
  polls: number;
  /** False when maxPolls ended the drain while messages were still arriving. */
  empty: boolean;
  errors: unknown[];
}

export interface SqsEventSource {
  pollOnce(): Promise<PollOutcome>;
  /** Polls until a receive comes back empty, at most `maxPolls` times. */
  drain(options: { maxPolls: number }): Promise<DrainOutcome>;
}

export class BatchResponseError extends Error {
  override readonly name = 'BatchResponseError';
}

export function createSqsEventSource(options: SqsEventSourceOptions): SqsEventSource {
  const batchSize = options.batchSize ?? 10;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10) {
    throw new RangeError(`batchSize must be a whole number from 1 to 10, got ${batchSize}`);
  }

  async function pollOnce(): Promise<PollOutcome> {
    const received = await options.client.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: batchSize,
        WaitTimeSeconds: options.waitTimeSeconds ?? 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        ...(options.visibilityTimeoutSeconds === undefined
          ? {}
          : { VisibilityTimeout: options.visibilityTimeoutSeconds }),
      }),
    );
    const records = (received.Messages ?? []).map((message) => toRecord(message, options));
    if (records.length === 0) return { received: 0, deleted: 0, failed: 0 };
    const verdict = await invoke(options, records);
    const done = records.filter((record) => !verdict.failedIds.has(record.messageId));
    const deleted = await deleteRecords(options, done);
    return {
      received: records.length,
      deleted,
      failed: records.length - deleted,
      ...(verdict.error === undefined ? {} : { error: verdict.error }),
    };
  }

  async function drain({ maxPolls }: { maxPolls: number }): Promise<DrainOutcome> {
    const total: DrainOutcome = { received: 0, deleted: 0, failed: 0, polls: 0, empty: false, errors: [] };
    while (total.polls < maxPolls) {
      const outcome = await pollOnce();
      total.polls += 1;
      total.received += outcome.received;
      total.deleted += outcome.deleted;
      total.failed += outcome.failed;
      if (outcome.error !== undefined) total.errors.push(outcome.error);
      if (outcome.received === 0) {
        total.empty = true;
        break;
      }
    }
    return total;
  }

  return { pollOnce, drain };
}

function toRecord(message: Message, options: SqsEventSourceOptions): SQSRecord {
  const system = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
      SentTimestamp: system.SentTimestamp ?? '',
      SenderId: system.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? '',
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? 'String',
          ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
          ...(value.BinaryValue === undefined
            ? {}
            : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes === undefined
      ? {}
      : { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    eventSource: 'aws:sqs',
    eventSourceARN: options.queueArn,
    awsRegion: options.awsRegion,
  };
}

/** Which messages of the batch failed, by id: all of them when the handler throws or answers wrongly. */
async function invoke(
  options: SqsEventSourceOptions,
  records: SQSRecord[],
): Promise<{ failedIds: Set<string>; error?: unknown }> {
  const all = new Set(records.map((record) => record.messageId));
  let answer: unknown;
  try {
    answer = await options.handler({ Records: records });
  } catch (error) {
    return { failedIds: all, error };
  }
  if (options.reportBatchItemFailures === false) return { failedIds: new Set() };
  try {
    return { failedIds: failuresNamed(answer, all) };
  } catch (error) {
    return { failedIds: all, error };
  }
}

/** The messages a `{ batchItemFailures }` answer names; no answer or an empty list means all succeeded. */
function failuresNamed(answer: unknown, batch: Set<string>): Set<string> {
  if (answer === undefined || answer === null) return new Set();
  const failures =
    typeof answer === 'object' ? (answer as { batchItemFailures?: unknown }).batchItemFailures : undefined;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) {
    throw new BatchResponseError('batchItemFailures is not a list, so the whole batch failed');
  }
  const ids = failures.map((failure: unknown) =>
    typeof failure === 'object' && failure !== null
      ? (failure as { itemIdentifier?: unknown }).itemIdentifier
      : undefined,
  );
  const stranger = ids.find((id) => typeof id !== 'string' || !batch.has(id));
  if (stranger !== undefined || ids.length !== failures.length) {
    throw new BatchResponseError(
      `batchItemFailures names ${JSON.stringify(stranger ?? null)}, which is no message of the batch, so the whole batch failed`,
    );
  }
  return new Set(ids as string[]);
}

async function deleteRecords(options: SqsEventSourceOptions, records: SQSRecord[]): Promise<number> {
  if (records.length === 0) return 0;
  const result = await options.client.send(
    new DeleteMessageBatchCommand({
      QueueUrl: options.queueUrl,
      Entries: records.map((record, index) => ({ Id: `m${index}`, ReceiptHandle: record.receiptHandle })),
    }),
  );
  return result.Successful?.length ?? 0;
}
