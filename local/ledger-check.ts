// Compares what l4e-autopilot published with what really happened (the emulator's ledger).
// Only observable outcomes are expected: a state that lasted less than a poll interval (a run's
// IN_PROGRESS, a scheduler's STOPPING) may legitimately be skipped; its successor may not.
import type { LedgerEntry } from './emulator/index.js';

export interface PublishedEvent {
  detailType: string;
  detail: Record<string, unknown>;
}

export interface CheckCategory {
  expected: number;
  published: number;
  missing: string[];
}

export interface LedgerComparison {
  runs: CheckCategory;
  promotions: CheckCategory;
  activations: CheckCategory;
  schedulers: CheckCategory;
  /** Event ids published more than once, with how many times. */
  duplicates: Array<{ eventId: string; count: number }>;
  lost: number;
}

const FINAL_RUN = new Set(['SUCCESS', 'FAILED', 'CANCELED']);
const SETTLED_SCHEDULER = new Set(['RUNNING', 'STOPPED', 'DELETED']);

function category(expected: Set<string>, published: Set<string>): CheckCategory {
  const missing = [...expected].filter((key) => !published.has(key)).sort();
  return { expected: expected.size, published: [...expected].length - missing.length, missing };
}

/** A value of a field that some poll could have seen: it still held at one of the poll instants. */
function heldAtAPoll(
  entry: LedgerEntry,
  ledger: readonly LedgerEntry[],
  polls: readonly number[] | undefined,
): boolean {
  if (polls === undefined) return true;
  const start = Date.parse(entry.at);
  const next = ledger.find(
    (e) =>
      e.seq > entry.seq &&
      e.resource === entry.resource &&
      e.field === entry.field &&
      e.modelName === entry.modelName &&
      e.name === entry.name,
  );
  const end = next === undefined ? Number.POSITIVE_INFINITY : Date.parse(next.at);
  return polls.some((p) => p >= start && p < end);
}

/**
 * @param since transitions up to this instant (the first poll) are the baseline, not expected events
 * @param until transitions after this instant (the last poll) could not have been observed yet
 * @param polls when given, the poll instants (epoch ms): an active version or a scheduler state that
 *   came and went between two polls cannot be seen and is not expected (run outcomes and promotion
 *   results stay on their version, so every one of them is)
 */
export function compareWithLedger(
  ledger: readonly LedgerEntry[],
  events: readonly PublishedEvent[],
  since: string,
  until: string,
  polls?: readonly number[],
): LedgerComparison {
  const from = Date.parse(since);
  const to = Date.parse(until);
  const inWindow = (entry: LedgerEntry) => Date.parse(entry.at) > from && Date.parse(entry.at) <= to;
  const entries = ledger.filter(inWindow);
  const visible = (entry: LedgerEntry) => heldAtAPoll(entry, ledger, polls);

  const expectedRuns = new Set<string>();
  const expectedPromotions = new Set<string>();
  const expectedActivations = new Set<string>();
  const expectedSchedulers = new Set<string>();
  for (const e of entries) {
    if (
      e.resource === 'modelVersion' &&
      e.field === 'Status' &&
      e.cause === 'RETRAINING' &&
      FINAL_RUN.has(String(e.to))
    ) {
      expectedRuns.add(`${e.modelName} v${e.modelVersion} ${e.to}`);
    } else if (e.resource === 'modelVersion' && e.field === 'AutoPromotionResult') {
      expectedPromotions.add(`${e.modelName} v${e.modelVersion} ${e.to}`);
    } else if (e.resource === 'model' && e.field === 'ActiveModelVersion' && e.cause !== 'TRAINING') {
      if (visible(e)) expectedActivations.add(`${e.modelName} v${e.to}`);
    } else if (e.resource === 'retrainingScheduler' && SETTLED_SCHEDULER.has(String(e.to)) && visible(e)) {
      expectedSchedulers.add(`${e.modelName} ${e.to}`);
    }
  }

  const runs = new Set<string>();
  const promotions = new Set<string>();
  const activations = new Set<string>();
  const schedulers = new Set<string>();
  const counts = new Map<string, number>();
  for (const { detailType, detail: d } of events) {
    const id = String(d.eventId);
    counts.set(id, (counts.get(id) ?? 0) + 1);
    if (detailType === 'Scheduled Retraining State Change')
      runs.add(`${d.modelName} v${d.modelVersion} ${d.status}`);
    if (detailType === 'Model Version Promotion Result') {
      promotions.add(`${d.modelName} v${d.modelVersion} ${d.autoPromotionResult}`);
    }
    if (detailType === 'Active Model Version Change') activations.add(`${d.modelName} v${d.activeVersion}`);
    if (detailType === 'Retraining Scheduler State Change') schedulers.add(`${d.modelName} ${d.status}`);
  }

  const result = {
    runs: category(expectedRuns, runs),
    promotions: category(expectedPromotions, promotions),
    activations: category(expectedActivations, activations),
    schedulers: category(expectedSchedulers, schedulers),
    duplicates: [...counts.entries()]
      .filter(([, n]) => n > 1)
      .map(([eventId, count]) => ({ eventId, count })),
  };
  const lost =
    result.runs.missing.length +
    result.promotions.missing.length +
    result.activations.missing.length +
    result.schedulers.missing.length;
  return { ...result, lost };
}
