// One emulator instance's moving parts: the simulated clock, the simulation it drives, faults, call
// statistics and the scenario it was loaded from. The HTTP server and the programmatic API both go
// through this object.

import { type AccountDirectory, scopeKey } from '../aws/signing-scope.js';
import { ClockError, type RealTimeSource, SimClock } from './clock.js';
import { advanceBy } from './durations.js';
import { ControlRequestError, ServiceError } from './errors.js';
import { CallStats, type FaultConfig, FaultConfigSchema, FaultInjector } from './faults.js';
import type { KnobSettings } from './knobs.js';
import type { LedgerEntry, LedgerFilter } from './ledger.js';
import { dispatch } from './ops/index.js';
import { createPrng, hashString, type Prng, randomUuid } from './random.js';
import type { ParsedScenario, RunSpec, Scenario } from './scenario.js';
import { parseRunSpecs, parseScenario, targetScenario } from './scenario.js';
import { loadScenarioFile } from './scenario-files.js';
import { actionInput, createSimulation } from './seed.js';
import type { Simulation } from './simulation.js';

/** The state an emulator holds when started without a scenario. */
export const EMPTY_SCENARIO: Scenario = { name: 'empty', startTime: '2025-01-01T00:00:00Z' };

export interface RuntimeOptions {
  scenario?: Scenario | string | undefined;
  seed?: number | undefined;
  speed?: number | undefined;
  accountId?: string | undefined;
  region?: string | undefined;
  /** Ambiguity knobs fixed for every model, over the scenario's (see knobs.ts). */
  knobs?: KnobSettings | undefined;
  realNow?: RealTimeSource;
  warn?: (message: string) => void;
  /**
   * Serve several accounts and regions: each signed request's access key names its account here (an
   * unknown key is refused) and its signing region its region. Without it every request reaches the
   * one account and region, as before.
   */
  accounts?: AccountDirectory | undefined;
}

/** The account and region a request reaches. */
export interface RequestScope {
  account: string;
  region: string;
}

/** A ledger entry of a scope other than the home one, tagged with where it happened. */
export type ScopedLedgerEntry = LedgerEntry & RequestScope;

export function resolveScenario(scenario: Scenario | string): ParsedScenario {
  return typeof scenario === 'string' ? loadScenarioFile(scenario) : parseScenario(scenario);
}

export class EmulatorRuntime {
  readonly faults = new FaultInjector();
  readonly stats = new CallStats();
  #clock: SimClock;
  #sim: Simulation;
  #scenario: ParsedScenario;
  #requestIds: Prng;
  /** The other accounts' and regions' simulations, created on their first request. */
  readonly #scoped = new Map<string, Simulation>();
  readonly #options: RuntimeOptions;

  constructor(options: RuntimeOptions = {}) {
    this.#options = options;
    this.#scenario = resolveScenario(options.scenario ?? EMPTY_SCENARIO);
    this.#sim = this.#build(this.#scenario);
    this.#seedTargets();
    this.#clock = new SimClock(this.#sim.now, options.speed ?? 0, options.realNow);
    this.#requestIds = createPrng(hashString(`requests:${this.#sim.settings.seed}`));
    this.sync();
  }

  get simulation(): Simulation {
    return this.#sim;
  }

  get scenario(): ParsedScenario {
    return this.#scenario;
  }

  get speed(): number {
    return this.#clock.speed;
  }

  /** Brings the simulation up to the clock (in speed mode the clock moves by itself). */
  sync(): void {
    const now = this.#clock.now();
    this.#sim.advanceTo(now);
    for (const sim of this.#scoped.values()) sim.advanceTo(now);
  }

  get accounts(): AccountDirectory | undefined {
    return this.#options.accounts;
  }

  /** The account and region of the scenario's simulation, which unsigned requests reach. */
  get home(): RequestScope {
    return { account: this.#sim.settings.accountId, region: this.#sim.settings.region };
  }

  /** The simulation of an account and region (null: the home one), created empty at the current time. */
  simulationOf(scope: RequestScope | null): Simulation {
    const home = this.home;
    if (scope === null || (scope.account === home.account && scope.region === home.region)) return this.#sim;
    const key = scopeKey(scope.account, scope.region);
    let sim = this.#scoped.get(key);
    if (sim === undefined) {
      const startTime = new Date(this.#clock.now()).toISOString();
      sim = this.#build(resolveScenario({ name: key, startTime }), scope);
      this.#scoped.set(key, sim);
    }
    return sim;
  }

  /** Every scope's ledger, each entry tagged with its account and region, in simulated time order. */
  fleetLedger(): ScopedLedgerEntry[] {
    this.sync();
    const tagged = (sim: Simulation): ScopedLedgerEntry[] =>
      sim.ledger
        .entries()
        .map((e) => ({ ...e, account: sim.settings.accountId, region: sim.settings.region }));
    const all = [this.#sim, ...this.#scoped.values()].flatMap(tagged);
    return all.sort((a, b) => a.at.localeCompare(b.at));
  }

  now(): number {
    this.sync();
    return this.#sim.now;
  }

  advance(by: string | number): number {
    const target = advanceBy(this.now(), by);
    this.#clock.setTime(target);
    this.sync();
    return this.#sim.now;
  }

  setTime(iso: string): number {
    const target = Date.parse(iso);
    if (Number.isNaN(target)) throw new ClockError(`'${iso}' is not an ISO-8601 instant`);
    this.#clock.setTime(target);
    this.sync();
    return this.#sim.now;
  }

  loadScenario(scenario: Scenario | string): void {
    const parsed = resolveScenario(scenario);
    this.#sim = this.#build(parsed);
    this.#scenario = parsed;
    this.#seedTargets();
    this.#clock.reset(this.#sim.now);
    this.sync();
  }

  /** Reloads the current scenario from scratch and clears faults and statistics. */
  reset(): void {
    this.#sim = this.#build(this.#scenario);
    this.#seedTargets();
    this.#clock.reset(this.#sim.now);
    this.#requestIds = createPrng(hashString(`requests:${this.#sim.settings.seed}`));
    this.faults.configure({});
    this.stats.reset();
    this.sync();
  }

  setFaults(config: FaultConfig): void {
    const parsed = FaultConfigSchema.safeParse(config);
    if (!parsed.success)
      throw new ControlRequestError(`Invalid fault configuration: ${parsed.error.message}`);
    this.faults.configure(parsed.data);
  }

  appendRuns(modelName: string, runs: RunSpec[]): number {
    this.sync();
    const model = this.#sim.store.models.get(modelName);
    if (model === undefined) throw new ControlRequestError(`Model '${modelName}' does not exist.`, 404);
    model.behaviour.runs.push(...parseRunSpecs(runs));
    return model.behaviour.runs.length;
  }

  ledger(filter: LedgerFilter = {}): LedgerEntry[] {
    this.sync();
    return this.#sim.ledger.entries(filter);
  }

  /** The ledger of one account and region (the home one's for its own scope), as `ledger` filters it. */
  ledgerOf(scope: RequestScope, filter: LedgerFilter = {}): LedgerEntry[] {
    this.sync();
    return this.simulationOf(scope).ledger.entries(filter);
  }

  /** One L4E API call (validation included), as of the current simulated time. */
  call(
    operation: string,
    input: Record<string, unknown>,
    scope: RequestScope | null = null,
  ): Record<string, unknown> {
    this.sync();
    return dispatch(this.simulationOf(scope), operation, input);
  }

  nextRequestId(): string {
    return randomUuid(this.#requestIds);
  }

  /** The scenario's targets, each seeded in its own account and region; every other scope starts empty. */
  #seedTargets(): void {
    this.#scoped.clear();
    for (const target of this.#scenario.targets) {
      const scope = { account: target.account, region: target.region };
      this.#scoped.set(
        scopeKey(scope.account, scope.region),
        this.#build(targetScenario(this.#scenario, target), scope),
      );
    }
  }

  #build(scenario: ParsedScenario, scope?: RequestScope): Simulation {
    const sim = createSimulation(scenario, {
      seed: this.#options.seed,
      accountId: scope?.account ?? this.#options.accountId,
      region: scope?.region ?? this.#options.region,
      knobs: this.#options.knobs,
    });
    const warn = this.#options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
    sim.actionRunner = (action) => {
      try {
        dispatch(sim, action.op, actionInput(action));
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        warn(
          `l4e-emulator: scenario action ${action.op} on '${action.model}' at +${action.at} failed: ${error.code}: ${error.message}`,
        );
      }
    };
    return sim;
  }
}
