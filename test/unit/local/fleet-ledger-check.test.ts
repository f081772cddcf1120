// Each target's events against its own account and region's ledger: lost, duplicated, another
// target's mixed in, and an outage's alarm and recovery.
import { describe, expect, it } from 'vitest';
import type { ScopedLedgerEntry } from '../../../local/emulator/index.js';
import { checkFleet, fleetCheckLines, RECOVERED, UNREACHABLE } from '../../../local/fleet/ledger-check.js';
import type { FleetTarget } from '../../../local/fleet/targets.js';
import type { PublishedEvent } from '../../../local/ledger-check.js';

const HUB = { key: '123456789012/us-east-1', account: '123456789012', region: 'us-east-1' };
const SPOKE = { key: '222222222222/us-east-1', account: '222222222222', region: 'us-east-1' };
const DAY = 86_400_000;
const T0 = Date.parse('2025-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const target = (t: typeof HUB, outages: FleetTarget['outages'] = []): FleetTarget => ({
  ...t,
  home: t === HUB,
  outages,
  models: ['pump'],
});

let seq = 0;
/** A retraining run of `pump` that succeeded in the target's account and region. */
const run = (t: typeof HUB, version: number, at: number): ScopedLedgerEntry => ({
  seq: ++seq,
  at: iso(at),
  resource: 'modelVersion',
  modelName: 'pump',
  modelVersion: version,
  name: 'pump',
  field: 'Status',
  from: 'IN_PROGRESS',
  to: 'SUCCESS',
  cause: 'RETRAINING',
  account: t.account,
  region: t.region,
});

const runEvent = (t: typeof HUB, version: number, eventId: string): PublishedEvent => ({
  detailType: 'Scheduled Retraining State Change',
  detail: {
    eventId,
    modelName: 'pump',
    modelVersion: version,
    status: 'SUCCESS',
    account: t.account,
    region: t.region,
  },
});

const healthEvent = (t: typeof HUB, detailType: string, eventId: string): PublishedEvent => ({
  detailType,
  detail: { eventId, target: t.key, account: t.account, region: t.region },
});

const window = { since: iso(T0), until: iso(T0 + 10 * DAY), polls: [T0, T0 + 5 * DAY, T0 + 10 * DAY] };

describe('the fleet ledger check, per target', () => {
  it('holds when each target published its own transitions once, and the outage target its alarm and recovery', () => {
    // Prepare
    const outage = { from: T0 + 2 * DAY, until: T0 + 3 * DAY };
    const targets = [target(HUB), target(SPOKE, [outage])];
    const ledger = [run(HUB, 2, T0 + DAY), run(SPOKE, 2, T0 + 2 * DAY + 1)];
    const events = [
      runEvent(HUB, 2, 'a'),
      healthEvent(SPOKE, UNREACHABLE, 'u'),
      healthEvent(SPOKE, RECOVERED, 'r'),
      runEvent(SPOKE, 2, 'b'),
    ];

    // Act
    const checks = checkFleet(targets, ledger, events, window);

    // Assess
    expect(checks.map((c) => [c.target, c.ok, c.comparison.lost, c.foreign, c.health])).toEqual([
      [HUB.key, true, 0, [], []],
      [SPOKE.key, true, 0, [], [UNREACHABLE, RECOVERED]],
    ]);
    expect(fleetCheckLines(checks)).toEqual([
      `${HUB.key}: 0 lost, 0 duplicated ids (1 transitions)`,
      `${SPOKE.key}: 0 lost, 0 duplicated ids (1 transitions); ${UNREACHABLE} → ${RECOVERED}`,
    ]);
  });

  it("fails a target that lost a transition, published one twice, showed another target's, or missed its alarm", () => {
    // Prepare: the same model name in both accounts; the spoke's v3 run is reported as the hub's.
    const outage = { from: T0 + 2 * DAY, until: T0 + 3 * DAY };
    const targets = [target(HUB), target(SPOKE, [outage])];
    const ledger = [run(HUB, 2, T0 + DAY), run(SPOKE, 2, T0 + 2 * DAY), run(SPOKE, 3, T0 + 4 * DAY)];
    const events = [
      runEvent(HUB, 2, 'a'),
      runEvent(HUB, 3, 'x'),
      runEvent(SPOKE, 2, 'b'),
      runEvent(SPOKE, 2, 'b'),
    ];

    // Act
    const [hub, spoke] = checkFleet(targets, ledger, events, window);

    // Assess
    expect(hub).toMatchObject({ ok: false, foreign: ['pump v3 SUCCESS'] });
    expect(spoke?.ok).toBe(false);
    expect(spoke?.comparison.runs.missing).toEqual(['pump v3 SUCCESS']);
    expect(spoke?.comparison.duplicates).toEqual([{ eventId: 'b', count: 2 }]);
    expect(spoke?.health).toEqual([]);
  });
});
