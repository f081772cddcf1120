// Managed promotion of a retrained version: the L4E emulator's promotion table (decidePromotion, from the
// L4E guide's retraining-metrics table), with SiteWise's names. SERVICE_MANAGED plays L4E's MANAGED and
// CUSTOMER_MANAGED its MANUAL; the decision maps onto the reason codes SiteWise stores with the metrics.

import type { MetricValues, ModelQuality } from '../emulator/metrics-generator.js';
import { decidePromotion } from '../emulator/retraining.js';
import type { Promotion } from './state.js';

export type PromotionReasonCode =
  | 'AUTO_PROMOTION_SUCCESSFUL'
  | 'MODEL_METRICS_DIDNT_IMPROVE'
  | 'POOR_MODEL_QUALITY_DETECTED';

export interface SiteWisePromotionInput {
  promotion: Promotion;
  version: number;
  newLabeled: boolean;
  oldLabeled: boolean;
  activeVersion: number | null;
  metrics: MetricValues;
  prior: MetricValues | undefined;
  modelQuality: ModelQuality;
}

export interface SiteWisePromotion {
  promote: boolean;
  /** Absent under CUSTOMER_MANAGED: the service decides nothing, the customer does. */
  reasonCode: PromotionReasonCode | null;
  reason: string;
  /** Whether the active version's metrics on the new data are shown beside the new version's. */
  showPrior: boolean;
}

export function decideSiteWisePromotion(input: SiteWisePromotionInput): SiteWisePromotion {
  const decision = decidePromotion({
    promoteMode: input.promotion === 'SERVICE_MANAGED' ? 'MANAGED' : 'MANUAL',
    version: input.version,
    newLabeled: input.newLabeled,
    oldLabeled: input.oldLabeled,
    activeVersion: input.activeVersion ?? undefined,
    metrics: input.metrics,
    prior: input.prior,
    modelQuality: input.modelQuality,
  });
  if (input.promotion === 'CUSTOMER_MANAGED') {
    return {
      promote: false,
      reasonCode: null,
      reason: `Promotion is CUSTOMER_MANAGED: model version ${input.version} runs once inference is started with it as targetModelVersion.`,
      showPrior: decision.showPrior,
    };
  }
  // The table judges quality alone when the active version had no labels to compare on.
  const qualityOnly = input.newLabeled && (!input.oldLabeled || input.prior === undefined);
  const reasonCode: PromotionReasonCode = decision.promote
    ? 'AUTO_PROMOTION_SUCCESSFUL'
    : qualityOnly
      ? 'POOR_MODEL_QUALITY_DETECTED'
      : 'MODEL_METRICS_DIDNT_IMPROVE';
  return { promote: decision.promote, reasonCode, reason: decision.reason, showPrior: decision.showPrior };
}
