// The ledger of the SiteWise emulator: every true state transition in order (computation model states,
// executions, retraining scheduler, active model version, inference), so a test can prove a watcher saw
// each of them.

export type SiteWiseLedgerResource =
  | 'computationModel'
  | 'execution'
  | 'retrainingScheduler'
  | 'activeModelVersion'
  | 'inference';
export type LedgerValue = string | number | null;

export interface SiteWiseLedgerEntry {
  seq: number;
  /** ISO-8601 UTC instant on the simulated clock. */
  at: string;
  resource: SiteWiseLedgerResource;
  computationModelId: string;
  /** The asset a model bound at asset-model level runs for; null for an asset-level binding. */
  assetId: string | null;
  /** The id of the execution, or of the computation model for the other resources. */
  id: string;
  field: string;
  from: LedgerValue;
  to: LedgerValue;
  cause?: string;
  /** The model version a training execution that ended COMPLETED made. */
  modelVersion?: number;
}

export type SiteWiseLedgerRecord = Omit<SiteWiseLedgerEntry, 'seq' | 'at'>;

export class SiteWiseLedger {
  readonly #entries: SiteWiseLedgerEntry[] = [];

  record(atMs: number, record: SiteWiseLedgerRecord): void {
    const entry: SiteWiseLedgerEntry = {
      seq: this.#entries.length + 1,
      at: new Date(atMs).toISOString(),
      ...record,
    };
    if (entry.cause === undefined) delete entry.cause;
    if (entry.modelVersion === undefined) delete entry.modelVersion;
    this.#entries.push(entry);
  }

  entries(since = 0): SiteWiseLedgerEntry[] {
    return this.#entries.slice(Math.max(0, since));
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
