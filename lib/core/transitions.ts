// diff(previous snapshot, observation) → next snapshot + events. Pure: no I/O, no clock, no SDK.
// Each side of a model has its own module: the scheduler, the retraining runs with their promotion
// results, and the active version; this one puts their results together into the next snapshot.
import type { AutopilotEvent } from './events.js';
import {
  isFirstObservation,
  type ModelSnapshot,
  type Observation,
  SNAPSHOT_FORMAT,
  summaryKey,
} from './snapshot.js';
import { diffActive } from './transitions-active.js';
import type { DiffContext } from './transitions-context.js';
import { activeGoneEvent, type EventSubject, schedulerEvent } from './transitions-events.js';
import { diffRuns } from './transitions-runs.js';
import { diffScheduler, toSchedulerState } from './transitions-scheduler.js';

export {
  AUTOPILOT_ATTRIBUTION_WINDOW_MS,
  DEFAULT_PROMOTION_RESULT_WAIT_MS,
  type DiffContext,
} from './transitions-context.js';

export interface DiffResult {
  snapshot: ModelSnapshot;
  events: AutopilotEvent[];
}

/** One model's changes since the previous snapshot. */
export function diffModel(prev: ModelSnapshot | undefined, obs: Observation, ctx: DiffContext): DiffResult {
  // The snapshot carries over only for the same model (a model re-created under the name starts afresh).
  const same = isFirstObservation(prev, obs.summary) ? undefined : prev;
  const { summary, detail } = obs;
  const scheduler = toSchedulerState(obs, same?.scheduler ?? null);
  const schedulerDiff = diffScheduler(same, scheduler, obs, ctx);
  const promoteMode = scheduler?.promoteMode ?? same?.scheduler?.promoteMode ?? null;
  const runDiff = diffRuns(same, obs, promoteMode, ctx);
  const active = diffActive(same, obs, ctx);
  const events = [...schedulerDiff.events, ...runDiff.events, ...active.events];

  const snapshot: ModelSnapshot = {
    format: SNAPSHOT_FORMAT,
    modelName: summary.name,
    modelArn: summary.arn,
    origin: summary.origin,
    summaryKey: summaryKey(summary),
    status: detail.status,
    ...active.kept,
    scheduler,
    schedulerSeq: schedulerDiff.seq,
    latestVersion: Math.max(
      same?.latestVersion ?? 0,
      detail.latestRunVersion ?? 0,
      detail.activeVersion ?? 0,
      ...obs.versions.keys(),
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
  const subject: EventSubject = {
    modelName: prev.modelName,
    modelArn: prev.modelArn,
    origin: prev.origin,
    observedAt: ctx.observedAt,
  };
  const events: AutopilotEvent[] = [];
  if (prev.scheduler !== null && prev.scheduler.status !== 'DELETED') {
    const state = { ...prev.scheduler, status: 'DELETED', nextDate: null };
    events.push(schedulerEvent(subject, prev.scheduler.status, state, prev.schedulerSeq + 1));
  }
  if (prev.activeVersion !== null) events.push(activeGoneEvent(subject, prev.activeVersion));
  return events;
}
