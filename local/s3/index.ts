// Public API of the local S3 stand-in: an object store and its REST front end on loopback.

import { listenOn } from '../listen.js';
import { createS3Server } from './server.js';
import { ObjectStore } from './store.js';

export { ObjectStore, type StoredObject } from './store.js';

export interface S3StandIn {
  readonly url: string;
  readonly store: ObjectStore;
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
  const listening = await listenOn(createS3Server(store), options);
  return { url: listening.url, store, close: () => listening.close() };
}
