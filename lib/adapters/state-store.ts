// DynamoDB state table: watcher snapshots with their outbox, the decision audit trail, autopilot
// activation requests and notification de-duplication marks. Single-item conditional writes only.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  ActivationRecord,
  DecisionRecord,
  ModelStateWrite,
  PendingEvent,
  StateStore,
  StoredModelState,
} from '../ports.js';

const WATCH_PARTITION = 'WATCH';
const modelKey = (name: string) => `MODEL#${name}`;
// Decisions, activations and the decision lease live under the model's ARN, never its name: L4E gives a
// model re-created under the same name a new ARN, so it starts with no history. (A name cannot contain
// ':', so MODEL#<ARN> never meets a MODEL#<name> partition of earlier releases.)
const arnKey = (arn: string) => `MODEL#${arn}`;
const LEASE_SK = 'DECIDER';
const padVersion = (v: number) => String(v).padStart(10, '0');

export interface StateStoreOptions {
  tableName: string;
}

async function* queryAll(client: DynamoDBDocumentClient, input: QueryCommandInput) {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) yield item;
    start = page.LastEvaluatedKey;
  } while (start);
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}

// Items this table's own writers produced; read back as written.
function toDecision(item: Record<string, unknown>): DecisionRecord {
  return {
    modelName: String(item.modelName),
    modelArn: String(item.modelArn ?? ''),
    modelVersion: Number(item.modelVersion),
    seq: Number(item.seq ?? 0),
    decidedAt: String(item.decidedAt),
    triggerEventId: (item.triggerEventId as string | null | undefined) ?? null,
    status: item.status === 'PENDING' ? 'PENDING' : 'COMPLETE',
    attempts: Number(item.attempts ?? 0),
    lastError: typeof item.lastError === 'string' ? item.lastError : null,
    published: item.published === true,
    detail: item.detail as DecisionRecord['detail'],
  };
}

function decisionItem(record: DecisionRecord) {
  return {
    modelName: record.modelName,
    modelArn: record.modelArn,
    modelVersion: record.modelVersion,
    seq: record.seq,
    decidedAt: record.decidedAt,
    triggerEventId: record.triggerEventId,
    status: record.status,
    attempts: record.attempts,
    lastError: record.lastError,
    published: record.published,
    detail: record.detail,
  };
}

function decisionKey(record: DecisionRecord) {
  // Numbered in the order the model's decisions were made (one at a time, under the lease).
  return { pk: arnKey(record.modelArn), sk: `DECISION#${padVersion(record.seq)}` };
}

const activationKey = (arn: string, version: number) => ({
  pk: arnKey(arn),
  sk: `ACTIVATION#${padVersion(version)}`,
});

export function createStateStore(client: DynamoDBDocumentClient, options: StateStoreOptions): StateStore {
  const TableName = options.tableName;

  /** An update of a model's decision lease item that holds only while `owner` still holds the lease. */
  async function updateOwnedLease(
    modelArn: string,
    owner: string,
    UpdateExpression: string,
    extra: { names?: Record<string, string>; values?: Record<string, unknown> } = {},
  ): Promise<void> {
    await client.send(
      new UpdateCommand({
        TableName,
        Key: { pk: arnKey(modelArn), sk: LEASE_SK },
        UpdateExpression,
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner', ...extra.names },
        ExpressionAttributeValues: { ':owner': owner, ...extra.values },
      }),
    );
  }

  return {
    async loadModelStates() {
      const states = new Map<string, StoredModelState>();
      const items = queryAll(client, {
        TableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': WATCH_PARTITION },
        // Eventually consistent: half the read cost of every poll. A stale item is safe, since the
        // claim is conditional on the revision; at worst a model waits one cycle.
        ConsistentRead: false,
      });
      for await (const item of items) {
        const modelName = String(item.modelName);
        states.set(modelName, {
          modelName,
          rev: Number(item.rev),
          snapshot: (item.snapshot as StoredModelState['snapshot']) ?? null,
          pending: (item.pending as Record<string, PendingEvent> | undefined) ?? {},
        });
      }
      return states;
    },

    async claim(modelName, expectedRev, next: ModelStateWrite) {
      try {
        await client.send(
          new PutCommand({
            TableName,
            Item: {
              pk: WATCH_PARTITION,
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
            Key: { pk: WATCH_PARTITION, sk: modelKey(modelName) },
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

    async recordActivationRequest(modelArn, version, requestedAt, decisionId) {
      await client.send(
        new PutCommand({
          TableName,
          Item: { ...activationKey(modelArn, version), version, requestedAt, decisionId },
        }),
      );
    },

    async confirmActivation(modelArn, version, decisionId, activatedAt) {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: activationKey(modelArn, version),
          UpdateExpression: 'SET activatedAt = :at, decisionId = :id, #version = :v',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':at': activatedAt, ':id': decisionId, ':v': version },
        }),
      );
    },

    async autopilotActivations(modelArn, versions) {
      const found = new Map<number, string>();
      for (const version of new Set(versions)) {
        const result = await client.send(
          new GetCommand({ TableName, Key: activationKey(modelArn, version), ConsistentRead: true }),
        );
        if (result.Item?.requestedAt) found.set(version, String(result.Item.requestedAt));
      }
      return found;
    },

    async activationRecord(modelArn, version): Promise<ActivationRecord | null> {
      const result = await client.send(
        new GetCommand({ TableName, Key: activationKey(modelArn, version), ConsistentRead: true }),
      );
      const item = result.Item;
      if (!item) return null;
      return {
        version,
        requestedAt: String(item.requestedAt ?? ''),
        decisionId: String(item.decisionId ?? ''),
        activatedAt: typeof item.activatedAt === 'string' ? item.activatedAt : null,
      };
    },

    async acquireDecisionLease(modelArn, owner, lease) {
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName,
            Key: { pk: arnKey(modelArn), sk: LEASE_SK },
            UpdateExpression: 'SET #owner = :owner, leaseUntil = :until',
            ConditionExpression: 'attribute_not_exists(#owner) OR #owner = :owner OR leaseUntil < :now',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: {
              ':owner': owner,
              ':until': lease.nowMs + lease.leaseMs,
              ':now': lease.nowMs,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        const item = result.Attributes ?? {};
        const open = item.open as Record<string, unknown> | undefined;
        return { seq: Number(item.seq ?? 0), open: open ? toDecision(open) : null };
      } catch (error) {
        if (isConditionFailure(error)) return null;
        throw error;
      }
    },

    async openDecision(modelArn, owner, record) {
      await updateOwnedLease(modelArn, owner, 'SET #open = :open, #seq = :seq', {
        names: { '#open': 'open', '#seq': 'seq' },
        values: { ':open': decisionItem(record), ':seq': record.seq },
      });
    },

    async closeDecision(modelArn, owner) {
      await updateOwnedLease(modelArn, owner, 'REMOVE #open', { names: { '#open': 'open' } });
    },

    async releaseDecisionLease(modelArn, owner) {
      try {
        await updateOwnedLease(modelArn, owner, 'REMOVE #owner, leaseUntil');
      } catch (error) {
        // The lease expired and another invocation holds it now: nothing of ours to release.
        if (!isConditionFailure(error)) throw error;
      }
    },

    async putDecision(record) {
      await client.send(
        new PutCommand({ TableName, Item: { ...decisionKey(record), ...decisionItem(record) } }),
      );
    },

    async markDecisionPublished(record) {
      await client.send(
        new UpdateCommand({
          TableName,
          Key: decisionKey(record),
          UpdateExpression: 'SET published = :true',
          ExpressionAttributeValues: { ':true': true },
        }),
      );
    },

    async listDecisions(modelArn, listOptions) {
      const limit = listOptions?.limit ?? Number.POSITIVE_INFINITY;
      const records: DecisionRecord[] = [];
      const items = queryAll(client, {
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': arnKey(modelArn), ':prefix': 'DECISION#' },
        ScanIndexForward: false,
        ConsistentRead: true,
      });
      for await (const item of items) {
        records.push(toDecision(item));
        if (records.length >= limit) break;
      }
      return records;
    },

    async beginNotification(eventId, channel, mark) {
      const key = { pk: `EVENT#${eventId}`, sk: `NOTIFIED#${channel}` };
      const nowSeconds = Math.floor(mark.nowMs / 1000);
      try {
        // Free when absent, expired (TTL deletion is lazy) or abandoned by a sender whose lease ran out.
        await client.send(
          new PutCommand({
            TableName,
            Item: {
              ...key,
              state: 'SENDING',
              leaseUntil: mark.nowMs + mark.leaseMs,
              expiresAt: nowSeconds + mark.retentionSeconds,
            },
            ConditionExpression:
              'attribute_not_exists(pk) OR expiresAt < :nowSeconds OR (#state = :sending AND leaseUntil < :nowMs)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':nowSeconds': nowSeconds,
              ':nowMs': mark.nowMs,
              ':sending': 'SENDING',
            },
          }),
        );
        return 'proceed';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const existing = await client.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
      return existing.Item?.state === 'SENT' ? 'done' : 'busy';
    },

    async completeNotification(eventId, channel, mark) {
      await client.send(
        new PutCommand({
          TableName,
          Item: {
            pk: `EVENT#${eventId}`,
            sk: `NOTIFIED#${channel}`,
            state: 'SENT',
            sentAt: new Date(mark.nowMs).toISOString(),
            expiresAt: Math.floor(mark.nowMs / 1000) + mark.retentionSeconds,
          },
        }),
      );
    },

    async abandonNotification(eventId, channel) {
      await client.send(
        new DeleteCommand({ TableName, Key: { pk: `EVENT#${eventId}`, sk: `NOTIFIED#${channel}` } }),
      );
    },
  };
}
