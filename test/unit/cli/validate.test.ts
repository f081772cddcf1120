import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../cli/errors.js';
import {
  frequencyDays,
  parseDurationOption,
  parseFrequency,
  parseImportStrategy,
  parseInstant,
  parseLookback,
  parseMaxResults,
  parseModelName,
  parsePromoteMode,
  parseSchedulerStatus,
  parseStartDate,
  parseVersion,
  parseVersionArn,
} from '../../../cli/validate.js';

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('retraining frequency', () => {
  it.each([
    ['P30D', 30],
    ['P1M', 30],
    ['P3M15D', 105],
    ['P150D', 150],
    ['P1Y', 365],
  ])('accepts %s (%i days)', (text, days) => {
    // Act
    const parsed = parseFrequency(text);

    // Assess
    expect(parsed).toBe(text);
    expect(frequencyDays(parsed)).toBe(days);
  });

  it('normalises case and surrounding space', () => {
    // Act / Assess
    expect(parseFrequency(' p2m ')).toBe('P2M');
  });

  it.each([
    [
      'P20D',
      'frequency must be between P30D and P1Y, got P20D (20 days; a month counts as 30 days, a year as 365)',
    ],
    [
      'P1Y1D',
      'frequency must be between P30D and P1Y, got P1Y1D (366 days; a month counts as 30 days, a year as 365)',
    ],
    [
      'P13M',
      'frequency must be between P30D and P1Y, got P13M (390 days; a month counts as 30 days, a year as 365)',
    ],
  ])('rejects %s outside P30D–P1Y with the rule', (text, message) => {
    // Act / Assess
    expect(messageOf(() => parseFrequency(text))).toBe(message);
  });

  it.each(['P', 'P1W', 'PT12H', '30D', 'P1000D', 'P10Y'])(
    'rejects %s as not a years/months/days duration',
    (text) => {
      // Act / Assess
      expect(messageOf(() => parseFrequency(text))).toContain(
        'frequency must be an ISO-8601 duration of years, months and days',
      );
    },
  );
});

describe('enumerations', () => {
  it('accepts the lookback windows L4E offers and names them all when rejecting', () => {
    // Act / Assess
    expect(['P180D', 'P360D', 'P540D', 'P720D'].map(parseLookback)).toEqual([
      'P180D',
      'P360D',
      'P540D',
      'P720D',
    ]);
    expect(messageOf(() => parseLookback('P90D'))).toBe(
      'lookback must be one of P180D, P360D, P540D, P720D, got "P90D"',
    );
  });

  it('accepts promote modes, statuses and import strategies in any case', () => {
    // Act / Assess
    expect(parsePromoteMode('manual')).toBe('MANUAL');
    expect(parseSchedulerStatus('Stopping')).toBe('STOPPING');
    expect(parseImportStrategy('add-when-empty')).toBe('ADD_WHEN_EMPTY');
    expect(messageOf(() => parsePromoteMode('AUTO'))).toBe(
      'promote mode must be one of MANAGED, MANUAL, got "AUTO"',
    );
  });
});

describe('start date', () => {
  it('keeps a date as its UTC midnight without a note', () => {
    // Act
    const start = parseStartDate('2025-03-03');

    // Assess
    expect(start.date.toISOString()).toBe('2025-03-03T00:00:00.000Z');
    expect(start.truncatedFrom).toBeNull();
  });

  it('truncates a date-time to its UTC day, across a time zone boundary', () => {
    // Act
    const start = parseStartDate('2025-03-03T01:30:00+02:00');

    // Assess
    expect(start.date.toISOString()).toBe('2025-03-02T00:00:00.000Z');
    expect(start.truncatedFrom?.toISOString()).toBe('2025-03-02T23:30:00.000Z');
  });

  it.each(['2025-02-30', '2025-03-03T10:00', 'tomorrow', '03/03/2025'])('rejects %s', (text) => {
    // Act / Assess
    expect(messageOf(() => parseStartDate(text))).toMatch(
      /^start date (must be a date|is not a calendar date)/,
    );
  });

  it('reads instants for other options the same way', () => {
    // Act / Assess
    expect(parseInstant('2025-04-15T23:00:00Z', 'since').toISOString()).toBe('2025-04-15T23:00:00.000Z');
  });
});

describe('names, numbers and ARNs', () => {
  it('checks model names against L4E pattern', () => {
    // Act / Assess
    expect(parseModelName('pump-a_1')).toBe('pump-a_1');
    expect(messageOf(() => parseModelName('pump a'))).toBe(
      `model name must be 1 to 200 letters, digits, '-' or '_', got "pump a"`,
    );
    expect(() => parseModelName('x'.repeat(201))).toThrow(UsageError);
  });

  it('checks versions and page sizes', () => {
    // Act / Assess
    expect(parseVersion('12')).toBe(12);
    expect(() => parseVersion('1.5')).toThrow(UsageError);
    expect(() => parseVersion('0')).toThrow(UsageError);
    expect(parseMaxResults('500')).toBe(500);
    expect(messageOf(() => parseMaxResults('0'))).toBe(
      'max results must be a whole number from 1 to 500, got "0"',
    );
  });

  it('checks model version ARNs', () => {
    // Prepare
    const arn = 'arn:aws:lookoutequipment:us-east-1:123456789012:model/pump/0f1e/model-version/3';

    // Act / Assess
    expect(parseVersionArn(arn)).toBe(arn);
    expect(() => parseVersionArn(arn.replace('/model-version/3', ''))).toThrow(UsageError);
  });

  it('reads durations for --timeout and --interval', () => {
    // Act / Assess
    expect(parseDurationOption('90s', 'timeout')).toBe(90_000);
    expect(parseDurationOption('10m', 'timeout')).toBe(600_000);
    expect(parseDurationOption('250ms', 'interval')).toBe(250);
    expect(parseDurationOption('5', 'interval')).toBe(5000);
    expect(messageOf(() => parseDurationOption('soon', 'timeout'))).toBe(
      'timeout must be a positive duration such as 90s, 10m or 1h, got "soon"',
    );
  });
});
