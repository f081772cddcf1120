// From an L4E retraining scheduler to the SiteWise training payload: every value L4E accepts maps
// unchanged, anything else takes the nearest SiteWise value with a note, never silently.
import { describe, expect, it } from 'vitest';
import {
  mapFrequency,
  mapLookback,
  mapPromotion,
  mapStartDate,
  planModelMigration,
} from '../../../lib/adapters/sitewise-migration.js';
import { parseStartSchedulerPayload } from '../../../lib/adapters/sitewise-training.js';
import type { RetrainingSchedule } from '../../../lib/core/model.js';

const schedule = (overrides: Partial<RetrainingSchedule> = {}): RetrainingSchedule => ({
  modelName: 'pump-01',
  status: 'RUNNING',
  promoteMode: 'MANUAL',
  frequency: 'P1M',
  lookbackWindow: 'P360D',
  startDate: '2025-03-01T00:00:00.000Z',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...overrides,
});

const destination = { bucketName: 'ad-metrics', prefix: 'l4e-autopilot/pump-01/' };

describe('lookback window', () => {
  it.each(['P180D', 'P360D', 'P540D', 'P720D'])('%s, one L4E accepts, maps unchanged', (window) => {
    expect(mapLookback(window)).toEqual({ value: window, note: null });
  });

  it.each([
    ['P90D', 'P180D', 'nearest'],
    ['P270D', 'P360D', 'nearest'],
    ['P630D', 'P720D', 'nearest'],
    ['P1000D', 'P720D', 'nearest'],
    ['P6M', 'P360D', 'default'],
  ])('%s takes %s, the %s, and says so', (given, chosen, which) => {
    const mapped = mapLookback(given);

    expect(mapped.value).toBe(chosen);
    expect(mapped.note).toBe(
      `lookback window ${given} is not one SiteWise accepts (P180D, P360D, P540D, P720D); the payload uses ${chosen}, the ${which}`,
    );
  });

  it('takes P360D with a note when L4E reports none', () => {
    expect(mapLookback(null).value).toBe('P360D');
    expect(mapLookback(null).note).toMatch(/^L4E reports no lookback window/);
  });
});

describe('retraining frequency', () => {
  it.each(['P30D', 'P1M', 'P2M', 'P150D', 'P3M15D', 'P12M', 'P12M5D', 'P365D', 'P1Y', 'P0Y1M'])(
    '%s, within P30D to P1Y, maps unchanged',
    (frequency) => {
      expect(mapFrequency(frequency)).toEqual({ value: frequency, note: null });
    },
  );

  it.each([
    ['P29D', 29, 'P30D'],
    ['P1D', 1, 'P30D'],
    ['P366D', 366, 'P1Y'],
    ['P1Y1D', 366, 'P1Y'],
    ['P13M', 390, 'P1Y'],
  ])('%s (%i days) is outside the range and takes %s, with a note', (frequency, days, chosen) => {
    const mapped = mapFrequency(frequency);

    expect(mapped.value).toBe(chosen);
    expect(mapped.note).toBe(
      `retraining frequency ${frequency} (${days} days) is outside SiteWise's P30D to P1Y (30 to 365 days); the payload uses ${chosen}, the nearest`,
    );
  });

  it.each(['P2W', 'PT720H', 'P', 'monthly'])('%s is no such duration: P30D and a note to set it', (text) => {
    const mapped = mapFrequency(text);

    expect(mapped.value).toBe('P30D');
    expect(mapped.note).toMatch(/is not a duration of years, months and days.*set retrainingFrequency/);
  });
});

describe('promotion', () => {
  it('maps MANAGED to SERVICE_MANAGED and MANUAL to CUSTOMER_MANAGED', () => {
    expect(mapPromotion('MANAGED')).toEqual({ value: 'SERVICE_MANAGED', note: null });
    expect(mapPromotion('MANUAL')).toEqual({ value: 'CUSTOMER_MANAGED', note: null });
  });

  it('keeps a human in the loop for a promote mode it does not know, and says so', () => {
    expect(mapPromotion('AUTO')).toEqual({
      value: 'CUSTOMER_MANAGED',
      note: 'promote mode AUTO is neither MANAGED nor MANUAL; the payload uses CUSTOMER_MANAGED, so no version goes live without a decision',
    });
    expect(mapPromotion(null).value).toBe('SERVICE_MANAGED');
    expect(mapPromotion(null).note).toMatch(/no promote mode/);
  });
});

describe('start date', () => {
  it('is epoch seconds of the UTC day, with no note when L4E gives a day', () => {
    expect(mapStartDate('2025-03-01T00:00:00Z', null)).toEqual({ value: 1_740_787_200, notes: [] });
    expect(mapStartDate('2025-03-01T00:00:00Z', '2025-03-01T00:00:00Z').notes).toEqual([]);
  });

  it('is truncated to the UTC day, and says so, when L4E gives a time', () => {
    const mapped = mapStartDate('2025-03-01T18:30:00Z', null);

    expect(mapped.value).toBe(1_740_787_200);
    expect(mapped.notes).toEqual([
      'start date 2025-03-01T18:30:00Z is truncated to its UTC day, 2025-03-01, as SiteWise does',
    ]);
  });

  it("moves to L4E's next scheduled retraining when that is later, and says so", () => {
    const mapped = mapStartDate('2025-01-08T00:00:00Z', '2025-02-07T00:00:00Z');

    expect(mapped.value).toBe(1_738_886_400);
    expect(mapped.notes).toEqual([
      "retrainingStartDate is L4E's next scheduled retraining, 2025-02-07, rather than its first start date, 2025-01-08: the same cadence, without a start date already past",
    ]);
  });

  it('leaves the start date out, with a note, when L4E has neither', () => {
    const mapped = mapStartDate(null, null);

    expect(mapped.value).toBeUndefined();
    expect(mapped.notes[0]).toMatch(/counts the series from the day the action runs/);
  });
});

describe('planModelMigration', () => {
  it('builds the START_RETRAINING_SCHEDULER payload, one the training payload parser reads back', () => {
    const plan = planModelMigration(
      { modelName: 'pump-01', schedule: schedule(), nextRetrainingDate: '2025-03-01T00:00:00Z' },
      destination,
    );

    expect(plan).toEqual({
      modelName: 'pump-01',
      notes: [],
      payload: {
        trainingMode: 'START_RETRAINING_SCHEDULER',
        retrainingConfiguration: {
          lookbackWindow: 'P360D',
          retrainingFrequency: 'P1M',
          promotion: 'CUSTOMER_MANAGED',
          retrainingStartDate: 1_740_787_200,
        },
        modelMetricsDestination: destination,
      },
    });
    expect(parseStartSchedulerPayload(JSON.stringify(plan.payload))).toEqual(plan.payload);
  });

  it('warns that a STOPPED scheduler would start retraining in SiteWise', () => {
    const plan = planModelMigration(
      { modelName: 'pump-01', schedule: schedule({ status: 'STOPPED' }), nextRetrainingDate: null },
      destination,
    );

    expect(plan.notes).toEqual([
      "L4E's scheduler is STOPPED: this payload starts retraining in SiteWise; send it only when pump-01 should retrain on schedule again",
    ]);
  });

  it('gives no payload, and says what to do, for a model without a scheduler', () => {
    const plan = planModelMigration(
      { modelName: 'pump-01', schedule: null, nextRetrainingDate: null },
      destination,
    );

    expect(plan.payload).toBeNull();
    expect(plan.notes).toHaveLength(1);
    expect(plan.notes[0]).toMatch(/^no retraining scheduler in L4E: nothing to reproduce/);
  });

  it('collects one note per value changed', () => {
    const plan = planModelMigration(
      {
        modelName: 'pump-01',
        schedule: schedule({ lookbackWindow: 'P90D', frequency: 'P400D', promoteMode: null }),
        nextRetrainingDate: null,
      },
      destination,
    );

    expect(plan.payload?.retrainingConfiguration).toEqual({
      lookbackWindow: 'P180D',
      retrainingFrequency: 'P1Y',
      promotion: 'SERVICE_MANAGED',
      retrainingStartDate: 1_740_787_200,
    });
    expect(plan.notes).toHaveLength(3);
  });
});
