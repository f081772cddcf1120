// Retraining schedulers on the simulated clock: status changes, the run series, each run's new version,
// its outcome and the promotion decision (MANAGED / MANUAL).

import { addDuration, DAY_MS, MINUTE_MS, parseDuration, truncateToUtcDay } from './durations.js';
import { syncAccumulated } from './inference.js';
import {
  applyOverrides,
  degradeMetrics,
  generateMetrics,
  type MetricValues,
  type ModelQuality,
  modelQualityOf,
  scoreMetrics,
} from './metrics-generator.js';
import {
  coveredDays,
  firstOccurrenceIndex,
  lookbackDays,
  occurrence,
  parseRetrainingFrequency,
  retrainingAnchor,
} from './retraining-schedule.js';
import type { ParsedRunSpec } from './scenario.js';
import type { SimEvent, Simulation } from './simulation.js';
import type {
  AutoPromotionResult,
  ModelState,
  ModelVersionState,
  PendingWork,
  RetrainingSchedulerState,
  SchedulerStatus,
} from './state.js';
import {
  activateVersion,
  addVersion,
  isBusy,
  liveModel,
  metricsSeedKey,
  setVersionStatus,
  splitRange,
  versionOf,
} from './training.js';

const MAX_REASON = 256;
const DEFAULT_FAILED_REASONS = {
  CUSTOMER: 'Retraining failed: the sensor data in the lookback window did not pass validation.',
  INTERNAL: 'Retraining failed because of an internal service error.',
} as const;

export function setRetrainingStatus(
  sim: Simulation,
  scheduler: RetrainingSchedulerState,
  status: SchedulerStatus | 'DELETED',
  cause: string,
): void {
  if (scheduler.status === status) return;
  sim.record({
    resource: 'retrainingScheduler',
    modelName: scheduler.modelName,
    modelVersion: null,
    name: scheduler.modelName,
    field: 'Status',
    from: scheduler.status,
    to: status,
    cause,
  });
  if (status !== 'DELETED') scheduler.status = status;
  scheduler.updatedAt = sim.now;
}

function knobMs(sim: Simulation, text: string): number {
  return Math.max(0, addDuration(sim.now, parseDuration(text)) - sim.now);
}

/**
 * Schedules the first run instant at or after `notBefore` and forgets any earlier plan. With
 * `runToday`, an occurrence that fell earlier on the current UTC day runs at once instead of waiting a
 * whole period (the startDateToday knob).
 */
export function planNextRun(
  sim: Simulation,
  scheduler: RetrainingSchedulerState,
  notBefore: number,
  runToday = false,
): void {
  scheduler.ticket++;
  const frequency = parseRetrainingFrequency(scheduler.frequency);
  if (frequency === undefined || scheduler.anchor === undefined) return;
  let index = firstOccurrenceIndex(scheduler.anchor, frequency, notBefore);
  let at = occurrence(scheduler.anchor, frequency, index);
  if (runToday && index > 0) {
    const missed = occurrence(scheduler.anchor, frequency, index - 1);
    if (missed >= truncateToUtcDay(notBefore) && missed < notBefore) {
      index -= 1;
      at = notBefore;
    }
  }
  scheduler.nextRunAt = at;
  scheduler.nextRunIndex = index;
  sim.schedule(at, {
    kind: 'retrainingDue',
    model: scheduler.modelName,
    modelArn: scheduler.modelArn,
    ticket: scheduler.ticket,
  });
}

/** RUNNING at once (a scenario's initial state, or the end of a start's settle). */
export function startRetraining(
  sim: Simulation,
  scheduler: RetrainingSchedulerState,
  cause: string,
  runToday = false,
): void {
  delete scheduler.starting;
  if (scheduler.startDate !== undefined || scheduler.anchor === undefined) {
    scheduler.anchor = retrainingAnchor(scheduler.startDate, sim.now);
  }
  setRetrainingStatus(sim, scheduler, 'RUNNING', cause);
  planNextRun(sim, scheduler, sim.now, runToday);
}

/**
 * StartRetrainingScheduler: PENDING, as AWS's own example answers, and RUNNING once the startSettle knob's
 * time has passed. A start while already starting changes nothing.
 */
export function requestRetrainingStart(
  sim: Simulation,
  scheduler: RetrainingSchedulerState,
  cause: string,
): void {
  if (scheduler.status === 'PENDING' && scheduler.starting === true) return;
  setRetrainingStatus(sim, scheduler, 'PENDING', cause);
  scheduler.ticket++;
  scheduler.starting = true;
  delete scheduler.nextRunAt;
  delete scheduler.nextRunIndex;
  sim.schedule(sim.now + knobMs(sim, sim.knobsFor(scheduler.modelName).startSettle), {
    kind: 'retrainingStarted',
    model: scheduler.modelName,
    modelArn: scheduler.modelArn,
    ticket: scheduler.ticket,
  });
}

export function onStartSettled(
  sim: Simulation,
  event: Extract<SimEvent, { kind: 'retrainingStarted' }>,
): void {
  const scheduler = sim.store.retrainingSchedulers.get(event.model);
  if (scheduler === undefined || scheduler.modelArn !== event.modelArn || scheduler.ticket !== event.ticket)
    return;
  if (scheduler.status !== 'PENDING' || scheduler.starting !== true) return;
  const runToday = sim.knobsFor(scheduler.modelName).startDateToday === 'today';
  startRetraining(sim, scheduler, 'SCHEDULER', runToday);
}

export function stopRetraining(sim: Simulation, scheduler: RetrainingSchedulerState, cause: string): void {
  scheduler.ticket++;
  delete scheduler.nextRunAt;
  delete scheduler.nextRunIndex;
  setRetrainingStatus(sim, scheduler, 'STOPPING', cause);
  const running = scheduler.runningVersion;
  if (running !== undefined && sim.knobsFor(scheduler.modelName).cancelOnStop) {
    const model = liveModel(sim, scheduler.modelName, scheduler.modelArn);
    const version = model === undefined ? undefined : versionOf(model, running);
    if (model !== undefined && version?.pending?.kind === 'retraining') {
      finishRun(sim, model, version, {
        status: 'CANCELED',
        result: 'RETRAINING_CANCELLED',
        reason: 'The retraining run was canceled because its retraining scheduler was stopped.',
        promote: false,
      });
    }
  }
  if (scheduler.runningVersion === undefined) {
    sim.schedule(sim.now + sim.settings.defaults.stopMinutes * MINUTE_MS, {
      kind: 'retrainingStopped',
      model: scheduler.modelName,
      modelArn: scheduler.modelArn,
      ticket: scheduler.ticket,
    });
  }
}

/** Re-plans a RUNNING scheduler after its start date or frequency changed. */
export function replanRetraining(
  sim: Simulation,
  scheduler: RetrainingSchedulerState,
  startDateChanged: boolean,
): void {
  if (startDateChanged && scheduler.startDate !== undefined) scheduler.anchor = scheduler.startDate;
  if (scheduler.status === 'RUNNING') planNextRun(sim, scheduler, sim.now);
}

export function onStopFinished(
  sim: Simulation,
  event: Extract<SimEvent, { kind: 'retrainingStopped' }>,
): void {
  const scheduler = sim.store.retrainingSchedulers.get(event.model);
  if (scheduler === undefined || scheduler.modelArn !== event.modelArn || scheduler.ticket !== event.ticket)
    return;
  if (scheduler.status === 'STOPPING' && scheduler.runningVersion === undefined) {
    setRetrainingStatus(sim, scheduler, 'STOPPED', 'SCHEDULER');
  }
}

export function onRetrainingDue(sim: Simulation, event: Extract<SimEvent, { kind: 'retrainingDue' }>): void {
  const scheduler = sim.store.retrainingSchedulers.get(event.model);
  if (scheduler === undefined || scheduler.modelArn !== event.modelArn || scheduler.ticket !== event.ticket)
    return;
  if (scheduler.status !== 'RUNNING') return;
  const model = liveModel(sim, event.model, event.modelArn);
  if (model !== undefined) startRun(sim, scheduler, model);
  planNextRun(sim, scheduler, sim.now + 1);
}

function runDurationMs(model: ModelState, spec: ParsedRunSpec | undefined, now: number): number {
  if (spec?.duration === undefined) return model.behaviour.trainingMs;
  return Math.max(MINUTE_MS, addDuration(now, parseDuration(spec.duration)) - now);
}

function startRun(sim: Simulation, scheduler: RetrainingSchedulerState, model: ModelState): void {
  // A run still in progress, or a model without a usable active version, skips this occurrence.
  if (scheduler.runningVersion !== undefined || model.activeVersion === undefined || isBusy(model)) return;
  syncAccumulated(sim, model);
  const behaviour = model.behaviour;
  behaviour.runsStarted++;
  const spec = behaviour.runs.shift();
  const window = { start: sim.now - (lookbackDays(scheduler.lookback) ?? 180) * DAY_MS, end: sim.now };
  const ranges = [model.datasetData, ...(model.accumulated ?? [])];
  const available = coveredDays(window, ranges);
  const dataStart = Math.max(window.start, Math.min(...ranges.map((r) => r.start)));
  const dataEnd = Math.min(window.end, Math.max(...ranges.map((r) => r.end)));
  const split = dataEnd > dataStart ? splitRange({ start: dataStart, end: dataEnd }) : undefined;
  const version = addVersion(
    sim,
    model,
    {
      status: 'IN_PROGRESS',
      sourceType: 'RETRAINING',
      createdAt: sim.now,
      datasetName: model.datasetName,
      datasetArn: model.datasetArn,
      config: structuredClone(model.config),
      labeled: spec?.labeled ?? model.labeled,
      ...(split === undefined ? {} : { training: split.training, evaluation: split.evaluation }),
      trainingExecution: { start: sim.now },
      retrainingAvailableDataInDays: available,
      pending: {
        kind: 'retraining',
        spec,
        runIndex: behaviour.runsStarted,
        promoteMode: scheduler.promoteMode,
      },
    },
    'RETRAINING',
  );
  scheduler.runningVersion = version.version;
  sim.schedule(sim.now + runDurationMs(model, spec, sim.now), {
    kind: 'retrainingDone',
    model: model.name,
    modelArn: model.arn,
    version: version.version,
  });
}

function truncate(text: string): string {
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON - 3)}...` : text;
}

function priorMetricsOf(
  sim: Simulation,
  model: ModelState,
  spec: ParsedRunSpec | undefined,
): MetricValues | undefined {
  const active = model.activeVersion === undefined ? undefined : versionOf(model, model.activeVersion);
  if (active?.metrics === undefined) return undefined;
  const trainedAt = active.trainingExecution?.end ?? active.createdAt;
  const ageDays = Math.max(0, (sim.now - trainedAt) / DAY_MS);
  return applyOverrides(
    degradeMetrics(active.metrics, model.behaviour.driftPer30Days, ageDays),
    spec?.priorMetrics,
  );
}

/** A promotion result waiting to be applied to a version that finished its run. */
type PromotionDue = NonNullable<ModelVersionState['pendingPromotion']>;

interface Outcome {
  status: 'SUCCESS' | 'FAILED' | 'CANCELED';
  result: AutoPromotionResult;
  reason: string;
  promote: boolean;
}

/** What the guide's retraining-metrics table says for a MANAGED (or MANUAL) run that succeeded. */
export interface PromotionInput {
  promoteMode: string;
  version: number;
  /** Whether the new version and the then-active version were trained with labels. */
  newLabeled: boolean;
  oldLabeled: boolean;
  activeVersion: number | undefined;
  metrics: MetricValues;
  /** The active version scored on the new data. */
  prior: MetricValues | undefined;
  modelQuality: ModelQuality | undefined;
}

export interface PromotionDecision {
  result: 'MODEL_PROMOTED' | 'MODEL_NOT_PROMOTED';
  reason: string;
  promote: boolean;
  /** PriorModelMetrics appear only where the guide shows metrics for both models. */
  showPrior: boolean;
}

/**
 * The guide ("Retraining your model", Understanding retraining metrics): old labeled ⇒ both models are
 * scored on the new data and compared, whatever the new model's quality assessment; old unlabeled and
 * new unlabeled ⇒ the new model is selected; old unlabeled and new labeled ⇒ the new model is selected
 * if it meets the quality threshold. MANUAL never promotes.
 */
export function decidePromotion(input: PromotionInput): PromotionDecision {
  const { version } = input;
  const showPrior = input.oldLabeled && input.prior !== undefined;
  if (input.promoteMode === 'MANUAL') {
    return {
      result: 'MODEL_NOT_PROMOTED',
      reason: `The retraining scheduler is in MANUAL promote mode, so model version ${version} was not promoted. Activate it with UpdateActiveModelVersion.`,
      promote: false,
      showPrior,
    };
  }
  if (!input.oldLabeled || input.prior === undefined) {
    if (!input.newLabeled) {
      return {
        result: 'MODEL_PROMOTED',
        reason: `Neither model version ${version} nor the active version was trained with labels, so the new version was promoted.`,
        promote: true,
        showPrior,
      };
    }
    const meets = input.modelQuality === 'QUALITY_THRESHOLD_MET';
    return {
      result: meets ? 'MODEL_PROMOTED' : 'MODEL_NOT_PROMOTED',
      reason: meets
        ? `The active version was trained without labels; model version ${version} meets the quality threshold and was promoted.`
        : `The active version was trained without labels; model version ${version} does not meet the quality threshold (${input.modelQuality ?? 'no assessment'}) and was not promoted.`,
      promote: meets,
      showPrior,
    };
  }
  // Without labels in the new data only the unknown events can be compared.
  const labeledComparison = input.newLabeled;
  const score = (values: MetricValues): number =>
    scoreMetrics(labeledComparison ? values : { ...values, labeled: false });
  const newScore = score(input.metrics);
  const priorScore = score(input.prior);
  const better = newScore > priorScore;
  const against = `${priorScore.toFixed(3)} for active version ${input.activeVersion ?? '?'}`;
  return {
    result: better ? 'MODEL_PROMOTED' : 'MODEL_NOT_PROMOTED',
    reason: better
      ? `Model version ${version} scored ${newScore.toFixed(3)} against ${against} on the same data and was promoted.`
      : `Model version ${version} scored ${newScore.toFixed(3)}, not better than ${against} on the same data; it was not promoted.`,
    promote: better,
    showPrior,
  };
}

/** The outcome a run has before any promotion is weighed: too little data, or one its spec dictates. */
function presetOutcome(
  sim: Simulation,
  version: ModelVersionState,
  spec: ParsedRunSpec | undefined,
): Outcome | undefined {
  const minimum = sim.settings.defaults.minAvailableDataDays;
  const available = version.retrainingAvailableDataInDays ?? 0;
  if (available < minimum) {
    const reason = `Insufficient data: ${available} days available in the lookback window, at least ${minimum} required.`;
    return { status: 'FAILED', result: 'RETRAINING_CUSTOMER_ERROR', reason, promote: false };
  }
  if (spec?.outcome === 'CANCELED') {
    return {
      status: 'CANCELED',
      result: 'RETRAINING_CANCELLED',
      reason: 'The retraining run was canceled.',
      promote: false,
    };
  }
  if (spec?.outcome === 'FAILED') {
    const kind = spec.failureKind ?? 'CUSTOMER';
    const reason = spec.failedReason ?? DEFAULT_FAILED_REASONS[kind];
    const result = kind === 'CUSTOMER' ? 'RETRAINING_CUSTOMER_ERROR' : 'RETRAINING_INTERNAL_ERROR';
    return { status: 'FAILED', result, reason, promote: false };
  }
  return undefined;
}

/** A run that succeeded: what the promotion mode makes of its metrics against the active version's. */
function promotionOutcome(model: ModelState, version: ModelVersionState, promoteMode: string): Outcome {
  const active = model.activeVersion === undefined ? undefined : versionOf(model, model.activeVersion);
  const decision = decidePromotion({
    promoteMode,
    version: version.version,
    newLabeled: version.labeled,
    oldLabeled: active?.labeled ?? false,
    activeVersion: model.activeVersion,
    metrics: version.metrics as MetricValues,
    prior: version.priorMetrics,
    modelQuality: version.modelQuality,
  });
  if (!decision.showPrior) delete version.priorMetrics;
  return { status: 'SUCCESS', result: decision.result, reason: decision.reason, promote: decision.promote };
}

export function onRetrainingFinished(
  sim: Simulation,
  event: Extract<SimEvent, { kind: 'retrainingDone' }>,
): void {
  const model = liveModel(sim, event.model, event.modelArn);
  const version = model === undefined ? undefined : versionOf(model, event.version);
  if (model === undefined || version?.pending?.kind !== 'retraining') return;
  finishRun(sim, model, version);
}

/** Ends a run: with its own outcome, or a forced one (a Stop that cancels it). */
function finishRun(sim: Simulation, model: ModelState, version: ModelVersionState, forced?: Outcome): void {
  const pending = version.pending;
  if (pending?.kind !== 'retraining') return;
  const scheduler = sim.store.retrainingSchedulers.get(model.name);
  const promoteMode = scheduler?.promoteMode ?? pending.promoteMode;
  const spec = pending.spec;
  const succeeding = forced === undefined && (spec === undefined || spec.outcome === 'SUCCESS');
  if (succeeding) scoreRun(sim, model, version, pending);
  const outcome =
    forced ?? presetOutcome(sim, version, spec) ?? promotionOutcome(model, version, promoteMode);
  if (outcome.status !== 'SUCCESS') {
    delete version.metrics;
    delete version.priorMetrics;
    delete version.modelQuality;
    if (outcome.status === 'FAILED') version.failedReason = outcome.reason;
  }
  delete version.pending;
  version.trainingExecution = { start: version.trainingExecution?.start ?? version.createdAt, end: sim.now };
  setVersionStatus(sim, model, version, { status: outcome.status, cause: 'RETRAINING' });
  const lag = knobMs(sim, sim.knobsFor(model.name).promotionResultLag);
  const due: PromotionDue = {
    result: outcome.result,
    reason: outcome.reason,
    promote: outcome.promote,
    promoteMode,
  };
  if (outcome.status === 'SUCCESS' && lag > 0) {
    // The promotion result (and a MANAGED activation) follow the version's SUCCESS.
    version.pendingPromotion = due;
    sim.schedule(sim.now + lag, {
      kind: 'promotionResult',
      model: model.name,
      modelArn: model.arn,
      version: version.version,
    });
  } else {
    applyPromotionResult(sim, model, version, due);
  }
  if (scheduler !== undefined) releaseScheduler(sim, scheduler, version.version, forced === undefined);
}

/** The run no longer holds its scheduler; a STOPPING one stops now unless the stop itself ended the run. */
function releaseScheduler(
  sim: Simulation,
  scheduler: RetrainingSchedulerState,
  version: number,
  stopNow: boolean,
): void {
  if (scheduler.runningVersion !== version) return;
  delete scheduler.runningVersion;
  if (scheduler.status === 'STOPPING' && stopNow)
    setRetrainingStatus(sim, scheduler, 'STOPPED', 'RUN_FINISHED');
}

/** A successful run's metrics, the prior's on the same data and the quality assessment. */
function scoreRun(
  sim: Simulation,
  model: ModelState,
  version: ModelVersionState,
  pending: Extract<PendingWork, { kind: 'retraining' }>,
): void {
  const spec = pending.spec;
  const metrics = generateMetrics({
    base: model.behaviour.baseMetrics,
    labeled: version.labeled,
    trajectory: model.behaviour.trajectory,
    runIndex: pending.runIndex,
    seedKey: metricsSeedKey(sim, version),
    ...(spec?.metrics === undefined ? {} : { overrides: spec.metrics }),
  });
  version.metrics = metrics;
  version.priorMetrics = priorMetricsOf(sim, model, spec);
  version.modelQuality =
    spec?.modelQuality ?? modelQualityOf(metrics, sim.settings.defaults.poorQualityThreshold);
}

function applyPromotionResult(
  sim: Simulation,
  model: ModelState,
  version: ModelVersionState,
  { result, reason, promote, promoteMode }: PromotionDue,
): void {
  sim.record({
    resource: 'modelVersion',
    modelName: model.name,
    modelVersion: version.version,
    name: model.name,
    field: 'AutoPromotionResult',
    from: null,
    to: result,
    cause: promoteMode,
  });
  version.autoPromotionResult = result;
  version.autoPromotionResultReason = truncate(reason);
  if (promote) activateVersion(sim, model, version.version, 'MANAGED_PROMOTION');
}

export function onPromotionResult(
  sim: Simulation,
  event: Extract<SimEvent, { kind: 'promotionResult' }>,
): void {
  const model = liveModel(sim, event.model, event.modelArn);
  const version = model === undefined ? undefined : versionOf(model, event.version);
  const due = version?.pendingPromotion;
  if (model === undefined || version === undefined || due === undefined) return;
  delete version.pendingPromotion;
  applyPromotionResult(sim, model, version, due);
}
