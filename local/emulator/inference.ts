// Inference schedulers. Executions are never stored: a RUNNING scheduler makes one execution per upload
// period, so they are computed on demand from its running periods and the model's active-version
// history; a year at PT5M costs a few numbers, not 100,000 records.

import { modelVersionArn } from './arns.js';
import { MINUTE_MS } from './durations.js';
import { noise } from './random.js';
import type { SimEvent, Simulation } from './simulation.js';
import type {
  InferenceSchedulerState,
  ModelState,
  RunningPeriod,
  SchedulerStatus,
  TimeRange,
} from './state.js';

const FREQUENCY_MINUTES: Readonly<Record<string, number>> = {
  PT5M: 5,
  PT10M: 10,
  PT15M: 15,
  PT30M: 30,
  PT1H: 60,
};
/** Start and stop requests settle after this long, as the service's PENDING and STOPPING do. */
export const INFERENCE_TRANSITION_MS = MINUTE_MS;
const ANOMALY_RATE = 0.15;

export function uploadFrequencyMs(frequency: string): number {
  return (FREQUENCY_MINUTES[frequency] ?? 60) * MINUTE_MS;
}

export interface Execution {
  scheduledStart: number;
  dataStart: number;
  dataEnd: number;
  status: 'SUCCESS' | 'FAILED';
  failedReason?: string;
  modelVersion?: number;
  modelVersionArn?: string;
}

export interface ExecutionQuery {
  now: number;
  /** Only executions scheduled strictly before this instant (pagination). */
  before?: number;
  dataStartTimeAfter?: number;
  dataEndTimeBefore?: number;
  /** Whether a data window starting or ending exactly on a bound is left out. */
  exclusiveBounds?: boolean;
}

function activeVersionAt(
  timeline: ReadonlyArray<{ at: number; version: number }>,
  at: number,
): number | undefined {
  let low = 0;
  let high = timeline.length - 1;
  let found: number | undefined;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const entry = timeline[mid] as { at: number; version: number };
    if (entry.at <= at) {
      found = entry.version;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

export function describeExecution(
  scheduler: InferenceSchedulerState,
  scheduledStart: number,
  frequencyMs: number,
  offsetMs: number,
): Execution {
  const dataEnd = scheduledStart - offsetMs;
  const execution: Execution = {
    scheduledStart,
    dataStart: dataEnd - frequencyMs,
    dataEnd,
    status: 'SUCCESS',
  };
  const version = activeVersionAt(scheduler.timeline, scheduledStart);
  if (version !== undefined) {
    execution.modelVersion = version;
    execution.modelVersionArn = modelVersionArn(scheduler.modelArn, version);
  }
  if (version === undefined) {
    execution.status = 'FAILED';
    execution.failedReason = 'The model had no active model version when the execution started.';
  } else if (scheduler.failureRate > 0 && noise(scheduler.arn, scheduledStart) < scheduler.failureRate) {
    execution.status = 'FAILED';
    execution.failedReason = 'No input data was found in the S3 input location for this data window.';
  }
  return execution;
}

/** The indices k of the executions of one period that the query lets through, newest bound first. */
function executionIndexRange(period: RunningPeriod, query: ExecutionQuery): { kMin: number; kMax: number } {
  const f = period.frequencyMs;
  const o = period.offsetMs;
  let upper = Math.min(query.now, (period.to ?? Number.POSITIVE_INFINITY) - 1);
  if (query.before !== undefined) upper = Math.min(upper, query.before - 1);
  let kMax = Math.floor((upper - o) / f);
  let kMin = Math.ceil((period.from - o) / f);
  const exclusive = query.exclusiveBounds === true;
  // Execution k covers the data [k·f − f, k·f).
  if (query.dataEndTimeBefore !== undefined) {
    const bound = query.dataEndTimeBefore / f;
    kMax = Math.min(kMax, exclusive ? Math.ceil(bound) - 1 : Math.floor(bound));
  }
  if (query.dataStartTimeAfter !== undefined) {
    const bound = query.dataStartTimeAfter / f;
    kMin = Math.max(kMin, exclusive ? Math.floor(bound) + 2 : Math.ceil(bound) + 1);
  }
  return { kMin, kMax };
}

/** Executions newest first, lazily. */
export function* listExecutions(
  scheduler: InferenceSchedulerState,
  query: ExecutionQuery,
): Generator<Execution> {
  const periods = [...scheduler.periods].sort((a, b) => b.from - a.from);
  for (const period of periods) {
    const f = period.frequencyMs;
    const o = period.offsetMs;
    const { kMin, kMax } = executionIndexRange(period, query);
    for (let k = kMax; k >= kMin; k--) yield describeExecution(scheduler, k * f + o, f, o);
  }
}

export function latestInferenceResult(
  scheduler: InferenceSchedulerState,
  now: number,
): 'ANOMALOUS' | 'NORMAL' | undefined {
  const latest = listExecutions(scheduler, { now }).next();
  if (latest.done === true) return undefined;
  return noise(scheduler.arn, latest.value.scheduledStart, 'result') < ANOMALY_RATE ? 'ANOMALOUS' : 'NORMAL';
}

/** Sorted, with overlapping or touching ranges joined. */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const merged: TimeRange[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** The data of the executions k in [kMin, kMax] of one period that succeeded, as ranges. */
function successfulData(
  scheduler: InferenceSchedulerState,
  period: RunningPeriod,
  kMin: number,
  kMax: number,
): TimeRange[] {
  const f = period.frequencyMs;
  const o = period.offsetMs;
  // Executions before the model had an active version fail; the timeline only ever gains versions.
  const firstActive = scheduler.timeline[0]?.at;
  if (firstActive === undefined) return [];
  const from = Math.max(kMin, Math.ceil((firstActive - o) / f));
  if (scheduler.failureRate <= 0) return from > kMax ? [] : [{ start: from * f - f, end: kMax * f }];
  const ranges: TimeRange[] = [];
  for (let k = from; k <= kMax; k++) {
    if (describeExecution(scheduler, k * f + o, f, o).status !== 'SUCCESS') continue;
    const last = ranges[ranges.length - 1];
    // Data of execution k covers [k·f − f, k·f).
    if (last !== undefined && last.end === k * f - f) last.end = k * f;
    else ranges.push({ start: k * f - f, end: k * f });
  }
  return ranges;
}

/** The data of the successful executions scheduled in (after, until], over all periods. */
function processedData(scheduler: InferenceSchedulerState, after: number, until: number): TimeRange[] {
  const ranges: TimeRange[] = [];
  for (const period of scheduler.periods) {
    const f = period.frequencyMs;
    const o = period.offsetMs;
    const kMin = Math.max(Math.ceil((period.from - o) / f), Math.floor((after - o) / f) + 1);
    const kMax = Math.floor((Math.min(until, (period.to ?? Number.POSITIVE_INFINITY) - 1) - o) / f);
    if (kMax >= kMin) ranges.push(...successfulData(scheduler, period, kMin, kMax));
  }
  return ranges;
}

/**
 * Adds the data of executions since the last sync to the model's accumulated inference data. The guide:
 * L4E accumulates the data it successfully processes, so failed executions and stopped time add nothing.
 */
export function syncAccumulated(sim: Simulation, model: ModelState): void {
  for (const scheduler of sim.store.inferenceSchedulersOf(model.name)) {
    if (scheduler.modelArn !== model.arn) continue;
    const ranges = processedData(scheduler, scheduler.syncedUntil, sim.now);
    scheduler.syncedUntil = Math.max(scheduler.syncedUntil, sim.now);
    if (ranges.length === 0) continue;
    model.accumulated = mergeRanges([...(model.accumulated ?? []), ...ranges]);
  }
}

/** First start and last end of the accumulated data (AccumulatedInferenceDataStart/EndTime). */
export function accumulatedSpan(ranges: readonly TimeRange[] | undefined): TimeRange | undefined {
  const first = ranges?.[0];
  const last = ranges?.[ranges.length - 1];
  return first === undefined || last === undefined ? undefined : { start: first.start, end: last.end };
}

export function setInferenceStatus(
  sim: Simulation,
  scheduler: InferenceSchedulerState,
  status: SchedulerStatus | 'DELETED',
  cause: string,
): void {
  if (scheduler.status === status) return;
  sim.record({
    resource: 'inferenceScheduler',
    modelName: scheduler.modelName,
    modelVersion: null,
    name: scheduler.name,
    field: 'Status',
    from: scheduler.status,
    to: status,
    cause,
  });
  if (status !== 'DELETED') scheduler.status = status;
  scheduler.updatedAt = sim.now;
}

function scheduleTransition(sim: Simulation, scheduler: InferenceSchedulerState): void {
  scheduler.ticket++;
  sim.schedule(sim.now + INFERENCE_TRANSITION_MS, {
    kind: 'inferenceTransition',
    scheduler: scheduler.name,
    arn: scheduler.arn,
    ticket: scheduler.ticket,
  });
}

export function openPeriod(sim: Simulation, scheduler: InferenceSchedulerState): void {
  scheduler.periods.push({
    from: sim.now,
    frequencyMs: uploadFrequencyMs(scheduler.frequency),
    offsetMs: scheduler.delayOffsetMinutes * MINUTE_MS,
  });
}

function closePeriod(sim: Simulation, scheduler: InferenceSchedulerState): void {
  const model = sim.store.models.get(scheduler.modelName);
  if (model !== undefined && model.arn === scheduler.modelArn) syncAccumulated(sim, model);
  const open = scheduler.periods[scheduler.periods.length - 1];
  if (open !== undefined && open.to === undefined) open.to = sim.now;
}

export function requestInferenceStart(
  sim: Simulation,
  scheduler: InferenceSchedulerState,
  cause: string,
): void {
  setInferenceStatus(sim, scheduler, 'PENDING', cause);
  scheduleTransition(sim, scheduler);
}

export function requestInferenceStop(
  sim: Simulation,
  scheduler: InferenceSchedulerState,
  cause: string,
): void {
  closePeriod(sim, scheduler);
  setInferenceStatus(sim, scheduler, 'STOPPING', cause);
  scheduleTransition(sim, scheduler);
}

/** Stops at once (the model was deleted): no further executions. */
export function haltInference(sim: Simulation, scheduler: InferenceSchedulerState, cause: string): void {
  closePeriod(sim, scheduler);
  scheduler.ticket++;
  setInferenceStatus(sim, scheduler, 'STOPPED', cause);
}

/** A configuration change while running starts a new period so earlier executions keep their cadence. */
export function reconfigureInference(sim: Simulation, scheduler: InferenceSchedulerState): void {
  if (scheduler.status !== 'RUNNING') return;
  closePeriod(sim, scheduler);
  openPeriod(sim, scheduler);
}

export function onInferenceTransition(
  sim: Simulation,
  event: Extract<SimEvent, { kind: 'inferenceTransition' }>,
): void {
  const scheduler = sim.store.inferenceSchedulers.get(event.scheduler);
  if (scheduler === undefined || scheduler.arn !== event.arn || scheduler.ticket !== event.ticket) return;
  if (scheduler.status === 'PENDING') {
    openPeriod(sim, scheduler);
    setInferenceStatus(sim, scheduler, 'RUNNING', 'SCHEDULER');
  } else if (scheduler.status === 'STOPPING') {
    setInferenceStatus(sim, scheduler, 'STOPPED', 'SCHEDULER');
  }
}
