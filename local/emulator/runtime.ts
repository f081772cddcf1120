// One emulator instance's moving parts: the simulated clock, the simulation it drives, faults, call
// statistics and the scenario it was loaded from. The HTTP server and the programmatic API both go
// through this object.

import { ClockError, type RealTimeSource, SimClock } from './clock.js';
import { advanceBy } from './durations.js';
import { ControlRequestError, ServiceError } from './errors.js';
import { CallStats, type FaultConfig, FaultConfigSchema, FaultInjector } from './faults.js';
import type { KnobSettings } from './knobs.js';
import type { LedgerEntry, LedgerFilter } from './ledger.js';
import { dispatch } from './ops/index.js';
import { createPrng, hashString, type Prng, randomUuid } from './random.js';
import type { ParsedScenario, RunSpec, Scenario } from './scenario.js';
import { parseRunSpecs, parseScenario } from './scenario.js';
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
}

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
  readonly #options: RuntimeOptions;

  constructor(options: RuntimeOptions = {}) {
    this.#options = options;
    this.#scenario = resolveScenario(options.scenario ?? EMPTY_SCENARIO);
    this.#sim = this.#build(this.#scenario);
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
    this.#sim.advanceTo(this.#clock.now());
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
    this.#clock.reset(this.#sim.now);
    this.sync();
  }

  /** Reloads the current scenario from scratch and clears faults and statistics. */
  reset(): void {
    this.#sim = this.#build(this.#scenario);
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

  /** One L4E API call (validation included), as of the current simulated time. */
  call(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    this.sync();
    return dispatch(this.#sim, operation, input);
  }

  nextRequestId(): string {
    return randomUuid(this.#requestIds);
  }

  #build(scenario: ParsedScenario): Simulation {
    const sim = createSimulation(scenario, {
      seed: this.#options.seed,
      accountId: this.#options.accountId,
      region: this.#options.region,
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
