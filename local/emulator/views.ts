// Wire shapes of the resources (DescribeX responses and list summaries). Timestamps are epoch seconds;
// members without a value are omitted, as the service omits them.

import { partitionOf } from './arns.js';
import { accumulatedSpan, type Execution, latestInferenceResult } from './inference.js';
import { renderMetricsJson } from './metrics-generator.js';
import type { Simulation } from './simulation.js';
import type {
  DatasetState,
  InferenceSchedulerState,
  ModelState,
  ModelVersionState,
  RetrainingSchedulerState,
} from './state.js';
import { latestRetrainingVersion, metricsSeedKey, versionOf } from './training.js';

type Wire = Record<string, unknown>;

export const seconds = (epochMs: number | undefined): number | undefined =>
  epochMs === undefined ? undefined : epochMs / 1000;

function compact(record: Wire): Wire {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record;
}

export function datasetSummary(dataset: DatasetState): Wire {
  return {
    DatasetName: dataset.name,
    DatasetArn: dataset.arn,
    Status: 'ACTIVE',
    CreatedAt: seconds(dataset.createdAt),
  };
}

export function describeDataset(sim: Simulation, dataset: DatasetState): Wire {
  const bucket = `l4e-emulator-${sim.settings.accountId}`;
  return compact({
    ...datasetSummary(dataset),
    LastUpdatedAt: seconds(dataset.updatedAt),
    Schema: dataset.schema,
    ServerSideKmsKeyId: dataset.kmsKeyArn,
    IngestionInputConfiguration: {
      S3InputConfiguration: { Bucket: bucket, Prefix: `datasets/${dataset.name}/` },
    },
    DataQualitySummary: {
      InsufficientSensorData: {
        MissingCompleteSensorData: { AffectedSensorCount: 0 },
        SensorsWithShortDateRange: { AffectedSensorCount: 0 },
      },
      MissingSensorData: { AffectedSensorCount: 0, TotalNumberOfMissingValues: 0 },
      InvalidSensorData: { AffectedSensorCount: 0, TotalNumberOfInvalidValues: 0 },
      UnsupportedTimestamps: { TotalNumberOfUnsupportedTimestamps: 0 },
      DuplicateTimestamps: { TotalNumberOfDuplicateTimestamps: 0 },
    },
    IngestedFilesSummary: { TotalNumberOfFiles: dataset.fileCount, IngestedNumberOfFiles: dataset.fileCount },
    RoleArn: `arn:${partitionOf(sim.settings.region)}:iam::${sim.settings.accountId}:role/L4EEmulatorIngestionRole`,
    DataStartTime: seconds(dataset.data.start),
    DataEndTime: seconds(dataset.data.end),
  });
}

function metricsJson(
  sim: Simulation,
  version: ModelVersionState,
  which: 'metrics' | 'priorMetrics',
): string | undefined {
  const values = version[which];
  if (values === undefined) return undefined;
  const window = version.evaluation ??
    version.training ?? { start: version.createdAt - 30 * 86_400_000, end: version.createdAt };
  const key = metricsSeedKey(sim, version);
  return renderMetricsJson(values, window, key, `${key}:${which}`);
}

function retrainingFields(sim: Simulation, model: ModelState): Wire {
  const latest = latestRetrainingVersion(model);
  const scheduler = sim.store.retrainingSchedulers.get(model.name);
  return {
    LatestScheduledRetrainingStatus: latest?.status,
    LatestScheduledRetrainingModelVersion: latest?.version,
    LatestScheduledRetrainingStartTime: seconds(latest?.trainingExecution?.start ?? latest?.createdAt),
    NextScheduledRetrainingStartDate:
      scheduler?.status === 'RUNNING' ? seconds(scheduler.nextRunAt) : undefined,
    RetrainingSchedulerStatus: scheduler?.status,
  };
}

function activeVersionOf(model: ModelState): ModelVersionState | undefined {
  return model.activeVersion === undefined ? undefined : versionOf(model, model.activeVersion);
}

export function modelSummary(sim: Simulation, model: ModelState): Wire {
  const active = activeVersionOf(model);
  return compact({
    ModelName: model.name,
    ModelArn: model.arn,
    DatasetName: model.datasetName,
    DatasetArn: model.datasetArn,
    Status: model.status,
    CreatedAt: seconds(model.createdAt),
    ActiveModelVersion: model.activeVersion,
    ActiveModelVersionArn: active?.arn,
    ...retrainingFields(sim, model),
    ModelDiagnosticsOutputConfiguration: model.config.diagnostics,
    ModelQuality: active?.modelQuality,
  });
}

function trainingWindows(version: ModelVersionState | undefined): Wire {
  return {
    TrainingDataStartTime: seconds(version?.training?.start),
    TrainingDataEndTime: seconds(version?.training?.end),
    EvaluationDataStartTime: seconds(version?.evaluation?.start),
    EvaluationDataEndTime: seconds(version?.evaluation?.end),
  };
}

export function describeModel(sim: Simulation, model: ModelState): Wire {
  const active = activeVersionOf(model);
  // Before the first version finishes, the model describes the version being built.
  const shown = active ?? model.versions[model.versions.length - 1];
  const latest = latestRetrainingVersion(model);
  const previous =
    model.previousActiveVersion === undefined ? undefined : versionOf(model, model.previousActiveVersion);
  return compact({
    ModelName: model.name,
    ModelArn: model.arn,
    DatasetName: model.datasetName,
    DatasetArn: model.datasetArn,
    Schema: model.config.schema,
    LabelsInputConfiguration: model.config.labels,
    ...trainingWindows(shown),
    RoleArn: model.config.roleArn,
    DataPreProcessingConfiguration:
      model.config.targetSamplingRate === undefined
        ? undefined
        : { TargetSamplingRate: model.config.targetSamplingRate },
    Status: model.status,
    TrainingExecutionStartTime: seconds(shown?.trainingExecution?.start),
    TrainingExecutionEndTime: seconds(shown?.trainingExecution?.end),
    FailedReason: model.status === 'FAILED' ? model.failedReason : undefined,
    ModelMetrics: active === undefined ? undefined : metricsJson(sim, active, 'metrics'),
    LastUpdatedTime: seconds(model.lastUpdatedTime),
    CreatedAt: seconds(model.createdAt),
    ServerSideKmsKeyId: model.config.kmsKeyArn,
    OffCondition: model.config.offCondition,
    SourceModelVersionArn: active?.sourceModelVersionArn,
    ImportJobStartTime: seconds(active?.importJob?.start),
    ImportJobEndTime: seconds(active?.importJob?.end),
    ActiveModelVersion: model.activeVersion,
    ActiveModelVersionArn: active?.arn,
    ModelVersionActivatedAt: seconds(model.activatedAt),
    PreviousActiveModelVersion: model.previousActiveVersion,
    PreviousActiveModelVersionArn: previous?.arn,
    PreviousModelVersionActivatedAt: seconds(model.previousActivatedAt),
    PriorModelMetrics: active === undefined ? undefined : metricsJson(sim, active, 'priorMetrics'),
    LatestScheduledRetrainingFailedReason: latest?.status === 'FAILED' ? latest.failedReason : undefined,
    LatestScheduledRetrainingAvailableDataInDays: latest?.retrainingAvailableDataInDays,
    ...retrainingFields(sim, model),
    AccumulatedInferenceDataStartTime: seconds(accumulatedSpan(model.accumulated)?.start),
    AccumulatedInferenceDataEndTime: seconds(accumulatedSpan(model.accumulated)?.end),
    ModelDiagnosticsOutputConfiguration: model.config.diagnostics,
    ModelQuality: active?.modelQuality,
  });
}

export function versionSummary(model: ModelState, version: ModelVersionState): Wire {
  return compact({
    ModelName: model.name,
    ModelArn: model.arn,
    ModelVersion: version.version,
    ModelVersionArn: version.arn,
    CreatedAt: seconds(version.createdAt),
    Status: version.status,
    SourceType: version.sourceType,
    ModelQuality: version.modelQuality,
  });
}

function diagnosticsObject(model: ModelState, version: ModelVersionState): Wire | undefined {
  const target = version.config.diagnostics?.S3OutputConfiguration;
  if (target === undefined || version.status !== 'SUCCESS') return undefined;
  return {
    Bucket: target.Bucket,
    Key: `${target.Prefix ?? ''}${model.name}/model-version/${version.version}/diagnostics.json.gz`,
  };
}

export function describeVersion(sim: Simulation, model: ModelState, version: ModelVersionState): Wire {
  return compact({
    ModelName: model.name,
    ModelArn: model.arn,
    ModelVersion: version.version,
    ModelVersionArn: version.arn,
    Status: version.status,
    SourceType: version.sourceType,
    DatasetName: version.datasetName,
    DatasetArn: version.datasetArn,
    Schema: version.config.schema,
    LabelsInputConfiguration: version.config.labels,
    ...trainingWindows(version),
    RoleArn: version.config.roleArn,
    DataPreProcessingConfiguration:
      version.config.targetSamplingRate === undefined
        ? undefined
        : { TargetSamplingRate: version.config.targetSamplingRate },
    TrainingExecutionStartTime: seconds(version.trainingExecution?.start),
    TrainingExecutionEndTime: seconds(version.trainingExecution?.end),
    FailedReason: version.failedReason,
    ModelMetrics: metricsJson(sim, version, 'metrics'),
    LastUpdatedTime: seconds(version.lastUpdatedTime),
    CreatedAt: seconds(version.createdAt),
    ServerSideKmsKeyId: version.config.kmsKeyArn,
    OffCondition: version.config.offCondition,
    SourceModelVersionArn: version.sourceModelVersionArn,
    ImportJobStartTime: seconds(version.importJob?.start),
    ImportJobEndTime: seconds(version.importJob?.end),
    ImportedDataSizeInBytes: version.importedDataSizeInBytes,
    PriorModelMetrics: metricsJson(sim, version, 'priorMetrics'),
    RetrainingAvailableDataInDays: version.retrainingAvailableDataInDays,
    AutoPromotionResult: version.autoPromotionResult,
    AutoPromotionResultReason: version.autoPromotionResultReason,
    ModelDiagnosticsOutputConfiguration: version.config.diagnostics,
    ModelDiagnosticsResultsObject: diagnosticsObject(model, version),
    ModelQuality: version.modelQuality,
  });
}

/** RetrainingStartDate as given, or once started the anchor the scheduler chose. */
function retrainingStartDate(scheduler: RetrainingSchedulerState): number | undefined {
  return scheduler.startDate ?? scheduler.anchor;
}

export function retrainingSchedulerSummary(scheduler: RetrainingSchedulerState): Wire {
  return compact({
    ModelName: scheduler.modelName,
    ModelArn: scheduler.modelArn,
    Status: scheduler.status,
    RetrainingStartDate: seconds(retrainingStartDate(scheduler)),
    RetrainingFrequency: scheduler.frequency,
    LookbackWindow: scheduler.lookback,
  });
}

export function describeRetrainingScheduler(scheduler: RetrainingSchedulerState): Wire {
  return compact({
    ...retrainingSchedulerSummary(scheduler),
    PromoteMode: scheduler.promoteMode,
    CreatedAt: seconds(scheduler.createdAt),
    UpdatedAt: seconds(scheduler.updatedAt),
  });
}

export function inferenceSchedulerSummary(sim: Simulation, scheduler: InferenceSchedulerState): Wire {
  return compact({
    ModelName: scheduler.modelName,
    ModelArn: scheduler.modelArn,
    InferenceSchedulerName: scheduler.name,
    InferenceSchedulerArn: scheduler.arn,
    Status: scheduler.status,
    DataDelayOffsetInMinutes: scheduler.delayOffsetMinutes,
    DataUploadFrequency: scheduler.frequency,
    LatestInferenceResult: latestInferenceResult(scheduler, sim.now),
  });
}

export function describeInferenceScheduler(sim: Simulation, scheduler: InferenceSchedulerState): Wire {
  return compact({
    ...inferenceSchedulerSummary(sim, scheduler),
    CreatedAt: seconds(scheduler.createdAt),
    UpdatedAt: seconds(scheduler.updatedAt),
    DataInputConfiguration: scheduler.input,
    DataOutputConfiguration: scheduler.output,
    RoleArn: scheduler.roleArn,
    ServerSideKmsKeyId: scheduler.kmsKeyArn,
  });
}

function resultKey(prefix: string | undefined, at: number): string {
  const stamp = new Date(at).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `${prefix ?? ''}${stamp}/results.jsonl`;
}

export function executionSummary(scheduler: InferenceSchedulerState, execution: Execution): Wire {
  const output = scheduler.output.S3OutputConfiguration;
  return compact({
    ModelName: scheduler.modelName,
    ModelArn: scheduler.modelArn,
    InferenceSchedulerName: scheduler.name,
    InferenceSchedulerArn: scheduler.arn,
    ScheduledStartTime: seconds(execution.scheduledStart),
    DataStartTime: seconds(execution.dataStart),
    DataEndTime: seconds(execution.dataEnd),
    DataInputConfiguration: scheduler.input,
    DataOutputConfiguration: scheduler.output,
    CustomerResultObject:
      execution.status === 'SUCCESS'
        ? { Bucket: output.Bucket, Key: resultKey(output.Prefix, execution.scheduledStart) }
        : undefined,
    Status: execution.status,
    FailedReason: execution.failedReason,
    ModelVersion: execution.modelVersion,
    ModelVersionArn: execution.modelVersionArn,
  });
}
