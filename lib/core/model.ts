// Provider-neutral view of anomaly-detection models, their versions and retraining schedulers.
// The L4E adapter maps the service's shapes into these; the core never sees provider field names.

import type { ProviderName } from './contract/names.js';

export { PROVIDER_NAMES, type ProviderName } from './contract/names.js';

/**
 * Which provider a model belongs to and, for IoT SiteWise, the ids events carry beside its name and ARN:
 * the computation model, and the asset when the model is bound at asset-model level (one model per asset).
 */
export interface ModelOrigin {
  provider: ProviderName;
  computationModelId?: string;
  assetId?: string;
}

export interface ModelSummary {
  name: string;
  origin: ModelOrigin;
  arn: string;
  status: string;
  createdAt: string | null;
  activeVersion: number | null;
  activeVersionArn: string | null;
  latestRunVersion: number | null;
  latestRunStatus: string | null;
  latestRunStartTime: string | null;
  nextRetrainingDate: string | null;
  schedulerStatus: string | null;
  modelQuality: string | null;
}

export interface ModelDetail extends ModelSummary {
  activatedAt: string | null;
  previousActiveVersion: number | null;
  previousActivatedAt: string | null;
  latestRunFailedReason: string | null;
  latestRunAvailableDataInDays: number | null;
}

export interface VersionDetail {
  modelName: string;
  version: number;
  arn: string | null;
  status: string;
  sourceType: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  trainingStartTime: string | null;
  failedReason: string | null;
  metricsJson: string | null;
  priorMetricsJson: string | null;
  availableDataInDays: number | null;
  autoPromotionResult: string | null;
  autoPromotionResultReason: string | null;
  modelQuality: string | null;
}

export interface VersionSummary {
  modelName: string;
  version: number;
  arn: string | null;
  status: string;
  sourceType: string | null;
  createdAt: string | null;
  modelQuality: string | null;
}

export interface RetrainingSchedule {
  modelName: string;
  status: string;
  promoteMode: string | null;
  frequency: string | null;
  lookbackWindow: string | null;
  startDate: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export const RETRAINING_SOURCE = 'RETRAINING';
export const FINAL_RUN_STATUSES: readonly string[] = ['SUCCESS', 'FAILED', 'CANCELED'];

export function isFinalRunStatus(status: string): boolean {
  return FINAL_RUN_STATUSES.includes(status);
}

/** Account and region of a resource, read from its ARN (`arn:partition:service:region:account:...`). */
export function arnLocation(arn: string): { account: string; region: string } {
  const parts = arn.split(':');
  return { region: parts[3] ?? '', account: parts[4] ?? '' };
}
