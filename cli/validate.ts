// Validation of command-line values before anything is sent, with messages that teach the rule.
// The limits are L4E's own (API 2020-12-15, retraining schedulers from the 2023-09 release).
import { UsageError } from './errors.js';

const NAME_PATTERN = /^[0-9a-zA-Z_-]{1,200}$/;
const FREQUENCY_PATTERN = /^P(?:(\d)Y)?(?:(\d{1,2})M)?(?:(\d{1,3})D)?$/;
const VERSION_ARN_PATTERN =
  /^arn:aws(-[^:]+)?:lookoutequipment:[a-zA-Z0-9-]*:[0-9]{12}:model\/[0-9a-zA-Z_-]{1,200}\/.+\/model-version\/[0-9]+$/;
const ROLE_ARN_PATTERN = /^arn:aws(-[^:]+)?:iam::[0-9]{12}:role\/.+$/;

export const MIN_FREQUENCY_DAYS = 30;
export const MAX_FREQUENCY_DAYS = 365;
export const LOOKBACK_WINDOWS = ['P180D', 'P360D', 'P540D', 'P720D'] as const;
export const PROMOTE_MODES = ['MANAGED', 'MANUAL'] as const;
export const SCHEDULER_STATUSES = ['PENDING', 'RUNNING', 'STOPPING', 'STOPPED'] as const;
export const IMPORT_STRATEGIES = ['OVERWRITE', 'ADD_WHEN_EMPTY', 'NO_IMPORT'] as const;
export const MAX_PAGE_RESULTS = 500;
const DAY_MS = 86_400_000;

export function parseName(value: string, what: string): string {
  if (!NAME_PATTERN.test(value)) {
    return invalid(`${what} must be 1 to 200 letters, digits, '-' or '_', got ${JSON.stringify(value)}`);
  }
  return value;
}

export const parseModelName = (value: string): string => parseName(value, 'model name');

function invalid(message: string): never {
  throw new UsageError(message);
}

export function parseVersion(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    return invalid(`version must be a whole number from 1 up (e.g. 3), got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** Days of a retraining frequency, counting a month as 30 days and a year as 365, as L4E does. */
export function frequencyDays(text: string): number | null {
  const match = FREQUENCY_PATTERN.exec(text);
  if (!match || text === 'P') return null;
  return Number(match[1] ?? 0) * 365 + Number(match[2] ?? 0) * 30 + Number(match[3] ?? 0);
}

export function parseFrequency(value: string): string {
  const text = value.trim().toUpperCase();
  const days = frequencyDays(text);
  if (days === null) {
    return invalid(
      `frequency must be an ISO-8601 duration of years, months and days such as P30D, P2M, P3M15D or P1Y, got ${JSON.stringify(value)}`,
    );
  }
  if (days < MIN_FREQUENCY_DAYS || days > MAX_FREQUENCY_DAYS) {
    return invalid(
      `frequency must be between P30D and P1Y, got ${text} (${days} days; a month counts as 30 days, a year as 365)`,
    );
  }
  return text;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  const text = value.trim().toUpperCase();
  const found = allowed.find((a) => a === text);
  if (!found) return invalid(`${what} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return found;
}

export const parseLookback = (value: string) => oneOf(value, LOOKBACK_WINDOWS, 'lookback');
export const parsePromoteMode = (value: string) => oneOf(value, PROMOTE_MODES, 'promote mode');
export const parseSchedulerStatus = (value: string) => oneOf(value, SCHEDULER_STATUSES, 'status');
export const parseImportStrategy = (value: string) =>
  oneOf(value.replace(/-/g, '_'), IMPORT_STRATEGIES, 'inference data strategy');

export function parseCount(value: string, what: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < 1 || n > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER ? 'a whole number from 1 up' : `a whole number from 1 to ${max}`;
    return invalid(`${what} must be ${range}, got ${JSON.stringify(value)}`);
  }
  return n;
}

export const parseMaxResults = (value: string) => parseCount(value, 'max results', MAX_PAGE_RESULTS);
export const parseLimit = (value: string) => parseCount(value, 'limit');

/** An instant: a date (UTC midnight) or a date-time with an explicit zone. */
export function parseInstant(value: string, what: string): Date {
  const text = value.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i.test(text);
  const date = new Date(dateOnly ? `${text}T00:00:00Z` : text);
  if ((!dateOnly && !dateTime) || Number.isNaN(date.getTime())) {
    return invalid(
      `${what} must be a date such as 2024-05-01 or a date-time with a zone such as 2024-05-01T08:00:00Z, got ${JSON.stringify(value)}`,
    );
  }
  if (dateOnly && date.toISOString().slice(0, 10) !== text) {
    return invalid(`${what} is not a calendar date, got ${JSON.stringify(value)}`);
  }
  return date;
}

export interface StartDate {
  /** What is sent: the UTC day the given instant falls on. */
  date: Date;
  /** The instant as given, when it was not already a UTC midnight. */
  truncatedFrom: Date | null;
}

/** L4E truncates RetrainingStartDate to the UTC day; the CLI does it first so it can say so. */
export function parseStartDate(value: string): StartDate {
  const given = parseInstant(value, 'start date');
  const day = new Date(Math.floor(given.getTime() / DAY_MS) * DAY_MS);
  return { date: day, truncatedFrom: day.getTime() === given.getTime() ? null : given };
}

export function parseVersionArn(value: string): string {
  if (!VERSION_ARN_PATTERN.test(value)) {
    return invalid(
      `source must be a model version ARN such as arn:aws:lookoutequipment:us-east-1:123456789012:model/pump/1a2b/model-version/3, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export function parseRoleArn(value: string): string {
  if (!ROLE_ARN_PATTERN.test(value)) {
    return invalid(
      `role must be an IAM role ARN such as arn:aws:iam::123456789012:role/L4eImport, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** "90s", "10m", "1h" or plain seconds, as milliseconds. */
export function parseDurationOption(value: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const amount = match ? Number(match[1]) : Number.NaN;
  const unit = match?.[2] ?? 's';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit] ?? 1000;
  if (!match || !Number.isFinite(amount) || amount <= 0) {
    return invalid(
      `${what} must be a positive duration such as 90s, 10m or 1h, got ${JSON.stringify(value)}`,
    );
  }
  return Math.round(amount * factor);
}

const TARGET_PATTERN = /^([0-9]{12})\/([a-z]{2}(?:-[a-z]+)+-[0-9]+)$/;

/** `--target ACCOUNT/REGION`: a fleet target whose policies are read or written. */
export function parseTarget(value: string): { account: string; region: string } {
  const match = TARGET_PATTERN.exec(value);
  if (!match?.[1] || !match[2]) {
    return invalid(
      `--target must be ACCOUNT/REGION: a 12-digit account id and a region, e.g. 222222222222/eu-west-1, got ${JSON.stringify(value)}`,
    );
  }
  return { account: match[1], region: match[2] };
}
