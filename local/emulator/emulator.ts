// startEmulator: a runtime plus its HTTP server on loopback, and the programmatic handle others use.

import type { AccountDirectory } from '../aws/signing-scope.js';
import { listenOn } from '../listen.js';
import type { EmulatorStats, FaultConfig } from './faults.js';
import type { KnobSettings } from './knobs.js';
import type { LedgerEntry } from './ledger.js';
import { EmulatorRuntime, type RequestScope, type ScopedLedgerEntry } from './runtime.js';
import type { RunSpec, Scenario } from './scenario.js';
import { createEmulatorServer } from './server.js';

export interface EmulatorOptions {
  host?: string;
  port?: number;
  /** A scenario object, or a name in local/scenarios, or a path. Without one the account starts empty. */
  scenario?: Scenario | string;
  seed?: number;
  /** Simulated time runs at real time × speed; 0 (default) moves it only through advance/setTime. */
  speed?: number;
  accountId?: string;
  region?: string;
  /** Ambiguity knobs fixed for every model (over the scenario's and L4E_EMULATOR_KNOBS). */
  knobs?: KnobSettings;
  /** Serve several accounts and regions: see RuntimeOptions.accounts. */
  accounts?: AccountDirectory;
}

export interface Emulator {
  readonly url: string;
  readonly port: number;
  /** Simulated epoch milliseconds. */
  now(): number;
  /** ISO-8601 duration or milliseconds; processes everything due. */
  advance(by: string | number): void;
  setTime(iso: string): void;
  loadScenario(scenario: Scenario | string): void;
  setFaults(config: FaultConfig): void;
  ledger(filter?: { since?: number; model?: string }): LedgerEntry[];
  /** Every account's and region's ledger, each entry tagged with its account and region. */
  fleetLedger(): ScopedLedgerEntry[];
  /** One account's and region's ledger, as `ledger` filters the home one's. */
  ledgerOf(scope: RequestScope, filter?: { since?: number; model?: string }): LedgerEntry[];
  stats(): EmulatorStats;
  resetStats(): void;
  appendRuns(model: string, runs: RunSpec[]): void;
  reset(): void;
  close(): Promise<void>;
}

const SPEED_TICK_MS = 1000;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const runtime = new EmulatorRuntime({
    scenario: options.scenario,
    seed: options.seed,
    speed: options.speed,
    accountId: options.accountId,
    region: options.region,
    knobs: options.knobs,
    accounts: options.accounts,
  });
  const server = createEmulatorServer(runtime);
  const listening = await listenOn(server, options);
  const port = listening.port;
  // In speed mode due work also runs between requests, so the ledger fills while nobody calls.
  const ticker = runtime.speed > 0 ? setInterval(() => runtime.sync(), SPEED_TICK_MS) : undefined;
  ticker?.unref();
  let closing: Promise<void> | undefined;
  return {
    url: listening.url,
    port,
    now: () => runtime.now(),
    advance: (by) => {
      runtime.advance(by);
    },
    setTime: (iso) => {
      runtime.setTime(iso);
    },
    loadScenario: (scenario) => runtime.loadScenario(scenario),
    setFaults: (config) => runtime.setFaults(config),
    ledger: (filter) => runtime.ledger(filter),
    fleetLedger: () => runtime.fleetLedger(),
    ledgerOf: (scope, filter) => runtime.ledgerOf(scope, filter),
    stats: () => runtime.stats.snapshot(),
    resetStats: () => runtime.stats.reset(),
    appendRuns: (model, runs) => {
      runtime.appendRuns(model, runs);
    },
    reset: () => runtime.reset(),
    close: () => {
      if (ticker !== undefined) clearInterval(ticker);
      closing ??= listening.close();
      return closing;
    },
  };
}
