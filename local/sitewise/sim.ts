// The simulation every operation works on: the world, the simulated instant, the queue of work due later
// (settling states, training runs ending, scheduled runs, objects appearing in S3), the ledger and the
// S3 store runs write to.

import { addDuration, parseDuration } from '../emulator/durations.js';
import { EventQueue } from '../emulator/event-queue.js';
import { createPrng, hashString, type Prng, randomUuid } from '../emulator/random.js';
import { PageTokenCodec } from '../emulator/tokens.js';
import type { ObjectStore } from '../s3/store.js';
import type { SiteWiseKnobs } from './knobs.js';
import { SiteWiseLedger, type SiteWiseLedgerRecord } from './ledger.js';
import { World } from './state.js';

export interface PendingObject {
  bucket: string;
  key: string;
  body: string;
}

export type SimEvent =
  | { kind: 'modelSettled'; computationModelId: string }
  | { kind: 'executionSettled'; executionId: string }
  | { kind: 'trainingDone'; executionId: string }
  | { kind: 'retrainingDue'; computationModelId: string; assetId: string | null; generation: number }
  | { kind: 'objectsDue'; objects: PendingObject[] }
  | { kind: 'scenarioAction'; index: number };

export interface SimOptions {
  seed: number;
  accountId: string;
  region: string;
  knobs: SiteWiseKnobs;
  store: ObjectStore;
  startMs: number;
}

export class SiteWiseSim {
  readonly world = new World();
  readonly ledger = new SiteWiseLedger();
  readonly queue = new EventQueue<SimEvent>();
  readonly codec: PageTokenCodec;
  readonly store: ObjectStore;
  readonly accountId: string;
  readonly region: string;
  knobs: SiteWiseKnobs;
  /** The simulated instant work is being done at (epoch ms). */
  now: number;
  #ids: Prng;

  constructor(options: SimOptions) {
    this.accountId = options.accountId;
    this.region = options.region;
    this.knobs = options.knobs;
    this.store = options.store;
    this.now = options.startMs;
    this.#ids = createPrng(hashString(`sitewise:${options.seed}`));
    this.codec = new PageTokenCodec(`sitewise-emulator:${options.seed}`);
  }

  newId(): string {
    return randomUuid(this.#ids);
  }

  arn(kind: 'asset-model' | 'asset' | 'computation-model', id: string): string {
    return `arn:aws:iotsitewise:${this.region}:${this.accountId}:${kind}/${id}`;
  }

  record(entry: SiteWiseLedgerRecord): void {
    this.ledger.record(this.now, entry);
  }

  schedule(at: number, event: SimEvent): void {
    this.queue.push(Math.max(at, this.now), event);
  }

  /** The instant an ISO-8601 duration knob puts after now. */
  after(duration: string): number {
    return addDuration(this.now, parseDuration(duration));
  }

  reset(startMs: number): void {
    this.world.clear();
    this.ledger.clear();
    this.queue.clear();
    this.now = startMs;
  }
}

export const epochSeconds = (ms: number): number => Math.floor(ms / 1000);
