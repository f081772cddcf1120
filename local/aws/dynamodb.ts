// An in-memory DynamoDB for local runs (dynalite), plus table creation from serverless.yml definitions.
// dynalite implements the classic item API but not TransactWriteItems nor UpdateTimeToLive.
import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateTableCommand, DescribeTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { listenOn } from '../listen.js';
import type { DynamoTableDefinition } from './serverless-shapes.js';

const TABLE_READY_TIMEOUT_MS = 10_000;
const TABLE_POLL_INTERVAL_MS = 25;
const LOCAL_THROUGHPUT = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };

export class TableNotReadyError extends Error {
  override readonly name = 'TableNotReadyError';
}

export interface LocalDynamo {
  readonly url: string;
  close(): Promise<void>;
}

export async function startLocalDynamo(options: { host?: string; port?: number } = {}): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const { url, close } = await listenOn(server, options);
  return { url, close };
}

export function tableName(table: DynamoTableDefinition): string {
  return table.tableName ?? table.logicalId;
}

function createTableInput(table: DynamoTableDefinition): CreateTableCommandInput {
  const provisioned = table.billingMode === 'PROVISIONED';
  return {
    TableName: tableName(table),
    KeySchema: table.keySchema,
    AttributeDefinitions: table.attributeDefinitions,
    BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    ...(provisioned ? { ProvisionedThroughput: LOCAL_THROUGHPUT } : {}),
    ...(table.globalSecondaryIndexes === undefined
      ? {}
      : {
          GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
            IndexName: index.IndexName,
            KeySchema: index.KeySchema,
            Projection: index.Projection,
            ...(provisioned ? { ProvisionedThroughput: LOCAL_THROUGHPUT } : {}),
          })),
        }),
  } as CreateTableCommandInput;
}

/**
 * Creates each table (an existing one is left as is), waits until it and its indexes are ACTIVE, and
 * enables TTL where the definition asks and the endpoint supports it. Returns the table names.
 */
export async function createTables(
  client: DynamoDBClient,
  tables: DynamoTableDefinition[],
): Promise<string[]> {
  const names: string[] = [];
  for (const table of tables) {
    const name = tableName(table);
    try {
      await client.send(new CreateTableCommand(createTableInput(table)));
    } catch (error) {
      if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
    }
    await waitUntilActive(client, name);
    if (table.ttlAttribute !== undefined) await enableTimeToLive(client, name, table.ttlAttribute);
    names.push(name);
  }
  return names;
}

async function waitUntilActive(client: DynamoDBClient, name: string): Promise<void> {
  const deadline = Date.now() + TABLE_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    await new Promise((resolve) => setTimeout(resolve, TABLE_POLL_INTERVAL_MS));
  }
  throw new TableNotReadyError(`table ${name} was not ACTIVE within ${TABLE_READY_TIMEOUT_MS} ms`);
}

async function enableTimeToLive(client: DynamoDBClient, name: string, attribute: string): Promise<void> {
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
      }),
    );
  } catch (error) {
    // dynalite has no UpdateTimeToLive; expiry only deletes items, which no local run relies on.
    if ((error as { name?: string }).name !== 'UnknownOperationException') throw error;
  }
}
