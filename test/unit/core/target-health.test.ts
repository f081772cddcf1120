// A fleet target's alarm: nothing below alarmAfter, one Fleet Target Unreachable per outage with an id
// that replays keep, one Fleet Target Recovered after it, and error text that is short and holds no secret.
import { describe, expect, it } from 'vitest';
import { autopilotEventSchema } from '../../../lib/adapters/state-event-schemas.js';
import { EVENT_SCHEMAS } from '../../../lib/core/contract/envelope.js';
import { MAX_TARGET_ERROR_LENGTH } from '../../../lib/core/contract/fleet-target.js';
import type { AutopilotEvent } from '../../../lib/core/events.js';
import {
  DEFAULT_ALARM_AFTER,
  nextTargetHealth,
  type TargetHealth,
  type TargetOutcome,
} from '../../../lib/core/target-health.js';

const TARGET = { account: '222222222222', region: 'eu-west-1' };
const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const FIVE_MINUTES = 5 * 60_000;

const fail = (error = 'AccessDenied: not authorized to perform sts:AssumeRole'): TargetOutcome => ({
  target: TARGET,
  ok: false,
  error,
});
const ok: TargetOutcome = { target: TARGET, ok: true };

interface Step {
  health: TargetHealth;
  event: AutopilotEvent | null;
}

/** Cycles five minutes apart from T0, each outcome in turn, with the default alarmAfter. */
function run(outcomes: readonly TargetOutcome[], start: TargetHealth | null = null): Step[] {
  const steps: Step[] = [];
  let health = start;
  outcomes.forEach((outcome, i) => {
    const step = nextTargetHealth(health, outcome, {
      now: new Date(T0 + i * FIVE_MINUTES),
      alarmAfter: DEFAULT_ALARM_AFTER,
    });
    steps.push(step);
    health = step.health;
  });
  return steps;
}

const eventsOf = (steps: readonly Step[]) => steps.flatMap((s) => (s.event === null ? [] : [s.event]));

function delivered(event: AutopilotEvent) {
  return {
    version: '0',
    id: 'e',
    'detail-type': event.detailType,
    source: 'l4e.autopilot',
    account: event.detail.account,
    time: event.time,
    region: event.detail.region,
    resources: event.resources,
    detail: event.detail,
  };
}

describe('nextTargetHealth', () => {
  it('raises nothing for failures below alarmAfter (3 by default), and counts them', () => {
    // Act
    const steps = run([fail(), fail()]);

    // Assess
    expect(DEFAULT_ALARM_AFTER).toBe(3);
    expect(eventsOf(steps)).toEqual([]);
    expect(steps.at(-1)?.health).toMatchObject({
      target: '222222222222/eu-west-1',
      consecutiveFailures: 2,
      failingSince: '2026-03-01T10:00:00.000Z',
      alarmed: false,
    });
  });

  it('raises Fleet Target Unreachable once when failures reach alarmAfter, and nothing for later ones', () => {
    // Act
    const steps = run([fail(), fail(), fail('ThrottlingException: Rate exceeded'), fail(), fail()]);

    // Assess
    const events = eventsOf(steps);
    expect(events).toHaveLength(1);
    expect(steps[2]?.event).toEqual({
      detailType: 'Fleet Target Unreachable',
      resources: [],
      time: '2026-03-01T10:10:00.000Z',
      detail: {
        schemaVersion: '2',
        eventId: expect.stringMatching(/^[0-9a-f]{8}-/),
        target: '222222222222/eu-west-1',
        account: '222222222222',
        region: 'eu-west-1',
        observedAt: '2026-03-01T10:10:00.000Z',
        since: '2026-03-01T10:00:00.000Z',
        consecutiveFailures: 3,
        lastError: 'ThrottlingException: Rate exceeded',
      },
    });
    expect(steps.at(-1)?.health).toMatchObject({ consecutiveFailures: 5, alarmed: true });
  });

  it('raises the same id when the cycle that reached alarmAfter is replayed, later or not', () => {
    // Prepare
    const [, second] = run([fail(), fail()]);
    const before = second?.health ?? null;

    // Act
    const first = nextTargetHealth(before, fail(), { now: new Date(T0 + 3 * FIVE_MINUTES), alarmAfter: 3 });
    const replay = nextTargetHealth(before, fail('other words'), {
      now: new Date(T0 + 9 * FIVE_MINUTES),
      alarmAfter: 3,
    });

    // Assess
    expect(first.event?.detail.eventId).toBeDefined();
    expect(replay.event?.detail.eventId).toBe(first.event?.detail.eventId);
  });

  it('gives another outage of the same target, and the same outage of another target, another id', () => {
    // Act
    const twice = eventsOf(run([fail(), fail(), fail(), ok, fail(), fail(), fail()]));
    const elsewhere = nextTargetHealth(
      null,
      { target: { ...TARGET, region: 'us-east-1' }, ok: false, error: 'x' },
      { now: new Date(T0), alarmAfter: 1 },
    );
    const here = nextTargetHealth(null, fail(), { now: new Date(T0), alarmAfter: 1 });

    // Assess
    const ids = twice.map((e) => e.detail.eventId);
    expect(twice.map((e) => e.detailType)).toEqual([
      'Fleet Target Unreachable',
      'Fleet Target Recovered',
      'Fleet Target Unreachable',
    ]);
    expect(new Set(ids).size).toBe(3);
    expect(elsewhere.event?.detail.eventId).not.toBe(here.event?.detail.eventId);
  });

  it('raises Fleet Target Recovered on the first success after the alarm, with how long, and resets', () => {
    // Act
    const steps = run([fail(), fail(), fail(), fail(), ok, ok]);

    // Assess
    expect(steps[4]?.event).toEqual({
      detailType: 'Fleet Target Recovered',
      resources: [],
      time: '2026-03-01T10:20:00.000Z',
      detail: expect.objectContaining({
        target: '222222222222/eu-west-1',
        since: '2026-03-01T10:00:00.000Z',
        observedAt: '2026-03-01T10:20:00.000Z',
        consecutiveFailures: 4,
        unreachableForMinutes: 20,
        lastError: 'AccessDenied: not authorized to perform sts:AssumeRole',
      }),
    });
    expect(steps[5]?.event).toBeNull();
    expect(steps[4]?.health).toEqual({
      target: '222222222222/eu-west-1',
      account: '222222222222',
      region: 'eu-west-1',
      consecutiveFailures: 0,
      failingSince: null,
      lastError: null,
      lastSuccessAt: '2026-03-01T10:20:00.000Z',
      alarmed: false,
    });
  });

  it('raises nothing for a success with no alarm, even after failures, and starts the count again', () => {
    // Act
    const steps = run([ok, fail(), fail(), ok, fail(), fail()]);

    // Assess
    expect(eventsOf(steps)).toEqual([]);
    expect(steps.at(-1)?.health).toMatchObject({
      consecutiveFailures: 2,
      failingSince: '2026-03-01T10:20:00.000Z',
      lastSuccessAt: '2026-03-01T10:15:00.000Z',
    });
  });

  it('raises events that pass the published contract', () => {
    // Act
    const events = eventsOf(run([fail('x'.repeat(5000)), fail(), fail(), ok]));

    // Assess
    expect(events).toHaveLength(2);
    for (const event of events) {
      const parsed = EVENT_SCHEMAS[event.detailType].safeParse(delivered(event));
      expect(parsed.error?.issues ?? []).toEqual([]);
    }
  });

  it('raises events the outbox reads back as they were raised', () => {
    // Act
    const events = eventsOf(run([fail(), fail(), fail(), ok]));

    // Assess
    expect(events.map((e) => autopilotEventSchema.parse(JSON.parse(JSON.stringify(e))))).toEqual(events);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses an alarmAfter of %s', (alarmAfter) => {
    expect(() => nextTargetHealth(null, fail(), { now: new Date(T0), alarmAfter })).toThrow(RangeError);
  });

  it("refuses another target's record", () => {
    // Prepare
    const [step] = run([fail()]);
    const other: TargetOutcome = { target: { ...TARGET, account: '333333333333' }, ok: true };

    // Act, Assess
    expect(() => nextTargetHealth(step?.health ?? null, other, { now: new Date(T0), alarmAfter: 3 })).toThrow(
      /222222222222\/eu-west-1/,
    );
  });
});

describe('the error a target keeps', () => {
  const keptError = (error: string, secrets?: readonly string[]) =>
    nextTargetHealth(null, fail(error), { now: new Date(T0), alarmAfter: 1, ...(secrets ? { secrets } : {}) })
      .health.lastError ?? '';

  it(`is at most ${MAX_TARGET_ERROR_LENGTH} characters on one line`, () => {
    // Act
    const kept = keptError(`Error: boom\n    at assume (sts.js:1:1)\n${'    at x (y.js:2:2)\n'.repeat(200)}`);

    // Assess
    expect(kept.length).toBeLessThanOrEqual(MAX_TARGET_ERROR_LENGTH);
    expect(kept).not.toContain('\n');
    expect(kept.startsWith('Error: boom at assume (sts.js:1:1)')).toBe(true);
  });

  it.each([
    [
      'an access key id',
      'The security token included in the request is invalid: AKIAIOSFODNN7EXAMPLE',
      'AKIAIOSFODNN7EXAMPLE',
    ],
    ['a temporary access key id', 'key ASIAQWERTYUIOPASDFGH expired', 'ASIAQWERTYUIOPASDFGH'],
    [
      'a secret access key',
      'bad pair wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY given',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ],
    [
      'a session token',
      `SessionToken: IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJH${'a1B2'.repeat(30)}`,
      'IQoJb3JpZ2luX2Vj',
    ],
    ['an x-amz security token', 'X-Amz-Security-Token=FwoGZXIvYXdzEBYaDH tail', 'FwoGZXIvYXdzEBYaDH'],
    ['an external id', 'AssumeRole refused with ExternalId=acme-fleet-7781', 'acme-fleet-7781'],
    ['a quoted external id', '{"externalId": "acme-fleet-7781", "role": "reader"}', 'acme-fleet-7781'],
    [
      "a URL's query string",
      'GET https://sts.amazonaws.com/?Action=AssumeRole&X-Amz-Signature=abcdef0123456789 failed',
      'X-Amz-Signature',
    ],
    ['an authorization header', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9 refused', 'eyJhbGciOiJIUzI1NiJ9'],
  ])('never holds %s', (_what, error, secret) => {
    // Act
    const kept = keptError(error);

    // Assess
    expect(kept).not.toContain(secret);
    expect(kept).toContain('[redacted]');
  });

  it('keeps what says what went wrong', () => {
    // Act
    const kept = keptError(
      'AccessDenied: User: arn:aws:sts::111111111111:assumed-role/l4e-autopilot-poll-target/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/l4e-autopilot-reader',
    );

    // Assess
    expect(kept).toContain('is not authorized to perform: sts:AssumeRole on resource');
    expect(kept).toContain('arn:aws:iam::222222222222:role/l4e-autopilot-reader');
    expect(kept).not.toContain('[redacted]');
  });

  it('never holds a value the caller names as secret, however it is quoted', () => {
    // Act
    const kept = keptError('condition sts:ExternalId equals "zz-top-9" was false', ['zz-top-9']);

    // Assess
    expect(kept).not.toContain('zz-top-9');
  });

  it('cuts after removing secrets, so no part of one is left at the end', () => {
    // Act
    const kept = keptError(`${'x '.repeat(140)}AKIAIOSFODNN7EXAMPLE`);

    // Assess
    expect(kept).not.toContain('AKIA');
  });
});
