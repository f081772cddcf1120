// A fleet target's health across watch cycles, and the one alarm per outage it raises. Pure: the
// caller keeps the record and publishes the event. A target is reachable again after one good cycle;
// it is unreachable only after `alarmAfter` failed cycles in a row, so one throttled cycle or one
// refused role assumption alone raises nothing.
import type { AutopilotEvent, TargetRecoveredDetail, TargetUnreachableDetail } from './events.js';
import { DetailType, SCHEMA_VERSION } from './events.js';
import { deterministicId } from './ids.js';
import { targetErrorText } from './target-error.js';

/** Failed cycles in a row before a target's alarm is raised, when the deployment does not say. */
export const DEFAULT_ALARM_AFTER = 3;

export interface TargetHealth {
  /** `<account>/<region>`. */
  target: string;
  account: string;
  region: string;
  consecutiveFailures: number;
  /** When the first failed cycle of the current outage ran; null while the target is reachable. */
  failingSince: string | null;
  /** The last failure's text, short and without secrets; null while the target is reachable. */
  lastError: string | null;
  lastSuccessAt: string | null;
  /** Fleet Target Unreachable was raised for the current outage (and Recovered is owed). */
  alarmed: boolean;
}

export interface TargetRef {
  account: string;
  region: string;
}

export type TargetOutcome = { target: TargetRef; ok: true } | { target: TargetRef; ok: false; error: string };

export interface TargetHealthContext {
  now: Date;
  /** Failed cycles in a row that raise the alarm (DEFAULT_ALARM_AFTER when the deployment sets none). */
  alarmAfter: number;
  /** Values never to repeat, wherever an error quotes them (the configured external id, for one). */
  secrets?: readonly string[];
}

export interface TargetHealthStep {
  health: TargetHealth;
  event: AutopilotEvent | null;
}

export function targetKey(target: TargetRef): string {
  return `${target.account}/${target.region}`;
}

/** The record of a target never seen before: reachable, nothing owed. */
export function initialTargetHealth(target: TargetRef): TargetHealth {
  return {
    target: targetKey(target),
    account: target.account,
    region: target.region,
    consecutiveFailures: 0,
    failingSince: null,
    lastError: null,
    lastSuccessAt: null,
    alarmed: false,
  };
}

function checkedAlarmAfter(alarmAfter: number): number {
  if (!Number.isInteger(alarmAfter) || alarmAfter < 1) {
    throw new RangeError(`alarmAfter must be a whole number of cycles, at least 1 (got ${alarmAfter})`);
  }
  return alarmAfter;
}

function eventOf(
  detailType: typeof DetailType.TargetUnreachable | typeof DetailType.TargetRecovered,
  health: TargetHealth,
  since: string,
  now: Date,
) {
  return {
    schemaVersion: SCHEMA_VERSION,
    eventId: deterministicId('fleet-target', detailType, health.target, since),
    target: health.target,
    account: health.account,
    region: health.region,
    observedAt: now.toISOString(),
    since,
  } as const;
}

function failed(previous: TargetHealth, error: string, context: TargetHealthContext): TargetHealthStep {
  const alarmAfter = checkedAlarmAfter(context.alarmAfter);
  const since = previous.failingSince ?? context.now.toISOString();
  const health: TargetHealth = {
    ...previous,
    consecutiveFailures: previous.consecutiveFailures + 1,
    failingSince: since,
    lastError: targetErrorText(error, context.secrets),
    alarmed: previous.alarmed || previous.consecutiveFailures + 1 >= alarmAfter,
  };
  if (previous.alarmed || !health.alarmed) return { health, event: null };
  const detail: TargetUnreachableDetail = {
    ...eventOf(DetailType.TargetUnreachable, health, since, context.now),
    consecutiveFailures: health.consecutiveFailures,
    lastError: health.lastError,
  };
  const event = { detailType: DetailType.TargetUnreachable, detail, resources: [], time: detail.observedAt };
  return { health, event };
}

function succeeded(previous: TargetHealth, now: Date): TargetHealthStep {
  const health: TargetHealth = {
    ...previous,
    consecutiveFailures: 0,
    failingSince: null,
    lastError: null,
    lastSuccessAt: now.toISOString(),
    alarmed: false,
  };
  if (!previous.alarmed || previous.failingSince === null) return { health, event: null };
  const since = previous.failingSince;
  const detail: TargetRecoveredDetail = {
    ...eventOf(DetailType.TargetRecovered, health, since, now),
    consecutiveFailures: Math.max(1, previous.consecutiveFailures),
    lastError: previous.lastError,
    unreachableForMinutes: Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 60_000)),
  };
  const event = { detailType: DetailType.TargetRecovered, detail, resources: [], time: detail.observedAt };
  return { health, event };
}

/**
 * The target's health after one watch cycle, and the event that cycle owes: Fleet Target Unreachable
 * when the failures in a row reach `alarmAfter` (once per outage; its id is the target and the start
 * of the outage, so a replayed cycle raises the same id), Fleet Target Recovered on the first good
 * cycle after it. A previous record of another target is a caller's mistake and throws.
 */
export function nextTargetHealth(
  previous: TargetHealth | null,
  outcome: TargetOutcome,
  context: TargetHealthContext,
): TargetHealthStep {
  const key = targetKey(outcome.target);
  if (previous !== null && previous.target !== key) {
    throw new RangeError(`the health record of ${previous.target} is not the record of ${key}`);
  }
  const start = previous ?? initialTargetHealth(outcome.target);
  return outcome.ok ? succeeded(start, context.now) : failed(start, outcome.error, context);
}
