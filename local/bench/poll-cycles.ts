// Section 1: L4E calls and wall time per poll cycle, l4e-autopilot's watcher against the naive poller,
// on generated fleets behind the emulator with a fixed latency on every L4E call.
import {
  ListModelsCommand,
  type LookoutEquipmentClient,
  StartRetrainingSchedulerCommand,
  StopRetrainingSchedulerCommand,
} from '@aws-sdk/client-lookoutequipment';
import { runWatchCycle } from '../../lib/watch.js';
import { generateFleetScenario } from '../emulator/index.js';
import { type Harness, startHarness } from '../harness.js';
import { runNaivePoll } from './naive-poller.js';
import { elapsedMs, mapLimit } from './stats.js';
import { type WatchRig, watchRig } from './watch-rig.js';

/** The watcher's default: poll-models does not override runWatchCycle's concurrency. */
export const PRODUCT_CONCURRENCY = 8;
// The deployed settings (serverless.yml: OUTBOX_LEASE_SECONDS, BASELINE_LOOKBACK_HOURS).
export const LEASE_MS = 120_000;
export const BASELINE_LOOKBACK_MS = 24 * 3600 * 1000;
/** Longer than the emulator's stop settling time, so a STOPPING scheduler is STOPPED afterwards. */
const STOP_SETTLE = 'PT10M';
/** Longer than the emulator's start settling time (startSettle, PT15M), so PENDING turns RUNNING. */
const START_SETTLE = 'PT20M';

export class BenchCycleError extends Error {
  override name = 'BenchCycleError';
}

export type CycleKind = 'first' | 'idle' | 'changed';

export interface CycleSample {
  ms: number;
  /** L4E calls per operation, as the emulator counted them. */
  l4eCalls: Record<string, number>;
}

export interface AutopilotSample extends CycleSample {
  observed: number;
  published: number;
  dynamoRequests: number;
  /** Read and write capacity units the cycle consumed, as dynalite sizes them. */
  dynamoCapacityUnits: number;
  putEventsRequests: number;
}

export interface CycleRow {
  models: number;
  /** Models whose scheduler was started or stopped before each cycle of the row. */
  changed: number;
  kind: CycleKind;
  autopilot: AutopilotSample[];
  /** Empty for the first cycle: the naive poller has no first cycle, every cycle is alike. */
  naive: CycleSample[];
}

export interface PollBenchOptions {
  fleets: readonly number[];
  /** Measured cycles per row. */
  repetitions(models: number): number;
  latencyMs: number;
  naiveWarmup: boolean;
  seed: number;
  days: number;
  progress(message: string): void;
}

export interface PollBenchResult {
  latencyMs: number;
  concurrency: number;
  rows: CycleRow[];
}

export const changedModelsFor = (models: number): number => Math.max(1, Math.round(models / 10));

export const totalCalls = (calls: Record<string, number>): number =>
  Object.values(calls).reduce((sum, n) => sum + n, 0);

interface Rig extends WatchRig {
  harness: Harness;
  cycles: number;
}

async function startRig(models: number, options: PollBenchOptions): Promise<Rig> {
  const harness = await startHarness({
    scenario: generateFleetScenario({ models, seed: options.seed, days: options.days }),
  });
  return { harness, ...watchRig(harness, harness.provider), cycles: 0 };
}

async function measureAutopilot(rig: Rig): Promise<AutopilotSample> {
  const { harness } = rig;
  rig.cycles++;
  harness.emulator.resetStats();
  rig.dynamo.reset();
  rig.capacity.reset();
  rig.putEvents.reset();
  const start = performance.now();
  const report = await runWatchCycle(rig.deps, {
    now: new Date(harness.emulator.now()),
    owner: `bench-cycle-${rig.cycles}`,
    leaseMs: LEASE_MS,
    baselineLookbackMs: BASELINE_LOOKBACK_MS,
  });
  const ms = elapsedMs(start);
  if (report.errors.length > 0 || report.failed > 0 || report.conflicts > 0) {
    throw new BenchCycleError(`watch cycle did not complete cleanly: ${JSON.stringify(report)}`);
  }
  return {
    ms,
    l4eCalls: harness.emulator.stats().calls,
    observed: report.observed,
    published: report.published,
    dynamoRequests: rig.dynamo.total(),
    dynamoCapacityUnits: rig.capacity.units(),
    putEventsRequests: rig.putEvents.counts().PutEvents ?? 0,
  };
}

async function measureNaive(rig: Rig, models: number): Promise<CycleSample> {
  const { harness } = rig;
  harness.emulator.resetStats();
  const start = performance.now();
  const result = await runNaivePoll(harness.lookoutClient, { concurrency: PRODUCT_CONCURRENCY });
  const ms = elapsedMs(start);
  if (result.models.length !== models) {
    throw new BenchCycleError(`naive poller saw ${result.models.length} of ${models} models`);
  }
  return { ms, l4eCalls: harness.emulator.stats().calls };
}

async function runningSchedulers(client: LookoutEquipmentClient, count: number): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListModelsCommand({ MaxResults: 500, NextToken: token }));
    for (const s of page.ModelSummaries ?? []) {
      if (s.RetrainingSchedulerStatus === 'RUNNING' && s.ModelName) names.push(s.ModelName);
    }
    token = page.NextToken || undefined;
  } while (token);
  if (names.length < count) {
    throw new BenchCycleError(`the fleet has ${names.length} running schedulers, ${count} are needed`);
  }
  return names.slice(0, count);
}

type ToggleState = 'RUNNING' | 'STOPPING' | 'STOPPED' | 'PENDING';

/**
 * Changes the scheduler status of every chosen model, through the SDK as an operator would:
 * RUNNING → STOPPING (stop), STOPPING → STOPPED (the emulator's clock moves past the stop), STOPPED →
 * PENDING (start), PENDING → RUNNING (the clock moves past the start; L4E refuses to stop a PENDING
 * scheduler). Each step changes exactly those models' summaries.
 */
async function toggle(rig: Rig, names: readonly string[], state: ToggleState): Promise<ToggleState> {
  const client = rig.harness.lookoutClient;
  if (state === 'STOPPING' || state === 'PENDING') {
    rig.harness.emulator.advance(state === 'STOPPING' ? STOP_SETTLE : START_SETTLE);
    return state === 'STOPPING' ? 'STOPPED' : 'RUNNING';
  }
  const command =
    state === 'RUNNING'
      ? (name: string) => new StopRetrainingSchedulerCommand({ ModelName: name })
      : (name: string) => new StartRetrainingSchedulerCommand({ ModelName: name });
  await mapLimit(names, PRODUCT_CONCURRENCY, async (name) => {
    await client.send(command(name));
  });
  return state === 'RUNNING' ? 'STOPPING' : 'PENDING';
}

async function benchFleet(models: number, options: PollBenchOptions): Promise<CycleRow[]> {
  const rig = await startRig(models, options);
  try {
    const changed = changedModelsFor(models);
    const chosen = await runningSchedulers(rig.harness.lookoutClient, changed);
    rig.harness.emulator.setFaults({ default: { latencyMs: options.latencyMs } });
    const reps = options.repetitions(models);

    const first = await measureAutopilot(rig);
    options.progress(`N=${models}: first cycle ${first.ms.toFixed(0)} ms`);
    if (options.naiveWarmup) await measureNaive(rig, models);

    const idle: CycleRow = { models, changed: 0, kind: 'idle', autopilot: [], naive: [] };
    const moved: CycleRow = { models, changed, kind: 'changed', autopilot: [], naive: [] };
    for (let i = 0; i < reps; i++) {
      idle.autopilot.push(await measureAutopilot(rig));
      idle.naive.push(await measureNaive(rig, models));
      options.progress(`N=${models}: idle cycle ${i + 1}/${reps}`);
    }
    let state: ToggleState = 'RUNNING';
    for (let i = 0; i < reps; i++) {
      state = await toggle(rig, chosen, state);
      moved.autopilot.push(await measureAutopilot(rig));
      moved.naive.push(await measureNaive(rig, models));
      options.progress(`N=${models}: cycle with ${changed} changed models ${i + 1}/${reps}`);
    }
    return [{ models, changed: models, kind: 'first', autopilot: [first], naive: [] }, idle, moved];
  } finally {
    rig.close();
    await rig.harness.close();
  }
}

export async function benchPollCycles(options: PollBenchOptions): Promise<PollBenchResult> {
  const rows: CycleRow[] = [];
  for (const models of options.fleets) rows.push(...(await benchFleet(models, options)));
  return { latencyMs: options.latencyMs, concurrency: PRODUCT_CONCURRENCY, rows };
}
