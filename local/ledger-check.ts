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

export function category(expected: Set<string>, published: Set<string>): CheckCategory {
  const missing = [...expected].filter((key) => !published.has(key)).sort();
  return { expected: expected.size, published: [...expected].length - missing.length, missing };
}

/** A value of a field that some poll could have seen: it still held at one of the poll instants. */
export function heldAtAPoll<T extends { seq: number; at: string }>(
  entry: T,
  ledger: readonly T[],
  polls: readonly number[] | undefined,
  sameField: (a: T, b: T) => boolean,
): boolean {
  if (polls === undefined) return true;
  const start = Date.parse(entry.at);
  const next = ledger.find((e) => e.seq > entry.seq && sameField(e, entry));
  const end = next === undefined ? Number.POSITIVE_INFINITY : Date.parse(next.at);
  return polls.some((p) => p >= start && p < end);
}

const sameL4EField = (a: LedgerEntry, b: LedgerEntry) =>
  a.resource === b.resource && a.field === b.field && a.modelName === b.modelName && a.name === b.name;

export type Category = 'runs' | 'promotions' | 'activations' | 'schedulers';
export type Keys = Record<Category, Set<string>>;

/** The instants that bound a comparison, and when given, the poll instants (epoch ms). */
export interface ComparisonWindow {
  /** Transitions up to this instant (the first poll) are the baseline, not expected events. */
  since: string;
  /** Transitions after this instant (the last poll) could not have been observed yet. */
  until: string;
  /**
   * An active version or a scheduler state that came and went between two polls cannot be seen and is
   * not expected (run outcomes and promotion results stay on their version, so every one of them is).
   */
  polls?: readonly number[];
}

export function emptyKeys(): Keys {
  return { runs: new Set(), promotions: new Set(), activations: new Set(), schedulers: new Set() };
}

/** The event a ledger entry should have caused, by category and key; undefined when none is expected. */
export function expectedKey(
  e: LedgerEntry,
  visible: (entry: LedgerEntry) => boolean,
): [Category, string] | undefined {
  if (e.resource === 'modelVersion' && e.field === 'Status') {
    return e.cause === 'RETRAINING' && FINAL_RUN.has(String(e.to))
      ? ['runs', `${e.modelName} v${e.modelVersion} ${e.to}`]
      : undefined;
  }
  if (e.resource === 'modelVersion' && e.field === 'AutoPromotionResult') {
    return ['promotions', `${e.modelName} v${e.modelVersion} ${e.to}`];
  }
  if (e.resource === 'model' && e.field === 'ActiveModelVersion' && e.cause !== 'TRAINING') {
    return visible(e) ? ['activations', `${e.modelName} v${e.to}`] : undefined;
  }
  if (e.resource === 'retrainingScheduler' && SETTLED_SCHEDULER.has(String(e.to)) && visible(e)) {
    return ['schedulers', `${e.modelName} ${e.to}`];
  }
  return undefined;
}

/** The key a published event stands for, by category; undefined for detail types the ledger does not cover. */
export function publishedKey({ detailType, detail: d }: PublishedEvent): [Category, string] | undefined {
  switch (detailType) {
    case 'Scheduled Retraining State Change':
      return ['runs', `${d.modelName} v${d.modelVersion} ${d.status}`];
    case 'Model Version Promotion Result':
      return ['promotions', `${d.modelName} v${d.modelVersion} ${d.autoPromotionResult}`];
    case 'Active Model Version Change':
      return ['activations', `${d.modelName} v${d.activeVersion}`];
    case 'Retraining Scheduler State Change':
      return ['schedulers', `${d.modelName} ${d.status}`];
    default:
      return undefined;
  }
}

/** The expected keys against the published ones, category by category, with the events' duplicated ids. */
export function compareKeys(
  expected: Keys,
  published: Keys,
  events: readonly PublishedEvent[],
): LedgerComparison {
  const result = {
    runs: category(expected.runs, published.runs),
    promotions: category(expected.promotions, published.promotions),
    activations: category(expected.activations, published.activations),
    schedulers: category(expected.schedulers, published.schedulers),
    duplicates: duplicatesOf(events),
  };
  const lost =
    result.runs.missing.length +
    result.promotions.missing.length +
    result.activations.missing.length +
    result.schedulers.missing.length;
  return { ...result, lost };
}

export function collect<T>(items: readonly T[], keyOf: (item: T) => [Category, string] | undefined): Keys {
  const keys = emptyKeys();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) keys[key[0]].add(key[1]);
  }
  return keys;
}

export function duplicatesOf(events: readonly PublishedEvent[]): LedgerComparison['duplicates'] {
  const counts = new Map<string, number>();
  for (const { detail } of events) {
    const id = String(detail.eventId);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return [...counts.entries()].filter(([, n]) => n > 1).map(([eventId, count]) => ({ eventId, count }));
}

export function compareWithLedger(
  ledger: readonly LedgerEntry[],
  events: readonly PublishedEvent[],
  { since, until, polls }: ComparisonWindow,
): LedgerComparison {
  const from = Date.parse(since);
  const to = Date.parse(until);
  const inWindow = (entry: LedgerEntry) => Date.parse(entry.at) > from && Date.parse(entry.at) <= to;
  const visible = (entry: LedgerEntry) => heldAtAPoll(entry, ledger, polls, sameL4EField);
  const expected = collect(ledger.filter(inWindow), (e) => expectedKey(e, visible));
  const published = collect(events, publishedKey);
  return compareKeys(expected, published, events);
}

/** Two comparisons as one: the counts added, the missing keys together, lost summed. */
export function combineComparisons(a: LedgerComparison, b: LedgerComparison): LedgerComparison {
  const join = (x: CheckCategory, y: CheckCategory): CheckCategory => ({
    expected: x.expected + y.expected,
    published: x.published + y.published,
    missing: [...x.missing, ...y.missing],
  });
  return {
    runs: join(a.runs, b.runs),
    promotions: join(a.promotions, b.promotions),
    activations: join(a.activations, b.activations),
    schedulers: join(a.schedulers, b.schedulers),
    duplicates: a.duplicates,
    lost: a.lost + b.lost,
  };
}
