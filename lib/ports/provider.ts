// The provider port: what the use-cases need of an anomaly-detection service (models, versions, their
// retraining schedule, activation), in the core's words. One adapter per provider implements it.
import type {
  ModelDetail,
  ModelSummary,
  RetrainingSchedule,
  VersionDetail,
  VersionSummary,
} from '../core/model.js';

/**
 * How a provider names its models, answered without calling it: a model ARN is the provider's own
 * format, so only its adapter reads one.
 */
export interface ModelNaming {
  /** Whether the provider accepts `name` as a model name. */
  isModelName(name: string): boolean;
  /** The name of the model `arn` is the ARN of; null when it is not the ARN of one of the provider's models. */
  modelNameOf(arn: string): string | null;
}

export interface ModelProvider extends ModelNaming {
  /** Every model, one page per provider call. */
  listModelPages(): AsyncGenerator<ModelSummary[]>;
  /** null when the model does not exist. */
  describeModel(name: string): Promise<ModelDetail | null>;
  /** null when the version does not exist (or cannot be read yet). */
  describeVersion(name: string, version: number): Promise<VersionDetail | null>;
  /** null when the model has no retraining schedule. */
  describeRetrainingSchedule(name: string): Promise<RetrainingSchedule | null>;
  /** Makes `version` the model's active version; the active versions before and after. */
  activateVersion(
    name: string,
    version: number,
  ): Promise<{ previous: number | null; current: number | null }>;
  /** Every version of the model, in no particular order. */
  listVersions(name: string): Promise<VersionSummary[]>;
  /** Whether a call that threw `error` may succeed if made again (a conflict, throttling, a fault). */
  isRetryable(error: unknown): boolean;
}

export interface RetrainingScheduleSummary {
  modelName: string;
  modelArn: string | null;
  status: string;
  startDate: string | null;
  frequency: string | null;
  lookbackWindow: string | null;
}

export interface RetrainingScheduleFilter {
  namePrefix?: string;
  status?: string;
  maxResults?: number;
  nextToken?: string;
}

export interface RetrainingScheduleSettings {
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

/**
 * The operations CLI's view of a provider: everything the use-cases read, plus managing retraining
 * schedules, paging versions, inference executions and imports. Errors propagate unchanged so the
 * caller can say what to do about each one.
 */
export interface ModelOperations extends ModelProvider {
  /** Every version of a model, one page per call. */
  listVersionPages(modelName: string): AsyncGenerator<VersionSummary[]>;
  /** One page of retraining schedules; `nextToken` is null on the last page. */
  listRetrainingSchedules(
    filter: RetrainingScheduleFilter,
  ): Promise<{ schedules: RetrainingScheduleSummary[]; nextToken: string | null }>;
  createRetrainingSchedule(
    modelName: string,
    settings: RetrainingScheduleSettings & { frequency: string; lookbackWindow: string },
    clientToken: string,
  ): Promise<{ status: string }>;
  updateRetrainingSchedule(modelName: string, settings: RetrainingScheduleSettings): Promise<void>;
  startRetrainingSchedule(modelName: string): Promise<{ status: string }>;
  stopRetrainingSchedule(modelName: string): Promise<{ status: string }>;
  deleteRetrainingSchedule(modelName: string): Promise<void>;
  /** Inference executions of one inference scheduler, one page per call. */
  listExecutionPages(
    schedulerName: string,
    options?: { dataStartAfter?: Date; pageSize?: number },
  ): AsyncGenerator<InferenceExecution[]>;
  importVersion(input: ImportVersionInput): Promise<ImportedVersion>;
}
