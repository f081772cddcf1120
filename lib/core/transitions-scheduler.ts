// The retraining scheduler's side of a diff: its state as the snapshot keeps it, and its transitions.
import type { AutopilotEvent } from './events.js';
import type { ModelSnapshot, Observation, SchedulerState } from './snapshot.js';
import { type DiffContext, withinBaseline } from './transitions-context.js';
import { type EventSubject, schedulerEvent } from './transitions-events.js';

export interface SchedulerDiff {
  events: AutopilotEvent[];
  seq: number;
}

const UNDESCRIBED = {
  promoteMode: null,
  frequency: null,
  lookbackWindow: null,
  startDate: null,
  createdAt: null,
} as const;

/** The scheduler as the snapshot keeps it: described fields when read this cycle, else the ones kept. */
export function toSchedulerState(obs: Observation, prev: SchedulerState | null): SchedulerState | null {
  if (obs.summary.schedulerStatus === null) return null;
  const status = obs.summary.schedulerStatus;
  const nextDate = obs.summary.nextRetrainingDate;
  const described = obs.scheduler;
  if (!described) return { ...(prev ?? UNDESCRIBED), status, nextDate };
  return {
    status,
    promoteMode: described.promoteMode,
    frequency: described.frequency,
    lookbackWindow: described.lookbackWindow,
    startDate: described.startDate,
    nextDate,
    createdAt: described.createdAt,
  };
}

function deleted(state: SchedulerState): SchedulerState {
  return { ...state, status: 'DELETED', nextDate: null };
}

type Step = [previousStatus: string | null, state: SchedulerState];

/** A first observation reports a scheduler still settling, or created within the baseline. */
function firstSteps(next: SchedulerState | null, obs: Observation, ctx: DiffContext): Step[] {
  if (next === null) return [];
  const settling = next.status === 'PENDING' || next.status === 'STOPPING';
  const recent = withinBaseline(obs.summary.createdAt, ctx) || withinBaseline(next.createdAt, ctx);
  return settling || recent ? [[null, next]] : [];
}

function recreated(before: SchedulerState, next: SchedulerState): boolean {
  return before.createdAt !== null && next.createdAt !== null && before.createdAt !== next.createdAt;
}

/** The transitions from the scheduler last kept to the one observed. */
function schedulerSteps(before: SchedulerState | null, next: SchedulerState | null): Step[] {
  if (next === null) {
    return before !== null && before.status !== 'DELETED' ? [[before.status, deleted(before)]] : [];
  }
  if (before === null) return [[null, next]];
  if (recreated(before, next)) {
    return [
      [before.status, deleted(before)],
      [null, next],
    ];
  }
  return before.status !== next.status ? [[before.status, next]] : [];
}

/** `prev` is the snapshot of the same model, undefined on a first observation. */
export function diffScheduler(
  prev: ModelSnapshot | undefined,
  next: SchedulerState | null,
  obs: Observation,
  ctx: DiffContext,
): SchedulerDiff {
  const subject: EventSubject = {
    modelName: obs.summary.name,
    modelArn: obs.summary.arn,
    origin: obs.summary.origin,
    observedAt: ctx.observedAt,
  };
  let seq = prev?.schedulerSeq ?? 0;
  const steps = prev === undefined ? firstSteps(next, obs, ctx) : schedulerSteps(prev.scheduler, next);
  const events = steps.map(([from, state]) => {
    seq += 1;
    return schedulerEvent(subject, from, state, seq);
  });
  return { events, seq };
}
