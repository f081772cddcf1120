// The public event contract (DESIGN §3). Changing a field is a schema version bump. The zod schemas in
// ./contract/ are its one source: these types are inferred from them, consumers parse with them, and
// `npm run schemas` writes events/schemas/*.json from them.
import type * as z from 'zod/mini';
import type {
  activationDecisionDetail,
  checkSchema,
  policyRefSchema,
} from './contract/activation-decision.js';
import type { activeVersionChangeDetail } from './contract/active-version-change.js';
import type { EVENT_SCHEMAS } from './contract/envelope.js';
import type { detailBaseShape } from './contract/fields.js';
import type { targetRecoveredDetail, targetUnreachableDetail } from './contract/fleet-target.js';
import type {
  ACTIVATION_CAUSES,
  CHECK_RULES,
  DECISION_OUTCOMES,
  DetailType,
  DetailTypeName,
  PROMOTE_MODES,
  RUN_STATUSES,
  SCHEDULER_STATUSES,
} from './contract/names.js';
import type { promotionResultDetail } from './contract/promotion-result.js';
import type { retrainingStateChangeDetail } from './contract/retraining-state-change.js';
import type { schedulerStateChangeDetail } from './contract/scheduler-state-change.js';

export {
  DECISION_OUTCOMES,
  DETAIL_TYPES,
  DetailType,
  type DetailTypeName,
  EVENT_SOURCE,
  NO_PROMOTION_RESULT,
  SCHEMA_VERSION,
} from './contract/names.js';

/** Known values are listed for readers; any other string from L4E passes through unchanged. */
export type RetrainingRunStatus = (typeof RUN_STATUSES)[number] | (string & {});
export type SchedulerStatus = (typeof SCHEDULER_STATUSES)[number] | (string & {});
export type PromoteMode = (typeof PROMOTE_MODES)[number] | (string & {});
export type ActivationCause = (typeof ACTIVATION_CAUSES)[number];
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
export type CheckRule = (typeof CHECK_RULES)[number];

export type DetailBase = z.infer<z.ZodMiniObject<typeof detailBaseShape>>;
export type SchedulerStateChangeDetail = z.infer<typeof schedulerStateChangeDetail>;
export type RetrainingStateChangeDetail = z.infer<typeof retrainingStateChangeDetail>;
export type PromotionResultDetail = z.infer<typeof promotionResultDetail>;
export type ActiveVersionChangeDetail = z.infer<typeof activeVersionChangeDetail>;
export type TargetUnreachableDetail = z.infer<typeof targetUnreachableDetail>;
export type TargetRecoveredDetail = z.infer<typeof targetRecoveredDetail>;
export type Check = z.infer<typeof checkSchema>;
export type PolicyRef = z.infer<typeof policyRefSchema>;
export type ActivationDecisionDetail = z.infer<typeof activationDecisionDetail>;

/** The detail types about a fleet target (an account and region) rather than a model. */
export type TargetDetailTypeName = typeof DetailType.TargetUnreachable | typeof DetailType.TargetRecovered;
/** The detail types about a model: every detail of these carries the model and its provider. */
export type ModelDetailTypeName = Exclude<DetailTypeName, TargetDetailTypeName>;

/** An event as EventBridge delivers it to a target, one variant per detail type. */
type DeliveredByType = { [K in DetailTypeName]: z.infer<(typeof EVENT_SCHEMAS)[K]> };

export type DetailByType = { [K in DetailTypeName]: DeliveredByType[K]['detail'] };

/** An event as the product builds it, before it becomes a PutEvents entry. */
export type AutopilotEvent = {
  [K in DetailTypeName]: { detailType: K; detail: DetailByType[K]; resources: string[]; time: string };
}[DetailTypeName];

export type AnyDetail = DetailByType[DetailTypeName];

/** Discriminated on 'detail-type': checking it narrows `detail` to that type's detail. */
export type DeliveredEvent<K extends DetailTypeName = DetailTypeName> = DeliveredByType[K];
