// Every item the state adapters read back is parsed: a malformed one is refused with an error naming
// its key and the field, and a well-formed one round-trips exactly as it was written.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createActivationHistory,
  createDecisionHistory,
  createDecisionLog,
} from '../../../lib/adapters/state-decisions.js';
import { createNotificationLedger } from '../../../lib/adapters/state-ledger.js';
import { createModelStateStore } from '../../../lib/adapters/state-model.js';
import { StoredItemError } from '../../../lib/adapters/state-table.js';
import type { ActivationDecisionDetail, AutopilotEvent } from '../../../lib/core/events.js';
import type { ModelSnapshot } from '../../../lib/core/snapshot.js';
import type { DecisionRecord } from '../../../lib/ports.js';
import { parseDeliveredEvent } from '../../../lib/triggers.js';
import { loadFixture } from '../messages/fixtures.js';

const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const options = { tableName: 'state' };

const fixture = parseDeliveredEvent(loadFixture('decision-rejected')).detail as ActivationDecisionDetail;
// Every optional field present: reading back must keep each one (a schema that forgot one would drop it).
const detail: ActivationDecisionDetail = {
  ...fixture,
  trimmed: ['reasons'],
  checks: fixture.checks.map((check) => ({ ...check, note: 'noted' })),
};
const ARN = detail.modelArn;
const decision: DecisionRecord = {
  modelName: detail.modelName,
  modelArn: ARN,
  modelVersion: detail.modelVersion,
  seq: 1,
  decidedAt: '2026-03-01T00:00:00.000Z',
  triggerEventId: 'trigger-1',
  status: 'PENDING',
  attempts: 0,
  lastError: null,
  published: false,
  detail,
};
const decisionItem = { pk: `MODEL#${ARN}`, sk: 'DECISION#0000000001', ...decision };

const snapshot: ModelSnapshot = {
  format: 1,
  modelName: 'pump',
  modelArn: ARN,
  origin: { provider: 'lookout-equipment' },
  summaryKey: 'k',
  status: 'SUCCESS',
  activeVersion: 2,
  activeVersionArn: `${ARN}/model-version/2`,
  activatedAt: '2026-03-01T00:00:00.000Z',
  scheduler: null,
  schedulerSeq: 0,
  latestVersion: 2,
  runs: {
    '2': { status: 'SUCCESS', retraining: true, promotionReported: true },
    '3': { status: 'SUCCESS', retraining: true, promotionReported: false, awaitingSince: 'then' },
  },
  managedActivations: [],
  unreadVersions: { '4': null, '5': '2026-02-01T00:00:00.000Z' },
  observedAt: '2026-03-01T00:00:00.000Z',
};
const event: AutopilotEvent = {
  detailType: 'Model Version Activation Decision',
  detail,
  resources: [ARN],
  time: '2026-03-01T00:00:00.000Z',
};
const watchItem = {
  pk: 'WATCH',
  sk: 'MODEL#pump',
  modelName: 'pump',
  rev: 3,
  snapshot,
  pending: { [detail.eventId]: { event, seq: 0, owner: 'cycle-1', leaseUntil: 10 } },
};

/** The error the call fails with (fails the test when the call succeeds). */
async function failure(call: () => Promise<unknown>): Promise<Error> {
  const outcome = await call().then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(StoredItemError);
  return outcome as Error;
}

beforeEach(() => {
  dynamo.reset();
});

describe('the model state store', () => {
  const store = createModelStateStore(client, options);

  it('reads back the item it writes', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [watchItem] });

    // Act
    const states = await store.loadModelStates();

    // Assess
    expect(states.get('pump')).toEqual({
      modelName: 'pump',
      rev: 3,
      snapshot,
      pending: watchItem.pending,
    });
  });

  it('reads a tombstone with no outbox as a null snapshot with nothing pending', async () => {
    // Prepare
    dynamo
      .on(QueryCommand)
      .resolves({ Items: [{ pk: 'WATCH', sk: 'MODEL#gone', modelName: 'gone', rev: 1 }] });

    // Act
    const states = await store.loadModelStates();

    // Assess
    expect(states.get('gone')).toEqual({ modelName: 'gone', rev: 1, snapshot: null, pending: {} });
  });

  it('refuses a revision that is not a number, naming the item and the field', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [{ ...watchItem, rev: 'three' }] });

    // Act
    const error = await failure(() => store.loadModelStates());

    // Assess
    expect(error.message).toMatch(/^state table item pk=WATCH sk=MODEL#pump is malformed: rev: /);
  });

  it('refuses a snapshot missing a field, naming its path', async () => {
    // Prepare
    const { latestVersion: _dropped, ...partial } = snapshot;
    dynamo.on(QueryCommand).resolves({ Items: [{ ...watchItem, snapshot: partial }] });

    // Act
    const error = await failure(() => store.loadModelStates());

    // Assess
    expect(error.message).toContain('sk=MODEL#pump');
    expect(error.message).toContain('snapshot.latestVersion:');
  });

  it('holds a stored outbox event to the published contract: refuses a time without its zone', async () => {
    // Prepare
    const pending = {
      e1: { event: { ...event, time: '2026-03-01 00:00' }, seq: 0, owner: 'o', leaseUntil: 1 },
    };
    dynamo.on(QueryCommand).resolves({ Items: [{ ...watchItem, pending }] });

    // Act
    const error = await failure(() => store.loadModelStates());

    // Assess
    expect(error.message).toContain('pending.e1.event.time:');
  });

  it('refuses an outbox event of an unknown detail type, naming its path', async () => {
    // Prepare
    const pending = {
      e1: { event: { ...event, detailType: 'Something Else' }, seq: 0, owner: 'o', leaseUntil: 1 },
    };
    dynamo.on(QueryCommand).resolves({ Items: [{ ...watchItem, pending }] });

    // Act
    const error = await failure(() => store.loadModelStates());

    // Assess
    expect(error.message).toContain('pending.e1.event.detailType:');
  });
});

describe('the decision log', () => {
  const log = createDecisionLog(client, options);

  it('reads back the decision it writes', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [decisionItem] });

    // Act
    const records = await createDecisionHistory(client, options).listDecisions(ARN);

    // Assess
    expect(records).toEqual([decision]);
  });

  it('refuses a decision whose detail has a malformed field, naming the item and the field', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [{ ...decisionItem, detail: { ...detail, outcome: 3 } }] });

    // Act
    const error = await failure(() => log.listDecisions(ARN));

    // Assess
    expect(error.message).toContain(`pk=MODEL#${ARN} sk=DECISION#0000000001 is malformed`);
    expect(error.message).toContain('detail.outcome:');
  });

  it.each([
    ['an id that is not the decider’s', { eventId: 'decision-1' }, 'detail.eventId:'],
    ['a version below 1', { modelVersion: 0 }, 'detail.modelVersion:'],
    ['a field the contract does not publish', { extra: 'x' }, 'detail:'],
  ])('holds a stored decision to the published contract: refuses %s', async (_what, change, field) => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [{ ...decisionItem, detail: { ...detail, ...change } }] });

    // Act
    const error = await failure(() => log.listDecisions(ARN));

    // Assess
    expect(error.message).toContain(`pk=MODEL#${ARN} sk=DECISION#0000000001 is malformed`);
    expect(error.message).toContain(field);
  });

  it('refuses an open decision in the lease item, naming the field', async () => {
    // Prepare
    const { detail: _dropped, ...open } = decision;
    dynamo.on(UpdateCommand).resolves({ Attributes: { pk: `MODEL#${ARN}`, sk: 'DECIDER', seq: 1, open } });

    // Act
    const error = await failure(() => log.acquireDecisionLease(ARN, 'o', { nowMs: 1, leaseMs: 1 }));

    // Assess
    expect(error.message).toContain('sk=DECIDER (open)');
    expect(error.message).toContain('detail:');
  });

  it('reads the open decision of a lease back as written', async () => {
    // Prepare
    dynamo.on(UpdateCommand).resolves({ Attributes: { seq: 1, owner: 'o', open: decision } });

    // Act
    const lease = await log.acquireDecisionLease(ARN, 'o', { nowMs: 1, leaseMs: 1 });

    // Assess
    expect(lease).toEqual({ seq: 1, open: decision });
  });

  it('refuses an activation record whose request time is not a string, naming the field', async () => {
    // Prepare
    const Item = { pk: `MODEL#${ARN}`, sk: 'ACTIVATION#0000000003', requestedAt: 7, decisionId: 'd' };
    dynamo.on(GetCommand).resolves({ Item });

    // Act
    const error = await failure(() =>
      createActivationHistory(client, options).autopilotActivations(ARN, [3]),
    );

    // Assess
    expect(error.message).toContain('sk=ACTIVATION#0000000003');
    expect(error.message).toContain('requestedAt:');
  });

  it('reads an activation confirmed without a request as no autopilot request', async () => {
    // Prepare
    const Item = { pk: `MODEL#${ARN}`, sk: 'ACTIVATION#0000000003', decisionId: 'd', activatedAt: 'now' };
    dynamo.on(GetCommand).resolves({ Item });

    // Act
    const found = await log.autopilotActivations(ARN, [3]);
    const record = await log.activationRecord(ARN, 3);

    // Assess
    expect(found.size).toBe(0);
    expect(record).toEqual({ version: 3, requestedAt: '', decisionId: 'd', activatedAt: 'now' });
  });
});

describe('the notification ledger', () => {
  const ledger = createNotificationLedger(client, options);
  const mark = { nowMs: 1_000_000, leaseMs: 1000, retentionSeconds: 60 };
  const taken = Object.assign(new Error('taken'), { name: 'ConditionalCheckFailedException' });

  it('refuses a mark with no state, naming the item', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(taken);
    dynamo.on(GetCommand).resolves({ Item: { pk: 'EVENT#e1', sk: 'NOTIFIED#slack', sentAt: 'x' } });

    // Act
    const error = await failure(() => ledger.beginNotification('e1', 'slack', mark));

    // Assess
    expect(error.message).toContain('pk=EVENT#e1 sk=NOTIFIED#slack is malformed: state:');
  });

  it('reads a sent mark as done and a sending one as busy', async () => {
    // Prepare
    dynamo.on(PutCommand).rejects(taken);
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { state: 'SENT' } })
      .resolvesOnce({ Item: { state: 'SENDING' } });

    // Act
    const first = await ledger.beginNotification('e1', 'slack', mark);
    const second = await ledger.beginNotification('e1', 'slack', mark);

    // Assess
    expect([first, second]).toEqual(['done', 'busy']);
  });
});
