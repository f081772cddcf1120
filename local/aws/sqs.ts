// A local SQS over awsJson 1.0 (the protocol @aws-sdk/client-sqs speaks, query-compatible errors included):
// standard queues with visibility timeouts, delays, long polling, batches and redrive to a dead-letter
// queue, on a controllable clock. FIFO queues, retention expiry and queue policies are not modelled.
import type { JsonInput } from './aws-json.js';
import { createAwsJsonHandler, optionalString } from './aws-json.js';
import { LocalAwsServiceError, missingMember } from './errors.js';
import { listen } from './http-server.js';
import type { StoredMessage } from './sqs-queue.js';
import { attributesMd5, isReceiptHandle, LocalQueue } from './sqs-queue.js';
import {
  batchEntries,
  messageAttributes,
  parseQueueSettings,
  QUERY_ERROR_CODES,
  queueAttributes,
  validateBody,
  withinRange,
} from './sqs-rules.js';

export interface LocalSqsOptions {
  host?: string;
  port?: number;
  accountId?: string;
  region?: string;
  /** Clock in epoch ms for visibility, delays and timestamps; `Date.now` by default. Long polls wait in real time. */
  now?: () => number;
}

export interface QueuedMessage {
  messageId: string;
  body: string;
  receiveCount: number;
  inFlight: boolean;
}

export interface LocalSqs {
  readonly url: string;
  /** Creates a queue (idempotent) and returns its URL; attributes as CreateQueue takes them. */
  createQueue(name: string, attributes?: Record<string, string>): string;
  queueArn(queueUrl: string): string;
  /** Every message the queue holds, in flight or not, oldest first. */
  messages(queueUrl: string): QueuedMessage[];
  close(): Promise<void>;
}

const LONG_POLL_STEP_MS = 20;

export async function startLocalSqs(options: LocalSqsOptions = {}): Promise<LocalSqs> {
  const state = new SqsState(options);
  const server = await listen(
    createAwsJsonHandler({
      targetPrefix: 'AmazonSQS',
      jsonVersion: '1.0',
      internalErrorCode: 'InternalError',
      operations: state.operations(),
      errorShape: (code, status) => ({
        type: `com.amazonaws.sqs#${code}`,
        queryError: `${QUERY_ERROR_CODES[code] ?? code};${status >= 500 ? 'Receiver' : 'Sender'}`,
      }),
    }),
    options,
  );
  state.baseUrl = server.url;
  return {
    url: server.url,
    createQueue: (name, attributes = {}) =>
      state.createQueue({ QueueName: name, Attributes: attributes }).QueueUrl,
    queueArn: (queueUrl) => state.queue(queueUrl).arn,
    messages: (queueUrl) => {
      const now = state.now();
      return state.queue(queueUrl).messages.map((m) => ({
        messageId: m.messageId,
        body: m.body,
        receiveCount: m.receiveCount,
        inFlight: m.visibleAt > now && m.receiptHandle !== undefined,
      }));
    },
    close: async () => {
      state.closing = true;
      await server.close();
    },
  };
}

class SqsState {
  baseUrl = '';
  closing = false;
  readonly now: () => number;
  private readonly queues = new Map<string, LocalQueue>();
  private readonly account: string;
  private readonly region: string;

  constructor(options: LocalSqsOptions) {
    this.now = options.now ?? Date.now;
    this.account = options.accountId ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
  }

  operations(): Record<string, (input: JsonInput) => unknown> {
    return {
      CreateQueue: (input) => this.createQueue(input),
      GetQueueUrl: (input) => ({ QueueUrl: this.urlOf(this.byName(requiredString(input, 'QueueName'))) }),
      GetQueueAttributes: (input) => ({
        Attributes: queueAttributes(this.queue(input), input.AttributeNames, this.now()),
      }),
      SetQueueAttributes: (input) => this.setAttributes(input),
      DeleteQueue: (input) => void this.queues.delete(this.queue(input).name),
      PurgeQueue: (input) => {
        this.queue(input).messages = [];
      },
      ListQueues: (input) => this.listQueues(optionalString(input, 'QueueNamePrefix') ?? ''),
      SendMessage: (input) => this.sendMessage(input),
      SendMessageBatch: (input) => this.sendMessageBatch(input),
      ReceiveMessage: (input) => this.receiveMessage(input),
      DeleteMessage: (input) =>
        void this.deleteMessage(this.queue(input), requiredString(input, 'ReceiptHandle')),
      DeleteMessageBatch: (input) => this.deleteMessageBatch(input),
      ChangeMessageVisibility: (input) => this.changeVisibility(input),
    };
  }

  createQueue(input: JsonInput): { QueueUrl: string } {
    const name = requiredString(input, 'QueueName');
    if (!/^[\w-]{1,80}$/.test(name)) {
      throw new LocalAwsServiceError(
        'InvalidParameterValue',
        'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      );
    }
    const attributes = stringMap(input.Attributes, 'Attributes');
    const settings = parseQueueSettings(attributes, undefined, (arn) => this.byArn(arn) !== undefined);
    const existing = this.queues.get(name);
    if (existing !== undefined) {
      if (JSON.stringify(existing.settings) !== JSON.stringify(settings)) {
        throw new LocalAwsServiceError(
          'QueueNameExists',
          `A queue already exists with the same name and a different value for attribute(s)`,
        );
      }
      return { QueueUrl: this.urlOf(existing) };
    }
    const queue = new LocalQueue(
      name,
      `arn:aws:sqs:${this.region}:${this.account}:${name}`,
      settings,
      this.now(),
    );
    this.queues.set(name, queue);
    return { QueueUrl: this.urlOf(queue) };
  }

  /** The queue a request's QueueUrl names (any host: only `/<account>/<name>` is read). */
  queue(input: JsonInput | string): LocalQueue {
    const url = typeof input === 'string' ? input : requiredString(input, 'QueueUrl');
    const name = /\/(\d{12})\/([\w-]+)\/?$/.exec(url)?.[2];
    return this.byName(name ?? '');
  }

  private byName(name: string): LocalQueue {
    const queue = this.queues.get(name);
    if (queue === undefined) {
      throw new LocalAwsServiceError('QueueDoesNotExist', 'The specified queue does not exist.');
    }
    return queue;
  }

  private byArn(arn: string): LocalQueue | undefined {
    return [...this.queues.values()].find((q) => q.arn === arn);
  }

  private urlOf(queue: LocalQueue): string {
    return `${this.baseUrl}/${this.account}/${queue.name}`;
  }

  private setAttributes(input: JsonInput): void {
    const queue = this.queue(input);
    const attributes = stringMap(input.Attributes, 'Attributes');
    queue.settings = parseQueueSettings(attributes, queue.settings, (arn) => this.byArn(arn) !== undefined);
    queue.lastModifiedAt = this.now();
  }

  private listQueues(prefix: string) {
    const urls = [...this.queues.values()].filter((q) => q.name.startsWith(prefix)).map((q) => this.urlOf(q));
    return urls.length === 0 ? {} : { QueueUrls: urls };
  }

  private sendMessage(input: JsonInput) {
    const queue = this.queue(input);
    const body = requiredString(input, 'MessageBody');
    validateBody(body);
    const message = queue.send(
      {
        body,
        delaySeconds: withinRange(input, 'DelaySeconds', 0, 900),
        attributes: messageAttributes(input.MessageAttributes),
        senderId: this.account,
      },
      this.now(),
    );
    return sentReply(message);
  }

  private sendMessageBatch(input: JsonInput) {
    const queue = this.queue(input);
    const entries = batchEntries(input, 'MessageBody');
    const successful: unknown[] = [];
    const failed: unknown[] = [];
    for (const entry of entries) {
      try {
        const body = requiredString(entry, 'MessageBody');
        validateBody(body);
        const message = queue.send(
          {
            body,
            delaySeconds: withinRange(entry, 'DelaySeconds', 0, 900),
            attributes: messageAttributes(entry.MessageAttributes),
            senderId: this.account,
          },
          this.now(),
        );
        successful.push({ Id: entry.Id, ...sentReply(message) });
      } catch (error) {
        failed.push(batchFailure(entry.Id, error));
      }
    }
    return { Successful: successful, Failed: failed };
  }

  private async receiveMessage(input: JsonInput) {
    const queue = this.queue(input);
    const max = withinRange(input, 'MaxNumberOfMessages', 1, 10) ?? 1;
    const visibilitySeconds =
      withinRange(input, 'VisibilityTimeout', 0, 43_200) ?? queue.settings.visibilityTimeoutSeconds;
    const waitSeconds = withinRange(input, 'WaitTimeSeconds', 0, 20) ?? queue.settings.receiveWaitSeconds;
    const deadline = Date.now() + waitSeconds * 1000;
    const toDeadLetter = this.deadLetterOf(queue);
    let messages = queue.receive({ max, visibilitySeconds, now: this.now() }, toDeadLetter);
    while (messages.length === 0 && Date.now() < deadline && !this.closing) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(LONG_POLL_STEP_MS, deadline - Date.now())));
      messages = queue.receive({ max, visibilitySeconds, now: this.now() }, toDeadLetter);
    }
    const wanted = wantedAttributes(input);
    return messages.length === 0 ? {} : { Messages: messages.map((m) => receivedReply(m, wanted)) };
  }

  private deadLetterOf(queue: LocalQueue): ((message: StoredMessage) => void) | undefined {
    const arn = queue.settings.redrivePolicy?.deadLetterTargetArn;
    const target = arn === undefined ? undefined : this.byArn(arn);
    return target === undefined ? undefined : (message) => target.accept(message, this.now());
  }

  private deleteMessage(queue: LocalQueue, receiptHandle: string): void {
    if (!isReceiptHandle(receiptHandle)) {
      throw new LocalAwsServiceError(
        'ReceiptHandleIsInvalid',
        `The input receipt handle "${receiptHandle}" is not a valid receipt handle.`,
        404,
      );
    }
    queue.delete(receiptHandle);
  }

  private deleteMessageBatch(input: JsonInput) {
    const queue = this.queue(input);
    const entries = batchEntries(input, 'ReceiptHandle');
    const successful: unknown[] = [];
    const failed: unknown[] = [];
    for (const entry of entries) {
      try {
        this.deleteMessage(queue, requiredString(entry, 'ReceiptHandle'));
        successful.push({ Id: entry.Id });
      } catch (error) {
        failed.push(batchFailure(entry.Id, error));
      }
    }
    return { Successful: successful, Failed: failed };
  }

  private changeVisibility(input: JsonInput): void {
    const queue = this.queue(input);
    const receiptHandle = requiredString(input, 'ReceiptHandle');
    const seconds = withinRange(input, 'VisibilityTimeout', 0, 43_200);
    if (seconds === undefined) throw missingMember('VisibilityTimeout');
    if (!isReceiptHandle(receiptHandle)) {
      throw new LocalAwsServiceError('ReceiptHandleIsInvalid', `The input receipt handle is invalid.`, 404);
    }
    queue.changeVisibility(receiptHandle, seconds, this.now());
  }
}

function requiredString(input: JsonInput, member: string): string {
  const value = optionalString(input, member);
  if (value === undefined) throw missingMember(member);
  return value;
}

function stringMap(value: unknown, member: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (
    typeof value !== 'object' ||
    Array.isArray(value) ||
    !Object.values(value).every((v) => typeof v === 'string')
  ) {
    throw new LocalAwsServiceError('SerializationException', `${member} must be a map of strings.`);
  }
  return value as Record<string, string>;
}

function sentReply(message: StoredMessage) {
  return {
    MessageId: message.messageId,
    MD5OfMessageBody: message.md5OfBody,
    ...(message.md5OfAttributes === undefined ? {} : { MD5OfMessageAttributes: message.md5OfAttributes }),
  };
}

function batchFailure(id: unknown, error: unknown) {
  const known = error instanceof LocalAwsServiceError;
  return {
    Id: id,
    SenderFault: known ? error.statusCode < 500 : false,
    Code: known ? error.code : 'InternalError',
    Message: error instanceof Error ? error.message : String(error),
  };
}

interface WantedAttributes {
  system: (name: string) => boolean;
  message: (name: string) => boolean;
}

function wantedAttributes(input: JsonInput): WantedAttributes {
  const names = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);
  const system = [...names(input.MessageSystemAttributeNames), ...names(input.AttributeNames)];
  const message = names(input.MessageAttributeNames);
  return {
    system: (name) => system.includes('All') || system.includes(name),
    message: (name) =>
      message.some(
        (wanted) =>
          wanted === 'All' ||
          wanted === '.*' ||
          wanted === name ||
          (wanted.endsWith('.*') && name.startsWith(wanted.slice(0, -1))),
      ),
  };
}

function receivedReply(message: StoredMessage, wanted: WantedAttributes) {
  const system: Record<string, string> = {
    SenderId: message.senderId,
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
  };
  const attributes = Object.fromEntries(Object.entries(system).filter(([name]) => wanted.system(name)));
  const messageAttributes = Object.fromEntries(
    Object.entries(message.attributes).filter(([name]) => wanted.message(name)),
  );
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(Object.keys(attributes).length === 0 ? {} : { Attributes: attributes }),
    ...(Object.keys(messageAttributes).length === 0
      ? {}
      : { MessageAttributes: messageAttributes, MD5OfMessageAttributes: attributesMd5(messageAttributes) }),
  };
}
