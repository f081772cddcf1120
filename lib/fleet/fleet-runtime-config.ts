// What the dispatcher and the per-target poller read besides the fleet itself: the table, the queue,
// the bus, and the limits of their work. Read once, when a function loads; a missing variable fails fast.
import { ConfigurationError, type Env, numberEnv, requireEnv } from '../config.js';

export interface DispatcherConfig {
  stateTableName: string;
  /** FLEET_QUEUE_URL: where each target's cycle is sent. */
  queueUrl: string;
  /** How long a removed target's registry item stays before it is forgotten (after a second sweep). */
  removalGraceSeconds: number;
  /** How long the targets parameter is cached (0: read every cycle). */
  parameterCacheSeconds: number;
}

export function readDispatcherConfig(env: Env = process.env): DispatcherConfig {
  return {
    stateTableName: requireEnv(env, 'STATE_TABLE_NAME'),
    queueUrl: requireEnv(env, 'FLEET_QUEUE_URL'),
    removalGraceSeconds: numberEnv(env, 'FLEET_REMOVAL_GRACE_SECONDS', 1800),
    parameterCacheSeconds: numberEnv(env, 'PARAMETER_CACHE_SECONDS', 0),
  };
}

export interface TargetPollerConfig {
  stateTableName: string;
  eventBusName: string;
  leaseSeconds: number;
  baselineLookbackHours: number;
  promotionResultWaitHours: number;
  /** Records of one batch whose cycles run at once. */
  recordConcurrency: number;
  /** Failed cycles in a row before a target's unreachable event fires. */
  alarmAfter: number;
}

/** A count of at least 1. */
function wholeNumberEnv(env: Env, name: string, fallback: number): number {
  const value = numberEnv(env, name, fallback, 1);
  if (!Number.isInteger(value)) {
    throw new ConfigurationError(
      `environment variable ${name} must be a whole number >= 1, got "${env[name]}"`,
    );
  }
  return value;
}

export function readTargetPollerConfig(env: Env = process.env): TargetPollerConfig {
  return {
    stateTableName: requireEnv(env, 'STATE_TABLE_NAME'),
    eventBusName: requireEnv(env, 'EVENT_BUS_NAME'),
    leaseSeconds: numberEnv(env, 'OUTBOX_LEASE_SECONDS', 120, 1),
    baselineLookbackHours: numberEnv(env, 'BASELINE_LOOKBACK_HOURS', 24),
    promotionResultWaitHours: numberEnv(env, 'PROMOTION_RESULT_WAIT_HOURS', 24),
    recordConcurrency: wholeNumberEnv(env, 'FLEET_RECORD_CONCURRENCY', 4),
    alarmAfter: wholeNumberEnv(env, 'FLEET_ALARM_AFTER', 3),
  };
}
