// The IoT SiteWise half of the mixed soak: a fleet of models × assets on the SiteWise emulator, on the
// same simulated instant as the L4E emulator, with its own pollers (two overlapping, one sometimes
// crashing) over the SiteWise provider, SiteWise's faults (throttling, 5xx, latency), and operators who
// move the active version as SiteWise lets them: an inference START naming another version.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createModelStateStore } from '../../lib/adapters/state-model.js';
import type { EventPublisher, ModelProvider, ModelStateStore } from '../../lib/ports.js';
import { runWatchCycle } from '../../lib/watch.js';
import {
  type SiteWiseClients,
  type SiteWiseProviderFactory,
  siteWiseClients,
} from '../bench/sitewise-cycles.js';
import { buildSiteWiseFleet, type FleetModel } from '../bench/sitewise-fleet.js';
import { modelNameOf } from '../bench/sitewise-ledger.js';
import { createPrng } from '../emulator/random.js';
import type { RunSpec } from '../emulator/scenario.js';
import type { Harness } from '../harness.js';
import { numberRuns } from '../ledger-check-sitewise.js';
import { type SiteWiseEmulator, startSiteWiseEmulator } from '../sitewise/index.js';
import { knobsOfMode } from '../sitewise/knobs.js';
import { type CRASH_POINTS, type CrashLog, crashingCycle } from './faults.js';

type Prng = ReturnType<typeof createPrng>;

export interface SiteWiseSoakOptions {
  models: number;
  seed: number;
  faults: boolean;
  /** The SiteWise emulator's knobs: strict, lenient or random:<seed> (one draw for the whole emulator). */
  knobs: string;
  pollIntervalMs: number;
  provider: SiteWiseProviderFactory;
}

export interface SiteWiseOperators {
  rollbacks: number;
  manualActivations: number;
  failed: number;
  /** Ledger seqs of the active-version changes operators made. */
  seqs: Set<number>;
  /** Each version an operator moved a model away from, with the ledger seq of that change. */
  rolledAway: Array<{ model: string; version: number; seq: number }>;
}

export interface SiteWisePart {
  emulator: SiteWiseEmulator;
  clients: SiteWiseClients;
  provider: ModelProvider;
  models: FleetModel[];
  /** The ledger's length when the soak started: what came before is the fleet's setup. */
  ledgerFrom: number;
  pollTimes: number[];
  operators: SiteWiseOperators;
  counts: { polls: number; conflicts: number; failedCycles: number };
  /** Moves the SiteWise clock to the L4E emulator's instant. */
  follow(h: Harness): void;
  setFaults(on: boolean): void;
  cycle(
    h: Harness,
    crash: { point?: (typeof CRASH_POINTS)[number]; log: CrashLog; publisher?: EventPublisher },
  ): Promise<void>;
  operate(): Promise<void>;
  close(): Promise<void>;
}

/** Six hours of setup (create, train, start inference and schedulers) end at the L4E emulator's instant. */
const SETUP_MS = 7 * 3_600_000;
const RUNS_PLANNED = 16;

/** A year of runs per model: mostly good enough for the policy, some not, some failing. */
function plannedRuns(random: Prng): RunSpec[] {
  return Array.from({ length: RUNS_PLANNED }, (): RunSpec => {
    if (random.next() < 0.1) return { outcome: 'FAILED', failedReason: 'Not enough data.' };
    const metric = () => Math.round((0.55 + random.next() * 0.42) * 100) / 100;
    return {
      outcome: 'SUCCESS',
      metrics: { precision: metric(), recall: metric(), auc: metric() },
      priorMetrics: { precision: metric(), recall: metric(), auc: metric() },
    };
  });
}

export async function startSiteWisePart(h: Harness, options: SiteWiseSoakOptions): Promise<SiteWisePart> {
  const emulator = await startSiteWiseEmulator({
    seed: options.seed,
    knobs: knobsOfMode(options.knobs),
    startTime: new Date(h.emulator.now() - SETUP_MS).toISOString(),
  });
  const clients = siteWiseClients(emulator);
  const fleet = await buildSiteWiseFleet(emulator, clients, { models: options.models, firstRunDays: 2 });
  const random = createPrng(options.seed * 2_750_159 + 7);
  for (const model of fleet.models)
    emulator.planRuns(model.computationModelId, plannedRuns(random), model.assetId ?? undefined);
  emulator.setTime(new Date(h.emulator.now()).toISOString());
  const provider = options.provider(clients);
  const table = siteWiseStateStore(h);
  const part: SiteWisePart = {
    emulator,
    clients,
    provider,
    models: fleet.models,
    ledgerFrom: emulator.ledger().length,
    pollTimes: [],
    operators: { rollbacks: 0, manualActivations: 0, failed: 0, seqs: new Set(), rolledAway: [] },
    counts: { polls: 0, conflicts: 0, failedCycles: 0 },
    follow: (harness) => emulator.setTime(new Date(harness.emulator.now()).toISOString()),
    setFaults: (on) =>
      emulator.setFaults(
        on
          ? {
              seed: options.seed,
              default: { throttle: 0.25, error5xx: 0.07 },
              operations: { ListActions: { latencyMs: 2 }, GetObject: { latencyMs: 2 } },
            }
          : {},
      ),
    cycle: (harness, crash) => pollSiteWise(part, { h: harness, options, store: table.store, ...crash }),
    operate: async () => {},
    close: async () => {
      table.close();
      clients.sitewise.destroy();
      clients.s3.destroy();
      await emulator.close();
    },
  };
  part.operate = operatorsOf(part, createPrng(options.seed * 86_028_121 + 5));
  return part;
}

/**
 * The watcher's state for SiteWise models: the harness's table, in SiteWise's own watch partition, so
 * neither provider's cycle sees the other's models as deleted.
 */
function siteWiseStateStore(h: Harness): { store: ModelStateStore; close(): void } {
  const client = new DynamoDBClient({
    endpoint: h.dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCALTESTING', secretAccessKey: 'local-testing-secret' },
  });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    store: createModelStateStore(documentClient, { tableName: h.tableName, provider: 'iot-sitewise' }),
    close: () => client.destroy(),
  };
}

async function pollSiteWise(
  part: SiteWisePart,
  run: {
    h: Harness;
    options: SiteWiseSoakOptions;
    store: ModelStateStore;
    publisher?: EventPublisher;
    point?: (typeof CRASH_POINTS)[number];
    log: CrashLog;
  },
): Promise<void> {
  const { h, options } = run;
  part.pollTimes.push(part.emulator.now());
  const wrapped = crashingCycle(run.store, run.publisher ?? h.publisher, run.point, run.log);
  try {
    const report = await runWatchCycle(
      { provider: part.provider, activations: h.activations, logger: h.logger, ...wrapped },
      {
        now: new Date(part.emulator.now()),
        owner: `sitewise-poller-${part.counts.polls + 1}`,
        leaseMs: Math.max(60_000, Math.floor(options.pollIntervalMs / 2)),
        baselineLookbackMs: 24 * 3_600_000,
      },
    );
    part.counts.conflicts += report.conflicts;
  } catch (error) {
    if ((error as Error).name !== 'InjectedCrash') part.counts.failedCycles += 1;
  }
  part.counts.polls += 1;
}

/**
 * An operator moves a model's active version as the CLI's activate and rollback do: through the provider,
 * which sends SiteWise an inference START naming the version (after a STOP when inference will not switch
 * while running). Returns the ledger seq of the change, or null when nothing changed.
 */
async function moveAs(part: SiteWisePart, name: string, to: number): Promise<number | null> {
  const before = part.emulator.ledger().length;
  await part.provider.activateVersion(name, to);
  const change = part.emulator
    .ledger(before)
    .filter((e) => e.resource === 'activeModelVersion' && modelNameOf(e) === name)
    .at(-1);
  return change?.seq ?? null;
}

function operatorsOf(part: SiteWisePart, random: Prng): () => Promise<void> {
  const ops = part.operators;
  let ledgerSeen = part.ledgerFrom;
  let disliked: Array<{ name: string; from: number; to: number }> = [];
  const move = async (name: string, from: number, to: number): Promise<boolean> => {
    const seq = await moveAs(part, name, to);
    if (seq === null) return false;
    ops.seqs.add(seq);
    ops.rolledAway.push({ model: name, version: from, seq });
    return true;
  };
  const attempt = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch {
      // Throttled or failed past the client's retries: the operator tries again another day.
      ops.failed += 1;
    }
  };
  return async () => {
    // An operator who dislikes what the autopilot put live rolls it back a poll later, unless the live
    // version changed meanwhile.
    for (const d of disliked)
      await attempt(async () => {
        if ((await part.provider.describeModel(d.name))?.activeVersion !== d.to) return;
        if (await move(d.name, d.to, d.from)) ops.rollbacks += 1;
      });
    disliked = autopilotActivationsSince(part, ledgerSeen).filter(() => random.next() < 0.4);
    ledgerSeen = part.emulator.ledger().length;
    for (const model of part.models) {
      const roll = random.next();
      if (roll < 0.006)
        await attempt(() => manualMove(part, { name: modelNameOf(model), roll, random, move }));
    }
  };
}

/**
 * Autopilot activations (inference STARTs no operator made) since ledger position `from`, in the
 * autopilot's version numbers (a run's place among its model's training runs).
 */
function autopilotActivationsSince(
  part: SiteWisePart,
  from: number,
): Array<{ name: string; from: number; to: number }> {
  const { versionRun } = numberRuns(part.emulator.ledger());
  const number = (name: string, version: unknown) => versionRun.get(`${name} ${version}`) ?? Number(version);
  return part.emulator
    .ledger(from)
    .filter((e) => e.resource === 'activeModelVersion' && e.cause === 'INFERENCE_START')
    .filter((e) => !part.operators.seqs.has(e.seq) && typeof e.from === 'number' && typeof e.to === 'number')
    .map((e) => {
      const name = modelNameOf(e);
      return { name, from: number(name, e.from), to: number(name, e.to) };
    });
}

/** A rollback to the newest older version (a third of the time), else a manual activation of another. */
async function manualMove(
  part: SiteWisePart,
  step: {
    name: string;
    roll: number;
    random: Prng;
    move: (name: string, from: number, to: number) => Promise<boolean>;
  },
): Promise<void> {
  const active = (await part.provider.describeModel(step.name))?.activeVersion ?? null;
  if (active === null) return;
  const ready = (await part.provider.listVersions(step.name))
    .filter((v) => v.status === 'SUCCESS' && v.version !== active)
    .map((v) => v.version);
  if (step.roll < 0.002) {
    const previous = ready.filter((v) => v < active).sort((a, b) => b - a)[0];
    if (previous !== undefined && (await step.move(step.name, active, previous)))
      part.operators.rollbacks += 1;
    return;
  }
  const target = ready[Math.floor(step.random.next() * ready.length)];
  if (target !== undefined && (await step.move(step.name, active, target)))
    part.operators.manualActivations += 1;
}
