import { EventBridgeClient, PutEventsCommand, type PutEventsCommandInput } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEventPublisher } from '../../../lib/adapters/event-bus.js';
import { batchEntries, entrySize, MAX_REQUEST_BYTES, toBusEntry } from '../../../lib/core/entries.js';
import type { AutopilotEvent, PromotionResultDetail } from '../../../lib/core/events.js';
import { deterministicId } from '../../../lib/core/ids.js';

const eventBridge = mockClient(EventBridgeClient);

function event(n: number, extra: Partial<PromotionResultDetail> = {}): AutopilotEvent {
  const modelArn = 'arn:aws:lookoutequipment:us-east-1:111122223333:model/pump/abc';
  return {
    detailType: 'Model Version Promotion Result',
    resources: [modelArn],
    time: '2026-02-01T00:00:00.000Z',
    detail: {
      schemaVersion: '2',
      provider: 'lookout-equipment',
      eventId: deterministicId('e', n),
      modelName: 'pump',
      modelArn,
      account: '111122223333',
      region: 'us-east-1',
      observedAt: '2026-02-01T00:00:00.000Z',
      modelVersion: n,
      modelVersionArn: null,
      autoPromotionResult: 'MODEL_PROMOTED',
      autoPromotionResultReason: 'better',
      promoteMode: 'MANAGED',
      modelQuality: null,
      metrics: { recall: 0.9 },
      priorMetrics: { recall: 0.8 },
      activeModelVersion: n,
      ...extra,
    },
  };
}

const noSleep = async () => {};

describe('createEventPublisher', () => {
  beforeEach(() => {
    eventBridge.reset();
  });

  it('sends batches of at most 10 entries to the named bus', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => ({
      FailedEntryCount: 0,
      Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `id-${i}` })),
    }));
    const publisher = createEventPublisher(new EventBridgeClient({}), {
      eventBusName: 'bus-1',
      sleep: noSleep,
    });
    // Act
    const result = await publisher.publish(Array.from({ length: 23 }, (_, i) => event(i + 1)));
    // Assess
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    const first = calls[0]?.args[0].input.Entries?.[0];
    expect(first).toMatchObject({
      EventBusName: 'bus-1',
      Source: 'l4e.autopilot',
      DetailType: 'Model Version Promotion Result',
    });
    expect(JSON.parse(first?.Detail ?? '{}').modelVersion).toBe(1);
    expect(result.published).toHaveLength(23);
    expect(result.failed).toEqual([]);
  });

  it('retries only the entries that failed', async () => {
    const attempts: string[][] = [];
    let call = 0;
    eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
      const versions = (input.Entries ?? []).map((e) => String(JSON.parse(e.Detail ?? '{}').modelVersion));
      attempts.push(versions);
      call++;
      return {
        FailedEntryCount: call === 1 ? 2 : 0,
        Entries: versions.map((v) =>
          call === 1 && (v === '2' || v === '4')
            ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }
            : { EventId: `ok-${v}` },
        ),
      };
    });
    const publisher = createEventPublisher(new EventBridgeClient({}), {
      eventBusName: 'bus',
      sleep: noSleep,
    });
    const result = await publisher.publish([1, 2, 3, 4, 5].map((n) => event(n)));
    expect(attempts).toEqual([
      ['1', '2', '3', '4', '5'],
      ['2', '4'],
    ]);
    expect(result.published.sort()).toEqual([1, 2, 3, 4, 5].map((n) => deterministicId('e', n)).sort());
  });

  it('gives up after maxAttempts and reports what did not go out', async () => {
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }],
    });
    const publisher = createEventPublisher(new EventBridgeClient({}), {
      eventBusName: 'bus',
      maxAttempts: 3,
      sleep: noSleep,
    });
    const result = await publisher.publish([event(1)]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(3);
    expect(result.published).toEqual([]);
    expect(result.failed).toEqual([
      { eventId: deterministicId('e', 1), errorCode: 'ThrottlingException', errorMessage: 'slow down' },
    ]);
  });

  it('treats a failed request as every entry failed, and retries it', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(Object.assign(new Error('boom'), { name: 'InternalException' }))
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'a' }, { EventId: 'b' }] });
    const publisher = createEventPublisher(new EventBridgeClient({}), {
      eventBusName: 'bus',
      sleep: noSleep,
    });
    const result = await publisher.publish([event(1), event(2)]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(2);
    expect(result.published).toHaveLength(2);
  });

  it('waits with growing backoff between attempts', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    const delays: number[] = [];
    const publisher = createEventPublisher(new EventBridgeClient({}), {
      eventBusName: 'bus',
      maxAttempts: 4,
      baseDelayMs: 100,
      random: () => 1,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    await publisher.publish([event(1)]);
    expect(delays).toEqual([100, 200, 400]);
  });
});

describe('entries', () => {
  it('trims metrics of an oversized event and says so, never dropping it', () => {
    const huge = event(1, { autoPromotionResultReason: 'r', priorMetrics: {}, metrics: {} });
    const padded = {
      ...huge,
      detail: {
        ...huge.detail,
        metrics: Object.fromEntries(Array.from({ length: 20000 }, (_, i) => [`m${i}`, i])),
      },
    };
    const entry = toBusEntry(padded as AutopilotEvent);
    expect(entrySize(entry)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    const detail = JSON.parse(entry.detail);
    expect(detail.metrics).toEqual({});
    expect(detail.trimmed).toEqual(['metrics']);
    expect(detail.eventId).toBe(huge.detail.eventId);
  });

  it('keeps each batch within 256 KB as well as 10 entries', () => {
    const big = (n: number) => toBusEntry(event(n, { autoPromotionResultReason: 'x'.repeat(100_000) }));
    const batches = batchEntries([big(1), big(2), big(3), big(4), big(5)]);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    for (const batch of batches) {
      expect(batch.reduce((sum, e) => sum + entrySize(e), 0)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    }
  });

  it('counts size as EventBridge does', () => {
    const entry = {
      eventId: 'x',
      source: 'abc',
      detailType: 'de',
      detail: '{"é":1}',
      resources: ['r1', 'r22'],
      time: 't',
    };
    expect(entrySize(entry)).toBe(14 + 3 + 2 + Buffer.byteLength('{"é":1}') + 2 + 3);
  });
});
