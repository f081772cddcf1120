import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDuration,
  advanceBy,
  approximateDays,
  DAY_MS,
  DurationError,
  nextUtcMidnightAfter,
  parseDuration,
  truncateToUtcDay,
} from '../../../local/emulator/durations.js';

const at = (iso: string): number => Date.parse(iso);

describe('parseDuration', () => {
  it('reads dates, weeks and times', () => {
    // Act
    const full = parseDuration('P1Y2M3W4DT5H6M7.5S');

    // Assess
    expect(full).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.5 });
    expect(parseDuration('PT2H30M')).toMatchObject({ hours: 2, minutes: 30, days: 0 });
  });

  it('refuses text that is not a duration', () => {
    // Act / Assess
    for (const text of ['', 'P', 'PT', '3D', 'P3', 'P-1D', 'P1DT', 'p1d']) {
      expect(() => parseDuration(text), text).toThrow(DurationError);
    }
  });
});

describe('addDuration', () => {
  it('adds months on the UTC calendar, clamping to the end of shorter months', () => {
    // Act / Assess
    expect(addDuration(at('2025-01-31T00:00:00Z'), parseDuration('P1M'))).toBe(at('2025-02-28T00:00:00Z'));
    expect(addDuration(at('2024-01-31T00:00:00Z'), parseDuration('P1M'))).toBe(at('2024-02-29T00:00:00Z'));
    expect(addDuration(at('2024-02-29T12:00:00Z'), parseDuration('P1Y'))).toBe(at('2025-02-28T12:00:00Z'));
    expect(addDuration(at('2025-01-31T00:00:00Z'), parseDuration('P1M'), 3)).toBe(at('2025-04-30T00:00:00Z'));
    expect(addDuration(at('2025-11-15T00:00:00Z'), parseDuration('P2M15D'))).toBe(at('2026-01-30T00:00:00Z'));
  });

  it('adds days and times exactly', () => {
    // Act / Assess
    expect(addDuration(at('2025-03-01T00:00:00Z'), parseDuration('P3DT2H30M'))).toBe(
      at('2025-03-04T02:30:00Z'),
    );
    expect(addDuration(at('2025-03-01T00:00:00Z'), parseDuration('P30D'), 4)).toBe(
      at('2025-03-01T00:00:00Z') + 120 * DAY_MS,
    );
  });

  it('never moves backwards for any positive duration', () => {
    // Act / Assess
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.record({ years: fc.nat(3), months: fc.nat(24), days: fc.nat(400) }),
        (start, parts) => {
          const duration = { ...parts, weeks: 0, hours: 0, minutes: 0, seconds: 0 };
          return addDuration(start, duration) >= start;
        },
      ),
    );
  });
});

describe('day helpers', () => {
  it('counts months as 30 days and years as 365', () => {
    // Act / Assess
    expect(approximateDays(parseDuration('P1Y1D'))).toBe(366);
    expect(approximateDays(parseDuration('P2M15D'))).toBe(75);
    expect(approximateDays(parseDuration('PT12H'))).toBe(0.5);
  });

  it('truncates to the UTC day and finds the next midnight strictly after an instant', () => {
    // Act / Assess
    expect(truncateToUtcDay(at('2025-05-05T23:59:59Z'))).toBe(at('2025-05-05T00:00:00Z'));
    expect(nextUtcMidnightAfter(at('2025-05-05T10:00:00Z'))).toBe(at('2025-05-06T00:00:00Z'));
    expect(nextUtcMidnightAfter(at('2025-05-05T00:00:00Z'))).toBe(at('2025-05-06T00:00:00Z'));
  });

  it('advances by a duration or a number of milliseconds, never by a negative amount', () => {
    // Act / Assess
    expect(advanceBy(0, 'PT1M')).toBe(60_000);
    expect(advanceBy(5, 10)).toBe(15);
    expect(() => advanceBy(0, -1)).toThrow(DurationError);
  });
});
