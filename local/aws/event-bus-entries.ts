// PutEvents entry rules as the service applies them: request-level limits raise ValidationException,
// entry-level problems come back per entry (ErrorCode/ErrorMessage) while the other entries succeed.
import { randomUUID } from 'node:crypto';
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { LocalAwsServiceError } from './errors.js';
import { isPlainObject } from './json.js';

export const MAX_ENTRIES_PER_REQUEST = 10;
/** 256 KB, summed over the entries of one request. */
export const MAX_REQUEST_SIZE_BYTES = 256 * 1024;

export interface DeliveredEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
  /** Present only on events redelivered from the archive. */
  'replay-name'?: string;
}

export type EntryCheck =
  | { ok: true; source: string; detailType: string; detail: Record<string, unknown> }
  | { ok: false; errorCode: string; errorMessage: string };

/** Entry size as EventBridge documents it ("Calculating PutEvents event entry size"). */
export function putEventsEntrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time === undefined ? 0 : 14;
  for (const text of [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])]) {
    if (text) size += Buffer.byteLength(text, 'utf8');
  }
  return size;
}

export function checkRequest(entries: readonly PutEventsRequestEntry[]): void {
  if (entries.length < 1 || entries.length > MAX_ENTRIES_PER_REQUEST) {
    const bound =
      entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ENTRIES_PER_REQUEST}`;
    throw new LocalAwsServiceError(
      'ValidationException',
      `1 validation error detected: Value '[PutEventsRequestEntry]' at 'entries' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  const total = entries.reduce((sum, entry) => sum + putEventsEntrySize(entry), 0);
  if (total > MAX_REQUEST_SIZE_BYTES) {
    throw new LocalAwsServiceError(
      'ValidationException',
      'Total size of the entries in the request is over the limit.',
    );
  }
}

function invalidArgument(member: string): EntryCheck {
  return {
    ok: false,
    errorCode: 'InvalidArgument',
    errorMessage: `Parameter ${member} is not valid. Reason: ${member} is a required argument.`,
  };
}

export function checkEntry(entry: PutEventsRequestEntry): EntryCheck {
  if (!entry.Source) return invalidArgument('Source');
  if (!entry.DetailType) return invalidArgument('DetailType');
  if (!entry.Detail) return invalidArgument('Detail');
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail);
  } catch {
    detail = undefined;
  }
  // Rules match on detail fields, so only a JSON object is a usable detail.
  if (!isPlainObject(detail)) {
    return { ok: false, errorCode: 'MalformedDetail', errorMessage: 'Detail is malformed.' };
  }
  return { ok: true, source: entry.Source, detailType: entry.DetailType, detail };
}

/** ISO-8601 UTC without milliseconds, the format of the envelope's `time`. */
export function formatEventTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function buildEnvelope(
  entry: PutEventsRequestEntry,
  checked: Extract<EntryCheck, { ok: true }>,
  where: { account: string; region: string; now: Date },
): DeliveredEnvelope {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': checked.detailType,
    source: checked.source,
    account: where.account,
    time: formatEventTime(entry.Time ?? where.now),
    region: where.region,
    resources: [...(entry.Resources ?? [])],
    detail: checked.detail,
  };
}

/** Converts a wire entry (awsJson: Time as epoch seconds) into the SDK's entry shape. */
export function entryFromWire(raw: unknown): PutEventsRequestEntry {
  if (!isPlainObject(raw)) {
    throw new LocalAwsServiceError('SerializationException', 'Each entry must be a JSON object.');
  }
  const text = (member: string): string | undefined => {
    const value = raw[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      throw new LocalAwsServiceError('SerializationException', `${member} must be a string.`);
    }
    return value;
  };
  const resources = raw.Resources;
  if (
    resources !== undefined &&
    (!Array.isArray(resources) || resources.some((r) => typeof r !== 'string'))
  ) {
    throw new LocalAwsServiceError('SerializationException', 'Resources must be a list of strings.');
  }
  return {
    Source: text('Source'),
    DetailType: text('DetailType'),
    Detail: text('Detail'),
    EventBusName: text('EventBusName'),
    TraceHeader: text('TraceHeader'),
    Resources: resources as string[] | undefined,
    Time: wireTime(raw.Time),
  };
}

function wireTime(value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(String(value));
  if (Number.isNaN(date.getTime())) {
    throw new LocalAwsServiceError('SerializationException', 'Time must be a timestamp.');
  }
  return date;
}
