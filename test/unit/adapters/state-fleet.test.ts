// Batch deletes of a removed target's state: what DynamoDB leaves unprocessed is sent again, a bounded
// number of times, and a delete that never completes fails loudly instead of orphaning items.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { BatchDeleteError, createFleetRegistry } from '../../../lib/adapters/state-fleet.js';

const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const member = { account: '222222222222', region: 'eu-west-1' };
const sleeps: number[] = [];
const registry = (maxBatchAttempts = 4) =>
  createFleetRegistry(client, {
    tableName: 'state',
    maxBatchAttempts,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });

const keys = (pk: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({ pk, sk: `MODEL#m-${i}` }));

beforeEach(() => {
  dynamo.reset();
  sleeps.length = 0;
});

describe("deleting a removed target's state", () => {
  it('sends again what a batch left unprocessed, with growing waits', async () => {
    // Prepare: 30 items in the first provider's partition, none in the others
    const pk = 'WATCH#lookout-equipment#222222222222#eu-west-1';
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': pk } }).resolves({ Items: keys(pk, 30) });
    const left = keys(pk, 2).map((Key) => ({ DeleteRequest: { Key } }));
    dynamo
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { state: left } })
      .resolvesOnce({ UnprocessedItems: { state: left.slice(1) } })
      .resolves({ UnprocessedItems: {} });

    // Act
    const deleted = await registry().deleteState(member);

    // Assess
    const batches = dynamo
      .commandCalls(BatchWriteCommand)
      .map((c) => c.args[0].input.RequestItems?.state?.length);
    expect(deleted).toBe(30);
    expect(batches).toEqual([25, 2, 1, 5]);
    expect(sleeps).toEqual([50, 100]);
  });

  it('fails naming what was left once the attempts run out', async () => {
    // Prepare
    const pk = 'WATCH#lookout-equipment#222222222222#eu-west-1';
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': pk } }).resolves({ Items: keys(pk, 3) });
    const left = keys(pk, 1).map((Key) => ({ DeleteRequest: { Key } }));
    dynamo.on(BatchWriteCommand).resolves({ UnprocessedItems: { state: left } });

    // Act
    const deleting = registry(3).deleteState(member);

    // Assess
    await expect(deleting).rejects.toThrow(BatchDeleteError);
    await expect(deleting).rejects.toThrow('1 state items were still unprocessed after 3 batch deletes');
    expect(dynamo.commandCalls(BatchWriteCommand)).toHaveLength(3);
  });
});
