// The emulated account's resources. Plain records owned by the simulation; the wire shapes are produced
// from them by views.ts.

import type { BaseMetrics, MetricValues, ModelQuality, Trajectory } from './metrics-generator.js';
import type { ParsedRunSpec } from './scenario.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface S3Location {
  Bucket: string;
  Prefix?: string;
}

export interface LabelsInputConfiguration {
  S3InputConfiguration?: S3Location;
  LabelGroupName?: string;
}

export interface DiagnosticsConfiguration {
  S3OutputConfiguration: S3Location;
  KmsKeyId?: string;
}

export type ModelStatus = 'IN_PROGRESS' | 'SUCCESS' | 'FAILED' | 'IMPORT_IN_PROGRESS';
export type ModelVersionStatus = ModelStatus | 'CANCELED';
export type SourceType = 'TRAINING' | 'RETRAINING' | 'IMPORT';
export type SchedulerStatus = 'PENDING' | 'RUNNING' | 'STOPPING' | 'STOPPED';
export type PromoteMode = 'MANAGED' | 'MANUAL';
export type AutoPromotionResult =
  | 'MODEL_PROMOTED'
  | 'MODEL_NOT_PROMOTED'
  | 'RETRAINING_INTERNAL_ERROR'
  | 'RETRAINING_CUSTOMER_ERROR'
  | 'RETRAINING_CANCELLED';
export type ImportStrategy = 'NO_IMPORT' | 'ADD_WHEN_EMPTY' | 'OVERWRITE';

export interface TimeRange {
  start: number;
  end: number;
}

export interface DatasetState {
  name: string;
  arn: string;
  createdAt: number;
  updatedAt: number;
  data: TimeRange;
  schema?: string;
  kmsKeyArn?: string;
  fileCount: number;
  tags: Tag[];
}

/** Configuration a model carries and each new version snapshots. */
export interface ModelConfig {
  labels?: LabelsInputConfiguration;
  roleArn?: string;
  schema?: string;
  targetSamplingRate?: string;
  kmsKeyArn?: string;
  offCondition?: string;
  diagnostics?: DiagnosticsConfiguration;
}

/** How the simulation makes this model's versions behave. */
export interface ModelBehaviour {
  baseMetrics: BaseMetrics;
  trajectory: Trajectory;
  driftPer30Days: number;
  trainingMs: number;
  /** Run specs not yet consumed, in order. */
  runs: ParsedRunSpec[];
  /** Retraining runs started so far (the next run's 1-based index is this + 1). */
  runsStarted: number;
}

export type PendingWork =
  | { kind: 'training' }
  | { kind: 'retraining'; spec: ParsedRunSpec | undefined; runIndex: number; promoteMode: PromoteMode }
  | {
      kind: 'import';
      strategy: ImportStrategy;
      sourceAccumulated: TimeRange[] | undefined;
      newModel: boolean;
    };

export interface ModelVersionState {
  version: number;
  arn: string;
  status: ModelVersionStatus;
  sourceType: SourceType;
  createdAt: number;
  lastUpdatedTime: number;
  datasetName: string;
  datasetArn: string;
  config: ModelConfig;
  labeled: boolean;
  training?: TimeRange;
  evaluation?: TimeRange;
  trainingExecution?: { start: number; end?: number };
  failedReason?: string;
  metrics?: MetricValues;
  priorMetrics?: MetricValues;
  modelQuality?: ModelQuality;
  retrainingAvailableDataInDays?: number;
  autoPromotionResult?: AutoPromotionResult;
  autoPromotionResultReason?: string;
  sourceModelVersionArn?: string;
  importJob?: { start: number; end?: number };
  importedDataSizeInBytes?: number;
  pending?: PendingWork;
  /** A promotion result decided at SUCCESS and published later (the promotionResultLag knob). */
  pendingPromotion?: { result: AutoPromotionResult; reason: string; promote: boolean; promoteMode: string };
}

export interface ModelState {
  name: string;
  arn: string;
  datasetName: string;
  datasetArn: string;
  createdAt: number;
  lastUpdatedTime: number;
  status: ModelStatus;
  failedReason?: string;
  config: ModelConfig;
  labeled: boolean;
  /** The dataset's data range when the model was created; retraining keeps using it. */
  datasetData: TimeRange;
  versions: ModelVersionState[];
  activeVersion?: number;
  activatedAt?: number;
  previousActiveVersion?: number;
  previousActivatedAt?: number;
  /** Which version was active from when, for inference executions computed after the fact. */
  activeTimeline: Array<{ at: number; version: number }>;
  /** Accumulated inference data: the data of successful executions, merged, in time order. */
  accumulated?: TimeRange[];
  behaviour: ModelBehaviour;
  tags: Tag[];
}

export interface RetrainingSchedulerState {
  modelName: string;
  modelArn: string;
  createdAt: number;
  updatedAt: number;
  /** RetrainingStartDate as given, truncated to the UTC day. */
  startDate?: number;
  /** Instant of run 0 of the series; set when the scheduler first starts. */
  anchor?: number;
  frequency: string;
  lookback: string;
  promoteMode: PromoteMode;
  status: SchedulerStatus;
  nextRunAt?: number;
  nextRunIndex?: number;
  runningVersion?: number;
  /** PENDING after a start request, until the start settles into RUNNING. */
  starting?: boolean;
  /** Bumped whenever pending timed work becomes stale. */
  ticket: number;
}

export interface InferenceS3Configuration {
  S3InputConfiguration?: S3Location;
  InputTimeZoneOffset?: string;
  InferenceInputNameConfiguration?: { TimestampFormat?: string; ComponentTimestampDelimiter?: string };
}

export interface InferenceOutputConfiguration {
  S3OutputConfiguration: S3Location;
  KmsKeyId?: string;
}

/** A stretch of time the scheduler ran with one configuration. */
export interface RunningPeriod {
  from: number;
  to?: number;
  frequencyMs: number;
  offsetMs: number;
}

export interface InferenceSchedulerState {
  name: string;
  arn: string;
  modelName: string;
  modelArn: string;
  createdAt: number;
  updatedAt: number;
  status: SchedulerStatus;
  frequency: string;
  delayOffsetMinutes: number;
  input: InferenceS3Configuration;
  output: InferenceOutputConfiguration;
  roleArn: string;
  kmsKeyArn?: string;
  tags: Tag[];
  periods: RunningPeriod[];
  /** The model's active-version history (kept even if the model is deleted, for past executions). */
  timeline: Array<{ at: number; version: number }>;
  /** Executions up to this instant are already counted in the model's accumulated data. */
  syncedUntil: number;
  failureRate: number;
  ticket: number;
}

export class Store {
  readonly datasets = new Map<string, DatasetState>();
  readonly models = new Map<string, ModelState>();
  readonly retrainingSchedulers = new Map<string, RetrainingSchedulerState>();
  readonly inferenceSchedulers = new Map<string, InferenceSchedulerState>();

  modelByArn(arn: string): ModelState | undefined {
    for (const model of this.models.values()) if (model.arn === arn) return model;
    return undefined;
  }

  readonly #inferenceByModel = new Map<string, Set<string>>();

  addInferenceScheduler(scheduler: InferenceSchedulerState): void {
    this.inferenceSchedulers.set(scheduler.name, scheduler);
    const names = this.#inferenceByModel.get(scheduler.modelName) ?? new Set<string>();
    names.add(scheduler.name);
    this.#inferenceByModel.set(scheduler.modelName, names);
  }

  removeInferenceScheduler(scheduler: InferenceSchedulerState): void {
    this.inferenceSchedulers.delete(scheduler.name);
    this.#inferenceByModel.get(scheduler.modelName)?.delete(scheduler.name);
  }

  inferenceSchedulersOf(modelName: string): InferenceSchedulerState[] {
    const names = this.#inferenceByModel.get(modelName);
    if (names === undefined) return [];
    return [...names].flatMap((name) => {
      const scheduler = this.inferenceSchedulers.get(name);
      return scheduler === undefined ? [] : [scheduler];
    });
  }

  /** The taggable resource with this ARN, if any. */
  taggable(arn: string): { tags: Tag[] } | undefined {
    for (const dataset of this.datasets.values()) if (dataset.arn === arn) return dataset;
    const model = this.modelByArn(arn);
    if (model !== undefined) return model;
    for (const scheduler of this.inferenceSchedulers.values()) if (scheduler.arn === arn) return scheduler;
    return undefined;
  }
}
