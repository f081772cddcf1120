// Section 4: IoT SiteWise and S3 calls per poll cycle, l4e-autopilot's watcher with the SiteWise provider
// against the naive SiteWise poller, on fleets of models × assets built on the SiteWise emulator, with a
// fixed latency on every SiteWise call. Requests are counted where they arrive: by the SiteWise emulator
// and by its S3 stand-in.
import { IoTSiteWiseClient } from '@aws-sdk/client-iotsitewise';
import { S3Client } from '@aws-sdk/client-s3';
import type { ModelProvider } from '../../lib/ports.js';
import { runWatchCycle } from '../../lib/watch.js';
import { fastRetryStrategy, type Harness, startHarness } from '../harness.js';
import { type SiteWiseEmulator, STRICT_SITEWISE_KNOBS, startSiteWiseEmulator } from '../sitewise/index.js';
import {
  BASELINE_LOOKBACK_MS,
  BenchCycleError,
  changedModelsFor,
  LEASE_MS,
  PRODUCT_CONCURRENCY,
} from './poll-cycles.js';
import {
  ASSETS_PER_MODEL,
  buildSiteWiseFleet,
  executeOn,
  type FleetModel,
  fleetShape,
  type SiteWiseFleet,
  STOP_SCHEDULER_PAYLOAD,
  startSchedulerPayload,
} from './sitewise-fleet.js';
import { missedTransitions, type PublishedDetail } from './sitewise-ledger.js';
import { runNaiveSiteWisePoll } from './sitewise-naive-poller.js';
import { elapsedMs, mapLimit } from './stats.js';
import { type WatchRig, watchRig } from './watch-rig.js';

/** The SDK clients a SiteWise provider is made of, pointed at the emulator and its S3 stand-in. */
export interface SiteWiseClients {
  sitewise: IoTSiteWiseClient;
  s3: S3Client;
}

export type SiteWiseProviderFactory = (clients: SiteWiseClients) => ModelProvider;

export interface SiteWiseSample {
  ms: number;
  /** SiteWise requests per operation, as the emulator counted them. */
  sitewise: Record<string, number>;
  /** S3 requests per operation, as the S3 stand-in counted them. */
  s3: Record<string, number>;
}

export interface SiteWiseAutopilotSample extends SiteWiseSample {
  observed: number;
  published: number;
}

export type SiteWiseCycleKind = 'first' | 'idle' | 'changed';

export interface SiteWiseRow {
  models: number;
  /** Models whose retraining scheduler was stopped, or started, or whose action settled, before each cycle. */
  changed: number;
  kind: SiteWiseCycleKind;
  autopilot: SiteWiseAutopilotSample[];
  naive: SiteWiseSample[];
  /** Changed cycles: the ledger's transitions over the row, and those no published event carried. */
  transitions: number;
  missed: string[];
}

export interface SiteWiseBenchOptions {
  fleets: readonly number[];
  /** Measured autopilot cycles per row. */
  repetitions(models: number): number;
  /** Measured naive cycles per row (fewer for the largest fleets: one naive cycle takes the longest). */
  naiveRepetitions(models: number): number;
  latencyMs: number;
  provider: SiteWiseProviderFactory;
  progress(message: string): void;
}

export interface SiteWiseBenchResult {
  latencyMs: number;
  concurrency: number;
  knobs: string;
  rows: SiteWiseRow[];
  /** How each fleet was made: computation models bound to one asset, and at asset-model level. */
  shapes: Array<{ models: number; assetLevel: number; assetModelLevel: number }>;
}

/**
 * The SiteWise provider's idle budget (docs/sitewise.md, "Change detection"): per model, one ListActions
 * and one ListExecutions; per computation model, one S3 listing per metrics destination and, bound at
 * asset-model level, one ListComputationModelResolveToResources; plus one ListComputationModels page per 250
 * computation models. A computation model has at least one model, so at most 4 calls per model with a
 * single destination, and 3 for a fleet of computation models bound to one asset each.
 */
export function siteWiseIdleBudget(shape: { assetLevel: number; assetModelLevel: number }): number {
  const computationModels = shape.assetLevel + shape.assetModelLevel;
  const models = shape.assetLevel + ASSETS_PER_MODEL * shape.assetModelLevel;
  return Math.ceil(computationModels / 250) + 2 * models + computationModels + shape.assetModelLevel;
}

/** Calls of one naive cycle over a fleet whose every model has `actions` actions, as many executions, and `objects` objects. */
export function naiveSiteWiseCalls(
  shape: { assetLevel: number; assetModelLevel: number },
  history: { actions: number; executions: number; objects: number },
): { sitewise: number; s3: number } {
  const computationModels = shape.assetLevel + shape.assetModelLevel;
  const models = shape.assetLevel + ASSETS_PER_MODEL * shape.assetModelLevel;
  return {
    sitewise:
      Math.ceil(computationModels / 250) +
      2 * computationModels +
      models * (3 + history.actions + history.executions),
    s3: models * (1 + history.objects),
  };
}

const credentials = { accessKeyId: 'AKIDLOCALTESTING', secretAccessKey: 'local-testing-secret' };

/** Clients as the product configures them for SiteWise: no host prefix locally, path-style S3. */
export function siteWiseClients(emulator: SiteWiseEmulator): SiteWiseClients {
  return {
    sitewise: new IoTSiteWiseClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials,
      disableHostPrefix: true,
      retryStrategy: fastRetryStrategy(8),
    }),
    s3: new S3Client({ endpoint: emulator.s3.url, region: 'us-east-1', credentials, forcePathStyle: true }),
  };
}

interface Rig extends WatchRig {
  harness: Harness;
  emulator: SiteWiseEmulator;
  clients: SiteWiseClients;
  fleet: SiteWiseFleet;
  cycles: number;
}

/** Counts since `before`, per operation, dropping operations not called. */
function since(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [op, n] of Object.entries(after))
    if (n - (before[op] ?? 0) > 0) delta[op] = n - (before[op] ?? 0);
  return delta;
}

/** Runs `work` and returns its wall time with the SiteWise and S3 requests it made. */
async function counted<T>(rig: Rig, work: () => Promise<T>): Promise<{ value: T; sample: SiteWiseSample }> {
  const sitewise = rig.emulator.stats().calls;
  const s3 = rig.emulator.s3.calls();
  const start = performance.now();
  const value = await work();
  const ms = elapsedMs(start);
  return {
    value,
    sample: {
      ms,
      sitewise: since(sitewise, rig.emulator.stats().calls),
      s3: since(s3, rig.emulator.s3.calls()),
    },
  };
}

async function measureAutopilot(rig: Rig): Promise<SiteWiseAutopilotSample> {
  rig.cycles++;
  const { value: report, sample } = await counted(rig, () =>
    runWatchCycle(rig.deps, {
      now: new Date(rig.emulator.now()),
      owner: `bench-sitewise-cycle-${rig.cycles}`,
      leaseMs: LEASE_MS,
      baselineLookbackMs: BASELINE_LOOKBACK_MS,
    }),
  );
  if (report.errors.length > 0 || report.failed > 0 || report.conflicts > 0) {
    throw new BenchCycleError(`SiteWise watch cycle did not complete cleanly: ${JSON.stringify(report)}`);
  }
  return { ...sample, observed: report.observed, published: report.published };
}

async function measureNaive(rig: Rig): Promise<SiteWiseSample> {
  const { value, sample } = await counted(rig, () =>
    runNaiveSiteWisePoll(rig.clients, { concurrency: PRODUCT_CONCURRENCY }),
  );
  if (value.models !== rig.fleet.models.length) {
    throw new BenchCycleError(
      `naive SiteWise poller saw ${value.models} of ${rig.fleet.models.length} models`,
    );
  }
  return sample;
}

async function startRig(models: number, options: SiteWiseBenchOptions): Promise<Rig> {
  const harness = await startHarness();
  const emulator = await startSiteWiseEmulator({ knobs: STRICT_SITEWISE_KNOBS });
  const clients = siteWiseClients(emulator);
  const fleet = await buildSiteWiseFleet(emulator, clients, { models });
  return { harness, emulator, clients, fleet, cycles: 0, ...watchRig(harness, options.provider(clients)) };
}

async function closeRig(rig: Rig): Promise<void> {
  rig.close();
  rig.clients.sitewise.destroy();
  rig.clients.s3.destroy();
  await Promise.all([rig.emulator.close(), rig.harness.close()]);
}

/** Longer than the strict settle time (PT5M), so each action's execution has COMPLETED. */
const SETTLE = 'PT10M';
type Step = 'stop' | 'settle-stopped' | 'start' | 'settle-started';
const NEXT_STEP: Record<Step, Step> = {
  stop: 'settle-stopped',
  'settle-stopped': 'start',
  start: 'settle-started',
  'settle-started': 'stop',
};

/**
 * One change to every chosen model, as an operator makes it: stop the retraining scheduler, let its
 * action's execution settle, start it again (first run still days away), let that settle.
 */
async function change(rig: Rig, chosen: readonly FleetModel[], step: Step): Promise<void> {
  if (step === 'settle-stopped' || step === 'settle-started') {
    rig.emulator.advance(SETTLE);
    return;
  }
  const firstRunS = Math.floor(rig.emulator.now() / 1000) + 10 * 86_400;
  await mapLimit(chosen, PRODUCT_CONCURRENCY, (model) =>
    executeOn(
      rig.clients.sitewise,
      model,
      'training',
      step === 'stop' ? STOP_SCHEDULER_PAYLOAD : startSchedulerPayload(model, firstRunS),
    ),
  );
}

/** Autopilot details published since `from` (an index into the bus archive). */
function publishedSince(rig: Rig, from: number): PublishedDetail[] {
  return rig.harness.bus
    .accepted()
    .slice(from)
    .map((e) => ({ detailType: e['detail-type'], detail: e.detail as Record<string, unknown> }));
}

async function changedRow(rig: Rig, models: number, options: SiteWiseBenchOptions): Promise<SiteWiseRow> {
  const changed = changedModelsFor(models);
  // Spread over the fleet, so asset-level models and assets of asset-model-level ones both change.
  const stride = Math.max(1, Math.floor(rig.fleet.models.length / changed));
  const chosen = rig.fleet.models.filter((_, i) => i % stride === 0).slice(0, changed);
  const row: SiteWiseRow = {
    models,
    changed,
    kind: 'changed',
    autopilot: [],
    naive: [],
    transitions: 0,
    missed: [],
  };
  const ledgerFrom = rig.emulator.ledger().length;
  const eventsFrom = rig.harness.bus.accepted().length;
  let step: Step = 'stop';
  const reps = options.repetitions(models);
  for (let i = 0; i < reps; i++) {
    await change(rig, chosen, step);
    step = NEXT_STEP[step];
    row.autopilot.push(await measureAutopilot(rig));
    if (i < options.naiveRepetitions(models)) row.naive.push(await measureNaive(rig));
    options.progress(`SiteWise N=${models}: cycle with ${changed} changed models ${i + 1}/${reps}`);
  }
  if (step === 'settle-stopped' || step === 'settle-started') {
    // The last change is still settling: one more (unmeasured) cycle after it settles, so the check
    // covers completed transitions only.
    await change(rig, chosen, step);
    await measureAutopilot(rig);
  }
  await rig.harness.bus.drain();
  const check = missedTransitions(rig.emulator.ledger(ledgerFrom), publishedSince(rig, eventsFrom));
  return { ...row, transitions: check.expected, missed: check.missed };
}

async function benchFleet(models: number, options: SiteWiseBenchOptions): Promise<SiteWiseRow[]> {
  const rig = await startRig(models, options);
  try {
    rig.emulator.setFaults({ default: { latencyMs: options.latencyMs } });
    const first = await measureAutopilot(rig);
    options.progress(`SiteWise N=${models}: first cycle ${first.ms.toFixed(0)} ms`);
    const idle: SiteWiseRow = {
      models,
      changed: 0,
      kind: 'idle',
      autopilot: [],
      naive: [],
      transitions: 0,
      missed: [],
    };
    for (let i = 0; i < options.repetitions(models); i++) {
      idle.autopilot.push(await measureAutopilot(rig));
      if (i < options.naiveRepetitions(models)) idle.naive.push(await measureNaive(rig));
      options.progress(`SiteWise N=${models}: idle cycle ${i + 1}/${options.repetitions(models)}`);
    }
    const moved = await changedRow(rig, models, options);
    const firstRow: SiteWiseRow = {
      models,
      changed: models,
      kind: 'first',
      autopilot: [first],
      naive: [],
      transitions: 0,
      missed: [],
    };
    return [firstRow, idle, moved];
  } finally {
    await closeRig(rig);
  }
}

export async function benchSiteWiseCycles(options: SiteWiseBenchOptions): Promise<SiteWiseBenchResult> {
  const rows: SiteWiseRow[] = [];
  const shapes: SiteWiseBenchResult['shapes'] = [];
  for (const models of options.fleets) {
    rows.push(...(await benchFleet(models, options)));
    shapes.push({ models, ...fleetShape(models) });
  }
  return {
    latencyMs: options.latencyMs,
    concurrency: PRODUCT_CONCURRENCY,
    knobs: 'strict',
    rows,
    shapes,
  };
}
