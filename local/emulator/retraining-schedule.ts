// Scheduling math of a retraining scheduler: the P30D–P1Y frequency rule, lookback windows, the anchor
// (RetrainingStartDate truncated to the UTC day) and the run instants anchor + k × frequency on the UTC
// calendar.

import {
  addDuration,
  DAY_MS,
  type IsoDuration,
  nextUtcMidnightAfter,
  truncateToUtcDay,
} from './durations.js';
import { LOOKBACK_PATTERN, RETRAINING_FREQUENCY_PATTERN } from './input-shapes.js';
import { compileJavaPattern } from './java-regex.js';

const FREQUENCY_REGEX = compileJavaPattern(RETRAINING_FREQUENCY_PATTERN);
const LOOKBACK_REGEX = compileJavaPattern(LOOKBACK_PATTERN);
export const MIN_FREQUENCY_DAYS = 30;
export const MAX_FREQUENCY_DAYS = 365;
export const LOOKBACK_WINDOWS = ['P180D', 'P360D', 'P540D', 'P720D'] as const;

export function parseRetrainingFrequency(text: string): IsoDuration | undefined {
  if (!FREQUENCY_REGEX.test(text)) return undefined;
  const match = /^P(?:(\d)Y)?(?:(\d{1,2})M)?(?:(\d{1,3})D)?$/.exec(text);
  if (match === null) return undefined;
  return {
    years: Number(match[1] ?? 0),
    months: Number(match[2] ?? 0),
    weeks: 0,
    days: Number(match[3] ?? 0),
    hours: 0,
    minutes: 0,
    seconds: 0,
  };
}

/** Months count as 30 days and a year as 365, as the service's documented P30D–P1Y range does. */
export function frequencyDays(frequency: IsoDuration): number {
  return frequency.years * 365 + frequency.months * 30 + frequency.days;
}

/** Why a RetrainingFrequency is unacceptable, or undefined when it is fine. */
export function retrainingFrequencyProblem(text: string): string | undefined {
  const frequency = parseRetrainingFrequency(text);
  if (frequency === undefined) {
    return `Member must satisfy regular expression pattern: ${RETRAINING_FREQUENCY_PATTERN}`;
  }
  const days = frequencyDays(frequency);
  if (days < MIN_FREQUENCY_DAYS || days > MAX_FREQUENCY_DAYS) {
    return `Member must be a duration between P30D and P1Y (months count as 30 days, a year as 365); '${text}' is ${days} days`;
  }
  return undefined;
}

export function lookbackDays(text: string): number | undefined {
  if (!LOOKBACK_REGEX.test(text)) return undefined;
  return Number(text.slice(1, -1));
}

/** The anchor of the run series: the given start date truncated to its UTC day, else the next midnight. */
export function retrainingAnchor(startDate: number | undefined, startedAt: number): number {
  return startDate === undefined ? nextUtcMidnightAfter(startedAt) : truncateToUtcDay(startDate);
}

export function occurrence(anchor: number, frequency: IsoDuration, index: number): number {
  return addDuration(anchor, frequency, index);
}

/** The index of the first run instant at or after `notBefore`. */
export function firstOccurrenceIndex(anchor: number, frequency: IsoDuration, notBefore: number): number {
  if (notBefore <= anchor) return 0;
  const approxMs = Math.max(1, frequencyDays(frequency)) * DAY_MS;
  let index = Math.max(0, Math.floor((notBefore - anchor) / approxMs) - 2);
  // The estimate is within a couple of steps of the answer; the bound only guards against bad input.
  for (let guard = 0; guard < 10_000 && occurrence(anchor, frequency, index) < notBefore; guard++) index++;
  return index;
}

export interface TimeRange {
  start: number;
  end: number;
}

/** Whole days covered by the union of `ranges` inside `window`. */
export function coveredDays(window: TimeRange, ranges: readonly TimeRange[]): number {
  const clipped = ranges
    .map((r) => ({ start: Math.max(r.start, window.start), end: Math.min(r.end, window.end) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let cursor = Number.NEGATIVE_INFINITY;
  for (const range of clipped) {
    const start = Math.max(range.start, cursor);
    if (range.end > start) total += range.end - start;
    cursor = Math.max(cursor, range.end);
  }
  return Math.floor(total / DAY_MS);
}
