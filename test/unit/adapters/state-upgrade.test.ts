// Items the release before schemaVersion 2 wrote (test/fixtures/state-v1, written by that release's own
// adapters) are read by this one: outbox events and decisions as schemaVersion 2 events of
// lookout-equipment with their ids unchanged, snapshots as the L4E models they were. Each provider's
// models live in a partition of their own; L4E keeps the one earlier releases wrote.
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDecisionHistory } from '../../../lib/adapters/state-decisions.js';
import { createModelStateStore } from '../../../lib/adapters/state-model.js';
import { EVENT_SCHEMAS } from '../../../lib/core/contract/envelope.js';
import type { AutopilotEvent } from '../../../lib/core/events.js';

const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const options = { tableName: 'state' };

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../fixtures/state-v1/${name}.json`, import.meta.url), 'utf8'));

interface StoredV1Event {
  event: { detailType: AutopilotEvent['detailType']; detail: Record<string, unknown> };
}

beforeEach(() => {
  dynamo.reset();
});

describe('a watch item written before schemaVersion 2', () => {
  const item = fixture('watch-item');
  const storedPending = item.pending as Record<string, StoredV1Event>;

  it('is read with its outbox events upgraded: provider lookout-equipment, same ids, nothing else changed', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [item] });

    // Act
    const state = (await createModelStateStore(client, options).loadModelStates()).get('pump-1');

    // Assess
    const pending = Object.entries(state?.pending ?? {});
    expect(pending.length).toBe(Object.keys(storedPending).length);
    for (const [id, entry] of pending) {
      const before = storedPending[id]?.event.detail;
      expect(before?.schemaVersion).toBe('1');
      expect(entry.event.detail).toEqual({ ...before, schemaVersion: '2', provider: 'lookout-equipment' });
      expect(entry.event.detail.eventId).toBe(id);
    }
  });

  it('gives outbox events that pass the published contract once upgraded', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [item] });

    // Act
    const state = (await createModelStateStore(client, options).loadModelStates()).get('pump-1');

    // Assess
    for (const { event } of Object.values(state?.pending ?? {})) {
      const delivered = {
        version: '0',
        id: 'x',
        'detail-type': event.detailType,
        source: 'l4e.autopilot',
        account: event.detail.account,
        time: event.time,
        region: event.detail.region,
        resources: event.resources,
        detail: event.detail,
      };
      expect(EVENT_SCHEMAS[event.detailType].safeParse(delivered).error?.issues ?? []).toEqual([]);
    }
  });

  it('is read with its snapshot as an L4E model', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [item] });

    // Act
    const state = (await createModelStateStore(client, options).loadModelStates()).get('pump-1');

    // Assess
    expect(state?.snapshot?.origin).toEqual({ provider: 'lookout-equipment' });
    expect(state?.snapshot).toMatchObject(item.snapshot as object);
  });
});

describe('a decision written before schemaVersion 2', () => {
  it('is read with its detail upgraded, id unchanged', async () => {
    // Prepare
    const item = fixture('decision-item');
    dynamo.on(QueryCommand).resolves({ Items: [item] });
    const stored = item.detail as Record<string, unknown>;

    // Act
    const [decision] = await createDecisionHistory(client, options).listDecisions(String(item.modelArn));

    // Assess
    expect(decision?.detail).toEqual({ ...stored, schemaVersion: '2', provider: 'lookout-equipment' });
    expect(decision?.detail.eventId).toBe(stored.eventId);
  });
});

describe('watch partitions', () => {
  it('keeps L4E models in WATCH, the partition earlier releases wrote', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(PutCommand).resolves({});
    const store = createModelStateStore(client, { ...options, provider: 'lookout-equipment' });

    // Act
    await store.loadModelStates();
    await store.claim('pump-1', null, { snapshot: null, pending: {} });

    // Assess
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': 'WATCH',
    });
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item?.pk).toBe('WATCH');
  });

  it('keeps IoT SiteWise models in WATCH#iot-sitewise, reading, claiming and clearing there', async () => {
    // Prepare
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    const store = createModelStateStore(client, { ...options, provider: 'iot-sitewise' });

    // Act
    await store.loadModelStates();
    await store.claim('cm', null, { snapshot: null, pending: {} });
    await store.clearPending('cm', ['e1']);

    // Assess
    expect(dynamo.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({
      ':pk': 'WATCH#iot-sitewise',
    });
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item?.pk).toBe('WATCH#iot-sitewise');
    expect(dynamo.commandCalls(UpdateCommand)[0]?.args[0].input.Key?.pk).toBe('WATCH#iot-sitewise');
  });

  it('reads a snapshot of the SiteWise partition that names no provider as a SiteWise model', async () => {
    // Prepare
    const item = { ...fixture('watch-item'), pk: 'WATCH#iot-sitewise', pending: {} };
    dynamo.on(QueryCommand).resolves({ Items: [item] });

    // Act
    const states = await createModelStateStore(client, {
      ...options,
      provider: 'iot-sitewise',
    }).loadModelStates();

    // Assess
    expect(states.get('pump-1')?.snapshot?.origin).toEqual({ provider: 'iot-sitewise' });
  });
});
