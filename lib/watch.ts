// The watch use-case: one poll cycle over every model.
// Claim before publish: a cycle stores the new snapshot and its events (the outbox) in one conditional
// write, then publishes, then clears what went out. A crash anywhere leaves the events in the outbox
// for the next cycle to publish with the same ids; a concurrent cycle loses the conditional write.
import { mapLimit } from './concurrency.js';
import type { AutopilotEvent } from './core/events.js';
import type { ModelDetail, ModelSummary, VersionDetail } from './core/model.js';
import {
  isFirstObservation,
  type ModelSnapshot,
  needsObservation,
  type Observation,
  planVersions,
  schedulerNeedsDescribe,
} from './core/snapshot.js';
import { type DiffContext, diffDeletedModel, diffModel } from './core/transitions.js';
import type { Logger } from './logger.js';
import { type Claimed, hasExpiredPending, mergePending, publishClaimed } from './outbox.js';
import type {
  ActivationHistory,
  EventPublisher,
  ModelProvider,
  ModelStateStore,
  StoredModelState,
} from './ports.js';

export interface WatchDeps {
  provider: ModelProvider;
  store: ModelStateStore;
  /** Which versions the autopilot asked to activate (the decision log's activation records). */
  activations: ActivationHistory;
  publisher: EventPublisher;
  logger: Logger;
}

export interface WatchOptions {
  now: Date;
  /** Identifies this cycle as the owner of the events it claims. */
  owner: string;
  /** How long claimed events stay reserved for this cycle before another may publish them. */
  leaseMs: number;
  /** A first observation reports what changed within this window before now. */
  baselineLookbackMs: number;
  /** How long a finished run waits for its promotion result before one event says none came. */
  promotionResultWaitMs?: number;
  /** Models observed at once. */
  concurrency?: number;
  /** How long a deleted model's tombstone is kept. */
  tombstoneSeconds?: number;
  /** Time left in this invocation; models not yet started when it runs low wait for the next cycle. */
  remainingMs?: () => number;
  /** Time kept back for publishing what was claimed. */
  reserveMs?: number;
}

export interface CycleReport {
  models: number;
  observed: number;
  claimed: number;
  repaired: number;
  published: number;
  failed: number;
  conflicts: number;
  deleted: number;
  /** Models left for the next cycle because this one ran short of time. */
  deferred: number;
  errors: Array<{ model: string; message: string }>;
}

const DEFAULT_TOMBSTONE_SECONDS = 30 * 24 * 3600;

/** One cycle's inputs and what it has done so far. */
interface Cycle {
  deps: WatchDeps;
  options: WatchOptions;
  nowMs: number;
  /** The diff context every model shares (each adds its own autopilot activations). */
  ctxBase: Omit<DiffContext, 'autopilotActivations'>;
  states: Map<string, StoredModelState>;
  report: CycleReport;
  claimed: Claimed[];
}

/** A report of a cycle that has done nothing yet. */
export function emptyReport(): CycleReport {
  return {
    models: 0,
    observed: 0,
    claimed: 0,
    repaired: 0,
    published: 0,
    failed: 0,
    conflicts: 0,
    deleted: 0,
    deferred: 0,
    errors: [],
  };
}

function contextBase(options: WatchOptions, nowMs: number): Cycle['ctxBase'] {
  return {
    observedAt: options.now.toISOString(),
    baselineSince: new Date(nowMs - options.baselineLookbackMs).toISOString(),
    ...(options.promotionResultWaitMs === undefined
      ? {}
      : { promotionResultWaitMs: options.promotionResultWaitMs }),
  };
}

/** What one model's commit writes: its next snapshot (null: a tombstone) and the events it owes. */
interface ModelUpdate {
  snapshot: ModelSnapshot | null;
  events: AutopilotEvent[];
}

/** Claims the model's update with one conditional write; a lost race leaves the model to the winner. */
async function commit(
  cycle: Cycle,
  modelName: string,
  state: StoredModelState | undefined,
  update: ModelUpdate,
) {
  const { options, nowMs, report } = cycle;
  const { pending, mine, repaired } = mergePending(state, update.events, {
    owner: options.owner,
    nowMs,
    leaseMs: options.leaseMs,
  });
  const expiresAt =
    update.snapshot === null
      ? Math.floor(nowMs / 1000) + (options.tombstoneSeconds ?? DEFAULT_TOMBSTONE_SECONDS)
      : undefined;
  const claim = { snapshot: update.snapshot, pending, expiresAt };
  const ok = await cycle.deps.store.claim(modelName, state?.rev ?? null, claim);
  if (!ok) {
    report.conflicts++;
    cycle.deps.logger.info('another cycle updated the model first; leaving it to that cycle', {
      model: modelName,
    });
    return;
  }
  report.claimed += update.events.length;
  report.repaired += repaired;
  if (mine.length > 0) cycle.claimed.push({ modelName, entries: mine });
}

async function observe(
  provider: ModelProvider,
  prev: ModelSnapshot | undefined,
  detail: ModelDetail,
): Promise<Observation> {
  const versions = new Map<number, VersionDetail>();
  const unreadable: number[] = [];
  for (const version of planVersions(prev, detail)) {
    const described = await provider.describeVersion(detail.name, version);
    if (described) versions.set(version, described);
    else unreadable.push(version);
  }
  const describe =
    detail.schedulerStatus !== null && schedulerNeedsDescribe(prev, detail, unreadable, versions);
  const scheduler =
    detail.schedulerStatus === null
      ? null
      : describe
        ? await provider.describeRetrainingSchedule(detail.name)
        : undefined;
  return { summary: detail, detail, scheduler, versions, unreadable };
}

/** Reads a changed model and diffs it; a model re-created under its name first ends the old one. */
async function observeChanged(cycle: Cycle, prev: ModelSnapshot | undefined, detail: ModelDetail) {
  const { provider, activations } = cycle.deps;
  const replaced = prev !== undefined && isFirstObservation(prev, detail) ? prev : undefined;
  const base = replaced ? undefined : prev;
  const obs = await observe(provider, base, detail);
  const active = detail.activeVersion;
  const autopilotActivations =
    active !== null && active !== base?.activeVersion
      ? await activations.autopilotActivations(detail.arn, [active])
      : new Map<number, string>();
  const ctx: DiffContext = { ...cycle.ctxBase, autopilotActivations };
  const { snapshot, events } = diffModel(base, obs, ctx);
  const finals = replaced ? diffDeletedModel(replaced, ctx) : [];
  return { snapshot, events: [...finals, ...events] };
}

async function processListed(cycle: Cycle, summary: ModelSummary) {
  const name = summary.name;
  const state = cycle.states.get(name);
  const prev = state?.snapshot ?? undefined;
  if (!needsObservation(prev, summary)) {
    // Nothing to read, but an outbox whose lease ran out is taken over and published again.
    if (hasExpiredPending(state, cycle.nowMs))
      await commit(cycle, name, state, { snapshot: prev ?? null, events: [] });
    return;
  }
  const detail = await cycle.deps.provider.describeModel(name);
  if (!detail) return; // deleted between list and describe: the next cycle reports it
  cycle.report.observed++;
  await commit(cycle, name, state, await observeChanged(cycle, prev, detail));
}

async function processUnlisted(cycle: Cycle, state: StoredModelState) {
  const prev = state.snapshot;
  if (prev === null) {
    if (hasExpiredPending(state, cycle.nowMs))
      await commit(cycle, state.modelName, state, { snapshot: null, events: [] });
    return;
  }
  // A model missing from the list is confirmed gone before its final events are claimed.
  if (await cycle.deps.provider.describeModel(state.modelName)) return;
  cycle.report.deleted++;
  const events = diffDeletedModel(prev, { ...cycle.ctxBase, autopilotActivations: new Map() });
  await commit(cycle, state.modelName, state, { snapshot: null, events });
}

/** Runs one model's work unless time ran low; a model's failure is reported, never the cycle's. */
async function guarded(cycle: Cycle, name: string, fn: () => Promise<void>): Promise<void> {
  const { options, report } = cycle;
  const reserve = options.reserveMs ?? 20_000;
  if (options.remainingMs !== undefined && options.remainingMs() < reserve) {
    report.deferred++;
    return;
  }
  try {
    await fn();
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    report.errors.push({ model: name, message });
    cycle.deps.logger.error('model skipped this cycle', { model: name, error: message });
  }
}

export async function runWatchCycle(deps: WatchDeps, options: WatchOptions): Promise<CycleReport> {
  const nowMs = options.now.getTime();
  const states = await deps.store.loadModelStates();
  const cycle: Cycle = {
    deps,
    options,
    nowMs,
    ctxBase: contextBase(options, nowMs),
    states,
    report: emptyReport(),
    claimed: [],
  };
  const summaries: ModelSummary[] = [];
  for await (const page of deps.provider.listModelPages()) summaries.push(...page);
  cycle.report.models = summaries.length;
  const bySummaryName = new Map(summaries.map((s) => [s.name, s]));
  const concurrency = options.concurrency ?? 8;
  await mapLimit([...bySummaryName.values()], concurrency, (summary) =>
    guarded(cycle, summary.name, () => processListed(cycle, summary)),
  );
  const unlisted = [...states.values()].filter((s) => !bySummaryName.has(s.modelName));
  await mapLimit(unlisted, concurrency, (s) => guarded(cycle, s.modelName, () => processUnlisted(cycle, s)));
  const outcome = await publishClaimed(deps, cycle.claimed);
  if (outcome) Object.assign(cycle.report, outcome);
  return cycle.report;
}
