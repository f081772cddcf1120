// The events the state table keeps (the watcher's outbox, each decision's detail), read back with the
// published contract's own schemas (lib/core/contract): what is stored is what gets published, so it
// passes the checks every consumer applies. Unknown provider enum values stay strings, as the contract says.
// Items written under an earlier schemaVersion are read as the current one (./core/contract/upgrade.ts):
// an upgrade never strands an outbox event or a decision in the table.
import * as z from 'zod/mini';
import { activationDecisionDetail } from '../core/contract/activation-decision.js';
import { EVENT_SCHEMAS } from '../core/contract/envelope.js';
import { instant } from '../core/contract/fields.js';
import { upgradeDetail } from '../core/contract/upgrade.js';
import {
  type ActivationDecisionDetail,
  type AutopilotEvent,
  DetailType,
  type DetailTypeName,
} from '../core/events.js';

/** `detail` read from the table: a detail of an earlier schemaVersion is upgraded first. */
function upgraded<D extends z.ZodMiniType>(detail: D) {
  return z.pipe(z.transform(upgradeDetail), detail);
}

export const activationDecisionDetailSchema: z.ZodMiniType<ActivationDecisionDetail> =
  upgraded(activationDecisionDetail);

/** An event as the outbox keeps it: its detail type, the contract's detail, and its resources and time. */
function stored<K extends DetailTypeName, D extends z.ZodMiniType>(published: {
  shape: { 'detail-type': z.ZodMiniLiteral<K>; detail: D };
}) {
  const { 'detail-type': detailType, detail } = published.shape;
  return z.object({ detailType, detail: upgraded(detail), resources: z.array(z.string()), time: instant() });
}

export const autopilotEventSchema: z.ZodMiniType<AutopilotEvent> = z.discriminatedUnion('detailType', [
  stored(EVENT_SCHEMAS[DetailType.SchedulerStateChange]),
  stored(EVENT_SCHEMAS[DetailType.RetrainingStateChange]),
  stored(EVENT_SCHEMAS[DetailType.PromotionResult]),
  stored(EVENT_SCHEMAS[DetailType.ActiveVersionChange]),
  stored(EVENT_SCHEMAS[DetailType.ActivationDecision]),
  stored(EVENT_SCHEMAS[DetailType.TargetUnreachable]),
  stored(EVENT_SCHEMAS[DetailType.TargetRecovered]),
]);
