// startSiteWiseEmulator: a runtime and its HTTP server on loopback, with the S3 stand-in its runs write
// to, and the programmatic handle tests use.

import type { EmulatorStats, FaultConfig } from '../emulator/faults.js';
import type { RunSpec, Scenario } from '../emulator/scenario.js';
import { parseScenario } from '../emulator/scenario.js';
import { loadScenarioFile } from '../emulator/scenario-files.js';
import { listenOn } from '../listen.js';
import { type S3StandIn, startS3StandIn } from '../s3/index.js';
import { ObjectStore } from '../s3/store.js';
import type { SiteWiseKnobSettings, SiteWiseKnobs } from './knobs.js';
import type { SiteWiseLedgerEntry } from './ledger.js';
import { type ScopedSiteWiseLedgerEntry, SiteWiseRuntime, type SiteWiseRuntimeOptions } from './runtime.js';
import { SEED_LEAD_MS, type SiteWiseScenarioIds, seedSiteWiseScenario } from './scenario.js';
import { createSiteWiseServer } from './server.js';

export interface SiteWiseEmulatorOptions extends Omit<SiteWiseRuntimeOptions, 'store' | 'realNow'> {
  host?: string;
  port?: number;
  /**
   * A scenario (object, name in local/scenarios, or path) whose `sitewise` section seeds the emulator; its
   * startTime, seed, account, region and SiteWise knobs apply unless given here.
   */
  scenario?: Scenario | string | undefined;
}

export interface SiteWiseEmulator {
  /** The SiteWise endpoint. */
  readonly url: string;
  /** The S3 stand-in holding what runs wrote under modelMetricsDestination. */
  readonly s3: S3StandIn;
  now(): number;
  advance(by: string | number): void;
  setTime(iso: string): void;
  planRuns(computationModelId: string, runs: RunSpec[], assetId?: string): void;
  setFaults(config: FaultConfig): void;
  setKnobs(knobs: SiteWiseKnobSettings): void;
  knobs(): SiteWiseKnobs;
  ledger(since?: number): SiteWiseLedgerEntry[];
  /** Every account's and region's ledger, each entry tagged with its account and region. */
  fleetLedger(): ScopedSiteWiseLedgerEntry[];
  stats(): EmulatorStats;
  /** The ids of the scenario's named asset models, assets and computation models. */
  resources(): SiteWiseScenarioIds;
  reset(): void;
  close(): Promise<void>;
}

const SPEED_TICK_MS = 1000;

export async function startSiteWiseEmulator(
  options: SiteWiseEmulatorOptions = {},
): Promise<SiteWiseEmulator> {
  const scenario =
    typeof options.scenario === 'string'
      ? loadScenarioFile(options.scenario)
      : options.scenario === undefined
        ? undefined
        : parseScenario(options.scenario);
  let runtime: SiteWiseRuntime | undefined;
  // Objects carry simulated time: the store reads the clock of the runtime it serves.
  const store = new ObjectStore(() => runtime?.sim.now ?? Date.now());
  runtime = new SiteWiseRuntime({
    ...options,
    seed: options.seed ?? scenario?.seed,
    accountId: options.accountId ?? scenario?.accountId,
    region: options.region ?? scenario?.region,
    knobs: { ...scenario?.sitewise?.knobs, ...options.knobs },
    ...(scenario === undefined
      ? {}
      : { startTime: new Date(Date.parse(scenario.startTime) - SEED_LEAD_MS).toISOString() }),
    store,
  });
  const ready = runtime;
  let ids: SiteWiseScenarioIds = { assetModels: {}, assets: {}, computationModels: {} };
  const sitewise = scenario?.sitewise;
  if (scenario !== undefined && sitewise !== undefined)
    ready.seedWith((seeded) => {
      ids = seedSiteWiseScenario(seeded, sitewise, scenario.startTime);
    });
  else if (scenario !== undefined) ready.setTime(scenario.startTime);
  // Faults apply to requests from startTime on, not to the seeding.
  const faults = scenario?.sitewise?.faults;
  if (faults !== undefined) ready.faults.configure({ seed: options.seed ?? scenario?.seed, ...faults });
  const listening = await listenOn(createSiteWiseServer(ready), options);
  const s3 = await startS3StandIn({ store, ...(options.host === undefined ? {} : { host: options.host }) });
  const ticker = ready.speed > 0 ? setInterval(() => ready.sync(), SPEED_TICK_MS) : undefined;
  ticker?.unref();
  let closing: Promise<void> | undefined;
  return {
    url: listening.url,
    s3,
    now: () => ready.now(),
    advance: (by) => {
      ready.advance(by);
    },
    setTime: (iso) => {
      ready.setTime(iso);
    },
    planRuns: (computationModelId, runs, assetId) =>
      ready.planRuns(computationModelId, assetId ?? null, runs),
    setFaults: (config) => ready.faults.configure(config),
    setKnobs: (knobs) => ready.setKnobs(knobs),
    knobs: () => ({ ...ready.sim.knobs }),
    ledger: (since) => ready.ledger(since),
    fleetLedger: () => ready.fleetLedger(),
    stats: () => ready.stats.snapshot(),
    resources: () => structuredClone(ids),
    reset: () => ready.reset(),
    close: () => {
      if (ticker !== undefined) clearInterval(ticker);
      closing ??= Promise.all([listening.close(), s3.close()]).then(() => undefined);
      return closing;
    },
  };
}
