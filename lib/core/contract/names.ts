// The names of the event contract (DESIGN §3): its source, schema version and detail types.
export const EVENT_SOURCE = 'l4e.autopilot';
export const SCHEMA_VERSION = '2';

/** The providers the autopilot watches, as events name them (`provider`, since schemaVersion 2). */
export const PROVIDER_NAMES = ['lookout-equipment', 'iot-sitewise'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** How a sentence names each provider's service. */
export const PROVIDER_SERVICES: Readonly<Record<ProviderName, string>> = {
  'lookout-equipment': 'L4E',
  'iot-sitewise': 'IoT SiteWise',
};

export const DetailType = {
  SchedulerStateChange: 'Retraining Scheduler State Change',
  RetrainingStateChange: 'Scheduled Retraining State Change',
  PromotionResult: 'Model Version Promotion Result',
  ActiveVersionChange: 'Active Model Version Change',
  ActivationDecision: 'Model Version Activation Decision',
  TargetUnreachable: 'Fleet Target Unreachable',
  TargetRecovered: 'Fleet Target Recovered',
} as const;
export type DetailTypeName = (typeof DetailType)[keyof typeof DetailType];
export const DETAIL_TYPES: readonly DetailTypeName[] = Object.values(DetailType);

/**
 * The `autoPromotionResult` of the one Model Version Promotion Result the watcher sends for a finished run
 * when L4E reported no result within the wait (the reason says how long that was). Not an L4E value.
 */
export const NO_PROMOTION_RESULT = 'NO_RESULT_WITHIN_WINDOW';

/** Known values of the provider's enums. Any other string passes through unchanged. */
export const RUN_STATUSES = ['IN_PROGRESS', 'SUCCESS', 'FAILED', 'IMPORT_IN_PROGRESS', 'CANCELED'] as const;
export const SCHEDULER_STATUSES = ['PENDING', 'RUNNING', 'STOPPING', 'STOPPED', 'DELETED'] as const;
export const PROMOTE_MODES = ['MANAGED', 'MANUAL'] as const;
export const PROMOTION_RESULTS = [
  'MODEL_PROMOTED',
  'MODEL_NOT_PROMOTED',
  'RETRAINING_INTERNAL_ERROR',
  'RETRAINING_CUSTOMER_ERROR',
  'RETRAINING_CANCELLED',
] as const;

/** Values the product itself defines: a value outside these lists breaks the contract. */
export const ACTIVATION_CAUSES = ['MANAGED_PROMOTION', 'AUTOPILOT_POLICY', 'EXTERNAL'] as const;
export const DECISION_OUTCOMES = ['ACTIVATED', 'REJECTED', 'DRY_RUN', 'SKIPPED', 'FAILED'] as const;
export const CHECK_RULES = ['min', 'max', 'minDeltaVsPrior', 'maxDeltaVsPrior', 'modelQuality'] as const;
