// From an Amazon Lookout for Equipment retraining scheduler to the IoT SiteWise training action that
// reproduces it: the same lookback window, frequency and cadence, MANAGED promotion as SERVICE_MANAGED and
// MANUAL as CUSTOMER_MANAGED. Where L4E's value has no exact SiteWise equivalent the payload takes the
// closest one and a note says what changed and why; nothing is changed silently. Pure.
import type { RetrainingSchedule } from '../core/model.js';
import {
  frequencyDays,
  isSiteWiseFrequency,
  isSiteWiseLookback,
  MAX_FREQUENCY_DAYS,
  MIN_FREQUENCY_DAYS,
  promotionOf,
  type RetrainingConfiguration,
  type S3Destination,
  SITEWISE_LOOKBACK_WINDOWS,
  type SiteWisePromotion,
  type StartSchedulerPayload,
  startSchedulerPayload,
  utcDaySeconds,
} from './sitewise-training.js';

export interface MigrationSource {
  modelName: string;
  /** L4E's retraining scheduler; null when the model has none. */
  schedule: RetrainingSchedule | null;
  /** L4E's next scheduled retraining (ISO-8601), when it has one. */
  nextRetrainingDate: string | null;
}

export interface ModelMigration {
  modelName: string;
  /** The SiteWise training payload; null when there is nothing to reproduce. */
  payload: StartSchedulerPayload | null;
  /** What changed on the way and why, or what to do instead; one sentence each. */
  notes: string[];
}

const DEFAULT_FREQUENCY = 'P30D';
const DEFAULT_LOOKBACK = 'P360D';
const windows = SITEWISE_LOOKBACK_WINDOWS.join(', ');

/** The SiteWise window closest to `days` (the longer one on a tie: more data rather than less). */
function nearestLookback(days: number): string {
  let best: string = DEFAULT_LOOKBACK;
  let distance = Number.POSITIVE_INFINITY;
  for (const window of SITEWISE_LOOKBACK_WINDOWS) {
    const d = Math.abs(Number(window.slice(1, -1)) - days);
    if (d <= distance) [best, distance] = [window, d];
  }
  return best;
}

export function mapLookback(value: string | null): { value: string; note: string | null } {
  if (value !== null && isSiteWiseLookback(value)) return { value, note: null };
  if (value === null) {
    return {
      value: DEFAULT_LOOKBACK,
      note: `L4E reports no lookback window; the payload uses ${DEFAULT_LOOKBACK} (SiteWise accepts ${windows})`,
    };
  }
  const days = /^P(\d+)D$/.exec(value)?.[1];
  const chosen = days === undefined ? DEFAULT_LOOKBACK : nearestLookback(Number(days));
  return {
    value: chosen,
    note: `lookback window ${value} is not one SiteWise accepts (${windows}); the payload uses ${chosen}, the ${days === undefined ? 'default' : 'nearest'}`,
  };
}

export function mapFrequency(value: string | null): { value: string; note: string | null } {
  if (value !== null && isSiteWiseFrequency(value)) return { value, note: null };
  const days = value === null ? null : frequencyDays(value);
  if (days === null) {
    return {
      value: DEFAULT_FREQUENCY,
      note: `${value === null ? 'L4E reports no retraining frequency' : `retraining frequency ${value} is not a duration of years, months and days`}; the payload uses ${DEFAULT_FREQUENCY}: set retrainingFrequency (P30D to P1Y) before sending it`,
    };
  }
  const chosen = days < MIN_FREQUENCY_DAYS ? 'P30D' : 'P1Y';
  return {
    value: chosen,
    note: `retraining frequency ${value} (${days} days) is outside SiteWise's P30D to P1Y (${MIN_FREQUENCY_DAYS} to ${MAX_FREQUENCY_DAYS} days); the payload uses ${chosen}, the nearest`,
  };
}

export function mapPromotion(promoteMode: string | null): { value: SiteWisePromotion; note: string | null } {
  if (promoteMode === null) {
    return {
      value: 'SERVICE_MANAGED',
      note: 'L4E reports no promote mode; the payload uses SERVICE_MANAGED, the default of both services (MANAGED in L4E)',
    };
  }
  const promotion = promotionOf(promoteMode);
  if (promotion !== null) return { value: promotion, note: null };
  return {
    value: 'CUSTOMER_MANAGED',
    note: `promote mode ${promoteMode} is neither MANAGED nor MANUAL; the payload uses CUSTOMER_MANAGED, so no version goes live without a decision`,
  };
}

const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

/**
 * The first retraining day: L4E's start date, or its next scheduled retraining when that is later (the
 * same cadence, without handing SiteWise a start date already past, whose handling it does not document).
 */
export function mapStartDate(
  startDate: string | null,
  nextRetrainingDate: string | null,
): { value: number | undefined; notes: string[] } {
  const start = startDate === null ? Number.NaN : Date.parse(startDate);
  const next = nextRetrainingDate === null ? Number.NaN : Date.parse(nextRetrainingDate);
  const notes: string[] = [];
  if (Number.isNaN(start) && Number.isNaN(next)) {
    notes.push(
      'L4E reports no start date; the payload has no retrainingStartDate, so SiteWise counts the series from the day the action runs',
    );
    return { value: undefined, notes };
  }
  if (!Number.isNaN(start) && start !== utcDaySeconds(start) * 1000) {
    notes.push(
      `start date ${startDate} is truncated to its UTC day, ${day(utcDaySeconds(start))}, as SiteWise does`,
    );
  }
  if (!Number.isNaN(next) && (Number.isNaN(start) || utcDaySeconds(next) > utcDaySeconds(start))) {
    const value = utcDaySeconds(next);
    notes.push(
      Number.isNaN(start)
        ? `L4E reports no start date; retrainingStartDate is its next scheduled retraining, ${day(value)}`
        : `retrainingStartDate is L4E's next scheduled retraining, ${day(value)}, rather than its first start date, ${day(utcDaySeconds(start))}: the same cadence, without a start date already past`,
    );
    return { value, notes };
  }
  return { value: utcDaySeconds(start), notes };
}

function statusNote(modelName: string, status: string): string | null {
  if (status === 'RUNNING' || status === 'PENDING') return null;
  if (status === 'STOPPED' || status === 'STOPPING') {
    return `L4E's scheduler is ${status}: this payload starts retraining in SiteWise; send it only when ${modelName} should retrain on schedule again`;
  }
  return `L4E's scheduler is ${status}, a status new to this tool: check it before sending the payload`;
}

export function planModelMigration(source: MigrationSource, destination: S3Destination): ModelMigration {
  const { modelName, schedule } = source;
  if (schedule === null) {
    return {
      modelName,
      payload: null,
      notes: [
        'no retraining scheduler in L4E: nothing to reproduce; once the model is trained in SiteWise (TRAIN_MODEL), retraining stays manual unless a START_RETRAINING_SCHEDULER action starts a scheduler',
      ],
    };
  }
  const lookback = mapLookback(schedule.lookbackWindow);
  const frequency = mapFrequency(schedule.frequency);
  const promotion = mapPromotion(schedule.promoteMode);
  const start = mapStartDate(schedule.startDate, source.nextRetrainingDate);
  const configuration: RetrainingConfiguration = {
    lookbackWindow: lookback.value,
    retrainingFrequency: frequency.value,
    promotion: promotion.value,
    ...(start.value === undefined ? {} : { retrainingStartDate: start.value }),
  };
  const notes = [
    statusNote(modelName, schedule.status),
    lookback.note,
    frequency.note,
    promotion.note,
    ...start.notes,
  ].filter((note): note is string => note !== null);
  return { modelName, payload: startSchedulerPayload(configuration, destination), notes };
}
