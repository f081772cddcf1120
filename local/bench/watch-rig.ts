// The watcher's dependencies over a harness, with counters on what the benchmarks measure: DynamoDB
// requests and capacity units on a client of the bench's own, and PutEvents requests on the harness's.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createActivationHistory } from '../../lib/adapters/state-decisions.js';
import { createModelStateStore } from '../../lib/adapters/state-model.js';
import type { ModelProvider } from '../../lib/ports.js';
import type { WatchDeps } from '../../lib/watch.js';
import type { Harness } from '../harness.js';
import { type CapacityMeter, countRequests, meterCapacity, type RequestCounter } from './request-counter.js';

export interface WatchRig {
  deps: WatchDeps;
  dynamo: RequestCounter;
  capacity: CapacityMeter;
  putEvents: RequestCounter;
  close(): void;
}

/** runWatchCycle's dependencies on the harness's table and bus, with `provider` as the watched service. */
export function watchRig(harness: Harness, provider: ModelProvider): WatchRig {
  // marshalling as lib/clients/dynamodb.ts configures it.
  const dynamoClient = new DynamoDBClient({
    endpoint: harness.dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCALTESTING', secretAccessKey: 'local-testing-secret' },
  });
  const documentClient = DynamoDBDocumentClient.from(dynamoClient, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return {
    deps: {
      provider,
      store: createModelStateStore(documentClient, { tableName: harness.tableName }),
      activations: createActivationHistory(documentClient, { tableName: harness.tableName }),
      publisher: harness.publisher,
      logger: harness.logger,
    },
    dynamo: countRequests(dynamoClient),
    capacity: meterCapacity(dynamoClient),
    putEvents: countRequests(harness.eventBridgeClient),
    close: () => dynamoClient.destroy(),
  };
}
