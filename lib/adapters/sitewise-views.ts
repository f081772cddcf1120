// A trained model's timeline in the autopilot's words: the model (with the change-relevant fields the
// watcher compares), its versions, its retraining schedule. Pure; the names and ARNs follow
// docs/sitewise.md, "Identity".
import type {
  ModelDetail,
  ModelOrigin,
  RetrainingSchedule,
  VersionDetail,
  VersionSummary,
} from '../core/model.js';
import {
  promoteModeOf,
  promotionResultOf,
  retrainingErrorOf,
  schedulerStatusOf,
} from './sitewise-assumptions.js';
import type { Run, Timeline } from './sitewise-timeline.js';

/** The computation model a trained model belongs to, as ListComputationModels / DescribeComputationModel say. */
export interface ComputationModelFacts {
  id: string;
  arn: string;
  status: string;
  createdAt: number | null;
}

export interface TrainedIdentity {
  name: string;
  arn: string;
  origin: ModelOrigin;
}

export function identityOf(model: Pick<ComputationModelFacts, 'id' | 'arn'>, assetId: string | null) {
  const origin: ModelOrigin = { provider: 'iot-sitewise', computationModelId: model.id };
  if (assetId === null) return { name: model.id, arn: model.arn, origin };
  return {
    name: `${model.id}/${assetId}`,
    arn: `${model.arn}/asset/${assetId}`,
    origin: { ...origin, assetId },
  };
}

export const isoOf = (ms: number | null | undefined): string | null =>
  typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms).toISOString() : null;

/** Why a run failed, from its result object (a listed run's execution may say more: see the reads). */
function resultReasonOf(run: Run): string | null {
  return run.status === 'FAILED' ? (run.objects?.result?.reason ?? null) : null;
}

export function toModelDetail(
  model: ComputationModelFacts,
  identity: TrainedIdentity,
  timeline: Timeline,
): ModelDetail {
  const latest = timeline.runs.filter((run) => run.scheduled).at(-1);
  const scheduler = timeline.scheduler;
  return {
    ...identity,
    status: model.status,
    createdAt: isoOf(model.createdAt),
    activeVersion: timeline.active.number,
    activeVersionArn: null,
    latestRunVersion: latest?.number ?? null,
    latestRunStatus: latest?.status ?? null,
    latestRunStartTime: isoOf(latest?.start),
    // SiteWise does not say when the scheduler runs next.
    nextRetrainingDate: null,
    schedulerStatus:
      scheduler === null
        ? null
        : schedulerStatusOf(scheduler.action.training?.mode ?? '', scheduler.executionState),
    modelQuality: null,
    activatedAt: isoOf(timeline.active.at),
    previousActiveVersion: timeline.active.previous,
    previousActivatedAt: isoOf(timeline.active.previousAt),
    latestRunFailedReason: latest === undefined ? null : resultReasonOf(latest),
    latestRunAvailableDataInDays: null,
  };
}

/** The promotion result of a scheduled run: its reason code once its result is written; a failure at once. */
function promotionOf(
  run: Run,
  failedReason: string | null,
): { result: string | null; reason: string | null } {
  if (!run.scheduled) return { result: null, reason: null };
  if (run.status === 'FAILED') return { result: retrainingErrorOf(failedReason), reason: failedReason };
  const written = run.objects?.result;
  if (run.status !== 'SUCCESS' || written == null) return { result: null, reason: null };
  const result = promotionResultOf(written.reasonCode, run.promotion);
  return { result, reason: result === null ? null : (written.reasonCode ?? run.promotion) };
}

export function toVersionSummary(name: string, run: Run): VersionSummary {
  return {
    modelName: name,
    version: run.number,
    arn: null,
    status: run.status,
    sourceType: run.scheduled ? 'RETRAINING' : 'TRAINING',
    createdAt: isoOf(run.start),
    modelQuality: null,
  };
}

export interface RunExtras {
  metricsJson: string | null;
  priorMetricsJson: string | null;
  /** Why the run failed, as its execution says (null: ask its result object). */
  failedReason: string | null;
}

export function toVersionDetail(name: string, run: Run, extras: RunExtras): VersionDetail {
  const failedReason = run.status === 'FAILED' ? (extras.failedReason ?? resultReasonOf(run)) : null;
  const promotion = promotionOf(run, failedReason);
  return {
    ...toVersionSummary(name, run),
    updatedAt: isoOf(run.end ?? run.start),
    trainingStartTime: isoOf(run.start),
    failedReason,
    metricsJson: extras.metricsJson,
    priorMetricsJson: extras.priorMetricsJson,
    availableDataInDays: null,
    autoPromotionResult: promotion.result,
    autoPromotionResultReason: promotion.reason,
  };
}

export function toRetrainingSchedule(name: string, timeline: Timeline): RetrainingSchedule | null {
  const scheduler = timeline.scheduler;
  if (scheduler === null) return null;
  const start = scheduler.start?.training ?? null;
  return {
    modelName: name,
    status: schedulerStatusOf(scheduler.action.training?.mode ?? '', scheduler.executionState),
    promoteMode: promoteModeOf(start?.promotion ?? null),
    frequency: start?.frequency ?? null,
    lookbackWindow: start?.lookbackWindow ?? null,
    startDate: isoOf(start?.startDate),
    createdAt: isoOf(scheduler.start?.time),
    updatedAt: isoOf(scheduler.action.time),
  };
}
