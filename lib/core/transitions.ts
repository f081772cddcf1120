// diff(previous snapshot, observation) → next snapshot + events. Pure: no I/O, no clock, no SDK.
import {
  type ActivationCause,
  type ActiveVersionChangeDetail,
  type AutopilotEvent,
  type DetailBase,
  DetailType,
  NO_PROMOTION_RESULT,
  type PromotionResultDetail,
  type RetrainingStateChangeDetail,
  SCHEMA_VERSION,
  type SchedulerStateChangeDetail,
} from './events.js';
import { deterministicId } from './ids.js';
import { parseModelMetrics, withAvailableData } from './metrics.js';
import { arnLocation, isFinalRunStatus, RETRAINING_SOURCE, type VersionDetail } from './model.js';
import {
  isFirstObservation,
  type ModelSnapshot,
  type Observation,
  type RunState,
  type SchedulerState,
  SNAPSHOT_FORMAT,
  summaryKey,
} from './snapshot.js';

export interface DiffContext {
  observedAt: string;
  /** A first observation reports only what is in progress or changed since this instant. */
  baselineSince: string;
  /** Versions apply-policy asked L4E to activate, with when it asked. */
  autopilotActivations: ReadonlyMap<number, string>;
  /**
   * How long a finished run waits for its promotion result before one event says none came
   * (default DEFAULT_PROMOTION_RESULT_WAIT_MS).
   */
  promotionResultWaitMs?: number;
}

export interface DiffResult {
  snapshot: ModelSnapshot;
  events: AutopilotEvent[];
}

/** How far apart apply-policy's request and L4E's activation time may be and still be the same act. */
export const AUTOPILOT_ATTRIBUTION_WINDOW_MS = 15 * 60 * 1000;
/** Final runs kept in the snapshot besides those still moving. */
const RECENT_RUNS_KEPT = 5;
const MANAGED_ACTIVATIONS_KEPT = 20;
export const DEFAULT_PROMOTION_RESULT_WAIT_MS = 24 * 3600 * 1000;

function base(modelName: string, modelArn: string, observedAt: string, eventId: string): DetailBase {
  const { account, region } = arnLocation(modelArn);
  return { schemaVersion: SCHEMA_VERSION, eventId, modelName, modelArn, account, region, observedAt };
}

function toSchedulerState(obs: Observation, prev: SchedulerState | null): SchedulerState | null {
  if (obs.summary.schedulerStatus === null) return null;
  const described = obs.scheduler;
  if (described) {
    return {
      status: obs.summary.schedulerStatus,
      promoteMode: described.promoteMode,
      frequency: described.frequency,
      lookbackWindow: described.lookbackWindow,
      startDate: described.startDate,
      nextDate: obs.summary.nextRetrainingDate,
      createdAt: described.createdAt,
    };
  }
  const kept = prev ?? {
    promoteMode: null,
    frequency: null,
    lookbackWindow: null,
    startDate: null,
    createdAt: null,
  };
  return { ...kept, status: obs.summary.schedulerStatus, nextDate: obs.summary.nextRetrainingDate };
}

function schedulerEvent(
  prevStatus: string | null,
  state: SchedulerState,
  seq: number,
  modelName: string,
  modelArn: string,
  observedAt: string,
): AutopilotEvent {
  const eventId = deterministicId(modelArn, 'scheduler', state.createdAt, seq, prevStatus, state.status);
  const detail: SchedulerStateChangeDetail = {
    ...base(modelName, modelArn, observedAt, eventId),
    previousStatus: prevStatus,
    status: state.status,
    promoteMode: state.promoteMode,
    retrainingFrequency: state.frequency,
    lookbackWindow: state.lookbackWindow,
    retrainingStartDate: state.startDate,
    nextScheduledRetrainingStartDate: state.nextDate,
  };
  return { detailType: DetailType.SchedulerStateChange, detail, resources: [modelArn], time: observedAt };
}

function runEvent(
  version: VersionDetail,
  prevStatus: string | null,
  promoteMode: string | null,
  modelArn: string,
  observedAt: string,
): AutopilotEvent {
  const eventId = deterministicId(modelArn, 'run', version.version, version.status);
  const detail: RetrainingStateChangeDetail = {
    ...base(version.modelName, modelArn, observedAt, eventId),
    modelVersion: version.version,
    modelVersionArn: version.arn,
    previousStatus: prevStatus,
    status: version.status,
    startTime: version.trainingStartTime ?? version.createdAt,
    failedReason: version.failedReason,
    availableDataInDays: version.availableDataInDays,
    promoteMode,
  };
  return {
    detailType: DetailType.RetrainingStateChange,
    detail,
    resources: version.arn ? [modelArn, version.arn] : [modelArn],
    time: observedAt,
  };
}

function promotionEvent(
  version: VersionDetail,
  promoteMode: string | null,
  activeVersion: number | null,
  modelArn: string,
  observedAt: string,
): AutopilotEvent {
  const eventId = deterministicId(modelArn, 'promotion', version.version);
  const metrics = withAvailableData(parseModelMetrics(version.metricsJson), version.availableDataInDays);
  const detail: PromotionResultDetail = {
    ...base(version.modelName, modelArn, observedAt, eventId),
    modelVersion: version.version,
    modelVersionArn: version.arn,
    autoPromotionResult: version.autoPromotionResult ?? '',
    autoPromotionResultReason: version.autoPromotionResultReason,
    promoteMode,
    modelQuality: version.modelQuality,
    metrics: metrics.metrics,
    priorMetrics: parseModelMetrics(version.priorMetricsJson).metrics,
    activeModelVersion: activeVersion,
  };
  return {
    detailType: DetailType.PromotionResult,
    detail,
    resources: version.arn ? [modelArn, version.arn] : [modelArn],
    time: observedAt,
  };
}

function activeEvent(
  modelName: string,
  modelArn: string,
  from: number | null,
  to: number | null,
  toArn: string | null,
  activatedAt: string | null,
  cause: ActivationCause,
  observedAt: string,
): AutopilotEvent {
  const eventId = deterministicId(modelArn, 'active', from, to, to === null ? 'gone' : activatedAt);
  const detail: ActiveVersionChangeDetail = {
    ...base(modelName, modelArn, observedAt, eventId),
    previousActiveVersion: from,
    activeVersion: to,
    activeVersionArn: toArn,
    activatedAt,
    cause,
  };
  return {
    detailType: DetailType.ActiveVersionChange,
    detail,
    resources: toArn ? [modelArn, toArn] : [modelArn],
    time: observedAt,
  };
}

function attributeActivation(
  version: number,
  activatedAt: string | null,
  obs: Observation,
  managedSeen: readonly number[],
  ctx: DiffContext,
): ActivationCause {
  const described = obs.versions.get(version);
  if (described?.autoPromotionResult === 'MODEL_PROMOTED' && !managedSeen.includes(version)) {
    return 'MANAGED_PROMOTION';
  }
  const requestedAt = ctx.autopilotActivations.get(version);
  if (requestedAt !== undefined) {
    if (activatedAt === null) return 'AUTOPILOT_POLICY';
    const gap = Math.abs(Date.parse(activatedAt) - Date.parse(requestedAt));
    if (gap <= AUTOPILOT_ATTRIBUTION_WINDOW_MS) return 'AUTOPILOT_POLICY';
  }
  return 'EXTERNAL';
}

function withinBaseline(time: string | null, ctx: DiffContext): boolean {
  return changedSince(time, ctx.baselineSince);
}

function changedSince(time: string | null, since: string): boolean {
  return time !== null && Date.parse(time) >= Date.parse(since);
}

function formatWait(ms: number): string {
  const hours = ms / 3_600_000;
  return Number.isInteger(hours) ? `${hours} h` : `${Math.round(ms / 60_000)} min`;
}

function noResultEvent(
  version: VersionDetail,
  promoteMode: string | null,
  activeVersion: number | null,
  modelArn: string,
  ctx: DiffContext,
  waitMs: number,
): AutopilotEvent {
  const reason = `L4E reported no promotion result within ${formatWait(waitMs)} of the run's ${version.status}.`;
  return promotionEvent(
    { ...version, autoPromotionResult: NO_PROMOTION_RESULT, autoPromotionResultReason: reason },
    promoteMode,
    activeVersion,
    modelArn,
    ctx.observedAt,
  );
}

function pruneRuns(runs: Record<string, RunState>): Record<string, RunState> {
  const keys = Object.keys(runs)
    .map(Number)
    .sort((a, b) => b - a);
  const kept: Record<string, RunState> = {};
  let finals = 0;
  for (const key of keys) {
    const run = runs[String(key)] as RunState;
    const moving = !isFinalRunStatus(run.status) || (run.retraining && !run.promotionReported);
    if (moving || finals < RECENT_RUNS_KEPT) kept[String(key)] = run;
    if (!moving) finals++;
  }
  return kept;
}

interface RunDiff {
  events: AutopilotEvent[];
  runs: Record<string, RunState>;
  unread: Record<string, string | null>;
}

interface RunInput {
  version: VersionDetail;
  known: RunState | undefined;
  /** A version read for the first time is judged by this baseline; null: everything is reportable. */
  baselineSince: string | null;
  promoteMode: string | null;
  obs: Observation;
  ctx: DiffContext;
}

/**
 * A retraining run's promotion: reported once when L4E gives a result; a run seen to finish without one
 * waits, bounded, then one event says none came; history from before the first observation owes nothing.
 */
function diffPromotion(
  { version, known, promoteMode, obs, ctx }: RunInput,
  reportable: boolean,
): { event: AutopilotEvent | null; reported: boolean; awaitingSince?: string } {
  if (known?.promotionReported) return { event: null, reported: true };
  const activeVersion = obs.detail.activeVersion;
  if (version.autoPromotionResult !== null) {
    const event = reportable
      ? promotionEvent(version, promoteMode, activeVersion, obs.summary.arn, ctx.observedAt)
      : null;
    return { event, reported: true };
  }
  if (!isFinalRunStatus(version.status)) return { event: null, reported: false };
  if (!reportable) return { event: null, reported: true };
  const waitMs = ctx.promotionResultWaitMs ?? DEFAULT_PROMOTION_RESULT_WAIT_MS;
  const awaitingSince = known?.awaitingSince ?? ctx.observedAt;
  if (Date.parse(ctx.observedAt) - Date.parse(awaitingSince) < waitMs) {
    return { event: null, reported: false, awaitingSince };
  }
  const event = noResultEvent(version, promoteMode, activeVersion, obs.summary.arn, ctx, waitMs);
  return { event, reported: true };
}

/** One version's run and promotion events, and what the snapshot keeps about it. */
function diffRun(input: RunInput): { events: AutopilotEvent[]; run: RunState } {
  const { version, known, baselineSince, promoteMode, obs, ctx } = input;
  const arn = obs.summary.arn;
  const events: AutopilotEvent[] = [];
  const retraining = version.sourceType === RETRAINING_SOURCE;
  const final = isFinalRunStatus(version.status);
  const reportable =
    known !== undefined ||
    baselineSince === null ||
    !final ||
    changedSince(version.updatedAt ?? version.createdAt, baselineSince);
  if (retraining && reportable && (known === undefined || known.status !== version.status)) {
    events.push(runEvent(version, known?.status ?? null, promoteMode, arn, ctx.observedAt));
  }
  const promotion = retraining ? diffPromotion(input, reportable) : null;
  if (promotion?.event) events.push(promotion.event);
  const promotionReported = promotion?.reported ?? known?.promotionReported ?? false;
  const awaitingSince = promotion?.awaitingSince;
  const run: RunState = { status: version.status, retraining, promotionReported };
  if (awaitingSince !== undefined && !promotionReported) run.awaitingSince = awaitingSince;
  return { events, run };
}

function diffRuns(
  prev: ModelSnapshot | undefined,
  first: boolean,
  obs: Observation,
  promoteMode: string | null,
  ctx: DiffContext,
): RunDiff {
  const runs: Record<string, RunState> = first || !prev ? {} : { ...prev.runs };
  const wasUnread: Record<string, string | null> = first || !prev ? {} : (prev.unreadVersions ?? {});
  const isNew = (v: number) =>
    runs[String(v)] === undefined && (first || v > (prev?.latestVersion ?? 0) || String(v) in wasUnread);
  const baselineOf = (v: number): string | null =>
    first ? ctx.baselineSince : (wasUnread[String(v)] ?? null);
  const events: AutopilotEvent[] = [];
  const versions = [...obs.versions.values()].sort((a, b) => a.version - b.version);
  for (const version of versions) {
    const known = runs[String(version.version)];
    if (known === undefined && !isNew(version.version)) continue;
    const diff = diffRun({
      version,
      known,
      baselineSince: baselineOf(version.version),
      promoteMode,
      obs,
      ctx,
    });
    events.push(...diff.events);
    runs[String(version.version)] = diff.run;
  }
  // A version L4E names but does not yet return stays unread, never skipped: it is read again next cycle.
  const unread: Record<string, string | null> = {};
  for (const v of obs.unreadable ?? []) {
    if (!obs.versions.has(v) && isNew(v)) unread[String(v)] = baselineOf(v);
  }
  return { events, runs: pruneRuns(runs), unread };
}

function diffScheduler(
  prev: ModelSnapshot | undefined,
  first: boolean,
  next: SchedulerState | null,
  obs: Observation,
  ctx: DiffContext,
): { events: AutopilotEvent[]; seq: number } {
  const { name, arn } = obs.summary;
  let seq = first || !prev ? 0 : prev.schedulerSeq;
  const before = first || !prev ? null : prev.scheduler;
  const events: AutopilotEvent[] = [];
  const emit = (from: string | null, state: SchedulerState) => {
    seq += 1;
    events.push(schedulerEvent(from, state, seq, name, arn, ctx.observedAt));
  };
  if (first) {
    const settling = next !== null && (next.status === 'PENDING' || next.status === 'STOPPING');
    const recent = withinBaseline(obs.summary.createdAt, ctx) || withinBaseline(next?.createdAt ?? null, ctx);
    if (next !== null && (settling || recent)) emit(null, next);
    return { events, seq };
  }
  if (before !== null && next === null) {
    if (before.status !== 'DELETED') emit(before.status, { ...before, status: 'DELETED', nextDate: null });
    return { events, seq };
  }
  if (next === null) return { events, seq };
  const recreated =
    before !== null &&
    before.createdAt !== null &&
    next.createdAt !== null &&
    before.createdAt !== next.createdAt;
  if (recreated && before) {
    emit(before.status, { ...before, status: 'DELETED', nextDate: null });
    emit(null, next);
  } else if (before === null || before.status !== next.status) {
    emit(before?.status ?? null, next);
  }
  return { events, seq };
}

interface ActiveDiff {
  events: AutopilotEvent[];
  managed: number[];
  kept: Pick<ModelSnapshot, 'activeVersion' | 'activeVersionArn' | 'activatedAt'>;
}

function diffActive(
  prev: ModelSnapshot | undefined,
  first: boolean,
  obs: Observation,
  ctx: DiffContext,
): ActiveDiff {
  const { summary, detail } = obs;
  let managed = first || !prev ? [] : [...prev.managedActivations];
  const current = {
    activeVersion: detail.activeVersion,
    activeVersionArn: detail.activeVersionArn,
    activatedAt: detail.activatedAt,
  };
  const previousActive = first ? detail.previousActiveVersion : (prev?.activeVersion ?? null);
  const changed = first
    ? detail.activeVersion !== null && withinBaseline(detail.activatedAt, ctx)
    : detail.activeVersion !== prev?.activeVersion;
  if (!changed) return { events: [], managed, kept: current };
  if (detail.activeVersion === null) {
    const gone = activeEvent(
      summary.name,
      summary.arn,
      previousActive,
      null,
      null,
      null,
      'EXTERNAL',
      ctx.observedAt,
    );
    return { events: [gone], managed, kept: current };
  }
  if (!first && prev && (obs.unreadable ?? []).includes(detail.activeVersion)) {
    // Its cause cannot be told without reading it: the change waits (the snapshot keeps the old one).
    const { activeVersion, activeVersionArn, activatedAt } = prev;
    return { events: [], managed, kept: { activeVersion, activeVersionArn, activatedAt } };
  }
  const cause = attributeActivation(detail.activeVersion, detail.activatedAt, obs, managed, ctx);
  if (cause === 'MANAGED_PROMOTION')
    managed = [...managed, detail.activeVersion].slice(-MANAGED_ACTIVATIONS_KEPT);
  const event = activeEvent(
    summary.name,
    summary.arn,
    previousActive,
    detail.activeVersion,
    detail.activeVersionArn,
    detail.activatedAt,
    cause,
    ctx.observedAt,
  );
  return { events: [event], managed, kept: current };
}

/** One model's changes since the previous snapshot. */
export function diffModel(prev: ModelSnapshot | undefined, obs: Observation, ctx: DiffContext): DiffResult {
  const first = isFirstObservation(prev, obs.summary);
  const { summary, detail } = obs;
  const scheduler = toSchedulerState(obs, first ? null : (prev?.scheduler ?? null));
  const schedulerDiff = diffScheduler(prev, first, scheduler, obs, ctx);
  const promoteMode = scheduler?.promoteMode ?? (first ? null : (prev?.scheduler?.promoteMode ?? null));
  const runDiff = diffRuns(prev, first, obs, promoteMode, ctx);
  const events = [...schedulerDiff.events, ...runDiff.events];

  const active = diffActive(prev, first, obs, ctx);
  events.push(...active.events);

  const described = [...obs.versions.keys()];
  const snapshot: ModelSnapshot = {
    format: SNAPSHOT_FORMAT,
    modelName: summary.name,
    modelArn: summary.arn,
    summaryKey: summaryKey(summary),
    status: detail.status,
    ...active.kept,
    scheduler,
    schedulerSeq: schedulerDiff.seq,
    latestVersion: Math.max(
      first ? 0 : (prev?.latestVersion ?? 0),
      detail.latestRunVersion ?? 0,
      detail.activeVersion ?? 0,
      ...described,
    ),
    runs: runDiff.runs,
    managedActivations: active.managed,
    ...(Object.keys(runDiff.unread).length > 0 ? { unreadVersions: runDiff.unread } : {}),
    observedAt: ctx.observedAt,
  };
  return { snapshot, events };
}

/** The final events of a model that no longer exists. */
export function diffDeletedModel(prev: ModelSnapshot, ctx: DiffContext): AutopilotEvent[] {
  const events: AutopilotEvent[] = [];
  if (prev.scheduler !== null && prev.scheduler.status !== 'DELETED') {
    const state = { ...prev.scheduler, status: 'DELETED', nextDate: null };
    events.push(
      schedulerEvent(
        prev.scheduler.status,
        state,
        prev.schedulerSeq + 1,
        prev.modelName,
        prev.modelArn,
        ctx.observedAt,
      ),
    );
  }
  if (prev.activeVersion !== null) {
    events.push(
      activeEvent(
        prev.modelName,
        prev.modelArn,
        prev.activeVersion,
        null,
        null,
        null,
        'EXTERNAL',
        ctx.observedAt,
      ),
    );
  }
  return events;
}
