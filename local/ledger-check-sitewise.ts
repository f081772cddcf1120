// Compares what l4e-autopilot published about SiteWise models with what really happened (the SiteWise
// emulator's ledger), in the L4E check's categories and keys. The autopilot names a SiteWise model
// `<computationModelId>` or `<computationModelId>/<assetId>`, and a run by its place among the trained
// model's training runs (SiteWise gives a failed run no model version), so the ledger's executions are
// numbered the same way here; a SiteWise version becomes active as the number of the run that made it.
import {
  type Category,
  type ComparisonWindow,
  collect,
  compareKeys,
  heldAtAPoll,
  type Keys,
  type LedgerComparison,
  type PublishedEvent,
  publishedKey,
} from './ledger-check.js';
import type { SiteWiseLedgerEntry } from './sitewise/index.js';

const TRAINING_CAUSES = new Set(['TRAIN_MODEL', 'SCHEDULED_RETRAINING']);
const FAILED_RESULTS = new Set(['RETRAINING_CUSTOMER_ERROR', 'RETRAINING_INTERNAL_ERROR']);
/** SiteWise says no more than "failed": either L4E failure result stands for it. */
const FAILED_RESULT = 'RETRAINING_FAILED';

/** The autopilot's name of the model a ledger entry is about. */
export const siteWiseModelName = (entry: { computationModelId: string; assetId: string | null }): string =>
  entry.assetId === null ? entry.computationModelId : `${entry.computationModelId}/${entry.assetId}`;

export interface Numbering {
  /** Execution id → its run number on its model. */
  runOf: Map<string, number>;
  /** `<model name> <SiteWise version>` → the number of the run that made it. */
  versionRun: Map<string, number>;
}

export function numberRuns(ledger: readonly SiteWiseLedgerEntry[]): Numbering {
  const runOf = new Map<string, number>();
  const versionRun = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const e of ledger) {
    if (e.resource !== 'execution' || !TRAINING_CAUSES.has(e.cause ?? '')) continue;
    const name = siteWiseModelName(e);
    if (e.from === null) {
      const number = (counts.get(name) ?? 0) + 1;
      counts.set(name, number);
      runOf.set(e.id, number);
    } else if (e.modelVersion !== undefined) {
      versionRun.set(`${name} ${e.modelVersion}`, runOf.get(e.id) ?? e.modelVersion);
    }
  }
  return { runOf, versionRun };
}

const sameField = (a: SiteWiseLedgerEntry, b: SiteWiseLedgerEntry) =>
  a.resource === b.resource &&
  a.field === b.field &&
  a.computationModelId === b.computationModelId &&
  a.assetId === b.assetId;

interface Context {
  ledger: readonly SiteWiseLedgerEntry[];
  numbering: Numbering;
  visible: (entry: SiteWiseLedgerEntry) => boolean;
}

/** A scheduled run's promotion result: promoted when its version became active by a promotion. */
function promotionOf(e: SiteWiseLedgerEntry, context: Context): string {
  if (e.to === 'FAILED') return FAILED_RESULT;
  const promoted = context.ledger.some(
    (a) =>
      a.resource === 'activeModelVersion' &&
      a.cause === 'SERVICE_MANAGED_PROMOTION' &&
      a.computationModelId === e.computationModelId &&
      a.assetId === e.assetId &&
      a.to === e.modelVersion,
  );
  return promoted ? 'MODEL_PROMOTED' : 'MODEL_NOT_PROMOTED';
}

function expectedKeys(e: SiteWiseLedgerEntry, context: Context): Array<[Category, string]> {
  const name = siteWiseModelName(e);
  if (e.resource === 'execution' && e.cause === 'SCHEDULED_RETRAINING' && e.from === 'RUNNING') {
    const run = `${name} v${context.numbering.runOf.get(e.id) ?? '?'}`;
    const status = e.to === 'COMPLETED' ? 'SUCCESS' : 'FAILED';
    return [
      ['runs', `${run} ${status}`],
      ['promotions', `${run} ${promotionOf(e, context)}`],
    ];
  }
  if (e.resource === 'activeModelVersion' && e.cause !== 'INITIAL_TRAINING' && context.visible(e)) {
    const number = context.numbering.versionRun.get(`${name} ${e.to}`) ?? e.to;
    return [['activations', `${name} v${number}`]];
  }
  if (e.resource === 'retrainingScheduler' && context.visible(e)) return [['schedulers', `${name} ${e.to}`]];
  return [];
}

function expectedOf(ledger: readonly SiteWiseLedgerEntry[], window: ComparisonWindow): Keys {
  const from = Date.parse(window.since);
  const to = Date.parse(window.until);
  const context: Context = {
    ledger,
    numbering: numberRuns(ledger),
    visible: (entry) => heldAtAPoll(entry, ledger, window.polls, sameField),
  };
  const inWindow = ledger.filter((e) => Date.parse(e.at) > from && Date.parse(e.at) <= to);
  const keys = collect(
    inWindow.flatMap((e) => expectedKeys(e, context)),
    (key) => key,
  );
  return keys;
}

/** The published keys of SiteWise events, a failed run's promotion result read as SiteWise's one "failed". */
function publishedOf(events: readonly PublishedEvent[]): Keys {
  return collect(events, (event) => {
    const key = publishedKey(event);
    if (key?.[0] !== 'promotions') return key;
    const result = String(event.detail.autoPromotionResult);
    return FAILED_RESULTS.has(result) ? ['promotions', key[1].replace(result, FAILED_RESULT)] : key;
  });
}

export function compareWithSiteWiseLedger(
  ledger: readonly SiteWiseLedgerEntry[],
  events: readonly PublishedEvent[],
  window: ComparisonWindow,
): LedgerComparison {
  const expected = expectedOf(ledger, window);
  const published = publishedOf(events);
  return compareKeys(expected, published, events);
}

/** Each SiteWise model's active version at the end of the ledger, as the number of the run that made it. */
export function activeRuns(ledger: readonly SiteWiseLedgerEntry[]): Map<string, number> {
  const { versionRun } = numberRuns(ledger);
  const active = new Map<string, number>();
  for (const e of ledger) {
    if (e.resource !== 'activeModelVersion' || typeof e.to !== 'number') continue;
    const name = siteWiseModelName(e);
    active.set(name, versionRun.get(`${name} ${e.to}`) ?? e.to);
  }
  return active;
}
