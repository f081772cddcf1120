// ISO-8601 durations as L4E and the control API use them (PnYnMnWnDTnHnMnS), with calendar-aware
// addition in UTC so "P1M" from 31 January lands on the last day of February, as a scheduler would.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export class DurationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DurationError';
  }
}

const DURATION_PATTERN =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(text: string): IsoDuration {
  const match = DURATION_PATTERN.exec(text);
  if (match === null) {
    throw new DurationError(`'${text}' is not an ISO-8601 duration such as P3D, P1M or PT2H30M`);
  }
  const part = (index: number): number => Number(match[index] ?? 0);
  return {
    years: part(1),
    months: part(2),
    weeks: part(3),
    days: part(4),
    hours: part(5),
    minutes: part(6),
    seconds: part(7),
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** Adds `times` × `duration` to an epoch-ms instant, months and years on the UTC calendar. */
export function addDuration(epochMs: number, duration: IsoDuration, times = 1): number {
  const date = new Date(epochMs);
  const totalMonths = date.getUTCMonth() + (duration.years * 12 + duration.months) * times;
  const year = date.getUTCFullYear() + Math.floor(totalMonths / 12);
  const month = ((totalMonths % 12) + 12) % 12;
  const day = Math.min(date.getUTCDate(), daysInMonth(year, month));
  const calendar = Date.UTC(
    year,
    month,
    day,
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    date.getUTCMilliseconds(),
  );
  const fixedMs =
    (duration.weeks * 7 + duration.days) * DAY_MS +
    duration.hours * HOUR_MS +
    duration.minutes * MINUTE_MS +
    Math.round(duration.seconds * 1000);
  return calendar + fixedMs * times;
}

/** Length in days where a month counts as 30 days and a year as 365 (the service's P30D–P1Y rule). */
export function approximateDays(duration: IsoDuration): number {
  return (
    duration.years * 365 +
    duration.months * 30 +
    duration.weeks * 7 +
    duration.days +
    (duration.hours * HOUR_MS + duration.minutes * MINUTE_MS + duration.seconds * 1000) / DAY_MS
  );
}

export function truncateToUtcDay(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS;
}

/** The first UTC midnight strictly after the instant. */
export function nextUtcMidnightAfter(epochMs: number): number {
  return truncateToUtcDay(epochMs) + DAY_MS;
}

/** Accepts an ISO-8601 duration or a number of milliseconds; returns the instant after `from`. */
export function advanceBy(from: number, by: string | number): number {
  if (typeof by === 'number') {
    if (!Number.isFinite(by) || by < 0) throw new DurationError(`cannot advance by ${by} ms`);
    return from + by;
  }
  return addDuration(from, parseDuration(by));
}
