import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../local/emulator/durations.js';
import {
  coveredDays,
  firstOccurrenceIndex,
  lookbackDays,
  occurrence,
  parseRetrainingFrequency,
  retrainingAnchor,
  retrainingFrequencyProblem,
} from '../../../local/emulator/retraining-schedule.js';

const at = (iso: string): number => Date.parse(iso);

describe('RetrainingFrequency', () => {
  it('accepts P30D to P1Y, counting a month as 30 days and a year as 365', () => {
    // Act / Assess
    for (const ok of ['P30D', 'P1M', 'P2M', 'P1Y', 'P12M', 'P3M15D', 'P150D', 'P365D', 'P11M30D']) {
      expect(retrainingFrequencyProblem(ok), ok).toBeUndefined();
    }
    for (const bad of ['P20D', 'P29D', 'P1Y1D', 'P366D', 'P13M', 'P1Y1M']) {
      expect(retrainingFrequencyProblem(bad), bad).toMatch(/between P30D and P1Y/);
    }
  });

  it('refuses text outside the service pattern, and the empty duration (which the pattern allows) by range', () => {
    // Act / Assess
    expect(retrainingFrequencyProblem('P')).toMatch(/between P30D and P1Y/);
    for (const bad of ['P30', '30D', 'P1W', 'PT720H', 'P10Y', 'P1000D', 'P100M']) {
      expect(retrainingFrequencyProblem(bad), bad).toMatch(/regular expression pattern/);
    }
    expect(parseRetrainingFrequency('P1Y2M3D')).toMatchObject({ years: 1, months: 2, days: 3 });
  });
});

describe('lookback windows', () => {
  it('knows the four windows in days', () => {
    // Act / Assess
    expect(['P180D', 'P360D', 'P540D', 'P720D'].map(lookbackDays)).toEqual([180, 360, 540, 720]);
    expect(lookbackDays('P90D')).toBeUndefined();
  });
});

describe('run instants', () => {
  it('anchors at the start date truncated to the UTC day, else the next midnight after starting', () => {
    // Act / Assess
    expect(retrainingAnchor(at('2025-02-10T17:45:00Z'), at('2025-01-01T00:00:00Z'))).toBe(
      at('2025-02-10T00:00:00Z'),
    );
    expect(retrainingAnchor(undefined, at('2025-01-01T09:00:00Z'))).toBe(at('2025-01-02T00:00:00Z'));
  });

  it('finds the first run at or after now, for past anchors and calendar months', () => {
    // Prepare
    const monthly = parseRetrainingFrequency('P1M');
    const thirty = parseRetrainingFrequency('P30D');
    if (monthly === undefined || thirty === undefined) throw new Error('frequencies did not parse');
    const anchor = at('2024-01-31T00:00:00Z');

    // Act
    const index = firstOccurrenceIndex(anchor, monthly, at('2024-06-15T00:00:00Z'));

    // Assess
    expect(occurrence(anchor, monthly, index)).toBe(at('2024-06-30T00:00:00Z'));
    expect(occurrence(anchor, monthly, 1)).toBe(at('2024-02-29T00:00:00Z'));
    expect(firstOccurrenceIndex(anchor, thirty, anchor)).toBe(0);
    expect(occurrence(anchor, thirty, firstOccurrenceIndex(anchor, thirty, anchor + 1))).toBe(
      anchor + 30 * DAY_MS,
    );
  });

  it('always returns the earliest run instant not before the bound', () => {
    // Act / Assess
    fc.assert(
      fc.property(
        fc.integer({ min: 30, max: 365 }),
        fc.integer({ min: 0, max: 3000 }),
        (days, offsetDays) => {
          const frequency = parseRetrainingFrequency(`P${days}D`);
          if (frequency === undefined) return false;
          const anchor = at('2023-03-01T00:00:00Z');
          const bound = anchor + offsetDays * DAY_MS + 1;
          const index = firstOccurrenceIndex(anchor, frequency, bound);
          const chosen = occurrence(anchor, frequency, index);
          return chosen >= bound && (index === 0 || occurrence(anchor, frequency, index - 1) < bound);
        },
      ),
    );
  });
});

describe('coveredDays', () => {
  it('counts whole days of the union of ranges inside the window', () => {
    // Prepare
    const window = { start: 0, end: 180 * DAY_MS };

    // Act / Assess
    expect(coveredDays(window, [{ start: -100 * DAY_MS, end: 50 * DAY_MS }])).toBe(50);
    expect(
      coveredDays(window, [
        { start: -100 * DAY_MS, end: 50 * DAY_MS },
        { start: 40 * DAY_MS, end: 100 * DAY_MS },
      ]),
    ).toBe(100);
    expect(
      coveredDays(window, [
        { start: 0, end: 10 * DAY_MS },
        { start: 20 * DAY_MS, end: 30.5 * DAY_MS },
      ]),
    ).toBe(20);
    expect(coveredDays(window, [{ start: 200 * DAY_MS, end: 300 * DAY_MS }])).toBe(0);
  });
});
