// The public event contract (DESIGN §3). Changing a field here is a schema version bump:
// every detail type has a JSON Schema in events/schemas/ that tests hold these types to.
import type { MetricName, NormalizedMetrics } from './metrics.js';

export const EVENT_SOURCE = 'l4e.autopilot';
export const SCHEMA_VERSION = '1';

export const DetailType = {
  SchedulerStateChange: 'Retraining Scheduler State Change',
  RetrainingStateChange: 'Scheduled Retraining State Change',
  PromotionResult: 'Model Version Promotion Result',
  ActiveVersionChange: 'Active Model Version Change',
  ActivationDecision: 'Model Version Activation Decision',
} as const;
export type DetailTypeName = (typeof DetailType)[keyof typeof DetailType];
export const DETAIL_TYPES: readonly DetailTypeName[] = Object.values(DetailType);

/** Known values are listed for readers; any other string from L4E passes through unchanged. */
export type RetrainingRunStatus =
  | 'IN_PROGRESS'
  | 'SUCCESS'
  | 'FAILED'
  | 'IMPORT_IN_PROGRESS'
  | 'CANCELED'
  | (string & {});
export type SchedulerStatus = 'PENDING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'DELETED' | (string & {});
export type PromoteMode = 'MANAGED' | 'MANUAL' | (string & {});
export type ActivationCause = 'MANAGED_PROMOTION' | 'AUTOPILOT_POLICY' | 'EXTERNAL';
export type DecisionOutcome = 'ACTIVATED' | 'REJECTED' | 'DRY_RUN' | 'SKIPPED' | 'FAILED';
export const DECISION_OUTCOMES: readonly DecisionOutcome[] = [
  'ACTIVATED',
  'REJECTED',
  'DRY_RUN',
  'SKIPPED',
  'FAILED',
];

export interface DetailBase {
  schemaVersion: typeof SCHEMA_VERSION;
  eventId: string;
  modelName: string;
  modelArn: string;
  account: string;
  region: string;
  observedAt: string;
  /** Fields shortened to fit EventBridge's entry size; absent when nothing was trimmed. */
  trimmed?: string[];
}

export interface SchedulerStateChangeDetail extends DetailBase {
  previousStatus: SchedulerStatus | null;
  status: SchedulerStatus;
  promoteMode: PromoteMode | null;
  retrainingFrequency: string | null;
  lookbackWindow: string | null;
  retrainingStartDate: string | null;
  nextScheduledRetrainingStartDate: string | null;
}

export interface RetrainingStateChangeDetail extends DetailBase {
  modelVersion: number;
  modelVersionArn: string | null;
  previousStatus: RetrainingRunStatus | null;
  status: RetrainingRunStatus;
  startTime: string | null;
  failedReason: string | null;
  availableDataInDays: number | null;
  promoteMode: PromoteMode | null;
}

/**
 * The `autoPromotionResult` of the one Model Version Promotion Result the watcher sends for a finished run
 * when L4E reported no result within the wait (the reason says how long that was). Not an L4E value.
 */
export const NO_PROMOTION_RESULT = 'NO_RESULT_WITHIN_WINDOW';

export interface PromotionResultDetail extends DetailBase {
  modelVersion: number;
  modelVersionArn: string | null;
  autoPromotionResult: string;
  autoPromotionResultReason: string | null;
  promoteMode: PromoteMode | null;
  modelQuality: string | null;
  metrics: NormalizedMetrics;
  priorMetrics: NormalizedMetrics;
  activeModelVersion: number | null;
}

export interface ActiveVersionChangeDetail extends DetailBase {
  previousActiveVersion: number | null;
  /** null when the model itself disappeared. */
  activeVersion: number | null;
  activeVersionArn: string | null;
  activatedAt: string | null;
  cause: ActivationCause;
}

export type CheckRule = 'min' | 'max' | 'minDeltaVsPrior' | 'maxDeltaVsPrior' | 'modelQuality';

export interface Check {
  metric: MetricName | 'modelQuality';
  rule: CheckRule;
  threshold: number | string[];
  actual: number | string | null;
  passed: boolean;
  /** Why the check passed or failed when the numbers alone do not say (e.g. a metric is absent). */
  note?: string;
}

export interface PolicyRef {
  parameterName: string | null;
  version: number | null;
  mode: string | null;
}

export interface ActivationDecisionDetail extends DetailBase {
  modelVersion: number;
  modelVersionArn: string | null;
  outcome: DecisionOutcome;
  reasons: string[];
  checks: Check[];
  policy: PolicyRef;
  previousActiveVersion: number | null;
  activeVersion: number | null;
  /** The event that triggered the decision, when there was one. */
  triggerEventId: string | null;
}

export interface DetailByType {
  'Retraining Scheduler State Change': SchedulerStateChangeDetail;
  'Scheduled Retraining State Change': RetrainingStateChangeDetail;
  'Model Version Promotion Result': PromotionResultDetail;
  'Active Model Version Change': ActiveVersionChangeDetail;
  'Model Version Activation Decision': ActivationDecisionDetail;
}

/** An event as the product builds it, before it becomes a PutEvents entry. */
export type AutopilotEvent = {
  [K in DetailTypeName]: { detailType: K; detail: DetailByType[K]; resources: string[]; time: string };
}[DetailTypeName];

export type AnyDetail = DetailByType[DetailTypeName];

/** An event as EventBridge delivers it to a target. */
export interface DeliveredEvent<K extends DetailTypeName = DetailTypeName> {
  version: string;
  id: string;
  'detail-type': K;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: DetailByType[K];
  'replay-name'?: string;
}
