// Section 2: PutEvents requests the real publisher makes for E events, counted on the SDK client while
// it publishes to the local EventBridge, which enforces the service's 10-entry and 256 KB request limits.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createEventPublisher } from '../../lib/adapters/event-bus.js';
import { entrySize, MAX_ENTRIES_PER_REQUEST, MAX_REQUEST_BYTES, toBusEntry } from '../../lib/core/entries.js';
import { type AutopilotEvent, DetailType, SCHEMA_VERSION } from '../../lib/core/events.js';
import { deterministicId } from '../../lib/core/ids.js';
import { startLocalEventBus } from '../aws/index.js';
import { countRequests } from './request-counter.js';
import { ceilDiv } from './stats.js';

const BUS = 'l4e-autopilot-bench';
const REGION = 'us-east-1';
const ACCOUNT = '123456789012';

export class BenchPublishError extends Error {
  override name = 'BenchPublishError';
}

export interface PublishCase {
  label: string;
  events: number;
  /** Size of each entry as EventBridge counts it; small events when absent. */
  entryBytes?: number;
}

export interface PublishRow {
  label: string;
  events: number;
  /** Size of one entry as EventBridge counts it. */
  entryBytes: number;
  /** ⌈E / entries that fit in one request⌉, from the service's limits alone. */
  expectedRequests: number;
  putEventsRequests: number;
  accepted: number;
}

export const DEFAULT_PUBLISH_CASES: readonly PublishCase[] = [
  { label: 'small', events: 1 },
  { label: 'small', events: 10 },
  { label: 'small', events: 25 },
  { label: 'small', events: 100 },
  { label: 'large (~100 KB)', events: 100, entryBytes: 100 * 1024 },
  { label: 'large (~250 KB, near the limit)', events: 100, entryBytes: 250 * 1024 },
];

function runEvent(batch: string, index: number, failedReason: string | null): AutopilotEvent {
  const modelName = `bench-model-${String(index).padStart(4, '0')}`;
  const modelArn = `arn:aws:lookoutequipment:${REGION}:${ACCOUNT}:model/${modelName}/${deterministicId(modelName)}`;
  const versionArn = `${modelArn}/model-version/2`;
  return {
    detailType: DetailType.RetrainingStateChange,
    resources: [modelArn, versionArn],
    time: '2025-01-01T00:00:00Z',
    detail: {
      schemaVersion: SCHEMA_VERSION,
      eventId: deterministicId('bench', batch, index),
      provider: 'lookout-equipment',
      modelName,
      modelArn,
      account: ACCOUNT,
      region: REGION,
      observedAt: '2025-01-01T00:00:00.000Z',
      modelVersion: 2,
      modelVersionArn: versionArn,
      previousStatus: 'IN_PROGRESS',
      status: failedReason === null ? 'SUCCESS' : 'FAILED',
      startTime: '2024-12-31T23:00:00Z',
      failedReason,
      availableDataInDays: 180,
      promoteMode: 'MANUAL',
    },
  };
}

/** An event whose entry is exactly `bytes` long (a long failure reason carries the weight). */
function sizedEvent(batch: string, index: number, bytes: number | undefined): AutopilotEvent {
  if (bytes === undefined) return runEvent(batch, index, null);
  const base = entrySize(toBusEntry(runEvent(batch, index, '')));
  return runEvent(batch, index, 'x'.repeat(Math.max(0, bytes - base)));
}

export function expectedPutEventsRequests(events: number, entryBytes: number): number {
  const perRequest = Math.min(MAX_ENTRIES_PER_REQUEST, Math.floor(MAX_REQUEST_BYTES / entryBytes));
  return ceilDiv(events, Math.max(1, perRequest));
}

export async function benchPublishBatches(
  cases: readonly PublishCase[],
  progress: (message: string) => void,
): Promise<PublishRow[]> {
  const bus = await startLocalEventBus({ buses: [BUS], accountId: ACCOUNT, region: REGION });
  const client = new EventBridgeClient({
    endpoint: bus.url,
    region: REGION,
    credentials: { accessKeyId: 'AKIDLOCALTESTING', secretAccessKey: 'local-testing-secret' },
  });
  const counter = countRequests(client);
  const publisher = createEventPublisher(client, { eventBusName: BUS });
  const rows: PublishRow[] = [];
  try {
    for (const [caseIndex, c] of cases.entries()) {
      const events = Array.from({ length: c.events }, (_, i) =>
        sizedEvent(`case-${caseIndex}`, i, c.entryBytes),
      );
      const entryBytes = entrySize(toBusEntry(events[0] as AutopilotEvent));
      const before = bus.accepted().length;
      counter.reset();
      const result = await publisher.publish(events);
      if (result.failed.length > 0) {
        throw new BenchPublishError(
          `${result.failed.length} events were not published: ${result.failed[0]?.errorMessage}`,
        );
      }
      rows.push({
        label: c.label,
        events: c.events,
        entryBytes,
        expectedRequests: expectedPutEventsRequests(c.events, entryBytes),
        putEventsRequests: counter.counts().PutEvents ?? 0,
        accepted: bus.accepted().length - before,
      });
      progress(`PutEvents: ${c.events} ${c.label} events`);
    }
    return rows;
  } finally {
    client.destroy();
    await bus.close();
  }
}
