// What the SiteWise emulator's ledger says happened against what the autopilot published: every
// retraining scheduler status, active model version and scheduled run outcome the ledger holds must
// reach the bus as an event for that model, in the autopilot's vocabulary.
import type { SiteWiseLedgerEntry } from '../sitewise/index.js';

export interface PublishedDetail {
  detailType: string;
  detail: Record<string, unknown>;
}

/** The autopilot's name for the model an entry is about (docs/sitewise.md, "Identity"). */
export const modelNameOf = (entry: Pick<SiteWiseLedgerEntry, 'computationModelId' | 'assetId'>): string =>
  entry.assetId === null ? entry.computationModelId : `${entry.computationModelId}/${entry.assetId}`;

const RUN_STATUS: Record<string, string> = { COMPLETED: 'SUCCESS', FAILED: 'FAILED' };

/** The event an entry owes, as `model|detail-type|field=value`; null for a transition no event reports. */
function owedEvent(entry: SiteWiseLedgerEntry): string | null {
  const model = modelNameOf(entry);
  if (entry.resource === 'retrainingScheduler')
    return `${model}|Retraining Scheduler State Change|status=${entry.to}`;
  if (entry.resource === 'activeModelVersion')
    return `${model}|Active Model Version Change|activeVersion=${entry.to}`;
  const status = RUN_STATUS[String(entry.to)];
  if (entry.resource === 'execution' && entry.cause === 'SCHEDULED_RETRAINING' && status !== undefined)
    return `${model}|Scheduled Retraining State Change|status=${status}`;
  return null;
}

function carried(event: PublishedDetail): string[] {
  const model = String(event.detail.modelName);
  const keys = ['status', 'activeVersion'].filter((field) => field in event.detail);
  return keys.map((field) => `${model}|${event.detailType}|${field}=${String(event.detail[field])}`);
}

/** Whether some poll saw the entry's value: a poll at or after it and before the next change of the same thing. */
function heldAtAPoll(
  entry: SiteWiseLedgerEntry,
  entries: readonly SiteWiseLedgerEntry[],
  polls: readonly number[],
): boolean {
  const start = Date.parse(entry.at);
  const next = entries.find(
    (e) =>
      e.seq > entry.seq &&
      e.resource === entry.resource &&
      e.id === entry.id &&
      modelNameOf(e) === modelNameOf(entry),
  );
  const end = next === undefined ? Number.POSITIVE_INFINITY : Date.parse(next.at);
  return polls.some((p) => p >= start && p < end);
}

/**
 * The transitions among `entries` that owe an event, and those no event in `published` carried: a key
 * owed twice (a scheduler stopped, started, stopped again) needs two events with distinct ids. With
 * `polls` (epoch ms), only a value some poll could see is owed: one replaced before the next poll may go
 * unreported, its successor may not.
 */
export function missedTransitions(
  entries: readonly SiteWiseLedgerEntry[],
  published: readonly PublishedDetail[],
  polls?: readonly number[],
): { expected: number; missed: string[] } {
  const ids = new Map<string, Set<string>>();
  for (const event of published)
    for (const key of carried(event))
      ids.set(key, (ids.get(key) ?? new Set()).add(String(event.detail.eventId)));
  const owed = new Map<string, number>();
  for (const entry of entries) {
    const key = owedEvent(entry);
    if (key === null || (polls !== undefined && !heldAtAPoll(entry, entries, polls))) continue;
    owed.set(key, (owed.get(key) ?? 0) + 1);
  }
  const missed: string[] = [];
  for (const [key, count] of owed) for (let i = ids.get(key)?.size ?? 0; i < count; i++) missed.push(key);
  return { expected: [...owed.values()].reduce((a, b) => a + b, 0), missed };
}
