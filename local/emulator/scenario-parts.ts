// The pieces the L4E and the SiteWise parts of a scenario share: names, instants and durations, metrics,
// run specs and trajectories.

import { z } from 'zod';
import { parseDuration } from './durations.js';

export const NAME = /^[0-9a-zA-Z_-]{1,200}$/;
export const name = z.string().regex(NAME, 'must match ^[0-9a-zA-Z_-]{1,200}$');

export function isInstant(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text));
}
export function isDuration(text: string): boolean {
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}
export const instant = z
  .string()
  .refine(isInstant, 'must be an ISO-8601 instant such as 2025-01-01T00:00:00Z');
export const duration = z.string().refine(isDuration, 'must be an ISO-8601 duration such as P3D or PT2H');
export const instantOrOffset = z
  .string()
  .refine(
    (text) => isInstant(text) || isDuration(text),
    'must be an ISO-8601 instant or a duration after startTime (e.g. P3D)',
  );
export const ratio = z.number().min(0).max(1);
export const eventCount = z.number().int().min(0).max(150);

export const BaseMetricsSchema = z.strictObject({
  precision: ratio.optional(),
  recall: ratio.optional(),
  auc: ratio.optional(),
  meanFractionalLeadTime: ratio.optional(),
  labeledEvents: eventCount.optional(),
  meanWarningHours: z.number().min(0).optional(),
  unknownEvents: eventCount.optional(),
  unknownEventHours: z.number().min(0).optional(),
});
export const MetricOverridesSchema = BaseMetricsSchema.extend({
  labeledEventsIdentified: eventCount.optional(),
});

export const RunSpecSchema = z.strictObject({
  outcome: z.enum(['SUCCESS', 'FAILED', 'CANCELED']).default('SUCCESS'),
  failedReason: z.string().min(1).max(5000).optional(),
  failureKind: z.enum(['CUSTOMER', 'INTERNAL']).optional(),
  metrics: MetricOverridesSchema.optional(),
  priorMetrics: MetricOverridesSchema.optional(),
  modelQuality: z
    .enum(['QUALITY_THRESHOLD_MET', 'CANNOT_DETERMINE_QUALITY', 'POOR_QUALITY_DETECTED'])
    .optional(),
  duration: duration.optional(),
  /** Whether this run's data carries labels (default: whether the model was trained with labels). */
  labeled: z.boolean().optional(),
});

export const TrajectorySchema = z.strictObject({
  kind: z.enum(['improving', 'regressing', 'stable', 'noisy']),
  step: z.number().min(0).max(1).default(0.03),
});
