// The events a diff emits, one builder per detail type. Ids are deterministic: the same transition
// gives the same id across retries, pollers and re-runs.
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
import { arnLocation, type ModelOrigin, type VersionDetail } from './model.js';
import type { SchedulerState } from './snapshot.js';

/** The model an event is about, and when the change was observed. */
export interface EventSubject {
  modelName: string;
  modelArn: string;
  /** The provider and its ids, which every event carries beside the name and ARN. */
  origin: ModelOrigin;
  observedAt: string;
}

/** Where a version's events come from: the version names its own model. */
export type VersionOrigin = Pick<EventSubject, 'modelArn' | 'origin' | 'observedAt'>;

/** What a run's events say about the model around the run. */
export interface RunSetting {
  promoteMode: string | null;
  activeVersion: number | null;
}

export interface ActiveChange {
  from: number | null;
  to: number | null;
  toArn: string | null;
  activatedAt: string | null;
  cause: ActivationCause;
}

/** The fields every detail shares. The id never depends on them, so a new field never changes an id. */
export function detailBase(subject: EventSubject, eventId: string): DetailBase {
  const { modelName, modelArn, origin, observedAt } = subject;
  const { account, region } = arnLocation(modelArn);
  return {
    schemaVersion: SCHEMA_VERSION,
    eventId,
    provider: origin.provider,
    modelName,
    modelArn,
    ...(origin.computationModelId === undefined ? {} : { computationModelId: origin.computationModelId }),
    ...(origin.assetId === undefined ? {} : { assetId: origin.assetId }),
    account,
    region,
    observedAt,
  };
}

function versionResources(modelArn: string, versionArn: string | null): string[] {
  return versionArn ? [modelArn, versionArn] : [modelArn];
}

export function schedulerEvent(
  subject: EventSubject,
  prevStatus: string | null,
  state: SchedulerState,
  seq: number,
): AutopilotEvent {
  const { modelArn, observedAt } = subject;
  const eventId = deterministicId(modelArn, 'scheduler', state.createdAt, seq, prevStatus, state.status);
  const detail: SchedulerStateChangeDetail = {
    ...detailBase(subject, eventId),
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

export function runEvent(
  origin: VersionOrigin,
  version: VersionDetail,
  prevStatus: string | null,
  promoteMode: string | null,
): AutopilotEvent {
  const { modelArn, observedAt } = origin;
  const eventId = deterministicId(modelArn, 'run', version.version, version.status);
  const detail: RetrainingStateChangeDetail = {
    ...detailBase({ ...origin, modelName: version.modelName }, eventId),
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
    resources: versionResources(modelArn, version.arn),
    time: observedAt,
  };
}

export function promotionEvent(
  origin: VersionOrigin,
  version: VersionDetail,
  setting: RunSetting,
): AutopilotEvent {
  const { modelArn, observedAt } = origin;
  const eventId = deterministicId(modelArn, 'promotion', version.version);
  const metrics = withAvailableData(parseModelMetrics(version.metricsJson), version.availableDataInDays);
  const detail: PromotionResultDetail = {
    ...detailBase({ ...origin, modelName: version.modelName }, eventId),
    modelVersion: version.version,
    modelVersionArn: version.arn,
    autoPromotionResult: version.autoPromotionResult ?? '',
    autoPromotionResultReason: version.autoPromotionResultReason,
    promoteMode: setting.promoteMode,
    modelQuality: version.modelQuality,
    metrics: metrics.metrics,
    priorMetrics: parseModelMetrics(version.priorMetricsJson).metrics,
    activeModelVersion: setting.activeVersion,
  };
  return {
    detailType: DetailType.PromotionResult,
    detail,
    resources: versionResources(modelArn, version.arn),
    time: observedAt,
  };
}

function formatWait(ms: number): string {
  const hours = ms / 3_600_000;
  return Number.isInteger(hours) ? `${hours} h` : `${Math.round(ms / 60_000)} min`;
}

/** The promotion result of a run that finished and waited `waitMs` without one. */
export function noResultEvent(
  origin: VersionOrigin,
  version: VersionDetail,
  setting: RunSetting,
  waitMs: number,
): AutopilotEvent {
  const reason = `L4E reported no promotion result within ${formatWait(waitMs)} of the run's ${version.status}.`;
  const unanswered = {
    ...version,
    autoPromotionResult: NO_PROMOTION_RESULT,
    autoPromotionResultReason: reason,
  };
  return promotionEvent(origin, unanswered, setting);
}

export function activeEvent(subject: EventSubject, change: ActiveChange): AutopilotEvent {
  const { modelArn, observedAt } = subject;
  const { from, to, toArn, activatedAt, cause } = change;
  const eventId = deterministicId(modelArn, 'active', from, to, to === null ? 'gone' : activatedAt);
  const detail: ActiveVersionChangeDetail = {
    ...detailBase(subject, eventId),
    previousActiveVersion: from,
    activeVersion: to,
    activeVersionArn: toArn,
    activatedAt,
    cause,
  };
  return {
    detailType: DetailType.ActiveVersionChange,
    detail,
    resources: versionResources(modelArn, toArn),
    time: observedAt,
  };
}

/** The active version is gone (cleared, or the model deleted): no cause can be told but EXTERNAL. */
export function activeGoneEvent(subject: EventSubject, from: number | null): AutopilotEvent {
  return activeEvent(subject, { from, to: null, toArn: null, activatedAt: null, cause: 'EXTERNAL' });
}
