// An in-memory fleet registry and queue for use-case tests: what they were asked to do, kept in plain maps.
import type { AutopilotEvent } from '../../lib/core/events.js';
import type { TargetHealth } from '../../lib/core/target-health.js';
import type {
  EventPublisher,
  FleetMember,
  FleetRegistry,
  ModelStateStore,
  QueuedMessage,
  RegisteredTarget,
  SendBatchResult,
  StoredModelState,
  TargetQueue,
} from '../../lib/ports.js';
import type { Target } from '../../lib/targets.js';

interface Entry extends RegisteredTarget {
  rev: number;
  health: TargetHealth | null;
}

export interface MemoryRegistry extends FleetRegistry {
  entries: Map<string, Entry>;
  /** Keys whose state was deleted, in order. */
  deleted: string[];
}

const keyOf = (member: FleetMember) => `${member.account}/${member.region}`;

export function memoryRegistry(): MemoryRegistry {
  const entries = new Map<string, Entry>();
  const deleted: string[] = [];
  return {
    entries,
    deleted,
    list: async () => [...entries.values()].map(({ rev: _, health: __, ...target }) => target),
    async add(target, at) {
      const entry = entries.get(keyOf(target));
      if (entry !== undefined && entry.removedAt === null) return false;
      entries.set(keyOf(target), {
        account: target.account,
        region: target.region,
        key: keyOf(target),
        addedAt: at,
        removedAt: null,
        resolved: { ...target },
        rev: 0,
        health: null,
      });
      return true;
    },
    async refresh(target) {
      const entry = entries.get(keyOf(target));
      if (entry === undefined || entry.removedAt !== null) return false;
      entry.resolved = { ...target };
      return true;
    },
    async resolved(member) {
      const entry = entries.get(keyOf(member));
      return entry === undefined || entry.removedAt !== null ? null : entry.resolved;
    },
    async markRemoved(member, at) {
      const entry = entries.get(keyOf(member));
      if (entry !== undefined) entry.removedAt = at;
    },
    async deleteState(member) {
      deleted.push(keyOf(member));
      return 0;
    },
    async forget(member) {
      entries.delete(keyOf(member));
    },
    async readHealth(member) {
      const entry = entries.get(keyOf(member));
      return entry === undefined || entry.removedAt !== null
        ? null
        : { health: entry.health, rev: entry.rev };
    },
    async writeHealth(member, health, expectedRev) {
      const entry = entries.get(keyOf(member));
      if (entry === undefined || entry.removedAt !== null || entry.rev !== expectedRev) return false;
      entry.health = health;
      entry.rev += 1;
      return true;
    },
  };
}

export interface MemoryQueue extends TargetQueue {
  /** Every batch sent, as sent. */
  batches: QueuedMessage[][];
  /** Bodies taken by the queue. */
  accepted: string[];
}

/** A queue that answers each send with `answer` (default: all taken); ids it names failed are not taken. */
export function memoryQueue(
  answer: (batch: readonly QueuedMessage[], call: number) => SendBatchResult = () => ({ failed: [] }),
): MemoryQueue {
  const batches: QueuedMessage[][] = [];
  const accepted: string[] = [];
  return {
    batches,
    accepted,
    async sendBatch(messages) {
      batches.push([...messages]);
      const result = answer(messages, batches.length);
      const failed = new Set(result.failed.map((entry) => entry.id));
      accepted.push(...messages.filter((m) => !failed.has(m.id)).map((m) => m.body));
      return result;
    },
  };
}

/** A target of the targets parameter in `account`/`region`, reached through its reader role. */
export function spokeTarget(account: string, region: string): Target {
  return {
    key: `${account}/${region}`,
    account,
    region,
    home: false,
    readerRoleArn: `arn:aws:iam::${account}:role/l4e-autopilot-reader`,
    activatorRoleArn: `arn:aws:iam::${account}:role/l4e-autopilot-activator`,
    externalId: 'fleet-external-id',
    providers: ['lookout-equipment'],
  };
}

/** A model state store in memory (one per target and provider). */
export function memoryStore(): ModelStateStore {
  const states = new Map<string, StoredModelState>();
  return {
    loadModelStates: async () => new Map(states),
    async claim(modelName, expectedRev, next) {
      const current = states.get(modelName);
      if ((current?.rev ?? null) !== expectedRev) return false;
      states.set(modelName, {
        modelName,
        rev: (expectedRev ?? 0) + 1,
        snapshot: next.snapshot,
        pending: next.pending,
      });
      return true;
    },
    async clearPending(modelName, eventIds) {
      const current = states.get(modelName);
      if (current === undefined) return;
      const pending = { ...current.pending };
      for (const id of eventIds) delete pending[id];
      states.set(modelName, { ...current, rev: current.rev + 1, pending });
    },
  };
}

/** A publisher that keeps what it is given, or fails every event while `failing()` says so. */
export function memoryPublisher(failing: () => boolean = () => false) {
  const published: AutopilotEvent[] = [];
  const publisher: EventPublisher = {
    async publish(events) {
      if (failing()) {
        return {
          published: [],
          failed: events.map((e) => ({
            eventId: e.detail.eventId,
            errorCode: 'InternalFailure',
            errorMessage: 'down',
          })),
        };
      }
      published.push(...events);
      return { published: events.map((e) => e.detail.eventId), failed: [] };
    },
  };
  return { publisher, published };
}
