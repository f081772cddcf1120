import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../../local/emulator/scenario.js';
import type { PublishedEvent } from '../../../local/ledger-check.js';
import { activeRuns, compareWithSiteWiseLedger } from '../../../local/ledger-check-sitewise.js';
import {
  type SiteWiseEmulator,
  type SiteWiseLedgerEntry,
  startSiteWiseEmulator,
} from '../../../local/sitewise/index.js';

const START = '2025-01-06T00:00:00Z';
const scenario: Scenario = {
  startTime: START,
  sitewise: {
    knobs: { settle: 'PT0S', metricsLag: 'PT0S' },
    assetModels: [{ name: 'pump', properties: ['vibration'] }],
    assets: [{ name: 'pump-1', assetModel: 'pump' }],
    computationModels: [
      {
        name: 'pump-anomaly',
        asset: 'pump-1',
        retrainingScheduler: { startDate: 'P1D', frequency: 'P30D' },
        runs: [
          { outcome: 'FAILED' },
          { metrics: { precision: 0.99, recall: 0.99, auc: 0.99, unknownEvents: 0 } },
        ],
      },
    ],
    actions: [{ at: 'P35D', op: 'STOP_RETRAINING_SCHEDULER', computationModel: 'pump-anomaly' }],
  },
};

const event = (detailType: string, detail: Record<string, unknown>): PublishedEvent => ({
  detailType,
  detail: { eventId: `${detailType}:${JSON.stringify(detail)}`, ...detail },
});

describe('the ledger check of SiteWise models', () => {
  let emulator: SiteWiseEmulator;
  let ledger: SiteWiseLedgerEntry[];
  let name: string;
  const window = { since: START, until: '2025-02-15T00:00:00Z' };

  beforeAll(async () => {
    emulator = await startSiteWiseEmulator({ scenario });
    emulator.advance('P40D');
    ledger = emulator.ledger();
    name = emulator.resources().computationModels['pump-anomaly'] ?? '';
  });
  afterAll(() => emulator.close());

  /** What a watcher that missed nothing publishes: runs numbered among all runs, v1 the initial training. */
  const everything = (): PublishedEvent[] => [
    event('Scheduled Retraining State Change', { modelName: name, modelVersion: 2, status: 'FAILED' }),
    event('Model Version Promotion Result', {
      modelName: name,
      modelVersion: 2,
      autoPromotionResult: 'RETRAINING_CUSTOMER_ERROR',
    }),
    event('Scheduled Retraining State Change', { modelName: name, modelVersion: 3, status: 'SUCCESS' }),
    event('Model Version Promotion Result', {
      modelName: name,
      modelVersion: 3,
      autoPromotionResult: 'MODEL_PROMOTED',
    }),
    event('Active Model Version Change', { modelName: name, activeVersion: 3 }),
    event('Retraining Scheduler State Change', { modelName: name, status: 'STOPPED' }),
  ];

  it('expects every outcome of the story, and finds nothing lost when all of it was published', () => {
    // Act
    const check = compareWithSiteWiseLedger(ledger, everything(), window);

    // Assess
    expect(check).toMatchObject({
      runs: { expected: 2, published: 2 },
      promotions: { expected: 2, published: 2 },
      activations: { expected: 1, published: 1 },
      schedulers: { expected: 1, published: 1 },
      duplicates: [],
      lost: 0,
    });
  });

  it('numbers a version by its run, so an activation named by SiteWise model version 2 does not count for run 3', () => {
    // Prepare
    const events = everything().map((e) =>
      e.detailType === 'Active Model Version Change'
        ? event(e.detailType, { modelName: name, activeVersion: 2 })
        : e,
    );

    // Act
    const check = compareWithSiteWiseLedger(ledger, events, window);

    // Assess
    expect(check.activations.missing).toEqual([`${name} v3`]);
    expect(check.lost).toBe(1);
    expect(activeRuns(ledger).get(name)).toBe(3);
  });

  it('counts what is missing, and ids published twice', () => {
    // Prepare
    const [failed, , , promoted, , stopped] = everything();
    const events = [failed, promoted, promoted, stopped].filter((e) => e !== undefined);

    // Act
    const check = compareWithSiteWiseLedger(ledger, events, window);

    // Assess
    expect(check.runs.missing).toEqual([`${name} v3 SUCCESS`]);
    expect(check.promotions.missing).toEqual([`${name} v2 RETRAINING_FAILED`]);
    expect(check.activations.missing).toEqual([`${name} v3`]);
    expect(check.lost).toBe(3);
    expect(check.duplicates).toHaveLength(1);
  });

  it('does not expect a state no poll could have seen, nor what happened before the first poll', () => {
    // Prepare: polls on day 0 and day 40 only; the scheduler stopped on day 35 still held on day 40.
    const polls = [Date.parse(START), Date.parse('2025-02-15T00:00:00Z')];

    // Act
    const check = compareWithSiteWiseLedger(ledger, [], { ...window, polls });
    const later = compareWithSiteWiseLedger(ledger, [], {
      since: '2025-02-08T00:00:00Z',
      until: window.until,
    });

    // Assess
    expect(check.schedulers.expected).toBe(1);
    expect(check.runs.expected).toBe(2);
    expect(later).toMatchObject({
      runs: { expected: 0 },
      activations: { expected: 0 },
      schedulers: { expected: 1 },
    });
  });
});
