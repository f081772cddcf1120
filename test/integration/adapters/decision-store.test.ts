// The decision log against a local DynamoDB (dynalite): the per-model lease and its
// conditions, the open decision, activation records and the audit trail, all keyed by model ARN.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDecisionLog } from '../../../lib/adapters/state-decisions.js';
import { StoredItemError } from '../../../lib/adapters/state-table.js';
import { decisionId } from '../../../lib/decision/carry-out.js';
import type { DecisionLog, DecisionRecord } from '../../../lib/ports.js';
import {
  createTables,
  type LocalDynamo,
  loadServerlessConfig,
  startLocalDynamo,
} from '../../../local/aws/index.js';

const TABLE = 'decision-store-test';
const FIRST = 'arn:aws:lookoutequipment:us-east-1:123456789012:model/pump/first000';
const SECOND = 'arn:aws:lookoutequipment:us-east-1:123456789012:model/pump/second00';

let dynamo: LocalDynamo;
let store: DecisionLog;
let documents: DynamoDBDocumentClient;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  const raw = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
  });
  const table = loadServerlessConfig('serverless.yml', 'test').dynamoTables()[0];
  if (!table) throw new Error('no table in serverless.yml');
  await createTables(raw, [{ ...table, tableName: TABLE }]);
  documents = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  store = createDecisionLog(documents, { tableName: TABLE });
});

afterAll(async () => {
  await dynamo.close();
});

function record(arn: string, seq: number, overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    modelName: 'pump',
    modelArn: arn,
    modelVersion: 2,
    seq,
    decidedAt: '2026-02-01T00:00:00.000Z',
    triggerEventId: `t-${seq}`,
    status: 'PENDING',
    attempts: 0,
    lastError: null,
    published: false,
    detail: {
      schemaVersion: '2',
      provider: 'lookout-equipment',
      // The id the decider gives the model's decision number `seq`.
      eventId: decisionId(arn, seq),
      modelName: 'pump',
      modelArn: arn,
      account: '123456789012',
      region: 'us-east-1',
      observedAt: '2026-02-01T00:00:00.000Z',
      modelVersion: 2,
      modelVersionArn: null,
      outcome: 'ACTIVATED',
      reasons: ['all 1 checks passed'],
      checks: [],
      policy: { parameterName: null, version: null, mode: null },
      previousActiveVersion: 1,
      activeVersion: 1,
      triggerEventId: `t-${seq}`,
    },
    ...overrides,
  };
}

describe('the decision lease', () => {
  it('is held by one owner until released or expired, and only its owner writes the open decision', async () => {
    const lease = { nowMs: 1_000, leaseMs: 90_000 };
    expect(await store.acquireDecisionLease(FIRST, 'a', lease)).toEqual({ seq: 0, open: null });
    expect(await store.acquireDecisionLease(FIRST, 'b', { ...lease, nowMs: 50_000 })).toBeNull();
    // Another model's lease is independent.
    expect(await store.acquireDecisionLease(SECOND, 'b', lease)).toEqual({ seq: 0, open: null });

    const open = record(FIRST, 1);
    await store.openDecision(FIRST, 'a', open);
    await expect(store.openDecision(FIRST, 'b', open)).rejects.toThrow(/conditional/i);

    // 'a' dies without releasing: after the lease runs out, 'b' takes over and finds the open decision.
    const taken = await store.acquireDecisionLease(FIRST, 'b', { ...lease, nowMs: 91_001 });
    expect(taken).toEqual({ seq: 1, open });
    await store.releaseDecisionLease(FIRST, 'a'); // a late release by the old owner changes nothing
    expect(await store.acquireDecisionLease(FIRST, 'c', { ...lease, nowMs: 91_002 })).toBeNull();

    await store.closeDecision(FIRST, 'b');
    await store.releaseDecisionLease(FIRST, 'b');
    expect(await store.acquireDecisionLease(FIRST, 'c', { ...lease, nowMs: 91_003 })).toEqual({
      seq: 1,
      open: null,
    });
    await store.releaseDecisionLease(FIRST, 'c');
    await store.releaseDecisionLease(SECOND, 'b');
  });
});

describe('records keyed by model ARN', () => {
  it('keeps the decisions and activations of a re-created model apart from the old one', async () => {
    await store.putDecision(record(FIRST, 1, { status: 'COMPLETE' }));
    await store.putDecision(record(FIRST, 2, { status: 'PENDING', modelVersion: 3 }));
    await store.putDecision(record(SECOND, 1, { status: 'COMPLETE' }));
    await store.markDecisionPublished(record(FIRST, 1));
    const decided = record(FIRST, 1).detail.eventId;
    await store.recordActivationRequest(FIRST, 2, '2026-02-01T00:00:00.000Z', decided);
    await store.confirmActivation(FIRST, 2, decided, '2026-02-01T00:00:02.000Z');

    const first = await store.listDecisions(FIRST);
    expect(first.map((r) => [r.seq, r.modelVersion, r.status, r.published])).toEqual([
      [2, 3, 'PENDING', false],
      [1, 2, 'COMPLETE', true],
    ]);
    expect((await store.listDecisions(SECOND)).map((r) => r.seq)).toEqual([1]);
    expect(await store.listDecisions(FIRST, { limit: 1 })).toHaveLength(1);

    expect(await store.activationRecord(FIRST, 2)).toEqual({
      version: 2,
      requestedAt: '2026-02-01T00:00:00.000Z',
      decisionId: decided,
      activatedAt: '2026-02-01T00:00:02.000Z',
    });
    expect(await store.activationRecord(SECOND, 2)).toBeNull();
    expect(await store.autopilotActivations(FIRST, [2, 3])).toEqual(
      new Map([[2, '2026-02-01T00:00:00.000Z']]),
    );
    expect(await store.autopilotActivations(SECOND, [2])).toEqual(new Map());
  });
});

describe('items read back', () => {
  it('refuses a decision damaged in the table, naming its key and the field', async () => {
    const THIRD = 'arn:aws:lookoutequipment:us-east-1:123456789012:model/pump/third000';
    const damaged = { ...record(THIRD, 1), detail: { ...record(THIRD, 1).detail, reasons: 'none' } };
    await documents.send(
      new PutCommand({
        TableName: TABLE,
        Item: { pk: `MODEL#${THIRD}`, sk: 'DECISION#0000000001', ...damaged },
      }),
    );

    const error = await store.listDecisions(THIRD).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StoredItemError);
    expect((error as Error).message).toMatch(
      new RegExp(`pk=MODEL#${THIRD} sk=DECISION#0000000001 is malformed: detail\\.reasons: `),
    );
  });
});
