import { fileURLToPath } from 'node:url';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDynamo } from '../../../local/aws/dynamodb.js';
import { createTables, startLocalDynamo } from '../../../local/aws/dynamodb.js';
import { loadServerlessConfig } from '../../../local/aws/serverless-config.js';
import { useLocalAwsEnv } from '../support/env.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/serverless-fixture.yml', import.meta.url));

describe('local DynamoDB (dynalite)', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let documents: DynamoDBDocumentClient;
  let restoreEnv: () => void;

  beforeAll(async () => {
    dynamo = await startLocalDynamo();
    restoreEnv = useLocalAwsEnv({ DYNAMODB: dynamo.url });
    client = new DynamoDBClient({ maxAttempts: 1 });
    documents = DynamoDBDocumentClient.from(client);
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.close();
    restoreEnv();
  });

  it('creates the tables of serverless.yml, idempotently, with their indexes', async () => {
    // Prepare
    const tables = loadServerlessConfig(FIXTURE, 'local').dynamoTables();

    // Act
    const created = await createTables(client, tables);
    const again = await createTables(client, tables);
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'l4e-autopilot-local-state' }));

    // Assess
    expect(created).toEqual(['l4e-autopilot-local-state']);
    expect(again).toEqual(created);
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.IndexStatus])).toEqual([
      ['gsi1', 'ACTIVE'],
    ]);
  });

  it('fails a second conditional put with ConditionalCheckFailedException', async () => {
    // Prepare
    const put = (version: number) =>
      documents.send(
        new PutCommand({
          TableName: 'l4e-autopilot-local-state',
          Item: { pk: 'MODEL#Pump-7', sk: 'SNAPSHOT', gsi1pk: 'FLEET', version },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );

    // Act
    await put(1);
    const second = await put(2).catch((error: unknown) => error);
    const stored = await documents.send(
      new QueryCommand({
        TableName: 'l4e-autopilot-local-state',
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :fleet',
        ExpressionAttributeValues: { ':fleet': 'FLEET' },
      }),
    );

    // Assess
    expect(second).toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(stored.Items).toEqual([{ pk: 'MODEL#Pump-7', sk: 'SNAPSHOT', gsi1pk: 'FLEET', version: 1 }]);
  });
});
