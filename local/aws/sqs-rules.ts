// SQS's validation and attribute rules, as the service applies them: body size and characters, batch
// limits, queue attributes with their ranges, and the redrive policy.
import type { JsonInput } from './aws-json.js';
import { optionalNumber } from './aws-json.js';
import { LocalAwsServiceError, missingMember } from './errors.js';
import { isPlainObject } from './json.js';
import type { LocalQueue, MessageAttributeValue, QueueSettings, RedrivePolicy } from './sqs-queue.js';

export const MAX_MESSAGE_BYTES = 262_144;
export const MAX_BATCH_ENTRIES = 10;

/** The awsQuery codes of SQS's errors, which the SDK reads from `x-amzn-query-error`. */
export const QUERY_ERROR_CODES: Record<string, string> = {
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  BatchRequestTooLong: 'AWS.SimpleQueueService.BatchRequestTooLong',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  InvalidBatchEntryId: 'AWS.SimpleQueueService.InvalidBatchEntryId',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  QueueNameExists: 'QueueAlreadyExists',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
};

/** XML 1.0's characters, the only ones a message body may hold (a lone surrogate is none of them). */
function isXmlCharacter(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

export function validateBody(body: string): void {
  if (body.length === 0) {
    throw new LocalAwsServiceError(
      'InvalidParameterValue',
      'The request must contain the parameter MessageBody.',
    );
  }
  if (Buffer.byteLength(body, 'utf8') > MAX_MESSAGE_BYTES) {
    throw new LocalAwsServiceError(
      'InvalidParameterValue',
      `One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`,
    );
  }
  if (![...body].every((char) => isXmlCharacter(char.codePointAt(0) ?? 0))) {
    throw new LocalAwsServiceError(
      'InvalidMessageContents',
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
    );
  }
}

/** An optional whole number member within [min, max], refused with the service's wording. */
export function withinRange(input: JsonInput, member: string, min: number, max: number): number | undefined {
  const value = optionalNumber(input, member);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LocalAwsServiceError(
      'InvalidParameterValue',
      `Value ${value} for parameter ${member} is invalid. Reason: Must be between ${min} and ${max}.`,
    );
  }
  return value;
}

/** The entries of a batch request, checked as SQS checks them before any entry is tried. */
export function batchEntries(input: JsonInput, bodyMember: string): JsonInput[] {
  const raw = input.Entries;
  if (raw === undefined || raw === null) throw missingMember('Entries');
  if (!Array.isArray(raw) || !raw.every(isPlainObject)) {
    throw new LocalAwsServiceError('SerializationException', 'Entries must be a list of structures.');
  }
  if (raw.length === 0) {
    throw new LocalAwsServiceError(
      'EmptyBatchRequest',
      'There should be at least one SendMessageBatchRequestEntry in the request.',
    );
  }
  if (raw.length > MAX_BATCH_ENTRIES) {
    throw new LocalAwsServiceError(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${raw.length}.`,
    );
  }
  const ids = raw.map((entry) => entry.Id);
  const badId = ids.find((id) => typeof id !== 'string' || !/^[\w-]{1,80}$/.test(id));
  if (badId !== undefined) {
    throw new LocalAwsServiceError(
      'InvalidBatchEntryId',
      'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
    );
  }
  if (new Set(ids).size !== ids.length) {
    throw new LocalAwsServiceError(
      'BatchEntryIdsNotDistinct',
      'Two or more batch entries in the request have the same Id.',
    );
  }
  const bytes = raw.reduce(
    (sum, entry) => sum + Buffer.byteLength(String(entry[bodyMember] ?? ''), 'utf8'),
    0,
  );
  if (bodyMember === 'MessageBody' && bytes > MAX_MESSAGE_BYTES) {
    throw new LocalAwsServiceError(
      'BatchRequestTooLong',
      `Batch requests cannot be longer than ${MAX_MESSAGE_BYTES} bytes. You have sent ${bytes} bytes.`,
    );
  }
  return raw;
}

export function messageAttributes(value: unknown): Record<string, MessageAttributeValue> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    throw new LocalAwsServiceError('SerializationException', 'MessageAttributes must be a map.');
  }
  return Object.fromEntries(Object.entries(value).map(([name, raw]) => [name, messageAttribute(name, raw)]));
}

function messageAttribute(name: string, raw: unknown): MessageAttributeValue {
  if (
    !isPlainObject(raw) ||
    typeof raw.DataType !== 'string' ||
    !/^(String|Number|Binary)(\..+)?$/.test(raw.DataType)
  ) {
    throw new LocalAwsServiceError(
      'InvalidParameterValue',
      `The message attribute '${name}' has an invalid message attribute type.`,
    );
  }
  const stringValue = typeof raw.StringValue === 'string' ? raw.StringValue : undefined;
  const binaryValue = typeof raw.BinaryValue === 'string' ? raw.BinaryValue : undefined;
  if ((stringValue === undefined) === (binaryValue === undefined)) {
    throw new LocalAwsServiceError(
      'InvalidParameterValue',
      `The message attribute '${name}' must contain a non-empty message attribute value.`,
    );
  }
  return {
    DataType: raw.DataType,
    ...(stringValue === undefined ? {} : { StringValue: stringValue }),
    ...(binaryValue === undefined ? {} : { BinaryValue: binaryValue }),
  };
}

const SETTABLE = new Set([
  'VisibilityTimeout',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'MessageRetentionPeriod',
  'MaximumMessageSize',
]);

/** Queue settings from CreateQueue / SetQueueAttributes attributes, over the current (or default) ones. */
export function parseQueueSettings(
  attributes: Record<string, string>,
  current: QueueSettings | undefined,
  queueExists: (arn: string) => boolean,
): QueueSettings {
  for (const name of Object.keys(attributes)) {
    if (!SETTABLE.has(name)) {
      throw new LocalAwsServiceError('InvalidAttributeName', `Unknown Attribute ${name}.`);
    }
  }
  const number = (name: string, min: number, max: number, fallback: number) => {
    const text = attributes[name];
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      throw new LocalAwsServiceError('InvalidAttributeValue', `Invalid value for the parameter ${name}.`);
    }
    return value;
  };
  const redrive = attributes.RedrivePolicy;
  const redrivePolicy = redrive === undefined ? current?.redrivePolicy : parseRedrive(redrive, queueExists);
  return {
    visibilityTimeoutSeconds: number('VisibilityTimeout', 0, 43_200, current?.visibilityTimeoutSeconds ?? 30),
    delaySeconds: number('DelaySeconds', 0, 900, current?.delaySeconds ?? 0),
    receiveWaitSeconds: number('ReceiveMessageWaitTimeSeconds', 0, 20, current?.receiveWaitSeconds ?? 0),
    ...(redrivePolicy === undefined ? {} : { redrivePolicy }),
  };
}

function parseRedrive(text: string, queueExists: (arn: string) => boolean): RedrivePolicy | undefined {
  if (text === '') return undefined;
  const invalid = (reason: string) =>
    new LocalAwsServiceError(
      'InvalidParameterValue',
      `Value ${text} for parameter RedrivePolicy is invalid. Reason: ${reason}`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid('Redrive policy is not a valid JSON map.');
  }
  if (!isPlainObject(raw) || typeof raw.deadLetterTargetArn !== 'string') {
    throw invalid('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  }
  const count = Number(raw.maxReceiveCount);
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalid('Invalid value for maxReceiveCount: must be an integer from 1 to 1000.');
  }
  if (!queueExists(raw.deadLetterTargetArn)) throw invalid('Dead letter target does not exist.');
  return { deadLetterTargetArn: raw.deadLetterTargetArn, maxReceiveCount: count };
}

/** GetQueueAttributes' answer for the names asked (`All` for every one). */
export function queueAttributes(queue: LocalQueue, names: unknown, now: number): Record<string, string> {
  const counts = queue.counts(now);
  const all: Record<string, string | undefined> = {
    QueueArn: queue.arn,
    VisibilityTimeout: String(queue.settings.visibilityTimeoutSeconds),
    DelaySeconds: String(queue.settings.delaySeconds),
    ReceiveMessageWaitTimeSeconds: String(queue.settings.receiveWaitSeconds),
    MaximumMessageSize: String(MAX_MESSAGE_BYTES),
    MessageRetentionPeriod: '345600',
    RedrivePolicy:
      queue.settings.redrivePolicy === undefined ? undefined : JSON.stringify(queue.settings.redrivePolicy),
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
  };
  const wanted = Array.isArray(names) ? names.map(String) : [];
  const picked = Object.entries(all).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && (wanted.includes('All') || wanted.includes(entry[0])),
  );
  return Object.fromEntries(picked);
}
