// The fleet benchmark: for each fleet size T, T targets × MODELS_PER_TARGET models, all idle after a
// baseline cycle, polled for an hour of simulated cycles by the hub (dispatcher, queue, poller containers)
// with one container and with the event source's maximum concurrency, then by T separate stacks.

import { createHubQueue, type HubCycle, type HubFunctions, type HubQueue, startHub } from './fleet-hub.js';
import { type DeployedResources, deployedResources } from './fleet-resources.js';
import { type StacksCycle, startStacks } from './fleet-stacks.js';
import type { FleetHub, TargetsParameterFit } from './fleet-wiring.js';
import { accountsOf, type FleetWorld, MODELS_PER_TARGET, startFleetWorld } from './fleet-world.js';

/** serverless.yml's default pollRate, rate(5 minutes): twelve cycles an hour. */
export const CYCLE_MS = 5 * 60 * 1000;
export const CYCLES_PER_HOUR = 12;
/** The poller's logical id in the packaged template, whose event source mapping sets C and the batch. */
export const POLLER_LOGICAL_ID = 'PollTargetLambdaFunction';

export interface FleetBenchOptions {
  sizes: readonly number[];
  latencyMs: number;
  root: string;
  /** The packaged stack template (`osls package`). */
  templateFile: string;
  /** The hub's functions over a world and its queue: the use cases as the functions wire them. */
  hub(world: FleetWorld, queue: HubQueue): Promise<FleetHub>;
  seed: number;
  progress(message: string): void;
}

export interface HubHour {
  containers: number;
  /** The cycle before the hour: the fleet's baseline for the first hub, a warm-up for the next. */
  warmUp: HubCycle;
  cycles: HubCycle[];
}

export interface FleetRow {
  targets: number;
  accounts: number;
  models: number;
  hours: HubHour[];
  stacks: { first: StacksCycle; idle: StacksCycle };
  /** The targets parameter's size and the SSM tier that holds it (null: it fits in none). */
  targetsParameter: TargetsParameterFit;
}

export interface FleetBenchResult {
  latencyMs: number;
  cycleMs: number;
  batchSize: number;
  /** The event source's maximum concurrency in the packaged template (the default fleetConcurrency). */
  defaultConcurrency: number;
  resources: DeployedResources;
  rows: FleetRow[];
}

/** The poller's batch size and maximum concurrency as packaged; Lambda's defaults where unset. */
function pollerSettings(resources: DeployedResources): { batchSize: number; concurrency: number } {
  const source =
    resources.eventSources.find((s) => s.functionLogicalId === POLLER_LOGICAL_ID) ??
    resources.eventSources[0];
  if (source === undefined) throw new Error('the packaged template has no SQS event source mapping');
  return { batchSize: source.batchSize, concurrency: source.maximumConcurrency ?? 1000 };
}

async function hubHour(
  world: FleetWorld,
  hub: { queue: HubQueue; functions: HubFunctions },
  settings: { containers: number; batchSize: number; seed: number; latencyMs: number },
): Promise<HubHour> {
  const rig = startHub(world, hub.queue, hub.functions, settings);
  const warmUp = await rig.cycle();
  // The first hour's warm-up is the fleet's baseline, run without latency; the hour has it.
  world.harness.emulator.setFaults({ default: { latencyMs: settings.latencyMs } });
  const cycles: HubCycle[] = [];
  for (let i = 0; i < CYCLES_PER_HOUR; i++) {
    world.harness.emulator.advance(CYCLE_MS);
    cycles.push(await rig.cycle());
  }
  return { containers: settings.containers, warmUp, cycles };
}

/** The hub's hours over the world: C = 1, then the packaged maximum concurrency, new containers each. */
async function hubHours(
  world: FleetWorld,
  options: FleetBenchOptions,
  settings: { batchSize: number; concurrency: number },
): Promise<{ hours: HubHour[]; targetsParameter: TargetsParameterFit }> {
  const queue = createHubQueue(world);
  const functions = await options.hub(world, queue);
  try {
    const hours: HubHour[] = [];
    // The first hour's warm-up is the fleet's baseline, with every container the event source allows.
    for (const containers of [...new Set([settings.concurrency, 1])]) {
      hours.push(
        await hubHour(
          world,
          { queue, functions },
          { containers, batchSize: settings.batchSize, seed: options.seed, latencyMs: options.latencyMs },
        ),
      );
      options.progress(`fleet T=${world.targets.length}: hub hour with ${containers} poller container(s)`);
    }
    return { hours, targetsParameter: functions.targetsParameter };
  } finally {
    functions.close();
    queue.client.destroy();
  }
}

async function benchSize(
  targets: number,
  options: FleetBenchOptions,
  settings: { batchSize: number; concurrency: number },
): Promise<FleetRow> {
  const { progress } = options;
  const world = await startFleetWorld(targets);
  try {
    progress(`fleet T=${targets}: ${targets * MODELS_PER_TARGET} models seeded`);
    const { hours, targetsParameter } = await hubHours(world, options, settings);
    world.harness.emulator.setFaults({});
    const stacks = await startStacks(world);
    const first = await stacks.cycle('stacks-first');
    world.harness.emulator.advance(CYCLE_MS);
    world.harness.emulator.setFaults({ default: { latencyMs: options.latencyMs } });
    const idle = await stacks.cycle('stacks-idle');
    progress(`fleet T=${targets}: ${targets} separate stacks`);
    return {
      targets,
      accounts: accountsOf(world.targets).length,
      models: targets * MODELS_PER_TARGET,
      hours,
      stacks: { first, idle },
      targetsParameter,
    };
  } finally {
    await world.close();
  }
}

export async function benchFleet(options: FleetBenchOptions): Promise<FleetBenchResult> {
  const resources = deployedResources(options.root, options.templateFile);
  const settings = pollerSettings(resources);
  const rows: FleetRow[] = [];
  for (const targets of options.sizes) rows.push(await benchSize(targets, options, settings));
  return {
    latencyMs: options.latencyMs,
    cycleMs: CYCLE_MS,
    batchSize: settings.batchSize,
    defaultConcurrency: settings.concurrency,
    resources,
    rows,
  };
}
