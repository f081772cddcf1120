// One benchmark run: poll cycles, PutEvents batching, bundles and cold starts, measured in that order.
import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { isAbsolute, relative } from 'node:path';
import { createSiteWiseProvider } from '../../lib/adapters/sitewise.js';
import { type BundleSet, buildBundles, packagedZips } from './bundles.js';
import { type InitTimes, measureInitTimes } from './cold-start.js';
import { benchFleet, type FleetBenchResult } from './fleet-bench.js';
import { hubFunctions } from './fleet-wiring.js';
import { benchPollCycles, type PollBenchResult } from './poll-cycles.js';
import {
  benchPublishBatches,
  DEFAULT_PUBLISH_CASES,
  type PublishCase,
  type PublishRow,
} from './publish-batches.js';
import { benchSiteWiseCycles, type SiteWiseBenchResult } from './sitewise-cycles.js';

export interface BenchPlan {
  name: 'full' | 'quick';
  fleets: number[];
  /** Measured cycles per row, by fleet size. */
  repetitions: (models: number) => number;
  latencyMs: number;
  /** One unmeasured naive cycle before the measured ones, as the watcher's first cycle precedes its own. */
  naiveWarmup: boolean;
  seed: number;
  days: number;
  publish: readonly PublishCase[];
  initRuns: number;
  /** SiteWise fleets (models × assets) for section 4. */
  sitewiseFleets: number[];
  /** Fleet sizes T (targets × 15 models) for section 5. */
  fleetTargets: number[];
}

export const FULL_PLAN: BenchPlan = {
  name: 'full',
  fleets: [15, 150, 1500],
  // A naive cycle over 1,500 models takes seconds; three keep the whole run within a few minutes.
  repetitions: (models) => (models >= 1000 ? 3 : 5),
  latencyMs: 20,
  naiveWarmup: true,
  seed: 1,
  days: 30,
  publish: DEFAULT_PUBLISH_CASES,
  initRuns: 10,
  sitewiseFleets: [15, 150, 1500],
  fleetTargets: [10, 100, 1000],
};

export const QUICK_PLAN: BenchPlan = {
  ...FULL_PLAN,
  name: 'quick',
  fleets: [15, 150],
  repetitions: () => 2,
  // Counts, not times, are what the quick plan is for.
  naiveWarmup: false,
  publish: [
    ...DEFAULT_PUBLISH_CASES.filter((c) => c.entryBytes === undefined),
    { label: 'large (~250 KB, near the limit)', events: 10, entryBytes: 250 * 1024 },
  ],
  initRuns: 1,
  sitewiseFleets: [15],
  fleetTargets: [10],
};

export interface BenchOptions {
  plan: BenchPlan;
  /** The project root (serverless.yml, functions/, lib/, node_modules/). */
  root: string;
  /** Bundles and transpiled code go here; inside the root, so node_modules resolves. */
  workDir: string;
  progress(message: string): void;
  /** Section 5 too, over this packaged template; left out without one. */
  fleet?: { templateFile: string; maxTargets?: number; minTargets?: number };
}

export interface BenchResult {
  plan: BenchPlan;
  startedAt: string;
  durationMs: number;
  environment: { node: string; platform: string; arch: string; cpus: number; cpuModel: string };
  cycles: PollBenchResult;
  sitewise: SiteWiseBenchResult;
  publish: PublishRow[];
  bundles: BundleSet;
  init: InitTimes[];
  zips: Array<{ file: string; bytes: number }>;
  fleet: FleetBenchResult | null;
}

export class BenchOptionsError extends Error {
  override name = 'BenchOptionsError';
}

/**
 * Section 4 alone: SiteWise cycles of the plan's fleets, as section 1 measures L4E's. A naive SiteWise
 * cycle over 1,500 models takes the longest of the whole run, so that fleet measures one.
 */
export function benchSiteWisePlan(
  plan: BenchPlan,
  progress: (message: string) => void,
): Promise<SiteWiseBenchResult> {
  return benchSiteWiseCycles({
    fleets: plan.sitewiseFleets,
    // At 1,500 a cycle of either poller takes tens of seconds: one idle cycle, a stop and its settling.
    repetitions: (models) => (models >= 1000 ? 2 : plan.repetitions(models)),
    naiveRepetitions: (models) => (models >= 1000 ? 1 : plan.name === 'quick' ? 1 : 2),
    latencyMs: plan.latencyMs,
    provider: ({ sitewise, s3 }) => createSiteWiseProvider(sitewise, s3),
    progress,
  });
}

/** Section 5 alone: the plan's fleet sizes up to `maxTargets`, the hub against separate stacks. */
export function benchFleetPlan(
  plan: BenchPlan,
  options: {
    root: string;
    templateFile: string;
    maxTargets?: number;
    minTargets?: number;
    progress(message: string): void;
  },
): Promise<FleetBenchResult> {
  const max = options.maxTargets ?? Number.POSITIVE_INFINITY;
  const min = options.minTargets ?? 0;
  const sizes = plan.fleetTargets.filter((t) => t <= max && t >= min);
  if (sizes.length === 0) throw new BenchOptionsError(`no fleet size of the plan is from ${min} to ${max}`);
  return benchFleet({
    sizes,
    latencyMs: plan.latencyMs,
    root: options.root,
    templateFile: options.templateFile,
    hub: hubFunctions,
    seed: plan.seed,
    progress: options.progress,
  });
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const { plan, progress } = options;
  const inside = relative(options.root, options.workDir);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    // The transpiled, unbundled code resolves its dependencies from the project's node_modules.
    throw new BenchOptionsError(`the work directory must be inside ${options.root}, got ${options.workDir}`);
  }
  const began = performance.now();
  const startedAt = new Date().toISOString();
  const cores = cpus();
  const cycles = await benchPollCycles({
    fleets: plan.fleets,
    repetitions: plan.repetitions,
    latencyMs: plan.latencyMs,
    naiveWarmup: plan.naiveWarmup,
    seed: plan.seed,
    days: plan.days,
    progress,
  });
  const sitewise = await benchSiteWisePlan(plan, progress);
  const publish = await benchPublishBatches(plan.publish, progress);
  const fleet =
    options.fleet === undefined
      ? null
      : await benchFleetPlan(plan, { root: options.root, ...options.fleet, progress });
  mkdirSync(options.workDir, { recursive: true });
  progress(`bundling into ${options.workDir}`);
  const bundles = await buildBundles(options.root, options.workDir);
  const init = await measureInitTimes(bundles.functions, {
    runs: plan.initRuns,
    workDir: options.workDir,
    progress,
  });
  return {
    plan,
    startedAt,
    durationMs: performance.now() - began,
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cores.length,
      cpuModel: cores[0]?.model.trim() ?? 'unknown',
    },
    cycles,
    sitewise,
    publish,
    bundles,
    init,
    zips: packagedZips(options.root),
    fleet,
  };
}
