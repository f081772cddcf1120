// The decision log's side of the state table, under the model's ARN: the audit trail (DECISION#<seq>),
// activation records (ACTIVATION#<version>) and the per-model decision lease (DECIDER) holding the
// decision still open. Single-item conditional writes only.
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type {
  ActivationHistory,
  ActivationRecord,
  DecisionHistory,
  DecisionLog,
  DecisionRecord,
} from '../ports.js';
import { activationDecisionDetailSchema } from './state-event-schemas.js';
import {
  arnKey,
  type ItemKey,
  isConditionFailure,
  keyOf,
  padNumber,
  parseItem,
  queryAll,
  type StateTable,
  type StateTableOptions,
  stateTable,
} from './state-table.js';

const LEASE_SK = 'DECIDER';
const leaseKey = (arn: string): ItemKey => ({ pk: arnKey(arn), sk: LEASE_SK });
// Numbered in the order the model's decisions were made (one at a time, under the lease).
const decisionKey = (record: DecisionRecord): ItemKey => ({
  pk: arnKey(record.modelArn),
  sk: `DECISION#${padNumber(record.seq)}`,
});
const activationKey = (arn: string, version: number): ItemKey => ({
  pk: arnKey(arn),
  sk: `ACTIVATION#${padNumber(version)}`,
});

// Fields later releases added have their defaults for records written before them.
const decisionSchema: z.ZodMiniType<DecisionRecord> = z.object({
  modelName: z.string(),
  modelArn: z.string(),
  modelVersion: z.number(),
  seq: z.number(),
  decidedAt: z.string(),
  triggerEventId: z._default(z.nullable(z.string()), null),
  status: z._default(z.enum(['PENDING', 'COMPLETE']), 'COMPLETE'),
  attempts: z._default(z.number(), 0),
  lastError: z._default(z.nullable(z.string()), null),
  published: z._default(z.boolean(), false),
  detail: activationDecisionDetailSchema,
});

const leaseSchema = z.object({
  // A lease item holds its number once the model's first decision is opened.
  seq: z._default(z.number(), 0),
  open: z.optional(z.unknown()),
});

// A confirmation may land on a version whose request record is missing (the update creates the item).
const activationSchema = z.object({
  requestedAt: z.optional(z.string()),
  decisionId: z.string(),
  activatedAt: z.optional(z.string()),
});

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

/** The audit trail, read only: what the CLI and the report need. */
export function createDecisionHistory(
  client: DynamoDBDocumentClient,
  options: StateTableOptions,
): DecisionHistory {
  const table = stateTable(client, options);
  return {
    async listDecisions(modelArn, listOptions) {
      const limit = listOptions?.limit ?? Number.POSITIVE_INFINITY;
      const records: DecisionRecord[] = [];
      const items = queryAll(table, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': arnKey(modelArn), ':prefix': 'DECISION#' },
        ScanIndexForward: false,
        ConsistentRead: true,
      });
      for await (const item of items) {
        records.push(parseItem(decisionSchema, item, keyOf(item)));
        if (records.length >= limit) break;
      }
      return records;
    },
  };
}

async function readActivation(
  table: StateTable,
  modelArn: string,
  version: number,
): Promise<ActivationRecord | null> {
  const Key = activationKey(modelArn, version);
  const result = await table.client.send(
    new GetCommand({ TableName: table.TableName, Key, ConsistentRead: true }),
  );
  if (!result.Item) return null;
  const item = parseItem(activationSchema, result.Item, Key);
  return {
    version,
    requestedAt: item.requestedAt ?? '',
    decisionId: item.decisionId,
    activatedAt: item.activatedAt ?? null,
  };
}

/** Which versions the autopilot asked to activate, read only: what the watcher needs. */
export function createActivationHistory(
  client: DynamoDBDocumentClient,
  options: StateTableOptions,
): ActivationHistory {
  const table = stateTable(client, options);
  return {
    async autopilotActivations(modelArn, versions) {
      const found = new Map<number, string>();
      for (const version of new Set(versions)) {
        const record = await readActivation(table, modelArn, version);
        if (record?.requestedAt) found.set(version, record.requestedAt);
      }
      return found;
    },
    activationRecord: (modelArn, version) => readActivation(table, modelArn, version),
  };
}

/** The activation records a decision writes: the request before the provider is asked, then its confirmation. */
function activationWrites(
  client: DynamoDBDocumentClient,
  TableName: string,
): Pick<DecisionLog, 'recordActivationRequest' | 'confirmActivation'> {
  return {
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
  };
}

export function createDecisionLog(client: DynamoDBDocumentClient, options: StateTableOptions): DecisionLog {
  const table = stateTable(client, options);
  const { TableName } = table;

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
        Key: leaseKey(modelArn),
        UpdateExpression,
        ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner', ...extra.names },
        ExpressionAttributeValues: { ':owner': owner, ...extra.values },
      }),
    );
  }

  return {
    ...createDecisionHistory(client, options),
    ...createActivationHistory(client, options),
    ...activationWrites(client, TableName),

    async acquireDecisionLease(modelArn, owner, lease) {
      const Key = leaseKey(modelArn);
      try {
        const result = await client.send(
          new UpdateCommand({
            TableName,
            Key,
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
        const item = parseItem(leaseSchema, result.Attributes ?? {}, Key);
        const open =
          item.open === undefined
            ? null
            : parseItem(decisionSchema, item.open, { pk: Key.pk, sk: `${Key.sk} (open)` });
        return { seq: item.seq, open };
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
  };
}
