// The simulation core: simulated time, the discrete-event queue, the seeded identifier stream, the
// ledger and the resource store. Time only moves through advanceTo, which runs every event that falls
// due, in time order, with `now` set to each event's instant.

import { type AccountScope, datasetArn, inferenceSchedulerArn, modelArn } from './arns.js';
import { EventQueue } from './event-queue.js';
import { type KnobSettings, type Knobs, resolveKnobs } from './knobs.js';
import { Ledger, type LedgerRecord } from './ledger.js';
import { createPrng, hashString, type Prng, randomUuid } from './random.js';
import type { ParsedAction, ScenarioDefaults } from './scenario.js';
import { Store } from './state.js';
import { PageTokenCodec } from './tokens.js';

export interface SimulationSettings extends AccountScope {
  startTime: number;
  seed: number;
  modelQuota: number;
  defaults: ScenarioDefaults;
  /** Knobs the scenario fixes for every model, and per model. */
  knobs?: KnobSettings | undefined;
  modelKnobs?: ReadonlyMap<string, KnobSettings> | undefined;
}

export type SimEvent =
  | { kind: 'trainingDone'; model: string; modelArn: string; version: number }
  | { kind: 'importDone'; model: string; modelArn: string; version: number }
  | { kind: 'retrainingDue'; model: string; modelArn: string; ticket: number }
  | { kind: 'retrainingDone'; model: string; modelArn: string; version: number }
  | { kind: 'retrainingStopped'; model: string; modelArn: string; ticket: number }
  | { kind: 'retrainingStarted'; model: string; modelArn: string; ticket: number }
  | { kind: 'promotionResult'; model: string; modelArn: string; version: number }
  | { kind: 'inferenceTransition'; scheduler: string; arn: string; ticket: number }
  | { kind: 'action'; action: ParsedAction };

export type ActionRunner = (action: ParsedAction) => void;

/**
 * Applies one due event to the simulation. Given to the constructor (see sim-events.ts) so that this
 * core knows nothing of the training, retraining and inference modules that act on it.
 */
export type SimEventProcessor = (sim: Simulation, event: Exclude<SimEvent, { kind: 'action' }>) => void;

export class Simulation {
  readonly settings: SimulationSettings;
  readonly store = new Store();
  readonly ledger = new Ledger();
  readonly tokens: PageTokenCodec;
  /** ClientToken → the request it answered and the response it gave. */
  readonly idempotency = new Map<string, { fingerprint: string; response: unknown }>();
  actionRunner: ActionRunner | undefined;
  #now: number;
  readonly #queue = new EventQueue<SimEvent>();
  readonly #prng: Prng;
  readonly #knobs = new Map<string, Knobs>();
  readonly #processEvent: SimEventProcessor;

  constructor(settings: SimulationSettings, processEvent: SimEventProcessor) {
    this.settings = settings;
    this.#processEvent = processEvent;
    this.#now = settings.startTime;
    this.#prng = createPrng(hashString(`resources:${settings.seed}`));
    this.tokens = new PageTokenCodec(
      `l4e-emulator:${settings.seed}:${settings.accountId}:${settings.region}`,
    );
  }

  get now(): number {
    return this.#now;
  }

  get pendingEvents(): number {
    return this.#queue.size;
  }

  /** Runs everything due up to `target`, then rests at `target`. */
  advanceTo(target: number): void {
    for (let due = this.#queue.popDue(target); due !== undefined; due = this.#queue.popDue(target)) {
      this.#now = Math.max(this.#now, due.at);
      this.#process(due.value);
    }
    this.#now = Math.max(this.#now, target);
  }

  /** Runs `work` as of an earlier instant; only for building a scenario's history before time runs. */
  seedAt(at: number, work: () => void): void {
    const resume = this.#now;
    this.#now = at;
    try {
      work();
    } finally {
      this.#now = resume;
    }
  }

  schedule(at: number, event: SimEvent): void {
    this.#queue.push(Math.max(at, this.#now), event);
  }

  /** The ambiguity knobs that govern this model (fixed for the life of the simulation). */
  knobsFor(modelName: string): Knobs {
    let knobs = this.#knobs.get(modelName);
    if (knobs === undefined) {
      knobs = resolveKnobs(modelName, this.settings.knobs, this.settings.modelKnobs?.get(modelName));
      this.#knobs.set(modelName, knobs);
    }
    return knobs;
  }

  uuid(): string {
    return randomUuid(this.#prng);
  }

  newModelArn(name: string): string {
    return modelArn(this.settings, name, this.uuid());
  }

  newDatasetArn(name: string): string {
    return datasetArn(this.settings, name, this.uuid());
  }

  newInferenceSchedulerArn(name: string): string {
    return inferenceSchedulerArn(this.settings, name, this.uuid());
  }

  record(entry: LedgerRecord, at: number = this.#now): void {
    this.ledger.record(at, entry);
  }

  #process(event: SimEvent): void {
    if (event.kind === 'action') this.actionRunner?.(event.action);
    else this.#processEvent(this, event);
  }
}
