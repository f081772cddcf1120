// Crash injection for the soak run: wrappers around the product's ports that make a cycle die at a
// chosen step, exactly where a Lambda timeout or an out-of-memory kill would leave it.
import type { AutopilotEvent } from '../../lib/core/events.js';
import type { DecisionLog, DecisionRecord, EventPublisher, ModelStateStore } from '../../lib/ports.js';

export class InjectedCrash extends Error {
  override name = 'InjectedCrash';
}

export type CrashPoint = 'after-claim' | 'mid-publish' | 'before-clear';
export const CRASH_POINTS: readonly CrashPoint[] = ['after-claim', 'mid-publish', 'before-clear'];

export interface CrashLog {
  crashes: Record<CrashPoint | 'decision-after-record', number>;
  /** Event ids that reached the bus in a cycle that then crashed before clearing them. */
  publishedBeforeCrash: Set<string>;
}

export function newCrashLog(): CrashLog {
  return {
    crashes: { 'after-claim': 0, 'mid-publish': 0, 'before-clear': 0, 'decision-after-record': 0 },
    publishedBeforeCrash: new Set(),
  };
}

/**
 * A store and publisher for one watch cycle that crash at `point` (or never, when undefined). After
 * the crash every write and publish fails too: the process is gone, nothing more leaves it.
 */
export function crashingCycle(
  store: ModelStateStore,
  publisher: EventPublisher,
  point: CrashPoint | undefined,
  log: CrashLog,
): { store: ModelStateStore; publisher: EventPublisher } {
  if (point === undefined) return { store, publisher };
  let dead = false;
  const fire = (): never => {
    if (!dead) log.crashes[point] += 1;
    dead = true;
    throw new InjectedCrash(`injected crash ${point}`);
  };
  const wrappedStore: ModelStateStore = {
    ...store,
    async claim(model, rev, next) {
      if (dead) fire();
      const ok = await store.claim(model, rev, next);
      if (ok && point === 'after-claim') fire();
      return ok;
    },
    async clearPending(model, ids) {
      if (dead || point === 'before-clear') fire();
      return store.clearPending(model, ids);
    },
  };
  const wrappedPublisher: EventPublisher = {
    async publish(events: readonly AutopilotEvent[]) {
      if (dead) fire();
      const toSend = point === 'mid-publish' ? events.slice(0, Math.ceil(events.length / 2)) : events;
      const result = await publisher.publish(toSend);
      for (const id of result.published) log.publishedBeforeCrash.add(id);
      if (point === 'mid-publish') fire();
      return result;
    },
  };
  return { store: wrappedStore, publisher: wrappedPublisher };
}

/** A store whose decision write succeeds and then the invocation dies, with probability `rate`. */
export function crashingDecisions(
  store: DecisionLog,
  rate: number,
  random: () => number,
  log: CrashLog,
): DecisionLog {
  return {
    ...store,
    async putDecision(record: DecisionRecord) {
      await store.putDecision(record);
      if (!record.published && random() < rate) {
        log.crashes['decision-after-record'] += 1;
        throw new InjectedCrash('injected crash after a decision was recorded');
      }
    },
  };
}
