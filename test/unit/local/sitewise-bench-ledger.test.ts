// The bench's SiteWise ledger check: every scheduler status, activation and scheduled run outcome the
// emulator recorded needs an event for that model carrying it; a transition owed twice needs two events.
import { describe, expect, it } from 'vitest';
import { missedTransitions, type PublishedDetail } from '../../../local/bench/sitewise-ledger.js';
import type { SiteWiseLedgerEntry } from '../../../local/sitewise/index.js';

const CM = 'a1b2c3d4-0000-4000-8000-000000000001';
const ASSET = 'a1b2c3d4-0000-4000-8000-0000000000aa';

function entry(seq: number, fields: Partial<SiteWiseLedgerEntry>): SiteWiseLedgerEntry {
  return {
    seq,
    at: '2025-01-02T00:00:00.000Z',
    resource: 'retrainingScheduler',
    computationModelId: CM,
    assetId: null,
    id: CM,
    field: 'status',
    from: 'RUNNING',
    to: 'STOPPED',
    ...fields,
  };
}

const event = (eventId: string, detailType: string, detail: Record<string, unknown>): PublishedDetail => ({
  detailType,
  detail: { eventId, ...detail },
});

describe('missedTransitions', () => {
  it('finds nothing missing when each owed transition has its own event, and ignores what owes none', () => {
    // Prepare
    const ledger = [
      entry(1, {}),
      entry(2, { from: 'STOPPED', to: 'RUNNING' }),
      entry(3, {
        resource: 'activeModelVersion',
        field: 'activeModelVersion',
        from: 1,
        to: 2,
        assetId: ASSET,
      }),
      entry(4, {
        resource: 'execution',
        id: 'e1',
        field: 'state',
        from: 'RUNNING',
        to: 'COMPLETED',
        cause: 'SCHEDULED_RETRAINING',
      }),
      entry(5, {
        resource: 'execution',
        id: 'e2',
        field: 'state',
        from: 'RUNNING',
        to: 'COMPLETED',
        cause: 'STOP_RETRAINING_SCHEDULER',
      }),
    ];
    const published = [
      event('1', 'Retraining Scheduler State Change', { modelName: CM, status: 'STOPPED' }),
      event('2', 'Retraining Scheduler State Change', { modelName: CM, status: 'RUNNING' }),
      event('3', 'Active Model Version Change', { modelName: `${CM}/${ASSET}`, activeVersion: 2 }),
      event('4', 'Scheduled Retraining State Change', { modelName: CM, status: 'SUCCESS' }),
    ];

    // Act
    const check = missedTransitions(ledger, published);

    // Assess
    expect(check).toEqual({ expected: 4, missed: [] });
  });

  it('reports a transition owed twice with one event once, and one of another model as missed', () => {
    // Prepare
    const ledger = [
      entry(1, {}),
      entry(2, { from: 'STOPPED', to: 'RUNNING' }),
      entry(3, {}),
      entry(4, { assetId: ASSET }),
    ];
    const published = [
      event('1', 'Retraining Scheduler State Change', { modelName: CM, status: 'STOPPED' }),
      event('1', 'Retraining Scheduler State Change', { modelName: CM, status: 'STOPPED' }),
      event('2', 'Retraining Scheduler State Change', { modelName: CM, status: 'RUNNING' }),
    ];

    // Act
    const check = missedTransitions(ledger, published);

    // Assess
    expect(check.expected).toBe(4);
    expect(check.missed).toEqual([
      `${CM}|Retraining Scheduler State Change|status=STOPPED`,
      `${CM}/${ASSET}|Retraining Scheduler State Change|status=STOPPED`,
    ]);
  });
});

describe('missedTransitions with poll instants', () => {
  it('owes only a value some poll could see: one replaced before the next poll may go unreported', () => {
    // Prepare
    const at = (hour: number) => `2025-01-02T${String(hour).padStart(2, '0')}:00:00.000Z`;
    const active = (seq: number, hour: number, to: number) =>
      entry(seq, {
        at: at(hour),
        resource: 'activeModelVersion',
        field: 'activeModelVersion',
        from: to - 1,
        to,
      });
    const ledger = [active(1, 1, 2), active(2, 2, 3), active(3, 5, 4)];
    const polls = [Date.parse(at(3)), Date.parse(at(6))];

    // Act
    const check = missedTransitions(ledger, [], polls);

    // Assess
    expect(check.missed).toEqual([
      `${CM}|Active Model Version Change|activeVersion=3`,
      `${CM}|Active Model Version Change|activeVersion=4`,
    ]);
  });
});
