// The watcher's side of the state table: one item per model in its provider's watch partition holding the
// last snapshot and the outbox of events claimed but not yet published. Each provider of each fleet
// target has its own partition (watchPartition), so a cycle over one never sees another's models as
// deleted.
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { type ModelOrigin, PROVIDER_NAMES, type ProviderName } from '../core/model.js';
import { type ModelSnapshot, SNAPSHOT_FORMAT } from '../core/snapshot.js';
import type { ModelStateStore, ModelStateWrite, PendingEvent, StoredModelState } from '../ports.js';
import { autopilotEventSchema } from './state-event-schemas.js';
import {
  isConditionFailure,
  keyOf,
  modelKey,
  parseItem,
  queryAll,
  type StateTableOptions,
  stateTable,
  type WatchTarget,
  watchPartition,
} from './state-table.js';

const nullableText = z.nullable(z.string());

const originSchema: z.ZodMiniType<ModelOrigin> = z.object({
  provider: z.enum(PROVIDER_NAMES),
  computationModelId: z.optional(z.string()),
  assetId: z.optional(z.string()),
});

/** A snapshot; one written before snapshots named their provider is the partition's provider's. */
const snapshotSchema = (provider: ProviderName): z.ZodMiniType<ModelSnapshot> =>
  z.object({
    format: z.literal(SNAPSHOT_FORMAT),
    modelName: z.string(),
    modelArn: z.string(),
    origin: z._default(originSchema, { provider }),
    summaryKey: z.string(),
    status: z.string(),
    activeVersion: z.nullable(z.number()),
    activeVersionArn: nullableText,
    activatedAt: nullableText,
    scheduler: z.nullable(
      z.object({
        status: z.string(),
        promoteMode: nullableText,
        frequency: nullableText,
        lookbackWindow: nullableText,
        startDate: nullableText,
        nextDate: nullableText,
        createdAt: nullableText,
      }),
    ),
    schedulerSeq: z.number(),
    latestVersion: z.number(),
    runs: z.record(
      z.string(),
      z.object({
        status: z.string(),
        retraining: z.boolean(),
        promotionReported: z.boolean(),
        awaitingSince: z.optional(z.string()),
      }),
    ),
    managedActivations: z.array(z.number()),
    unreadVersions: z.optional(z.record(z.string(), nullableText)),
    observedAt: z.string(),
  });

const pendingEventSchema: z.ZodMiniType<PendingEvent> = z.object({
  event: autopilotEventSchema,
  seq: z.number(),
  owner: z.string(),
  leaseUntil: z.number(),
});

const watchItemSchema = (provider: ProviderName): z.ZodMiniType<StoredModelState> =>
  z.object({
    modelName: z.string(),
    rev: z.number(),
    // A tombstone (a model seen deleted) stores a null snapshot; an item with no outbox has none pending.
    snapshot: z._default(z.nullable(snapshotSchema(provider)), null),
    pending: z._default(z.record(z.string(), pendingEventSchema), {}),
  });

export interface ModelStateStoreOptions extends StateTableOptions {
  /** Whose models the store keeps (default: the first provider, whose partition predates the others). */
  provider?: ProviderName;
  /** Which fleet target's models (default: the home target's, in the partitions of earlier releases). */
  target?: WatchTarget;
}

export function createModelStateStore(
  client: DynamoDBDocumentClient,
  options: ModelStateStoreOptions,
): ModelStateStore {
  const table = stateTable(client, options);
  const { TableName } = table;
  const provider = options.provider ?? PROVIDER_NAMES[0];
  const partition = watchPartition(provider, options.target);
  const itemSchema = watchItemSchema(provider);
  return {
    async loadModelStates() {
      const states = new Map<string, StoredModelState>();
      const items = queryAll(table, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        // Eventually consistent: half the read cost of every poll. A stale item is safe, since the
        // claim is conditional on the revision; at worst a model waits one cycle.
        ConsistentRead: false,
      });
      for await (const item of items) {
        const state = parseItem(itemSchema, item, keyOf(item));
        states.set(state.modelName, state);
      }
      return states;
    },

    async claim(modelName, expectedRev, next: ModelStateWrite) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: {
              pk: partition,
              sk: modelKey(modelName),
              modelName,
              rev: (expectedRev ?? 0) + 1,
              snapshot: next.snapshot,
              pending: next.pending,
              ...(next.expiresAt !== undefined ? { expiresAt: next.expiresAt } : {}),
            },
            ConditionExpression: expectedRev === null ? 'attribute_not_exists(pk)' : 'rev = :rev',
            ExpressionAttributeValues: expectedRev === null ? undefined : { ':rev': expectedRev },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async clearPending(modelName, eventIds) {
      if (eventIds.length === 0) return;
      const names: Record<string, string> = { '#pending': 'pending' };
      const removals = eventIds.map((id, i) => {
        names[`#e${i}`] = id;
        return `#pending.#e${i}`;
      });
      try {
        // Bumping the revision makes a concurrent claim that read the old outbox fail instead of
        // writing back events that were just published.
        await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: partition, sk: modelKey(modelName) },
            UpdateExpression: `REMOVE ${removals.join(', ')} SET rev = rev + :one`,
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':one': 1 },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}
