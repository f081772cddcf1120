// Model Version Promotion Result (DESIGN §3.3): what L4E decided about a retrained version.
import * as z from 'zod/mini';
import { METRIC_NAMES, type MetricName } from '../metrics.js';
import { described, detailBaseShape, nullable, openEnum, version } from './fields.js';
import { NO_PROMOTION_RESULT, PROMOTE_MODES, PROMOTION_RESULTS } from './names.js';

export const promotionResultDescription =
  "L4E's automatic promotion result for a retrained version (reported once per version).";

function metricsSchema(description: string) {
  // Object.fromEntries loses the key names; they are exactly METRIC_NAMES.
  const shape = Object.fromEntries(METRIC_NAMES.map((name) => [name, z.optional(z.number())])) as Record<
    MetricName,
    z.ZodMiniOptional<z.ZodMiniNumber>
  >;
  return described(
    z.strictObject(shape),
    `${description} Normalized (DESIGN §4): only metrics that were present and valid have a key.`,
  );
}

export const promotionResultDetail = z.strictObject({
  ...detailBaseShape,
  modelVersion: described(version(), 'The retrained version.'),
  modelVersionArn: nullable(z.string()),
  autoPromotionResult: openEnum(
    PROMOTION_RESULTS,
    `L4E's result. ${NO_PROMOTION_RESULT} (not an L4E value): the run finished but L4E gave no result within the watcher's wait (promotionResultWaitHours); autoPromotionResultReason says how long, and no later result is reported for the version.`,
  ),
  autoPromotionResultReason: described(nullable(z.string()), "L4E's reason for the result."),
  promoteMode: nullable(openEnum(PROMOTE_MODES, 'How a retrained version goes live.')),
  modelQuality: described(nullable(z.string()), "L4E's quality verdict, e.g. QUALITY_THRESHOLD_MET."),
  metrics: metricsSchema("The version's metrics."),
  priorMetrics: metricsSchema('The metrics of the previous model scored on the same new data.'),
  activeModelVersion: described(nullable(z.int()), 'The version active when the result was observed.'),
});
