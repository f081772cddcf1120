// EventBridge publisher: PutEvents in batches, retrying only the entries that failed.
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { type BusEntry, batchEntries, EventTooLargeError, toBusEntry } from '../core/entries.js';
import type { AutopilotEvent } from '../core/events.js';
import type { EventPublisher, PublishResult } from '../ports.js';

export interface EventPublisherOptions {
  eventBusName: string;
  /** Attempts per entry, the first included. */
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Failure {
  entry: BusEntry;
  errorCode: string;
  errorMessage: string;
}

function asFailedEvent(f: Failure): PublishResult['failed'][number] {
  return { eventId: f.entry.eventId, errorCode: f.errorCode, errorMessage: f.errorMessage };
}

/** The events as bus entries; an event too large for the bus fails on its own, the others go on. */
function busEntries(events: readonly AutopilotEvent[]): {
  entries: BusEntry[];
  failed: PublishResult['failed'];
} {
  const entries: BusEntry[] = [];
  const failed: PublishResult['failed'] = [];
  for (const event of events) {
    try {
      entries.push(toBusEntry(event));
    } catch (error) {
      if (!(error instanceof EventTooLargeError)) throw error;
      failed.push({ eventId: event.detail.eventId, errorCode: error.name, errorMessage: error.message });
    }
  }
  return { entries, failed };
}

export function createEventPublisher(
  client: EventBridgeClient,
  options: EventPublisherOptions,
): EventPublisher {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  const toRequestEntry = (entry: BusEntry): PutEventsRequestEntry => ({
    EventBusName: options.eventBusName,
    Source: entry.source,
    DetailType: entry.detailType,
    Detail: entry.detail,
    Resources: entry.resources,
    Time: new Date(entry.time),
  });

  async function sendBatch(batch: BusEntry[]): Promise<Failure[]> {
    try {
      const response = await client.send(new PutEventsCommand({ Entries: batch.map(toRequestEntry) }));
      if (!response.FailedEntryCount) return [];
      // Result entries line up with request entries; an entry with an ErrorCode failed.
      return batch.flatMap((entry, i) => {
        const result = response.Entries?.[i];
        if (result?.EventId && !result.ErrorCode) return [];
        return [
          {
            entry,
            errorCode: result?.ErrorCode ?? 'Unknown',
            errorMessage: result?.ErrorMessage ?? 'no result entry returned',
          },
        ];
      });
    } catch (error) {
      const err = error as Error;
      return batch.map((entry) => ({ entry, errorCode: err.name || 'Error', errorMessage: err.message }));
    }
  }

  /** Sends every entry once, in batches: what went out, and what failed with why. */
  async function sendAll(queue: readonly BusEntry[]): Promise<{ sent: string[]; failures: Failure[] }> {
    const sent: string[] = [];
    const failures: Failure[] = [];
    for (const batch of batchEntries(queue)) {
      const batchFailures = await sendBatch(batch);
      const failedIds = new Set(batchFailures.map((f) => f.entry.eventId));
      for (const entry of batch) if (!failedIds.has(entry.eventId)) sent.push(entry.eventId);
      failures.push(...batchFailures);
    }
    return { sent, failures };
  }

  return {
    async publish(events: readonly AutopilotEvent[]): Promise<PublishResult> {
      const published: string[] = [];
      const { entries, failed } = busEntries(events);
      let queue = entries;
      for (let attempt = 1; queue.length > 0; attempt++) {
        const { sent, failures } = await sendAll(queue);
        published.push(...sent);
        if (failures.length === 0 || attempt >= maxAttempts) {
          failed.push(...failures.map(asFailedEvent));
          break;
        }
        queue = failures.map((f) => f.entry);
        await sleep(Math.round(random() * baseDelayMs * 2 ** (attempt - 1)));
      }
      return { published, failed };
    },
  };
}
