// An autopilot event as EventBridge delivers it: the envelope around one detail type, and the
// discriminated union over 'detail-type' that every consumer parses at its edge.
import * as z from 'zod/mini';
import { activationDecisionDescription, activationDecisionDetail } from './activation-decision.js';
import { activeVersionChangeDescription, activeVersionChangeDetail } from './active-version-change.js';
import { described, instant } from './fields.js';
import {
  targetRecoveredDescription,
  targetRecoveredDetail,
  targetUnreachableDescription,
  targetUnreachableDetail,
} from './fleet-target.js';
import { DetailType, type DetailTypeName, EVENT_SOURCE, SCHEMA_VERSION } from './names.js';
import { promotionResultDescription, promotionResultDetail } from './promotion-result.js';
import { retrainingStateChangeDescription, retrainingStateChangeDetail } from './retraining-state-change.js';
import { schedulerStateChangeDescription, schedulerStateChangeDetail } from './scheduler-state-change.js';

/** The kebab-case name of a detail type, as its schema file is named: `model-version-promotion-result`. */
export function schemaSlug(detailType: DetailTypeName): string {
  return detailType.toLowerCase().replaceAll(' ', '-');
}

// Unknown envelope keys are dropped, not refused: EventBridge may add some. The detail is ours, and strict.
function envelope<K extends DetailTypeName, D extends z.ZodMiniType>(
  detailType: K,
  detail: D,
  description: string,
  resources = 'The model ARN, then the version ARN when relevant.',
) {
  return z
    .object({
      version: described(z.string(), 'EventBridge envelope version ("0").'),
      id: described(z.string(), 'EventBridge event id (new on every put; detail.eventId is the stable one).'),
      'detail-type': z.literal(detailType),
      source: z.literal(EVENT_SOURCE),
      account: z.string(),
      time: instant(),
      region: z.string(),
      resources: described(z.array(z.string()), resources),
      'replay-name': described(
        z.optional(z.string()),
        'Set by EventBridge on events replayed from the archive.',
      ),
      detail,
    })
    .register(z.globalRegistry, {
      $id: `urn:l4e-autopilot:event:${schemaSlug(detailType)}:${SCHEMA_VERSION}`,
      title: detailType,
      description: `${description} Source ${EVENT_SOURCE}, schemaVersion ${SCHEMA_VERSION}.`,
    });
}

/** A fleet target is an account and region, which have no ARN of their own: the event names none. */
const TARGET_RESOURCES = 'Empty: the target is named by detail.target.';

/** One schema per detail type: what events/schemas/*.json publish and what consumers parse. */
export const EVENT_SCHEMAS = {
  [DetailType.SchedulerStateChange]: envelope(
    DetailType.SchedulerStateChange,
    schedulerStateChangeDetail,
    schedulerStateChangeDescription,
  ),
  [DetailType.RetrainingStateChange]: envelope(
    DetailType.RetrainingStateChange,
    retrainingStateChangeDetail,
    retrainingStateChangeDescription,
  ),
  [DetailType.PromotionResult]: envelope(
    DetailType.PromotionResult,
    promotionResultDetail,
    promotionResultDescription,
  ),
  [DetailType.ActiveVersionChange]: envelope(
    DetailType.ActiveVersionChange,
    activeVersionChangeDetail,
    activeVersionChangeDescription,
  ),
  [DetailType.ActivationDecision]: envelope(
    DetailType.ActivationDecision,
    activationDecisionDetail,
    activationDecisionDescription,
  ),
  [DetailType.TargetUnreachable]: envelope(
    DetailType.TargetUnreachable,
    targetUnreachableDetail,
    targetUnreachableDescription,
    TARGET_RESOURCES,
  ),
  [DetailType.TargetRecovered]: envelope(
    DetailType.TargetRecovered,
    targetRecoveredDetail,
    targetRecoveredDescription,
    TARGET_RESOURCES,
  ),
} as const;

export const deliveredEventSchema = z.discriminatedUnion('detail-type', [
  EVENT_SCHEMAS[DetailType.SchedulerStateChange],
  EVENT_SCHEMAS[DetailType.RetrainingStateChange],
  EVENT_SCHEMAS[DetailType.PromotionResult],
  EVENT_SCHEMAS[DetailType.ActiveVersionChange],
  EVENT_SCHEMAS[DetailType.ActivationDecision],
  EVENT_SCHEMAS[DetailType.TargetUnreachable],
  EVENT_SCHEMAS[DetailType.TargetRecovered],
]);
