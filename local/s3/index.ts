// Public API of the local S3 stand-in: an object store and its REST front end on loopback.

import { CallStats } from '../emulator/faults.js';
import { listenOn } from '../listen.js';
import { createS3Server } from './server.js';
import { ObjectStore } from './store.js';

export { ObjectStore, type StoredObject } from './store.js';

export interface S3StandIn {
  readonly url: string;
  readonly store: ObjectStore;
  /** Requests received per S3 operation (`ListObjectsV2`, `GetObject`, …) since the stand-in started. */
  calls(): Record<string, number>;
  close(): Promise<void>;
}

export interface S3StandInOptions {
  host?: string;
  port?: number;
  /** A store to serve (shared with the SiteWise emulator); a new empty one otherwise. */
  store?: ObjectStore;
}

export async function startS3StandIn(options: S3StandInOptions = {}): Promise<S3StandIn> {
  const store = options.store ?? new ObjectStore();
  const stats = new CallStats();
  const listening = await listenOn(createS3Server(store, stats), options);
  return { url: listening.url, store, calls: () => stats.snapshot().calls, close: () => listening.close() };
}
