// Amazon Lookout for Equipment's shapes mapped into the provider-neutral ones of lib/core/model.ts and
// lib/ports.ts: the only place that knows L4E's field names.
import type {
  DescribeModelResponse,
  DescribeModelVersionResponse,
  DescribeRetrainingSchedulerResponse,
  InferenceExecutionSummary,
  ModelSummary as L4eModelSummary,
  ModelVersionSummary,
  RetrainingSchedulerSummary,
} from '@aws-sdk/client-lookoutequipment';
import type {
  ModelDetail,
  ModelSummary,
  RetrainingSchedule,
  VersionDetail,
  VersionSummary,
} from '../core/model.js';
import type { InferenceExecution, RetrainingScheduleSummary } from '../ports.js';

const LOOKOUT_ORIGIN = { provider: 'lookout-equipment' } as const;

/** ListModels' largest page: one call per 500 models. */
export const LIST_PAGE_SIZE = 500;

/** ListModelVersions, ListRetrainingSchedulers and ListInferenceExecutions share this largest page. */
export const MAX_PAGE_SIZE = 500;

export function iso(value: Date | undefined): string | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null;
}

export function num(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function toModelSummary(s: L4eModelSummary | DescribeModelResponse): ModelSummary {
  return {
    name: s.ModelName ?? '',
    origin: LOOKOUT_ORIGIN,
    arn: s.ModelArn ?? '',
    status: s.Status ?? 'UNKNOWN',
    createdAt: iso(s.CreatedAt),
    activeVersion: num(s.ActiveModelVersion),
    activeVersionArn: s.ActiveModelVersionArn ?? null,
    latestRunVersion: num(s.LatestScheduledRetrainingModelVersion),
    latestRunStatus: s.LatestScheduledRetrainingStatus ?? null,
    latestRunStartTime: iso(s.LatestScheduledRetrainingStartTime),
    nextRetrainingDate: iso(s.NextScheduledRetrainingStartDate),
    schedulerStatus: s.RetrainingSchedulerStatus ?? null,
    modelQuality: s.ModelQuality ?? null,
  };
}

export function toModelDetail(m: DescribeModelResponse): ModelDetail {
  return {
    ...toModelSummary(m),
    activatedAt: iso(m.ModelVersionActivatedAt),
    previousActiveVersion: num(m.PreviousActiveModelVersion),
    previousActivatedAt: iso(m.PreviousModelVersionActivatedAt),
    latestRunFailedReason: m.LatestScheduledRetrainingFailedReason ?? null,
    latestRunAvailableDataInDays: num(m.LatestScheduledRetrainingAvailableDataInDays),
  };
}

export function toVersionSummary(v: ModelVersionSummary): VersionSummary {
  return {
    modelName: v.ModelName ?? '',
    version: v.ModelVersion ?? 0,
    arn: v.ModelVersionArn ?? null,
    status: v.Status ?? 'UNKNOWN',
    sourceType: v.SourceType ?? null,
    createdAt: iso(v.CreatedAt),
    modelQuality: v.ModelQuality ?? null,
  };
}

export function toVersionDetail(v: DescribeModelVersionResponse): VersionDetail {
  return {
    ...toVersionSummary(v),
    updatedAt: iso(v.LastUpdatedTime),
    trainingStartTime: iso(v.TrainingExecutionStartTime),
    failedReason: v.FailedReason ?? null,
    metricsJson: v.ModelMetrics ?? null,
    priorMetricsJson: v.PriorModelMetrics ?? null,
    availableDataInDays: num(v.RetrainingAvailableDataInDays),
    autoPromotionResult: v.AutoPromotionResult ?? null,
    autoPromotionResultReason: v.AutoPromotionResultReason ?? null,
  };
}

export function toRetrainingSchedule(
  s: DescribeRetrainingSchedulerResponse,
  modelName: string,
): RetrainingSchedule {
  return {
    modelName: s.ModelName ?? modelName,
    status: s.Status ?? 'UNKNOWN',
    promoteMode: s.PromoteMode ?? null,
    frequency: s.RetrainingFrequency ?? null,
    lookbackWindow: s.LookbackWindow ?? null,
    startDate: iso(s.RetrainingStartDate),
    createdAt: iso(s.CreatedAt),
    updatedAt: iso(s.UpdatedAt),
  };
}

export function toRetrainingScheduleSummary(s: RetrainingSchedulerSummary): RetrainingScheduleSummary {
  return {
    modelName: s.ModelName ?? '',
    modelArn: s.ModelArn ?? null,
    status: s.Status ?? 'UNKNOWN',
    startDate: iso(s.RetrainingStartDate),
    frequency: s.RetrainingFrequency ?? null,
    lookbackWindow: s.LookbackWindow ?? null,
  };
}

export function toInferenceExecution(e: InferenceExecutionSummary): InferenceExecution {
  return {
    schedulerName: e.InferenceSchedulerName ?? '',
    modelName: e.ModelName ?? null,
    modelVersion: num(e.ModelVersion),
    modelVersionArn: e.ModelVersionArn ?? null,
    status: e.Status ?? 'UNKNOWN',
    scheduledStartTime: iso(e.ScheduledStartTime),
    dataStartTime: iso(e.DataStartTime),
    dataEndTime: iso(e.DataEndTime),
    failedReason: e.FailedReason ?? null,
  };
}
