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

  return {
    async publish(events: readonly AutopilotEvent[]): Promise<PublishResult> {
      const published: string[] = [];
      const failed: PublishResult['failed'] = [];
      let queue: BusEntry[] = [];
      for (const event of events) {
        try {
          queue.push(toBusEntry(event));
        } catch (error) {
          if (!(error instanceof EventTooLargeError)) throw error;
          failed.push({ eventId: event.detail.eventId, errorCode: error.name, errorMessage: error.message });
        }
      }
      for (let attempt = 1; queue.length > 0; attempt++) {
        const failures: Failure[] = [];
        for (const batch of batchEntries(queue)) {
          const batchFailures = await sendBatch(batch);
          const failedIds = new Set(batchFailures.map((f) => f.entry.eventId));
          for (const entry of batch) if (!failedIds.has(entry.eventId)) published.push(entry.eventId);
          failures.push(...batchFailures);
        }
        if (failures.length === 0 || attempt >= maxAttempts) {
          for (const f of failures) {
            failed.push({ eventId: f.entry.eventId, errorCode: f.errorCode, errorMessage: f.errorMessage });
          }
          break;
        }
        queue = failures.map((f) => f.entry);
        await sleep(Math.round(random() * baseDelayMs * 2 ** (attempt - 1)));
      }
      return { published, failed };
    },
  };
}
