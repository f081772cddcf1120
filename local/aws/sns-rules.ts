// SNS input rules with the service's error codes and wording (Publish subject, size and message attributes).
import { LocalAwsServiceError } from './errors.js';

export const MAX_PAYLOAD_BYTES = 256 * 1024;
export const MAX_SUBJECT_LENGTH = 100;
export const MAX_MESSAGE_ATTRIBUTES = 10;
export const SUBSCRIPTION_PROTOCOLS = [
  'http',
  'https',
  'email',
  'email-json',
  'sms',
  'sqs',
  'application',
  'lambda',
  'firehose',
] as const;

export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

export function invalidParameter(what: string): LocalAwsServiceError {
  return new LocalAwsServiceError('InvalidParameter', `Invalid parameter: ${what}`);
}

function invalidAttribute(message: string): LocalAwsServiceError {
  return new LocalAwsServiceError('ParameterValueInvalid', message);
}

/** ASCII, starting with a letter, digit or punctuation, no line breaks or control characters. */
export function validateSubject(subject: string): void {
  const printable = /^[\x21-\x7e][\x20-\x7e]*$/.test(subject);
  if (!printable || subject.length > MAX_SUBJECT_LENGTH) throw invalidParameter('Subject');
}

export function validateTopicName(name: string, fifo: boolean): void {
  const base = fifo ? name.replace(/\.fifo$/, '') : name;
  const ok = /^[A-Za-z0-9_-]{1,256}$/.test(base) && name.length <= 256 && fifo === name.endsWith('.fifo');
  if (!ok) throw invalidParameter('Topic Name');
}

export function validateStructuredMessage(message: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter('Message Structure - JSON message body failed to parse');
  }
  const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  if (!isObject || typeof (parsed as Record<string, unknown>).default !== 'string') {
    throw invalidParameter('Message Structure - No default entry in JSON message body');
  }
}

/** Parses `MessageAttributes.entry.N.{Name,Value.DataType,Value.StringValue,Value.BinaryValue}`. */
export function parseMessageAttributes(
  entries: Array<Record<string, string>>,
): Record<string, MessageAttribute> {
  if (entries.length > MAX_MESSAGE_ATTRIBUTES) {
    throw invalidAttribute(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`,
    );
  }
  const attributes: Record<string, MessageAttribute> = {};
  for (const entry of entries) {
    const name = entry.Name ?? '';
    validateAttributeName(name);
    const dataType = entry['Value.DataType'];
    if (!dataType) {
      throw invalidAttribute(
        `The message attribute '${name}' must contain non-empty message attribute type.`,
      );
    }
    const attribute: MessageAttribute = { DataType: dataType };
    if (entry['Value.StringValue'] !== undefined) attribute.StringValue = entry['Value.StringValue'];
    if (entry['Value.BinaryValue'] !== undefined) attribute.BinaryValue = entry['Value.BinaryValue'];
    validateAttributeValue(name, attribute);
    attributes[name] = attribute;
  }
  return attributes;
}

function validateAttributeName(name: string): void {
  const lower = name.toLowerCase();
  const ok =
    /^[A-Za-z0-9_.-]{1,256}$/.test(name) &&
    !name.startsWith('.') &&
    !name.endsWith('.') &&
    !name.includes('..') &&
    !lower.startsWith('aws.') &&
    !lower.startsWith('amazon.');
  if (!ok) throw invalidAttribute(`The message attribute name '${name}' is invalid.`);
}

function validateAttributeValue(name: string, attribute: MessageAttribute): void {
  const [base] = attribute.DataType.split('.');
  const arrayType = attribute.DataType === 'String.Array';
  if (base !== 'String' && base !== 'Number' && base !== 'Binary') {
    throw invalidAttribute(
      `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
    );
  }
  const value = base === 'Binary' ? attribute.BinaryValue : attribute.StringValue;
  if (value === undefined || value === '') {
    throw invalidAttribute(
      `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${base}'.`,
    );
  }
  if (base === 'Number' && !Number.isFinite(Number(value))) {
    throw invalidAttribute(`Could not cast message attribute '${name}' value to number.`);
  }
  if (arrayType && !isJsonArray(value)) {
    throw invalidAttribute(
      `The message attribute '${name}' with type 'String.Array' must contain a valid JSON array.`,
    );
  }
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

export function payloadBytes(message: string, attributes: Record<string, MessageAttribute>): number {
  let size = Buffer.byteLength(message, 'utf8');
  for (const [name, attribute] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(attribute.DataType, 'utf8');
    size += Buffer.byteLength(attribute.StringValue ?? attribute.BinaryValue ?? '', 'utf8');
  }
  return size;
}
