// The watch use-case: one poll cycle over every model.
// Claim before publish: a cycle stores the new snapshot and its events (the outbox) in one conditional
// write, then publishes, then clears what went out. A crash anywhere leaves the events in the outbox
// for the next cycle to publish with the same ids; a concurrent cycle loses the conditional write.
import { mapLimit } from './concurrency.js';
import type { AutopilotEvent } from './core/events.js';
import type { ModelDetail, VersionDetail } from './core/model.js';
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
import type { EventPublisher, ModelProvider, PendingEvent, StateStore, StoredModelState } from './ports.js';

export interface WatchDeps {
  provider: ModelProvider;
  store: StateStore;
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

interface Claimed {
  modelName: string;
  entries: PendingEvent[];
}

const DEFAULT_TOMBSTONE_SECONDS = 30 * 24 * 3600;

function mergePending(
  state: StoredModelState | undefined,
  events: readonly AutopilotEvent[],
  options: WatchOptions,
): { pending: Record<string, PendingEvent>; mine: PendingEvent[]; repaired: number } {
  const nowMs = options.now.getTime();
  const leaseUntil = nowMs + options.leaseMs;
  const pending: Record<string, PendingEvent> = {};
  const mine: PendingEvent[] = [];
  let repaired = 0;
  let seq = 0;
  for (const [id, entry] of Object.entries(state?.pending ?? {})) {
    seq = Math.max(seq, entry.seq);
    if (entry.leaseUntil <= nowMs) {
      const taken = { ...entry, owner: options.owner, leaseUntil };
      pending[id] = taken;
      mine.push(taken);
      repaired++;
    } else {
      pending[id] = entry;
    }
  }
  for (const event of events) {
    const id = event.detail.eventId;
    if (pending[id]) continue;
    seq += 1;
    const entry: PendingEvent = { event, seq, owner: options.owner, leaseUntil };
    pending[id] = entry;
    mine.push(entry);
  }
  return { pending, mine, repaired };
}

function hasExpiredPending(state: StoredModelState | undefined, nowMs: number): boolean {
  return Object.values(state?.pending ?? {}).some((entry) => entry.leaseUntil <= nowMs);
}

export async function runWatchCycle(deps: WatchDeps, options: WatchOptions): Promise<CycleReport> {
  const { provider, store, publisher, logger } = deps;
  const nowMs = options.now.getTime();
  const ctxBase = {
    observedAt: options.now.toISOString(),
    baselineSince: new Date(nowMs - options.baselineLookbackMs).toISOString(),
    ...(options.promotionResultWaitMs === undefined
      ? {}
      : { promotionResultWaitMs: options.promotionResultWaitMs }),
  };
  const report: CycleReport = {
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
  const reserve = options.reserveMs ?? 20_000;
  const outOfTime = () => options.remainingMs !== undefined && options.remainingMs() < reserve;
  const claimed: Claimed[] = [];

  const states = await store.loadModelStates();
  const summaries = [];
  for await (const page of provider.listModelPages()) summaries.push(...page);
  report.models = summaries.length;
  const bySummaryName = new Map(summaries.map((s) => [s.name, s]));
  const listed = new Set(bySummaryName.keys());

  async function commit(
    modelName: string,
    state: StoredModelState | undefined,
    snapshot: ModelSnapshot | null,
    events: AutopilotEvent[],
  ) {
    const { pending, mine, repaired } = mergePending(state, events, options);
    const expiresAt =
      snapshot === null
        ? Math.floor(nowMs / 1000) + (options.tombstoneSeconds ?? DEFAULT_TOMBSTONE_SECONDS)
        : undefined;
    const ok = await store.claim(modelName, state?.rev ?? null, { snapshot, pending, expiresAt });
    if (!ok) {
      report.conflicts++;
      logger.info('another cycle updated the model first; leaving it to that cycle', { model: modelName });
      return;
    }
    report.claimed += events.length;
    report.repaired += repaired;
    if (mine.length > 0) claimed.push({ modelName, entries: mine });
  }

  async function observe(prev: ModelSnapshot | undefined, detail: ModelDetail): Promise<Observation> {
    const versions = new Map<number, VersionDetail>();
    const unreadable: number[] = [];
    for (const version of planVersions(prev, detail)) {
      const described = await provider.describeVersion(detail.name, version);
      if (described) versions.set(version, described);
      else unreadable.push(version);
    }
    const scheduler =
      detail.schedulerStatus === null
        ? null
        : schedulerNeedsDescribe(prev, detail, unreadable, versions)
          ? await provider.describeScheduler(detail.name)
          : undefined;
    return { summary: detail, detail, scheduler, versions, unreadable };
  }

  async function processListed(name: string) {
    const state = states.get(name);
    const summary = bySummaryName.get(name);
    if (!summary) return;
    const prev = state?.snapshot ?? undefined;
    if (!needsObservation(prev, summary) && !hasExpiredPending(state, nowMs)) return;
    if (!needsObservation(prev, summary)) {
      await commit(name, state, prev ?? null, []);
      return;
    }
    const detail = await provider.describeModel(name);
    if (!detail) return; // deleted between list and describe: the next cycle reports it
    report.observed++;
    const replaced = prev !== undefined && isFirstObservation(prev, detail) ? prev : undefined;
    const base = replaced ? undefined : prev;
    const obs = await observe(base, detail);
    const activeChanged = detail.activeVersion !== null && detail.activeVersion !== base?.activeVersion;
    const autopilotActivations = activeChanged
      ? await store.autopilotActivations(detail.arn, [detail.activeVersion as number])
      : new Map<number, string>();
    const ctx: DiffContext = { ...ctxBase, autopilotActivations };
    const { snapshot, events } = diffModel(base, obs, ctx);
    const finals = replaced ? diffDeletedModel(replaced, ctx) : [];
    await commit(name, state, snapshot, [...finals, ...events]);
  }

  async function processUnlisted(state: StoredModelState) {
    const prev = state.snapshot;
    if (prev === null) {
      if (hasExpiredPending(state, nowMs)) await commit(state.modelName, state, null, []);
      return;
    }
    // A model missing from the list is confirmed gone before its final events are claimed.
    if (await provider.describeModel(state.modelName)) return;
    report.deleted++;
    const events = diffDeletedModel(prev, { ...ctxBase, autopilotActivations: new Map() });
    await commit(state.modelName, state, null, events);
  }

  const guarded = (name: string, fn: () => Promise<void>) => async () => {
    if (outOfTime()) {
      report.deferred++;
      return;
    }
    try {
      await fn();
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      report.errors.push({ model: name, message });
      logger.error('model skipped this cycle', { model: name, error: message });
    }
  };

  const concurrency = options.concurrency ?? 8;
  await mapLimit([...listed], concurrency, (name) => guarded(name, () => processListed(name))());
  const unlisted = [...states.values()].filter((s) => !listed.has(s.modelName));
  await mapLimit(unlisted, concurrency, (s) => guarded(s.modelName, () => processUnlisted(s))());

  const ordered = claimed.flatMap((c) =>
    [...c.entries].sort((a, b) => a.seq - b.seq).map((entry) => ({ model: c.modelName, entry })),
  );
  if (ordered.length > 0) {
    const result = await publisher.publish(ordered.map((o) => o.entry.event));
    report.published = result.published.length;
    report.failed = result.failed.length;
    for (const failure of result.failed) {
      logger.warn('event not published; it stays in the outbox for the next cycle', failure);
    }
    const publishedIds = new Set(result.published);
    const byModel = new Map<string, string[]>();
    for (const { model, entry } of ordered) {
      const id = entry.event.detail.eventId;
      if (!publishedIds.has(id)) continue;
      byModel.set(model, [...(byModel.get(model) ?? []), id]);
    }
    for (const [model, ids] of byModel) await store.clearPending(model, ids);
  }
  return report;
}
