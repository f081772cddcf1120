// The JSON an IoT SiteWise `AWS/ANOMALY_DETECTION_TRAINING` action carries in actionPayload.stringValue
// to start and stop a retraining scheduler, with the ranges the SiteWise User Guide gives ("Enable anomaly
// detection on sensors of an asset", "Advanced training configurations"): lookbackWindow P180D, P360D,
// P540D or P720D; retrainingFrequency an ISO-8601 duration of years, months and days from P30D to P1Y;
// promotion SERVICE_MANAGED (the default) or CUSTOMER_MANAGED; retrainingStartDate in epoch seconds,
// which SiteWise truncates to the UTC day. Pure: no call to SiteWise.
import * as z from 'zod/mini';

export const SITEWISE_LOOKBACK_WINDOWS = ['P180D', 'P360D', 'P540D', 'P720D'] as const;
export const SITEWISE_PROMOTIONS = ['SERVICE_MANAGED', 'CUSTOMER_MANAGED'] as const;
export type SiteWisePromotion = (typeof SITEWISE_PROMOTIONS)[number];

export const MIN_FREQUENCY_DAYS = 30;
export const MAX_FREQUENCY_DAYS = 365;
const FREQUENCY = /^P(?:(\d)Y)?(?:(\d{1,2})M)?(?:(\d{1,3})D)?$/;
const DAY_SECONDS = 86_400;

export interface S3Destination {
  bucketName: string;
  prefix: string;
}

export interface RetrainingConfiguration {
  lookbackWindow: string;
  retrainingFrequency: string;
  promotion: SiteWisePromotion;
  retrainingStartDate?: number;
}

export interface StartSchedulerPayload {
  trainingMode: 'START_RETRAINING_SCHEDULER';
  retrainingConfiguration: RetrainingConfiguration;
  modelMetricsDestination: S3Destination;
}

export const STOP_SCHEDULER_PAYLOAD = { trainingMode: 'STOP_RETRAINING_SCHEDULER' } as const;

/** The autopilot's promote modes (L4E's words, which events keep) as SiteWise's promotion, and back. */
const PROMOTION_OF: Record<string, SiteWisePromotion> = {
  MANAGED: 'SERVICE_MANAGED',
  MANUAL: 'CUSTOMER_MANAGED',
};

export function promotionOf(promoteMode: string): SiteWisePromotion | null {
  return PROMOTION_OF[promoteMode] ?? null;
}

export function promoteModeOf(promotion: string): string {
  return promotion === 'CUSTOMER_MANAGED'
    ? 'MANUAL'
    : promotion === 'SERVICE_MANAGED'
      ? 'MANAGED'
      : promotion;
}

/** Days of a retraining frequency, a month counting 30 days and a year 365; null when it is no such duration. */
export function frequencyDays(text: string): number | null {
  const match = FREQUENCY.exec(text);
  if (!match || text === 'P') return null;
  return Number(match[1] ?? 0) * 365 + Number(match[2] ?? 0) * 30 + Number(match[3] ?? 0);
}

export function isSiteWiseFrequency(text: string): boolean {
  const days = frequencyDays(text);
  return days !== null && days >= MIN_FREQUENCY_DAYS && days <= MAX_FREQUENCY_DAYS;
}

export function isSiteWiseLookback(text: string): boolean {
  return (SITEWISE_LOOKBACK_WINDOWS as readonly string[]).includes(text);
}

/** Epoch seconds of the UTC day an instant falls on. */
export function utcDaySeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000 / DAY_SECONDS) * DAY_SECONDS;
}

export function startSchedulerPayload(
  configuration: RetrainingConfiguration,
  destination: S3Destination,
): StartSchedulerPayload {
  return {
    trainingMode: 'START_RETRAINING_SCHEDULER',
    retrainingConfiguration: configuration,
    modelMetricsDestination: destination,
  };
}

/** The JSON value of a payload's text; undefined when it is not JSON (a schema then refuses it). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Numbers may come back as JSON numbers or numeric strings (the guide writes both).
const epochSeconds = z.pipe(
  z.union([z.number(), z.string().check(z.regex(/^\d+$/))]),
  z.transform((value) => Number(value)),
);

const StartPayloadSchema = z.object({
  trainingMode: z.literal('START_RETRAINING_SCHEDULER'),
  retrainingConfiguration: z.object({
    lookbackWindow: z.string(),
    retrainingFrequency: z.string(),
    promotion: z.optional(z.enum(SITEWISE_PROMOTIONS)),
    retrainingStartDate: z.optional(epochSeconds),
  }),
  modelMetricsDestination: z.object({ bucketName: z.string(), prefix: z.optional(z.string()) }),
});

/** The START_RETRAINING_SCHEDULER payload a past action carried; null for any other payload. */
export function parseStartSchedulerPayload(text: string): StartSchedulerPayload | null {
  const parsed = StartPayloadSchema.safeParse(parseJson(text));
  if (!parsed.success) return null;
  const { retrainingConfiguration: c, modelMetricsDestination: d } = parsed.data;
  return startSchedulerPayload(
    {
      lookbackWindow: c.lookbackWindow,
      retrainingFrequency: c.retrainingFrequency,
      promotion: c.promotion ?? 'SERVICE_MANAGED',
      ...(c.retrainingStartDate === undefined ? {} : { retrainingStartDate: c.retrainingStartDate }),
    },
    { bucketName: d.bucketName, prefix: d.prefix ?? '' },
  );
}

const DestinationSchema = z.object({
  modelMetricsDestination: z.object({ bucketName: z.string(), prefix: z.optional(z.string()) }),
});

/** Where a past training payload (TRAIN_MODEL or START) had SiteWise write metrics; null when it says not. */
export function parseMetricsDestination(text: string): S3Destination | null {
  const parsed = DestinationSchema.safeParse(parseJson(text));
  if (!parsed.success) return null;
  const { bucketName, prefix } = parsed.data.modelMetricsDestination;
  return { bucketName, prefix: prefix ?? '' };
}
