// Turning events into bus entries that fit EventBridge's limits, and batching them.
import { type AnyDetail, type AutopilotEvent, EVENT_SOURCE } from './events.js';

/** EventBridge's limit for one PutEvents request, and so for one entry. */
export const MAX_REQUEST_BYTES = 256 * 1024;
export const MAX_ENTRIES_PER_REQUEST = 10;
const TIME_BYTES = 14;

export interface BusEntry {
  eventId: string;
  source: string;
  detailType: string;
  detail: string;
  resources: string[];
  time: string;
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** Size as EventBridge counts it: Source, DetailType, Detail, Resources and 14 bytes for Time. */
export function entrySize(entry: BusEntry): number {
  return (
    TIME_BYTES +
    utf8(entry.source) +
    utf8(entry.detailType) +
    utf8(entry.detail) +
    entry.resources.reduce((sum, r) => sum + utf8(r), 0)
  );
}

type Trimmer = (detail: Record<string, unknown>) => boolean;

const MAX_TEXT_AFTER_TRIM = 1000;

function emptyObject(key: string): Trimmer {
  return (detail) => {
    const value = detail[key];
    if (
      value === undefined ||
      (typeof value === 'object' && value !== null && Object.keys(value).length === 0)
    ) {
      return false;
    }
    detail[key] = {};
    return true;
  };
}

function shortenList(key: string, keep: number): Trimmer {
  return (detail) => {
    const value = detail[key];
    if (!Array.isArray(value) || value.length <= keep) return false;
    detail[key] = value.slice(0, keep);
    return true;
  };
}

function shortenText(key: string): Trimmer {
  return (detail) => {
    const value = detail[key];
    if (typeof value !== 'string' || value.length <= MAX_TEXT_AFTER_TRIM) return false;
    detail[key] = `${value.slice(0, MAX_TEXT_AFTER_TRIM)}…`;
    return true;
  };
}

/** Heaviest, least essential fields first. The names go into `trimmed` so consumers know. */
const TRIMMERS: ReadonlyArray<[string, Trimmer]> = [
  ['priorMetrics', emptyObject('priorMetrics')],
  ['metrics', emptyObject('metrics')],
  ['checks', shortenList('checks', 20)],
  ['reasons', shortenList('reasons', 10)],
  ['failedReason', shortenText('failedReason')],
  ['autoPromotionResultReason', shortenText('autoPromotionResultReason')],
  ['checks', shortenList('checks', 0)],
];

export class EventTooLargeError extends Error {
  override name = 'EventTooLargeError';
}

/** Builds the bus entry for an event, trimming (and saying so) when it would not fit. */
export function toBusEntry(event: AutopilotEvent): BusEntry {
  const make = (detail: AnyDetail | Record<string, unknown>): BusEntry => ({
    eventId: event.detail.eventId,
    source: EVENT_SOURCE,
    detailType: event.detailType,
    detail: JSON.stringify(detail),
    resources: event.resources,
    time: event.time,
  });
  let entry = make(event.detail);
  if (entrySize(entry) <= MAX_REQUEST_BYTES) return entry;
  const detail: Record<string, unknown> = structuredClone(event.detail) as unknown as Record<string, unknown>;
  const trimmed = new Set<string>(event.detail.trimmed ?? []);
  for (const [name, trim] of TRIMMERS) {
    if (trim(detail)) trimmed.add(name);
    detail.trimmed = [...trimmed];
    entry = make(detail);
    if (entrySize(entry) <= MAX_REQUEST_BYTES) return entry;
  }
  throw new EventTooLargeError(
    `event ${event.detail.eventId} is ${entrySize(entry)} bytes even after trimming`,
  );
}

/** Groups entries into PutEvents requests of at most 10 entries and 256 KB, keeping their order. */
export function batchEntries(entries: readonly BusEntry[]): BusEntry[][] {
  const batches: BusEntry[][] = [];
  let current: BusEntry[] = [];
  let size = 0;
  for (const entry of entries) {
    const bytes = entrySize(entry);
    if (
      current.length === MAX_ENTRIES_PER_REQUEST ||
      (current.length > 0 && size + bytes > MAX_REQUEST_BYTES)
    ) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
