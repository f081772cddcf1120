// The one DynamoDB state table the three state adapters share: its key layout, paging, conditional
// write failures and the parsing of every item read back.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { ProviderName } from '../core/model.js';

export interface StateTableOptions {
  tableName: string;
}

export interface StateTable {
  client: DynamoDBDocumentClient;
  TableName: string;
}

export function stateTable(client: DynamoDBDocumentClient, options: StateTableOptions): StateTable {
  return { client, TableName: options.tableName };
}

/** Whose models a watch partition holds: a fleet target, by account and region. */
export interface WatchTarget {
  account: string;
  region: string;
  /** The hub's own account and region, watched since before the fleet. */
  home: boolean;
}

/**
 * The watcher's partition of one provider in one fleet target: one item per model name. The home target
 * (or none named) keeps the partitions of releases before the fleet, so a deployment keeps its state:
 * `WATCH` for Amazon Lookout for Equipment, the partition of releases before a second provider, and
 * `WATCH#<provider>` for any other. Any other target has `WATCH#<provider>#<account>#<region>`, so two
 * targets with a model of the same name never share its state.
 */
export function watchPartition(provider: ProviderName, target?: WatchTarget): string {
  if (target !== undefined && !target.home) {
    return `${WATCH_PARTITION}#${provider}#${target.account}#${target.region}`;
  }
  return provider === 'lookout-equipment' ? WATCH_PARTITION : `${WATCH_PARTITION}#${provider}`;
}
export const WATCH_PARTITION = 'WATCH';
export const modelKey = (name: string) => `MODEL#${name}`;
// Decisions, activations and the decision lease live under the model's ARN, never its name: L4E gives a
// model re-created under the same name a new ARN, so it starts with no history. (A name cannot contain
// ':', so MODEL#<ARN> never meets a MODEL#<name> partition of earlier releases.)
export const arnKey = (arn: string) => `MODEL#${arn}`;
export const padNumber = (n: number) => String(n).padStart(10, '0');

export interface ItemKey {
  pk: string;
  sk: string;
}

/** A stored item that does not have the shape its writer gives it; names the item and the field. */
export class StoredItemError extends Error {
  override name = 'StoredItemError';
}

function describePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.') || '(item)';
}

/** `item` as `schema` reads it, or a StoredItemError naming the item's key and every malformed field. */
export function parseItem<T>(schema: z.ZodMiniType<T>, item: unknown, key: ItemKey): T {
  const result = z.safeParse(schema, item);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => `${describePath(issue.path)}: ${issue.message}`);
  throw new StoredItemError(`state table item pk=${key.pk} sk=${key.sk} is malformed: ${fields.join('; ')}`);
}

/** The key of an item read back, for error messages (the item itself may be malformed). */
export function keyOf(item: Record<string, unknown>): ItemKey {
  return { pk: String(item.pk ?? '?'), sk: String(item.sk ?? '?') };
}

export async function* queryAll(table: StateTable, input: Omit<QueryCommandInput, 'TableName'>) {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new QueryCommand({ ...input, TableName: table.TableName, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) yield item;
    start = page.LastEvaluatedKey;
  } while (start);
}

export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}
