// One SiteWise emulator instance: the simulated clock (the L4E emulator's), the simulation it drives,
// faults and call statistics (the L4E emulator's), and the table from operation names to handlers. The
// HTTP server and the programmatic API both go through it.

import { type AccountDirectory, scopeKey } from '../aws/signing-scope.js';
import { type RealTimeSource, SimClock } from '../emulator/clock.js';
import { advanceBy } from '../emulator/durations.js';
import { CallStats, FaultInjector } from '../emulator/faults.js';
import { hashString } from '../emulator/random.js';
import { parseRunSpecs, type RunSpec } from '../emulator/scenario.js';
import { ObjectStore } from '../s3/store.js';
import { invalidRequest } from './errors.js';
import type { Input } from './input.js';
import { resolveSiteWiseKnobs, type SiteWiseKnobSettings } from './knobs.js';
import type { SiteWiseLedgerEntry } from './ledger.js';
import {
  describeAction,
  describeExecution,
  executeAction,
  listActions,
  listExecutions,
  onExecutionSettled,
} from './ops-actions.js';
import {
  createAsset,
  createAssetModel,
  describeAsset,
  describeAssetModel,
  listAssets,
} from './ops-assets.js';
import {
  computationModelOf,
  createComputationModel,
  deleteComputationModel,
  describeComputationModel,
  describeExecutionSummary,
  listComputationModels,
  listResolveToResources,
  onModelSettled,
  resolveAsset,
  trainedOf,
  updateComputationModel,
} from './ops-models.js';
import { onRetrainingDue } from './scheduler.js';
import type { OperationName } from './shapes.js';
import { type SimEvent, SiteWiseSim } from './sim.js';
import { onObjectsDue, onTrainingDone } from './training.js';

type Handler = (sim: SiteWiseSim, input: Input) => Record<string, unknown>;

const HANDLERS: Record<OperationName, Handler> = {
  CreateComputationModel: createComputationModel,
  DescribeComputationModel: describeComputationModel,
  ListComputationModels: listComputationModels,
  UpdateComputationModel: updateComputationModel,
  DeleteComputationModel: deleteComputationModel,
  ListComputationModelResolveToResources: listResolveToResources,
  DescribeComputationModelExecutionSummary: describeExecutionSummary,
  ExecuteAction: executeAction,
  ListActions: listActions,
  DescribeAction: describeAction,
  ListExecutions: listExecutions,
  DescribeExecution: describeExecution,
  CreateAssetModel: createAssetModel,
  DescribeAssetModel: describeAssetModel,
  CreateAsset: createAsset,
  DescribeAsset: describeAsset,
  ListAssets: listAssets,
};

function dispatchEvent(sim: SiteWiseSim, event: SimEvent): void {
  switch (event.kind) {
    case 'modelSettled':
      onModelSettled(sim, event.computationModelId);
      return;
    case 'executionSettled':
      onExecutionSettled(sim, event.executionId);
      return;
    case 'trainingDone':
      onTrainingDone(sim, event.executionId);
      return;
    case 'retrainingDue':
      onRetrainingDue(sim, event);
      return;
    case 'objectsDue':
      onObjectsDue(sim, event.objects);
      return;
  }
}

export const DEFAULT_START_TIME = '2025-01-01T00:00:00Z';

export interface SiteWiseRuntimeOptions {
  seed?: number | undefined;
  speed?: number | undefined;
  accountId?: string | undefined;
  region?: string | undefined;
  /** The simulated instant the emulator starts at (ISO-8601). */
  startTime?: string | undefined;
  /** Knobs fixed for this emulator, over SITEWISE_EMULATOR_KNOBS. */
  knobs?: SiteWiseKnobSettings | undefined;
  /** The store runs write their S3 objects to (shared with an S3 stand-in); its own otherwise. */
  store?: ObjectStore | undefined;
  realNow?: RealTimeSource;
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

/** A ledger entry tagged with the account and region it happened in. */
export type ScopedSiteWiseLedgerEntry = SiteWiseLedgerEntry & RequestScope;

export class SiteWiseRuntime {
  readonly faults = new FaultInjector();
  readonly stats = new CallStats();
  readonly sim: SiteWiseSim;
  readonly #clock: SimClock;
  readonly #startMs: number;
  /** The other accounts' and regions' simulations, created on their first request. */
  readonly #scoped = new Map<string, SiteWiseSim>();
  readonly #options: SiteWiseRuntimeOptions;
  #requests = 0;
  /** Timed work a scenario scheduled (operator actions), by the index its queue event carries. */
  #scenarioActions: Array<() => void> = [];
  /** What reset() runs again after clearing: the scenario seeding, if any. */
  #seeder: ((runtime: SiteWiseRuntime) => void) | undefined;
  #syncing = false;

  constructor(options: SiteWiseRuntimeOptions = {}) {
    this.#options = options;
    this.#startMs = Date.parse(options.startTime ?? DEFAULT_START_TIME);
    if (!Number.isFinite(this.#startMs))
      throw new Error(`startTime is not an ISO-8601 instant: ${options.startTime}`);
    this.#clock = new SimClock(this.#startMs, options.speed ?? 0, options.realNow);
    this.sim = new SiteWiseSim({
      seed: options.seed ?? 1,
      accountId: options.accountId ?? '123456789012',
      region: options.region ?? 'us-east-1',
      knobs: resolveSiteWiseKnobs(options.knobs),
      store: options.store ?? new ObjectStore(() => this.sim.now),
      startMs: this.#startMs,
    });
  }

  get speed(): number {
    return this.#clock.speed;
  }

  now(): number {
    return this.#clock.now();
  }

  nextRequestId(): string {
    this.#requests += 1;
    return `sitewise-${this.#requests.toString(16).padStart(8, '0')}`;
  }

  get accounts(): AccountDirectory | undefined {
    return this.#options.accounts;
  }

  /** The simulation of an account and region (null: the home one), created empty at the current time. */
  simOf(scope: RequestScope | null): SiteWiseSim {
    if (scope === null || (scope.account === this.sim.accountId && scope.region === this.sim.region))
      return this.sim;
    const key = scopeKey(scope.account, scope.region);
    let sim = this.#scoped.get(key);
    if (sim === undefined) {
      sim = new SiteWiseSim({
        // Ids differ between accounts and regions, as AWS's do.
        seed: hashString(`${this.#options.seed ?? 1}:${key}`),
        accountId: scope.account,
        region: scope.region,
        knobs: this.sim.knobs,
        store: this.sim.store,
        startMs: this.#clock.now(),
      });
      this.#scoped.set(key, sim);
    }
    return sim;
  }

  /** Runs everything due up to the clock's instant, each at its own instant, in every account and region. */
  sync(): void {
    if (this.#syncing) return;
    this.#syncing = true;
    try {
      const limit = this.#clock.now();
      for (const sim of [this.sim, ...this.#scoped.values()]) {
        for (let due = sim.queue.popDue(limit); due !== undefined; due = sim.queue.popDue(limit)) {
          sim.now = due.at;
          if (due.value.kind === 'scenarioAction') this.#scenarioActions[due.value.index]?.();
          else dispatchEvent(sim, due.value);
        }
        sim.now = limit;
      }
    } finally {
      this.#syncing = false;
    }
  }

  /** Every account's and region's ledger, each entry tagged with both, in simulated time order. */
  fleetLedger(): ScopedSiteWiseLedgerEntry[] {
    const tagged = (sim: SiteWiseSim): ScopedSiteWiseLedgerEntry[] =>
      sim.ledger.entries().map((e) => ({ ...e, account: sim.accountId, region: sim.region }));
    const all = [this.sim, ...this.#scoped.values()].flatMap(tagged);
    return all.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Runs `work` at the simulated instant `at`, in time order with everything else due. */
  scheduleAction(at: number, work: () => void): void {
    this.#scenarioActions.push(work);
    this.sim.schedule(at, { kind: 'scenarioAction', index: this.#scenarioActions.length - 1 });
  }

  /** Seeds the state now, and again after every reset(). */
  seedWith(seeder: (runtime: SiteWiseRuntime) => void): void {
    this.#seeder = seeder;
    seeder(this);
  }

  advance(by: string | number): number {
    this.#clock.setTime(advanceBy(this.#clock.now(), by));
    this.sync();
    return this.now();
  }

  setTime(iso: string): number {
    this.#clock.setTime(Date.parse(iso));
    this.sync();
    return this.now();
  }

  call(operation: OperationName, input: Input, scope: RequestScope | null = null): Record<string, unknown> {
    const handler = HANDLERS[operation];
    if (handler === undefined) throw new Error(`no handler for ${operation}`);
    this.sync();
    return handler(this.simOf(scope), input);
  }

  /** Outcomes for the next training runs of a computation model (for one asset at asset-model level). */
  planRuns(computationModelId: string, assetId: string | null, runs: RunSpec[]): void {
    const specs = parseRunSpecs(runs);
    if (specs.some((spec) => spec.outcome === 'CANCELED'))
      throw invalidRequest('SiteWise executions end COMPLETED or FAILED; a run cannot be CANCELED.');
    const model = computationModelOf(this.sim, computationModelId);
    const trained = trainedOf(model, resolveAsset(this.sim, model, assetId ?? undefined));
    trained.plan.push(...specs);
  }

  ledger(since = 0): SiteWiseLedgerEntry[] {
    return this.sim.ledger.entries(since);
  }

  setKnobs(knobs: SiteWiseKnobSettings): void {
    this.sim.knobs = resolveSiteWiseKnobs({ ...this.sim.knobs, ...knobs });
  }

  reset(): void {
    this.#clock.reset(this.#startMs);
    this.sim.reset(this.#startMs);
    this.#scoped.clear();
    this.sim.store.clear();
    this.stats.reset();
    this.#scenarioActions = [];
    this.#seeder?.(this);
  }
}
