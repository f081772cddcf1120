import {
  DescribeEventBusCommand,
  EventBridgeClient,
  ListRulesCommand,
  PutEventsCommand,
  type PutEventsRequestEntry,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveredEnvelope, LocalEventBus } from '../../../local/aws/event-bus.js';
import { startLocalEventBus } from '../../../local/aws/event-bus.js';
import { useLocalAwsEnv } from '../support/env.js';

const BUS = 'l4e-autopilot-local';
const retrainingSuccess = (modelName: string): PutEventsRequestEntry => ({
  EventBusName: BUS,
  Source: 'l4e.autopilot',
  DetailType: 'Scheduled Retraining State Change',
  Detail: JSON.stringify({ modelName, status: 'SUCCESS' }),
  Resources: [`arn:aws:lookoutequipment:us-east-1:123456789012:model/${modelName}/x`],
});

function recorder() {
  const events: DeliveredEnvelope[] = [];
  return { events, invoke: async (event: DeliveredEnvelope) => void events.push(event) };
}

/** A fresh bus and an SDK client configured by the standard endpoint variable, as product code is. */
async function setup(options: Parameters<typeof startLocalEventBus>[0] = { buses: [BUS] }) {
  const bus = await startLocalEventBus(options);
  // The SDK reads region, credentials and endpoint on first send, so the variables stay set until cleanup.
  const restore = useLocalAwsEnv({ EVENTBRIDGE: bus.url });
  const client = new EventBridgeClient({ maxAttempts: 1 });
  return { bus, client, restore };
}

describe('local EventBridge over the SDK', () => {
  const opened: Array<{ bus: LocalEventBus; client: EventBridgeClient; restore: () => void }> = [];
  const open = async (options?: Parameters<typeof startLocalEventBus>[0]) => {
    const pair = await setup(options);
    opened.push(pair);
    return pair;
  };

  afterEach(async () => {
    for (const { bus, client, restore } of opened.splice(0).reverse()) {
      await bus.drain();
      client.destroy();
      await bus.close();
      restore();
    }
  });

  it('fails exactly the entries chosen by a seeded fault, the same ones for the same seed', async () => {
    // Prepare
    const faults = { seed: 7, failEntryProbability: 0.5 };
    const { bus, client } = await open({ buses: [BUS], faults });
    const entries = Array.from({ length: 10 }, (_, i) => retrainingSuccess(`pump-${i}`));
    const failedIndexes = (result: { Entries?: Array<{ ErrorCode?: string }> }) =>
      (result.Entries ?? []).flatMap((entry, i) => (entry.ErrorCode ? [i] : []));

    // Act
    const first = await client.send(new PutEventsCommand({ Entries: entries }));
    bus.setFaults(faults);
    const again = await client.send(new PutEventsCommand({ Entries: entries }));
    bus.setFaults({ ...faults, seed: 8 });
    const otherSeed = await client.send(new PutEventsCommand({ Entries: entries }));

    // Assess
    const failed = failedIndexes(first);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(10);
    expect(first.FailedEntryCount).toBe(failed.length);
    for (const [i, entry] of (first.Entries ?? []).entries()) {
      if (failed.includes(i)) {
        expect(entry).toEqual({ ErrorCode: 'InternalFailure', ErrorMessage: expect.any(String) });
      } else {
        expect(entry.EventId).toMatch(/^[0-9a-f-]{36}$/);
        expect(entry.ErrorCode).toBeUndefined();
      }
    }
    expect(failedIndexes(again)).toEqual(failed);
    expect(failedIndexes(otherSeed)).not.toEqual(failed);
    const acceptedIds = [first, again, otherSeed].flatMap((result) =>
      (result.Entries ?? []).flatMap((entry) => (entry.EventId ? [entry.EventId] : [])),
    );
    expect(bus.accepted().map((event) => event.id)).toEqual(acceptedIds);
  });

  it('rejects a request over 256 KB and one with more than 10 entries with ValidationException', async () => {
    // Prepare
    const { bus, client } = await open();
    const big = { ...retrainingSuccess('big'), Detail: JSON.stringify({ blob: 'x'.repeat(140 * 1024) }) };

    // Act
    const oversize = await client
      .send(new PutEventsCommand({ Entries: [big, big] }))
      .catch((e: unknown) => e);
    const tooMany = await client
      .send(new PutEventsCommand({ Entries: Array(11).fill(retrainingSuccess('m')) }))
      .catch((e: unknown) => e);

    // Assess
    expect(oversize).toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
    expect(tooMany).toMatchObject({ name: 'ValidationException' });
    expect(bus.accepted()).toEqual([]);
  });

  it('reports invalid entries per entry and accepts the others', async () => {
    // Prepare
    const { bus, client } = await open();
    const entries: PutEventsRequestEntry[] = [
      { ...retrainingSuccess('ok'), Time: new Date('2025-03-01T10:00:00.789Z') },
      { ...retrainingSuccess('no-detail'), Detail: undefined },
      { ...retrainingSuccess('bad-json'), Detail: '{not json' },
      { ...retrainingSuccess('array'), Detail: '[1,2]' },
    ];

    // Act
    const result = await client.send(new PutEventsCommand({ Entries: entries }));

    // Assess
    expect(result.FailedEntryCount).toBe(3);
    expect(result.Entries?.[1]).toEqual({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
    });
    expect(result.Entries?.[2]).toEqual({
      ErrorCode: 'MalformedDetail',
      ErrorMessage: 'Detail is malformed.',
    });
    expect(result.Entries?.[3]?.ErrorCode).toBe('MalformedDetail');
    expect(bus.accepted()).toEqual([
      {
        version: '0',
        id: result.Entries?.[0]?.EventId,
        'detail-type': 'Scheduled Retraining State Change',
        source: 'l4e.autopilot',
        account: '123456789012',
        time: '2025-03-01T10:00:00Z',
        region: 'us-east-1',
        resources: ['arn:aws:lookoutequipment:us-east-1:123456789012:model/ok/x'],
        detail: { modelName: 'ok', status: 'SUCCESS' },
      },
    ]);
  });

  it('accepts an event for an unknown bus and drops it, as the service does', async () => {
    // Prepare
    const { bus, client } = await open();
    const target = recorder();
    bus.addRule({
      name: 'all',
      eventBusName: BUS,
      pattern: { source: ['l4e.autopilot'] },
      targets: [{ id: 't', ...target }],
    });

    // Act
    const result = await client.send(
      new PutEventsCommand({ Entries: [{ ...retrainingSuccess('lost'), EventBusName: 'no-such-bus' }] }),
    );
    await bus.drain();

    // Assess
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries?.[0]?.EventId).toBeDefined();
    expect(target.events).toEqual([]);
    expect(bus.accepted()).toEqual([]);
    expect(bus.unroutable().map((u) => u.eventBusName)).toEqual(['no-such-bus']);
  });

  it('delivers asynchronously, retries a failing target per its policy, then dead-letters it', async () => {
    // Prepare
    const { bus, client } = await open();
    const deadLettered: Array<{ id: string; attempts: number }> = [];
    let flakyCalls = 0;
    bus.addRule({
      name: 'apply-policy',
      eventBusName: BUS,
      pattern: {
        source: ['l4e.autopilot'],
        'detail-type': ['Scheduled Retraining State Change'],
        detail: { status: ['SUCCESS'] },
      },
      targets: [
        {
          id: 'broken',
          invoke: async () => {
            throw new Error('handler crashed');
          },
          retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 60 },
          onDeadLetter: (event, _error, attempts) => deadLettered.push({ id: event.id, attempts }),
        },
        {
          id: 'flaky',
          invoke: async () => {
            flakyCalls += 1;
            if (flakyCalls === 1) throw new Error('first attempt fails');
          },
          retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 60 },
        },
      ],
    });

    // Act
    const result = await client.send(new PutEventsCommand({ Entries: [retrainingSuccess('pump-1')] }));
    await bus.drain();

    // Assess
    const eventId = result.Entries?.[0]?.EventId ?? '';
    expect(deadLettered).toEqual([{ id: eventId, attempts: 3 }]);
    expect(bus.deadLetters()).toEqual([
      expect.objectContaining({
        rule: 'apply-policy',
        target: 'broken',
        attempts: 3,
        error: expect.any(Error),
      }),
    ]);
    expect(bus.deliveries()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ target: 'broken', eventId, attempts: 3, ok: false }),
        { rule: 'apply-policy', target: 'flaky', eventId, attempts: 2, ok: true },
      ]),
    );
  });

  it('drain waits for events that targets put while being delivered', async () => {
    // Prepare
    const { bus, client } = await open();
    const notified = recorder();
    bus.addRule({
      name: 'apply-policy',
      eventBusName: BUS,
      pattern: { 'detail-type': ['Scheduled Retraining State Change'] },
      targets: [
        {
          id: 'decide',
          invoke: async (event) => {
            await new Promise((resolve) => setTimeout(resolve, 20));
            await client.send(
              new PutEventsCommand({
                Entries: [
                  {
                    EventBusName: BUS,
                    Source: 'l4e.autopilot',
                    DetailType: 'Model Version Activation Decision',
                    Detail: JSON.stringify({ modelName: event.detail.modelName, outcome: 'ACTIVATED' }),
                  },
                ],
              }),
            );
          },
        },
      ],
    });
    bus.addRule({
      name: 'notify',
      eventBusName: BUS,
      pattern: { 'detail-type': ['Model Version Activation Decision'] },
      targets: [{ id: 'notify', ...notified }],
    });

    // Act
    const [result] = bus.putEvents([retrainingSuccess('pump-9')]);
    const deliveredBeforeDrain = bus.deliveries().length;
    await bus.drain();

    // Assess
    expect(result?.EventId).toBeDefined();
    expect(deliveredBeforeDrain).toBe(0);
    expect(notified.events.map((event) => event.detail)).toEqual([
      { modelName: 'pump-9', outcome: 'ACTIVATED' },
    ]);
    expect(
      bus
        .deliveries()
        .map((d) => `${d.rule}:${d.ok}`)
        .sort(),
    ).toEqual(['apply-policy:true', 'notify:true']);
  });

  it('replays archived events with replay-name, which a replay-excluding rule ignores', async () => {
    // Prepare
    const { bus } = await open();
    const notify = recorder();
    const audit = recorder();
    bus.addRule({
      name: 'notify',
      eventBusName: BUS,
      pattern: { source: ['l4e.autopilot'], 'replay-name': [{ exists: false }] },
      targets: [{ id: 'notify', ...notify }],
    });
    bus.addRule({
      name: 'audit',
      eventBusName: BUS,
      pattern: { source: ['l4e.autopilot'] },
      targets: [{ id: 'audit', ...audit }],
    });
    const from = new Date();
    bus.putEvents([retrainingSuccess('pump-1'), retrainingSuccess('pump-2')]);
    await bus.drain();

    // Act
    const replay = bus.replay({ from, to: new Date(Date.now() + 1_000), name: 'investigation' });
    await bus.drain();

    // Assess
    expect(replay).toEqual({ replayName: 'investigation', eventCount: 2 });
    expect(notify.events).toHaveLength(2);
    expect(notify.events.every((event) => !('replay-name' in event))).toBe(true);
    expect(audit.events.map((event) => event['replay-name'])).toEqual([
      undefined,
      undefined,
      'investigation',
      'investigation',
    ]);
    expect(audit.events[2]?.id).toBe(audit.events[0]?.id);
    expect(bus.accepted()).toHaveLength(2);
  });

  it('answers DescribeEventBus, ListRules and TestEventPattern like the service', async () => {
    // Prepare
    const { bus, client } = await open();
    const pattern = { source: ['l4e.autopilot'], 'replay-name': [{ exists: false }] };
    bus.addRule({ name: 'notify', eventBusName: BUS, pattern, targets: [] });

    // Act
    const described = await client.send(new DescribeEventBusCommand({ Name: BUS }));
    const rules = await client.send(new ListRulesCommand({ EventBusName: BUS }));
    const missing = await client
      .send(new DescribeEventBusCommand({ Name: 'nope' }))
      .catch((error: unknown) => error);
    const tested = await client.send(
      new TestEventPatternCommand({
        EventPattern: JSON.stringify(pattern),
        Event: JSON.stringify({ source: 'l4e.autopilot', 'replay-name': 'r1' }),
      }),
    );

    // Assess
    expect(described.Arn).toBe(`arn:aws:events:us-east-1:123456789012:event-bus/${BUS}`);
    expect(rules.Rules).toEqual([
      {
        Name: 'notify',
        Arn: `arn:aws:events:us-east-1:123456789012:rule/${BUS}/notify`,
        EventPattern: JSON.stringify(pattern),
        State: 'ENABLED',
        EventBusName: BUS,
      },
    ]);
    expect(missing).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Event bus nope does not exist.',
    });
    expect(tested.Result).toBe(false);
  });

  it('throttles whole requests when asked, and the SDK surfaces ThrottlingException', async () => {
    // Prepare
    const { bus, client } = await open({ buses: [BUS], faults: { seed: 1, throttleRequestProbability: 1 } });

    // Act
    const put = client.send(new PutEventsCommand({ Entries: [retrainingSuccess('p')] }));

    // Assess
    await expect(put).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(bus.accepted()).toEqual([]);
  });
});

describe('local EventBridge rules', () => {
  let bus: LocalEventBus;
  beforeAll(async () => {
    bus = await startLocalEventBus({ buses: [BUS] });
  });
  afterAll(async () => {
    await bus.close();
  });

  it('refuses an invalid pattern and an unknown bus when a rule is added', () => {
    // Act
    const badPattern = () =>
      bus.addRule({ name: 'r', eventBusName: BUS, pattern: { source: [] }, targets: [] });
    const badBus = () =>
      bus.addRule({ name: 'r', eventBusName: 'other', pattern: { source: ['x'] }, targets: [] });

    // Assess
    expect(badPattern).toThrow(/Event pattern is not valid. Reason: source: empty arrays are not allowed/);
    expect(badBus).toThrow(/Event bus other does not exist/);
  });
});
