// The dispatcher use-case: once per poll interval, read the fleet, keep the registry equal to it, and
// send one message per target other than the home one (whose cycle is poll-models') to the fleet queue,
// in batches of ten. Entries the queue refuses are sent again a bounded number of times; what still
// fails is reported, and that target waits for the next interval.
import type { Logger } from '../logger.js';
import type { FleetRegistry, QueuedMessage, TargetQueue } from '../ports.js';
import type { Target } from '../targets.js';
import { type Reconciled, reconcileFleet } from './registry.js';
import { encodeTargetMessage } from './target-message.js';

export interface DispatchDeps {
  /** The fleet as the targets parameter lists it now, its organizational units' accounts discovered. */
  targets(): Promise<Target[]>;
  registry: FleetRegistry;
  queue: TargetQueue;
  logger: Logger;
}

export interface DispatchOptions {
  now: Date;
  /** `<account>/<region>` of the hub itself: poll-models watches it. */
  homeKey: string;
  /** How long a removed target's registry item stays (the registry's second sweep). */
  removalGraceMs: number;
  /** Sends of one batch, the first included; 4 by default. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface DispatchReport {
  /** Targets other than the home one. */
  targets: number;
  dispatched: number;
  /** Keys of the targets whose message could not be sent. */
  undispatched: string[];
  registry: Reconciled;
}

/** SQS takes at most 10 entries in one SendMessageBatch. */
const BATCH = 10;
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function dispatchTargets(deps: DispatchDeps, options: DispatchOptions): Promise<DispatchReport> {
  const targets = (await deps.targets()).filter((target) => target.key !== options.homeKey);
  const registry = await reconcileFleet(deps.registry, targets, {
    now: options.now,
    graceMs: options.removalGraceMs,
    logger: deps.logger,
  });
  const cycleAt = options.now.toISOString();
  const messages = targets.map((target, index) => ({
    id: `t${index}`,
    key: target.key,
    body: encodeTargetMessage({ account: target.account, region: target.region, cycleAt }),
  }));
  const undispatched: string[] = [];
  for (let start = 0; start < messages.length; start += BATCH) {
    const batch = messages.slice(start, start + BATCH);
    const failed = await sendWithRetries(deps, batch, options);
    undispatched.push(...batch.filter((m) => failed.has(m.id)).map((m) => m.key));
  }
  if (undispatched.length > 0) {
    deps.logger.error('some targets were not dispatched this cycle', { targets: undispatched });
  }
  return {
    targets: targets.length,
    dispatched: targets.length - undispatched.length,
    undispatched,
    registry,
  };
}

/** Sends the batch, then again what failed (a refused request fails all of it); the ids still failed. */
async function sendWithRetries(
  deps: DispatchDeps,
  batch: readonly QueuedMessage[],
  options: DispatchOptions,
): Promise<Set<string>> {
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = options.maxAttempts ?? 4;
  const lost = new Set<string>();
  let pending = [...batch];
  for (let attempt = 1; attempt <= maxAttempts && pending.length > 0; attempt += 1) {
    if (attempt > 1) await sleep(100 * 2 ** (attempt - 2));
    try {
      const { failed } = await deps.queue.sendBatch(pending.map(({ id, body }) => ({ id, body })));
      const again = new Set<string>();
      for (const entry of failed) {
        if (entry.retryable) again.add(entry.id);
        else {
          // The sender's fault (a malformed entry): the same entry would be refused again.
          lost.add(entry.id);
          deps.logger.error('the queue refused a target message', { id: entry.id, code: entry.code });
        }
      }
      pending = pending.filter((message) => again.has(message.id));
    } catch (error) {
      deps.logger.warn('sending target messages failed; trying again', { error: describeError(error) });
    }
  }
  for (const message of pending) lost.add(message.id);
  return lost;
}
