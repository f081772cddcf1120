// The shapes of the events the state table keeps (the watcher's outbox, each decision's detail), read
// back with the same checks as anything else that crosses an edge. Unknown provider enum values stay
// strings, as the event contract says.
import * as z from 'zod/mini';
import {
  type ActivationDecisionDetail,
  type AutopilotEvent,
  type Check,
  DetailType,
  SCHEMA_VERSION,
} from '../core/events.js';
import { METRIC_NAMES, type NormalizedMetrics } from '../core/metrics.js';

const text = z.string();
const nullableText = z.nullable(z.string());
const nullableNumber = z.nullable(z.number());

const base = {
  schemaVersion: z.literal(SCHEMA_VERSION),
  eventId: text,
  modelName: text,
  modelArn: text,
  account: text,
  region: text,
  observedAt: text,
  trimmed: z.optional(z.array(text)),
};

const metricsSchema: z.ZodMiniType<NormalizedMetrics> = z.partialRecord(z.enum(METRIC_NAMES), z.number());

const checkSchema: z.ZodMiniType<Check> = z.object({
  metric: z.enum([...METRIC_NAMES, 'modelQuality']),
  rule: z.enum(['min', 'max', 'minDeltaVsPrior', 'maxDeltaVsPrior', 'modelQuality']),
  threshold: z.union([z.number(), z.array(text)]),
  actual: z.union([z.number(), text, z.null()]),
  passed: z.boolean(),
  note: z.optional(text),
});

export const activationDecisionDetailSchema: z.ZodMiniType<ActivationDecisionDetail> = z.object({
  ...base,
  modelVersion: z.number(),
  modelVersionArn: nullableText,
  outcome: z.enum(['ACTIVATED', 'REJECTED', 'DRY_RUN', 'SKIPPED', 'FAILED']),
  reasons: z.array(text),
  checks: z.array(checkSchema),
  policy: z.object({ parameterName: nullableText, version: nullableNumber, mode: nullableText }),
  previousActiveVersion: nullableNumber,
  activeVersion: nullableNumber,
  triggerEventId: nullableText,
});

const envelope = { resources: z.array(text), time: text };

export const autopilotEventSchema: z.ZodMiniType<AutopilotEvent> = z.discriminatedUnion('detailType', [
  z.object({
    detailType: z.literal(DetailType.SchedulerStateChange),
    detail: z.object({
      ...base,
      previousStatus: nullableText,
      status: text,
      promoteMode: nullableText,
      retrainingFrequency: nullableText,
      lookbackWindow: nullableText,
      retrainingStartDate: nullableText,
      nextScheduledRetrainingStartDate: nullableText,
    }),
    ...envelope,
  }),
  z.object({
    detailType: z.literal(DetailType.RetrainingStateChange),
    detail: z.object({
      ...base,
      modelVersion: z.number(),
      modelVersionArn: nullableText,
      previousStatus: nullableText,
      status: text,
      startTime: nullableText,
      failedReason: nullableText,
      availableDataInDays: nullableNumber,
      promoteMode: nullableText,
    }),
    ...envelope,
  }),
  z.object({
    detailType: z.literal(DetailType.PromotionResult),
    detail: z.object({
      ...base,
      modelVersion: z.number(),
      modelVersionArn: nullableText,
      autoPromotionResult: text,
      autoPromotionResultReason: nullableText,
      promoteMode: nullableText,
      modelQuality: nullableText,
      metrics: metricsSchema,
      priorMetrics: metricsSchema,
      activeModelVersion: nullableNumber,
    }),
    ...envelope,
  }),
  z.object({
    detailType: z.literal(DetailType.ActiveVersionChange),
    detail: z.object({
      ...base,
      previousActiveVersion: nullableNumber,
      activeVersion: nullableNumber,
      activeVersionArn: nullableText,
      activatedAt: nullableText,
      cause: z.enum(['MANAGED_PROMOTION', 'AUTOPILOT_POLICY', 'EXTERNAL']),
    }),
    ...envelope,
  }),
  z.object({
    detailType: z.literal(DetailType.ActivationDecision),
    detail: activationDecisionDetailSchema,
    ...envelope,
  }),
]);
