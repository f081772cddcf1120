// One standard SQS queue as the service behaves: messages delayed, received under a visibility timeout
// with a new receipt handle each time (only the latest one deletes), counted, and moved to the
// dead-letter queue of the redrive policy once received maxReceiveCount times. Time is the caller's clock.
import { createHash, randomUUID } from 'node:crypto';
import { LocalAwsServiceError } from './errors.js';

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export interface QueueSettings {
  visibilityTimeoutSeconds: number;
  delaySeconds: number;
  receiveWaitSeconds: number;
  redrivePolicy?: RedrivePolicy;
}

export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export interface StoredMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  attributes: Record<string, MessageAttributeValue>;
  md5OfAttributes: string | undefined;
  senderId: string;
  sentAt: number;
  visibleAt: number;
  receiveCount: number;
  firstReceivedAt: number | undefined;
  /** The handle of the latest receive: the only one that deletes or changes visibility. */
  receiptHandle: string | undefined;
}

export interface MessageInput {
  body: string;
  delaySeconds?: number;
  attributes?: Record<string, MessageAttributeValue>;
  senderId: string;
}

export class LocalQueue {
  messages: StoredMessage[] = [];
  readonly createdAt: number;
  lastModifiedAt: number;

  constructor(
    readonly name: string,
    readonly arn: string,
    public settings: QueueSettings,
    now: number,
  ) {
    this.createdAt = now;
    this.lastModifiedAt = now;
  }

  send(input: MessageInput, now: number): StoredMessage {
    const message: StoredMessage = {
      messageId: randomUUID(),
      body: input.body,
      md5OfBody: md5Hex(Buffer.from(input.body, 'utf8')),
      attributes: input.attributes ?? {},
      md5OfAttributes: attributesMd5(input.attributes ?? {}),
      senderId: input.senderId,
      sentAt: now,
      visibleAt: now + 1000 * (input.delaySeconds ?? this.settings.delaySeconds),
      receiveCount: 0,
      firstReceivedAt: undefined,
      receiptHandle: undefined,
    };
    this.messages.push(message);
    return message;
  }

  /**
   * Up to `max` visible messages, each now in flight for `visibilitySeconds`. A message already received
   * maxReceiveCount times goes to the dead-letter queue instead (handed to `toDeadLetter`).
   */
  receive(
    request: { max: number; visibilitySeconds: number; now: number },
    toDeadLetter: ((message: StoredMessage) => void) | undefined,
  ): StoredMessage[] {
    const received: StoredMessage[] = [];
    const redrive = this.settings.redrivePolicy;
    for (const message of [...this.messages]) {
      if (received.length >= request.max) break;
      if (message.visibleAt > request.now) continue;
      if (
        redrive !== undefined &&
        toDeadLetter !== undefined &&
        message.receiveCount >= redrive.maxReceiveCount
      ) {
        this.remove(message);
        toDeadLetter(message);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= request.now;
      message.receiptHandle = `${randomUUID()}#${message.messageId}`;
      message.visibleAt = request.now + request.visibilitySeconds * 1000;
      received.push(message);
    }
    return received;
  }

  /** Takes a message moved here from a source queue: same id and body, visible now, count reset. */
  accept(message: StoredMessage, now: number): void {
    this.messages.push({ ...message, visibleAt: now, receiveCount: 0, receiptHandle: undefined });
  }

  /** Deletes by the latest receipt handle; an older handle of a message still here deletes nothing. */
  delete(receiptHandle: string): void {
    const message = this.byHandle(receiptHandle);
    if (message?.receiptHandle === receiptHandle) this.remove(message);
  }

  changeVisibility(receiptHandle: string, seconds: number, now: number): void {
    const message = this.byHandle(receiptHandle);
    if (message === undefined || message.receiptHandle !== receiptHandle) {
      throw new LocalAwsServiceError(
        'InvalidParameterValue',
        `Value ${receiptHandle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
      );
    }
    if (message.visibleAt <= now) {
      throw new LocalAwsServiceError('MessageNotInflight', 'The message referred to is not in flight.');
    }
    message.visibleAt = now + seconds * 1000;
  }

  counts(now: number): { visible: number; inFlight: number; delayed: number } {
    const inFlight = this.messages.filter((m) => m.visibleAt > now && m.receiptHandle !== undefined).length;
    const delayed = this.messages.filter((m) => m.visibleAt > now && m.receiptHandle === undefined).length;
    return { visible: this.messages.length - inFlight - delayed, inFlight, delayed };
  }

  private byHandle(receiptHandle: string): StoredMessage | undefined {
    const messageId = receiptHandle.slice(receiptHandle.indexOf('#') + 1);
    return this.messages.find((m) => m.messageId === messageId);
  }

  private remove(message: StoredMessage): void {
    this.messages = this.messages.filter((m) => m !== message);
  }
}

/** Receipt handles this stand-in issues: `<uuid>#<message id>`. Anything else was never issued. */
export function isReceiptHandle(text: string): boolean {
  return /^[0-9a-f-]{36}#[0-9a-f-]{36}$/.test(text);
}

export function md5Hex(bytes: Buffer): string {
  return createHash('md5').update(bytes).digest('hex');
}

/**
 * MD5OfMessageAttributes as SQS computes it: attributes sorted by name, each as length-prefixed name,
 * data type and value (with a transport byte: 1 string, 2 binary), the lengths 4-byte big-endian.
 */
export function attributesMd5(attributes: Record<string, MessageAttributeValue>): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const prefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const parts = names.flatMap((name) => {
    const value = attributes[name] as MessageAttributeValue;
    const binary = value.BinaryValue !== undefined;
    const data = binary
      ? Buffer.from(value.BinaryValue ?? '', 'base64')
      : Buffer.from(value.StringValue ?? '', 'utf8');
    return [
      prefixed(Buffer.from(name, 'utf8')),
      prefixed(Buffer.from(value.DataType, 'utf8')),
      Buffer.from([binary ? 2 : 1]),
      prefixed(data),
    ];
  });
  return md5Hex(Buffer.concat(parts));
}
