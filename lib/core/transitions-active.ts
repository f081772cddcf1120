// The active version's side of a diff: a change of active version, and who made it (managed promotion,
// the autopilot policy, or someone else).
import type { ActivationCause, AutopilotEvent } from './events.js';
import type { ModelSnapshot, Observation } from './snapshot.js';
import { AUTOPILOT_ATTRIBUTION_WINDOW_MS, type DiffContext, withinBaseline } from './transitions-context.js';
import { activeEvent, activeGoneEvent, type EventSubject } from './transitions-events.js';

const MANAGED_ACTIVATIONS_KEPT = 20;

type ActiveFields = Pick<ModelSnapshot, 'activeVersion' | 'activeVersionArn' | 'activatedAt'>;

export interface ActiveDiff {
  events: AutopilotEvent[];
  managed: number[];
  kept: ActiveFields;
}

function attributeActivation(
  version: number,
  obs: Observation,
  managedSeen: readonly number[],
  ctx: DiffContext,
): ActivationCause {
  const described = obs.versions.get(version);
  if (described?.autoPromotionResult === 'MODEL_PROMOTED' && !managedSeen.includes(version)) {
    return 'MANAGED_PROMOTION';
  }
  const requestedAt = ctx.autopilotActivations.get(version);
  if (requestedAt === undefined) return 'EXTERNAL';
  const activatedAt = obs.detail.activatedAt;
  if (activatedAt === null) return 'AUTOPILOT_POLICY';
  const gap = Math.abs(Date.parse(activatedAt) - Date.parse(requestedAt));
  return gap <= AUTOPILOT_ATTRIBUTION_WINDOW_MS ? 'AUTOPILOT_POLICY' : 'EXTERNAL';
}

function activeChanged(prev: ModelSnapshot | undefined, obs: Observation, ctx: DiffContext): boolean {
  const { activeVersion, activatedAt } = obs.detail;
  if (prev === undefined) return activeVersion !== null && withinBaseline(activatedAt, ctx);
  return activeVersion !== prev.activeVersion;
}

/** `prev` is the snapshot of the same model, undefined on a first observation. */
export function diffActive(prev: ModelSnapshot | undefined, obs: Observation, ctx: DiffContext): ActiveDiff {
  const { summary, detail } = obs;
  const managed = prev === undefined ? [] : [...prev.managedActivations];
  const current: ActiveFields = {
    activeVersion: detail.activeVersion,
    activeVersionArn: detail.activeVersionArn,
    activatedAt: detail.activatedAt,
  };
  if (!activeChanged(prev, obs, ctx)) return { events: [], managed, kept: current };
  const subject: EventSubject = {
    modelName: summary.name,
    modelArn: summary.arn,
    origin: summary.origin,
    observedAt: ctx.observedAt,
  };
  const from = prev === undefined ? detail.previousActiveVersion : prev.activeVersion;
  const to = detail.activeVersion;
  if (to === null) return { events: [activeGoneEvent(subject, from)], managed, kept: current };
  if (prev !== undefined && (obs.unreadable ?? []).includes(to)) {
    // Its cause cannot be told without reading it: the change waits (the snapshot keeps the old one).
    const { activeVersion, activeVersionArn, activatedAt } = prev;
    return { events: [], managed, kept: { activeVersion, activeVersionArn, activatedAt } };
  }
  const cause = attributeActivation(to, obs, managed, ctx);
  const nextManaged =
    cause === 'MANAGED_PROMOTION' ? [...managed, to].slice(-MANAGED_ACTIVATIONS_KEPT) : managed;
  const change = { from, to, toArn: detail.activeVersionArn, activatedAt: detail.activatedAt, cause };
  return { events: [activeEvent(subject, change)], managed: nextManaged, kept: current };
}
