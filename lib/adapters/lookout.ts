// Amazon Lookout for Equipment adapter: the only place that knows L4E's field names.
import {
  CreateRetrainingSchedulerCommand,
  DeleteRetrainingSchedulerCommand,
  DescribeModelCommand,
  type DescribeModelResponse,
  DescribeModelVersionCommand,
  type DescribeModelVersionResponse,
  DescribeRetrainingSchedulerCommand,
  ImportModelVersionCommand,
  type InferenceDataImportStrategy,
  type InferenceExecutionSummary,
  type ModelSummary as L4eModelSummary,
  ListInferenceExecutionsCommand,
  ListModelsCommand,
  ListModelVersionsCommand,
  ListRetrainingSchedulersCommand,
  type LookoutEquipmentClient,
  type ModelPromoteMode,
  type ModelVersionSummary,
  ResourceNotFoundException,
  type RetrainingSchedulerStatus,
  type RetrainingSchedulerSummary,
  StartRetrainingSchedulerCommand,
  StopRetrainingSchedulerCommand,
  UpdateActiveModelVersionCommand,
  UpdateRetrainingSchedulerCommand,
} from '@aws-sdk/client-lookoutequipment';
import type {
  ModelDetail,
  ModelSummary,
  SchedulerDetail,
  VersionDetail,
  VersionSummary,
} from '../core/model.js';
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
    async listVersions(name) {
      const versions: VersionSummary[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListModelVersionsCommand({ ModelName: name, MaxResults: MAX_PAGE_SIZE, NextToken: token }),
        );
        versions.push(...(page.ModelVersionSummaries ?? []).map(toVersionSummary));
        token = page.NextToken || undefined;
      } while (token);
      return versions;
    },
  };
}

// Operations beyond the watcher's needs: retraining schedulers (the 2023-09 API), version listing,
// inference executions and imports. The operations CLI uses them; errors propagate unchanged so the
// caller can say what to do about each one.

/** ListModelVersions, ListRetrainingSchedulers and ListInferenceExecutions share this largest page. */
export const MAX_PAGE_SIZE = 500;

export interface SchedulerSummary {
  modelName: string;
  modelArn: string | null;
  status: string;
  startDate: string | null;
  frequency: string | null;
  lookbackWindow: string | null;
}

export interface SchedulerListFilter {
  namePrefix?: string;
  status?: string;
  maxResults?: number;
  nextToken?: string;
}

export interface SchedulerSettings {
  startDate?: Date;
  frequency?: string;
  lookbackWindow?: string;
  promoteMode?: string;
}

export interface InferenceExecution {
  schedulerName: string;
  modelName: string | null;
  modelVersion: number | null;
  modelVersionArn: string | null;
  status: string;
  scheduledStartTime: string | null;
  dataStartTime: string | null;
  dataEndTime: string | null;
  failedReason: string | null;
}

export interface ImportVersionInput {
  sourceVersionArn: string;
  datasetName: string;
  modelName?: string;
  inferenceDataImportStrategy?: string;
  roleArn?: string;
  kmsKeyId?: string;
  labelGroupName?: string;
  clientToken: string;
}

export interface ImportedVersion {
  modelName: string;
  modelArn: string | null;
  version: number | null;
  versionArn: string | null;
  status: string;
}

export interface LookoutOperations extends ModelProvider {
  /** Every version of a model, one page per call. */
  listVersionPages(modelName: string): AsyncGenerator<VersionSummary[]>;
  /** One page of schedulers; `nextToken` is null on the last page. */
  listSchedulers(
    filter: SchedulerListFilter,
  ): Promise<{ schedulers: SchedulerSummary[]; nextToken: string | null }>;
  createScheduler(
    modelName: string,
    settings: SchedulerSettings & { frequency: string; lookbackWindow: string },
    clientToken: string,
  ): Promise<{ status: string }>;
  updateScheduler(modelName: string, settings: SchedulerSettings): Promise<void>;
  startScheduler(modelName: string): Promise<{ status: string }>;
  stopScheduler(modelName: string): Promise<{ status: string }>;
  deleteScheduler(modelName: string): Promise<void>;
  /** Inference executions of one inference scheduler, one page per call. */
  listExecutionPages(
    schedulerName: string,
    options?: { dataStartAfter?: Date; pageSize?: number },
  ): AsyncGenerator<InferenceExecution[]>;
  importVersion(input: ImportVersionInput): Promise<ImportedVersion>;
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

export function toSchedulerSummary(s: RetrainingSchedulerSummary): SchedulerSummary {
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

function schedulerSettings(settings: SchedulerSettings) {
  return {
    RetrainingStartDate: settings.startDate,
    RetrainingFrequency: settings.frequency,
    LookbackWindow: settings.lookbackWindow,
    PromoteMode: settings.promoteMode as ModelPromoteMode | undefined,
  };
}

export function createLookoutOperations(client: LookoutEquipmentClient): LookoutOperations {
  const provider = createLookoutProvider(client);
  return {
    ...provider,
    async *listVersionPages(modelName) {
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListModelVersionsCommand({ ModelName: modelName, MaxResults: MAX_PAGE_SIZE, NextToken: token }),
        );
        yield (page.ModelVersionSummaries ?? []).map(toVersionSummary);
        token = page.NextToken || undefined;
      } while (token);
    },
    async listSchedulers(filter) {
      const page = await client.send(
        new ListRetrainingSchedulersCommand({
          ModelNameBeginsWith: filter.namePrefix,
          Status: filter.status as RetrainingSchedulerStatus | undefined,
          MaxResults: filter.maxResults,
          NextToken: filter.nextToken,
        }),
      );
      return {
        schedulers: (page.RetrainingSchedulerSummaries ?? []).map(toSchedulerSummary),
        nextToken: page.NextToken || null,
      };
    },
    async createScheduler(modelName, settings, clientToken) {
      const created = await client.send(
        new CreateRetrainingSchedulerCommand({
          ModelName: modelName,
          ...schedulerSettings(settings),
          RetrainingFrequency: settings.frequency,
          LookbackWindow: settings.lookbackWindow,
          ClientToken: clientToken,
        }),
      );
      return { status: created.Status ?? 'UNKNOWN' };
    },
    async updateScheduler(modelName, settings) {
      await client.send(
        new UpdateRetrainingSchedulerCommand({ ModelName: modelName, ...schedulerSettings(settings) }),
      );
    },
    async startScheduler(modelName) {
      const started = await client.send(new StartRetrainingSchedulerCommand({ ModelName: modelName }));
      return { status: started.Status ?? 'UNKNOWN' };
    },
    async stopScheduler(modelName) {
      const stopped = await client.send(new StopRetrainingSchedulerCommand({ ModelName: modelName }));
      return { status: stopped.Status ?? 'UNKNOWN' };
    },
    async deleteScheduler(modelName) {
      await client.send(new DeleteRetrainingSchedulerCommand({ ModelName: modelName }));
    },
    async *listExecutionPages(schedulerName, options = {}) {
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListInferenceExecutionsCommand({
            InferenceSchedulerName: schedulerName,
            DataStartTimeAfter: options.dataStartAfter,
            MaxResults: options.pageSize ?? MAX_PAGE_SIZE,
            NextToken: token,
          }),
        );
        yield (page.InferenceExecutionSummaries ?? []).map(toInferenceExecution);
        token = page.NextToken || undefined;
      } while (token);
    },
    async importVersion(input) {
      const imported = await client.send(
        new ImportModelVersionCommand({
          SourceModelVersionArn: input.sourceVersionArn,
          DatasetName: input.datasetName,
          ModelName: input.modelName,
          InferenceDataImportStrategy: input.inferenceDataImportStrategy as
            | InferenceDataImportStrategy
            | undefined,
          RoleArn: input.roleArn,
          ServerSideKmsKeyId: input.kmsKeyId,
          LabelsInputConfiguration: input.labelGroupName
            ? { LabelGroupName: input.labelGroupName }
            : undefined,
          ClientToken: input.clientToken,
        }),
      );
      return {
        modelName: imported.ModelName ?? input.modelName ?? '',
        modelArn: imported.ModelArn ?? null,
        version: num(imported.ModelVersion),
        versionArn: imported.ModelVersionArn ?? null,
        status: imported.Status ?? 'UNKNOWN',
      };
    },
  };
}
