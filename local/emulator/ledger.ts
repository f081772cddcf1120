// The ledger: every true state transition, in order, so tests and demos can prove a watcher saw all of
// them (or show exactly what it missed).

export type LedgerResource =
  | 'dataset'
  | 'model'
  | 'modelVersion'
  | 'retrainingScheduler'
  | 'inferenceScheduler';
export type LedgerValue = string | number | null;

export interface LedgerEntry {
  seq: number;
  /** ISO-8601 UTC instant of the transition on the simulated clock. */
  at: string;
  resource: LedgerResource;
  modelName: string | null;
  modelVersion: number | null;
  /** The resource's own name: dataset, model or inference scheduler name (a model's name for its versions and retraining scheduler). */
  name: string;
  field: string;
  from: LedgerValue;
  to: LedgerValue;
  cause?: string;
}

export type LedgerRecord = Omit<LedgerEntry, 'seq' | 'at'>;

export interface LedgerFilter {
  since?: number;
  model?: string;
}

export class Ledger {
  readonly #entries: LedgerEntry[] = [];

  record(atMs: number, entry: LedgerRecord): LedgerEntry {
    const full: LedgerEntry = { seq: this.#entries.length + 1, at: new Date(atMs).toISOString(), ...entry };
    if (full.cause === undefined) delete full.cause;
    this.#entries.push(full);
    return full;
  }

  get lastSeq(): number {
    return this.#entries.length;
  }

  entries(filter: LedgerFilter = {}): LedgerEntry[] {
    const since = filter.since ?? 0;
    // seq is 1-based and dense, so the first entry after `since` is at index `since`.
    const tail = this.#entries.slice(Math.max(0, since));
    return filter.model === undefined ? tail : tail.filter((entry) => entry.modelName === filter.model);
  }
}
