// The fleet registry in the state table: partition FLEET, one item per target (TARGET#<account>/<region>)
// holding when it was added, when it was removed, the target as the dispatcher last resolved it
// (lib/adapters/state-fleet-target.ts), and its health record under a revision. A removed
// target's watch partitions (one per provider) are deleted with paged queries and batch deletes.
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { PROVIDER_NAMES } from '../core/model.js';
import type { TargetHealth } from '../core/target-health.js';
import type { FleetRegistry, RegisteredTarget } from '../ports.js';
import {
  conditional,
  FLEET_PARTITION,
  fleetKey as key,
  StoredTargetError,
  targetOfItem,
  targetRecords,
} from './state-fleet-target.js';
import {
  type ItemKey,
  keyOf,
  parseItem,
  queryAll,
  type StateTable,
  type StateTableOptions,
  stateTable,
  watchPartition,
} from './state-table.js';

export { FLEET_PARTITION } from './state-fleet-target.js';

const nullableText = z.nullable(z.string());

const healthSchema: z.ZodMiniType<TargetHealth> = z.object({
  target: z.string(),
  account: z.string(),
  region: z.string(),
  consecutiveFailures: z.number(),
  failingSince: nullableText,
  lastError: nullableText,
  lastSuccessAt: nullableText,
  alarmed: z.boolean(),
});

const registryItemSchema = z.object({
  account: z.string(),
  region: z.string(),
  addedAt: z.string(),
  removedAt: z._default(nullableText, null),
  rev: z._default(z.number(), 0),
  health: z._default(z.nullable(healthSchema), null),
  // Parsed apart (targetOfItem), so that its problems name the item without repeating its values.
  resolved: z.optional(z.unknown()),
});

export interface FleetRegistryOptions extends StateTableOptions {
  /** Attempts at the items a batch delete left unprocessed (throttling); 8 by default. */
  maxBatchAttempts?: number;
  /** Waits between those attempts; exponential from 50 ms by default. */
  sleep?: (ms: number) => Promise<void>;
}

/** DynamoDB takes at most 25 writes in one BatchWriteItem. */
const BATCH = 25;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class BatchDeleteError extends Error {
  override readonly name = 'BatchDeleteError';
}

/** Deletes the keys in batches, retrying what DynamoDB leaves unprocessed; the number deleted. */
async function deleteKeys(table: StateTable, keys: ItemKey[], options: FleetRegistryOptions) {
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = options.maxBatchAttempts ?? 8;
  for (let start = 0; start < keys.length; start += BATCH) {
    let requests = keys.slice(start, start + BATCH).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 1; requests.length > 0; attempt += 1) {
      if (attempt > maxAttempts) {
        throw new BatchDeleteError(
          `${requests.length} state items were still unprocessed after ${maxAttempts} batch deletes`,
        );
      }
      if (attempt > 1) await sleep(50 * 2 ** (attempt - 2));
      const result = await table.client.send(
        new BatchWriteCommand({ RequestItems: { [table.TableName]: requests } }),
      );
      requests = (result.UnprocessedItems?.[table.TableName] ?? []).flatMap((request) =>
        request.DeleteRequest?.Key === undefined
          ? []
          : [{ DeleteRequest: { Key: request.DeleteRequest.Key } }],
      ) as typeof requests;
    }
  }
  return keys.length;
}

async function partitionKeys(table: StateTable, pk: string): Promise<ItemKey[]> {
  const keys: ItemKey[] = [];
  const items = queryAll(table, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk },
    ProjectionExpression: 'pk, sk',
    ConsistentRead: true,
  });
  for await (const item of items) keys.push(keyOf(item));
  return keys;
}

function toRegistered(item: Record<string, unknown>): RegisteredTarget {
  const parsed = parseItem(registryItemSchema, item, keyOf(item));
  return {
    key: `${parsed.account}/${parsed.region}`,
    account: parsed.account,
    region: parsed.region,
    addedAt: parsed.addedAt,
    removedAt: parsed.removedAt,
    resolved: storedResolution(parsed.account, parsed.region, parsed.resolved),
  };
}

/** For the dispatcher's listing, a stored target that does not parse is one to store again. */
function storedResolution(account: string, region: string, resolved: unknown) {
  try {
    return targetOfItem(account, region, resolved);
  } catch (error) {
    if (error instanceof StoredTargetError) return null;
    throw error;
  }
}

export function createFleetRegistry(
  client: DynamoDBDocumentClient,
  options: FleetRegistryOptions,
): FleetRegistry {
  const table = stateTable(client, options);
  const { TableName } = table;
  return {
    async list() {
      const targets: RegisteredTarget[] = [];
      const items = queryAll(table, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': FLEET_PARTITION },
        ConsistentRead: true,
      });
      for await (const item of items) targets.push(toRegistered(item));
      return targets;
    },

    ...targetRecords(client, TableName),

    async markRemoved(member, at) {
      await conditional(
        client.send(
          new UpdateCommand({
            TableName,
            Key: key(member),
            UpdateExpression: 'SET removedAt = :at, rev = rev + :one',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(removedAt)',
            ExpressionAttributeValues: { ':at': at, ':one': 1 },
          }),
        ),
      );
    },

    async deleteState(member) {
      const target = { ...member, home: false };
      let deleted = 0;
      for (const provider of PROVIDER_NAMES) {
        const keys = await partitionKeys(table, watchPartition(provider, target));
        deleted += await deleteKeys(table, keys, options);
      }
      return deleted;
    },

    async forget(member) {
      await deleteKeys(table, [key(member)], options);
    },

    async readHealth(member) {
      // Strongly consistent: the health write that follows is conditional on this revision.
      const { Item: item } = await client.send(
        new GetCommand({ TableName, Key: key(member), ConsistentRead: true }),
      );
      if (item === undefined) return null;
      const parsed = parseItem(registryItemSchema, item, keyOf(item));
      return parsed.removedAt === null ? { health: parsed.health, rev: parsed.rev } : null;
    },

    writeHealth(member, health, expectedRev) {
      return conditional(
        client.send(
          new UpdateCommand({
            TableName,
            Key: key(member),
            UpdateExpression: 'SET health = :health, rev = rev + :one',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(removedAt) AND rev = :rev',
            ExpressionAttributeValues: { ':health': health, ':one': 1, ':rev': expectedRev },
          }),
        ),
      );
    },
  };
}
