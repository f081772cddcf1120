// The product's adapters wired to local services: the L4E emulator, dynalite and the local bus/SSM.
// Flows run through the real adapters and SDK clients, exactly as in Lambda, only the endpoints differ.
// Integration tests, the soak run and the benchmarks build on it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RetryStrategyV2, RetryToken } from '@smithy/types';
import { createEventPublisher } from '../lib/adapters/event-bus.js';
import { createLookoutProvider } from '../lib/adapters/lookout.js';
import { createParameterSource } from '../lib/adapters/parameters.js';
import { createActivationHistory, createDecisionLog } from '../lib/adapters/state-decisions.js';
import { createNotificationLedger } from '../lib/adapters/state-ledger.js';
import { createModelStateStore } from '../lib/adapters/state-model.js';
import { silentLogger } from '../lib/logger.js';
import type {
  ActivationHistory,
  DecisionLog,
  EventPublisher,
  ModelProvider,
  ModelStateStore,
  NotificationLedger,
  ParameterSource,
} from '../lib/ports.js';
import {
  createTables,
  type LocalDynamo,
  type LocalEventBus,
  type LocalSsm,
  loadServerlessConfig,
  startLocalDynamo,
  startLocalEventBus,
  startLocalSsm,
  tableName,
} from './aws/index.js';
import { type Emulator, type EmulatorOptions, startEmulator } from './emulator/index.js';

export const BUS_NAME = 'l4e-autopilot-harness';
export const PARAMETER_PREFIX = '/l4e-autopilot/harness';
const credentials = { accessKeyId: 'AKIDLOCALTESTING', secretAccessKey: 'local-testing-secret' };
const region = 'us-east-1';

export interface Harness {
  emulator: Emulator;
  dynamo: LocalDynamo;
  bus: LocalEventBus;
  ssm: LocalSsm;
  tableName: string;
  /** The state table's client, for stores of other scopes (another provider's watch partition). */
  documentClient: DynamoDBDocumentClient;
  lookoutClient: LookoutEquipmentClient;
  eventBridgeClient: EventBridgeClient;
  provider: ModelProvider;
  /** The watcher's model state and outbox. */
  store: ModelStateStore;
  activations: ActivationHistory;
  decisions: DecisionLog;
  ledger: NotificationLedger;
  publisher: EventPublisher;
  parameters: ParameterSource;
  ssmClient: SSMClient;
  logger: typeof silentLogger;
  close(): Promise<void>;
}

let tableCounter = 0;

/**
 * The SDK's standard retries with millisecond waits: tests exercise many throttled calls and should not
 * sleep real seconds. Like the standard strategy, only throttling and transient/server errors are retried.
 */
export function fastRetryStrategy(maxAttempts: number): RetryStrategyV2 {
  const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => 2 });
  return {
    acquireInitialRetryToken: async () => token(0),
    async refreshRetryTokenForRetry(previous, info) {
      if (info.errorType === 'CLIENT_ERROR' || previous.getRetryCount() + 1 >= maxAttempts) {
        throw new Error('retries exhausted');
      }
      return token(previous.getRetryCount() + 1);
    },
    recordSuccess: () => {},
  };
}

export async function startHarness(emulatorOptions: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, seed: 1, ...emulatorOptions });
  const dynamo = await startLocalDynamo();
  const bus = await startLocalEventBus({ buses: [BUS_NAME], accountId: '123456789012', region });
  const ssm = await startLocalSsm({ region });

  const dynamoRaw = new DynamoDBClient({ endpoint: dynamo.url, region, credentials });
  const config = loadServerlessConfig('serverless.yml', 'harness');
  const definition = config.dynamoTables()[0];
  if (!definition) throw new Error('serverless.yml declares no DynamoDB table');
  tableCounter += 1;
  const table = { ...definition, tableName: `${tableName(definition)}-${tableCounter}` };
  await createTables(dynamoRaw, [table]);

  const lookoutClient = new LookoutEquipmentClient({
    endpoint: emulator.url,
    region,
    credentials,
    retryStrategy: fastRetryStrategy(8),
  });
  const eventBridgeClient = new EventBridgeClient({ endpoint: bus.url, region, credentials });
  const ssmClient = new SSMClient({ endpoint: ssm.url, region, credentials });
  const documentClient = DynamoDBDocumentClient.from(dynamoRaw, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    emulator,
    dynamo,
    bus,
    ssm,
    tableName: tableName(table),
    documentClient,
    lookoutClient,
    eventBridgeClient,
    provider: createLookoutProvider(lookoutClient),
    store: createModelStateStore(documentClient, { tableName: tableName(table) }),
    activations: createActivationHistory(documentClient, { tableName: tableName(table) }),
    decisions: createDecisionLog(documentClient, { tableName: tableName(table) }),
    ledger: createNotificationLedger(documentClient, { tableName: tableName(table) }),
    publisher: createEventPublisher(eventBridgeClient, { eventBusName: BUS_NAME, sleep: async () => {} }),
    parameters: createParameterSource(ssmClient, { maxAgeSeconds: 0 }),
    ssmClient,
    logger: silentLogger,
    async close() {
      lookoutClient.destroy();
      eventBridgeClient.destroy();
      ssmClient.destroy();
      dynamoRaw.destroy();
      await Promise.all([emulator.close(), dynamo.close(), bus.close(), ssm.close()]);
    },
  };
}
