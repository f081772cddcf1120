// Amazon Lookout for Equipment adapter: the only place that knows L4E's field names.
import {
  DescribeModelCommand,
  type DescribeModelResponse,
  DescribeModelVersionCommand,
  type DescribeModelVersionResponse,
  DescribeRetrainingSchedulerCommand,
  type ModelSummary as L4eModelSummary,
  ListModelsCommand,
  type LookoutEquipmentClient,
  ResourceNotFoundException,
  UpdateActiveModelVersionCommand,
} from '@aws-sdk/client-lookoutequipment';
import type { ModelDetail, ModelSummary, SchedulerDetail, VersionDetail } from '../core/model.js';
import type { ModelProvider } from '../ports.js';

/** ListModels' largest page: one call per 500 models. */
export const LIST_PAGE_SIZE = 500;

export function iso(value: Date | undefined): string | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null;
}

function num(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function toModelSummary(s: L4eModelSummary | DescribeModelResponse): ModelSummary {
  return {
    name: s.ModelName ?? '',
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

export function toVersionDetail(v: DescribeModelVersionResponse): VersionDetail {
  return {
    modelName: v.ModelName ?? '',
    version: v.ModelVersion ?? 0,
    arn: v.ModelVersionArn ?? null,
    status: v.Status ?? 'UNKNOWN',
    sourceType: v.SourceType ?? null,
    createdAt: iso(v.CreatedAt),
    updatedAt: iso(v.LastUpdatedTime),
    trainingStartTime: iso(v.TrainingExecutionStartTime),
    failedReason: v.FailedReason ?? null,
    metricsJson: v.ModelMetrics ?? null,
    priorMetricsJson: v.PriorModelMetrics ?? null,
    availableDataInDays: num(v.RetrainingAvailableDataInDays),
    autoPromotionResult: v.AutoPromotionResult ?? null,
    autoPromotionResultReason: v.AutoPromotionResultReason ?? null,
    modelQuality: v.ModelQuality ?? null,
  };
}

async function orNull<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return null;
    throw error;
  }
}

export function createLookoutProvider(client: LookoutEquipmentClient): ModelProvider {
  return {
    async *listModelPages() {
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListModelsCommand({ MaxResults: LIST_PAGE_SIZE, NextToken: token }),
        );
        yield (page.ModelSummaries ?? []).map(toModelSummary);
        token = page.NextToken || undefined;
      } while (token);
    },
    async describeModel(name) {
      const model = await orNull(() => client.send(new DescribeModelCommand({ ModelName: name })));
      return model ? toModelDetail(model) : null;
    },
    async describeVersion(name, version) {
      const described = await orNull(() =>
        client.send(new DescribeModelVersionCommand({ ModelName: name, ModelVersion: version })),
      );
      return described ? toVersionDetail(described) : null;
    },
    async describeScheduler(name): Promise<SchedulerDetail | null> {
      const s = await orNull(() => client.send(new DescribeRetrainingSchedulerCommand({ ModelName: name })));
      if (!s) return null;
      return {
        modelName: s.ModelName ?? name,
        status: s.Status ?? 'UNKNOWN',
        promoteMode: s.PromoteMode ?? null,
        frequency: s.RetrainingFrequency ?? null,
        lookbackWindow: s.LookbackWindow ?? null,
        startDate: iso(s.RetrainingStartDate),
        createdAt: iso(s.CreatedAt),
        updatedAt: iso(s.UpdatedAt),
      };
    },
    async activateVersion(name, version) {
      const result = await client.send(
        new UpdateActiveModelVersionCommand({ ModelName: name, ModelVersion: version }),
      );
      return { previous: num(result.PreviousActiveVersion), current: num(result.CurrentActiveVersion) };
    },
  };
}
