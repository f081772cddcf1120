// The objects of the local S3 stand-in: buckets of keys in memory, listed in UTF-8 binary key order as
// S3 lists them. Every timestamp comes from the clock the owner passes, so objects the SiteWise emulator
// writes carry simulated time.

import { createHash } from 'node:crypto';

export interface StoredObject {
  key: string;
  body: Buffer;
  contentType: string;
  /** The quoted MD5 of the body, as S3 answers it for a single-part upload. */
  etag: string;
  lastModified: number;
}

export interface ListRequest {
  prefix?: string | undefined;
  delimiter?: string | undefined;
  startAfter?: string | undefined;
  /** The last key (or common prefix) a previous page returned. */
  after?: string | undefined;
  maxKeys: number;
}

export interface ListResult {
  objects: StoredObject[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned, to resume after. */
  last?: string;
}

const compareKeys = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

export class ObjectStore {
  readonly #buckets = new Map<string, Map<string, StoredObject>>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  hasBucket(bucket: string): boolean {
    return this.#buckets.has(bucket);
  }

  createBucket(bucket: string): void {
    if (!this.#buckets.has(bucket)) this.#buckets.set(bucket, new Map());
  }

  /** Stores an object, creating its bucket if needed (the REST front end checks the bucket first). */
  put(
    bucket: string,
    key: string,
    body: Buffer | string,
    contentType = 'application/octet-stream',
  ): StoredObject {
    if (!this.#buckets.has(bucket)) this.createBucket(bucket);
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const object: StoredObject = {
      key,
      body: bytes,
      contentType,
      etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
      lastModified: this.#now(),
    };
    this.#buckets.get(bucket)?.set(key, object);
    return object;
  }

  get(bucket: string, key: string): StoredObject | undefined {
    return this.#buckets.get(bucket)?.get(key);
  }

  keys(bucket: string): string[] {
    return [...(this.#buckets.get(bucket)?.keys() ?? [])].sort(compareKeys);
  }

  list(bucket: string, request: ListRequest): ListResult {
    const prefix = request.prefix ?? '';
    const floor = [request.startAfter, request.after]
      .filter((key): key is string => key !== undefined)
      .sort(compareKeys)
      .pop();
    const after = (key: string): boolean => floor === undefined || compareKeys(key, floor) > 0;
    const candidates = this.keys(bucket).filter(
      (key) => key.startsWith(prefix) && after(key) && !this.#insideRolledUp(key, request),
    );
    const result: ListResult = { objects: [], commonPrefixes: [], truncated: false };
    for (const key of candidates) {
      const entry = this.#entryOf(key, prefix, request.delimiter);
      if (entry === result.last) continue;
      if (result.objects.length + result.commonPrefixes.length >= request.maxKeys) {
        result.truncated = true;
        break;
      }
      this.#add(result, bucket, key, entry);
    }
    return result;
  }

  #add(result: ListResult, bucket: string, key: string, entry: string): void {
    const object = this.get(bucket, key);
    if (entry !== key) result.commonPrefixes.push(entry);
    else if (object !== undefined) result.objects.push(object);
    result.last = entry;
  }

  /** The common prefix a key rolls up into under a delimiter, or the key itself. */
  #entryOf(key: string, prefix: string, delimiter: string | undefined): string {
    if (delimiter === undefined || delimiter === '') return key;
    const index = key.indexOf(delimiter, prefix.length);
    return index < 0 ? key : key.slice(0, index + delimiter.length);
  }

  /** A key under the common prefix a previous page ended on was already rolled up into it. */
  #insideRolledUp(key: string, request: ListRequest): boolean {
    const { after, delimiter } = request;
    if (after === undefined || delimiter === undefined || delimiter === '') return false;
    return after.endsWith(delimiter) && key.startsWith(after);
  }

  clear(): void {
    this.#buckets.clear();
  }
}
