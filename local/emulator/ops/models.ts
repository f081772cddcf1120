// Model operations: creation (training on the simulated clock), description, listing, update and
// deletion.

import { MINUTE_MS } from '../durations.js';
import { conflictError, notFoundError, quotaError, validationError } from '../errors.js';
import { haltInference, syncAccumulated } from '../inference.js';
import { paginate } from '../pagination.js';
import { setRetrainingStatus } from '../retraining.js';
import type { Simulation } from '../simulation.js';
import type {
  DatasetState,
  DiagnosticsConfiguration,
  LabelsInputConfiguration,
  ModelBehaviour,
  ModelConfig,
  ModelState,
  ModelStatus,
  Tag,
  TimeRange,
} from '../state.js';
import { addVersion, beginTraining, isBusy, setModelStatus, splitRange } from '../training.js';
import { describeModel, modelSummary } from '../views.js';
import {
  beginsWith,
  byName,
  checkInlineSchema,
  checkTags,
  type Handler,
  type Input,
  idempotent,
  instant,
  integer,
  requireModel,
  resolveKmsKey,
  structure,
  text,
} from './common.js';

export function checkModelQuota(sim: Simulation): void {
  const quota = sim.settings.modelQuota;
  if (sim.store.models.size >= quota) {
    throw quotaError(`The account already has ${sim.store.models.size} models, the maximum of ${quota}.`);
  }
}

export function defaultBehaviour(sim: Simulation): ModelBehaviour {
  const defaults = sim.settings.defaults;
  return {
    baseMetrics: { ...defaults.baseMetrics },
    trajectory: { ...defaults.trajectory },
    driftPer30Days: defaults.drift,
    trainingMs: defaults.trainingMinutes * MINUTE_MS,
    runs: [],
    runsStarted: 0,
  };
}

/** Creates a model record (no versions yet) and records its first status. */
export function addModel(
  sim: Simulation,
  fields: {
    name: string;
    dataset: DatasetState;
    createdAt: number;
    status: ModelStatus;
    config: ModelConfig;
    behaviour: ModelBehaviour;
    tags: Tag[];
  },
  cause: string,
): ModelState {
  const model: ModelState = {
    name: fields.name,
    arn: sim.newModelArn(fields.name),
    datasetName: fields.dataset.name,
    datasetArn: fields.dataset.arn,
    createdAt: fields.createdAt,
    lastUpdatedTime: fields.createdAt,
    status: fields.status,
    config: fields.config,
    labeled: fields.config.labels !== undefined,
    datasetData: { ...fields.dataset.data },
    versions: [],
    activeTimeline: [],
    behaviour: fields.behaviour,
    tags: fields.tags,
  };
  sim.store.models.set(model.name, model);
  sim.record(
    {
      resource: 'model',
      modelName: model.name,
      modelVersion: null,
      name: model.name,
      field: 'Status',
      from: null,
      to: model.status,
      cause,
    },
    fields.createdAt,
  );
  return model;
}

function trainingRanges(input: Input, data: TimeRange): { training: TimeRange; evaluation?: TimeRange } {
  const trainingStart = instant(input, 'TrainingDataStartTime');
  const trainingEnd = instant(input, 'TrainingDataEndTime');
  const evaluationStart = instant(input, 'EvaluationDataStartTime');
  const evaluationEnd = instant(input, 'EvaluationDataEndTime');
  if (
    trainingStart === undefined &&
    trainingEnd === undefined &&
    evaluationStart === undefined &&
    evaluationEnd === undefined
  ) {
    return splitRange(data);
  }
  const training = { start: trainingStart ?? data.start, end: trainingEnd ?? data.end };
  if (training.end <= training.start)
    throw validationError('TrainingDataEndTime must be after TrainingDataStartTime.');
  if ((evaluationStart === undefined) !== (evaluationEnd === undefined)) {
    throw validationError('EvaluationDataStartTime and EvaluationDataEndTime must be given together.');
  }
  if (evaluationStart === undefined || evaluationEnd === undefined) return { training };
  if (evaluationEnd <= evaluationStart)
    throw validationError('EvaluationDataEndTime must be after EvaluationDataStartTime.');
  if (evaluationStart < training.end)
    throw validationError('The evaluation data range must start after the training data range ends.');
  return { training, evaluation: { start: evaluationStart, end: evaluationEnd } };
}

function modelConfig(sim: Simulation, input: Input, dataset: DatasetState): ModelConfig {
  const config: ModelConfig = {};
  const labels = structure<LabelsInputConfiguration>(input, 'LabelsInputConfiguration');
  if (labels !== undefined) config.labels = labels;
  const roleArn = text(input, 'RoleArn');
  if (roleArn !== undefined) config.roleArn = roleArn;
  const schema =
    checkInlineSchema(structure<{ InlineDataSchema?: string }>(input, 'DatasetSchema')?.InlineDataSchema) ??
    dataset.schema;
  if (schema !== undefined) config.schema = schema;
  const rate = structure<{ TargetSamplingRate?: string }>(
    input,
    'DataPreProcessingConfiguration',
  )?.TargetSamplingRate;
  if (rate !== undefined) config.targetSamplingRate = rate;
  const kms = resolveKmsKey(sim.settings, text(input, 'ServerSideKmsKeyId'));
  if (kms !== undefined) config.kmsKeyArn = kms;
  const offCondition = text(input, 'OffCondition');
  if (offCondition !== undefined) config.offCondition = offCondition;
  const diagnostics = structure<DiagnosticsConfiguration>(input, 'ModelDiagnosticsOutputConfiguration');
  if (diagnostics !== undefined) config.diagnostics = diagnostics;
  return config;
}

const createModel: Handler = (sim, input) =>
  idempotent(sim, 'CreateModel', input, () => {
    const name = text(input, 'ModelName') as string;
    const datasetName = text(input, 'DatasetName') as string;
    const dataset = sim.store.datasets.get(datasetName);
    if (dataset === undefined) throw notFoundError(`Dataset '${datasetName}' does not exist.`);
    if (sim.store.models.has(name)) throw conflictError(`Model '${name}' already exists.`);
    checkModelQuota(sim);
    const ranges = trainingRanges(input, dataset.data);
    const config = modelConfig(sim, input, dataset);
    const tags = checkTags(structure<Tag[]>(input, 'Tags'));
    const model = addModel(
      sim,
      {
        name,
        dataset,
        createdAt: sim.now,
        status: 'IN_PROGRESS',
        config,
        behaviour: defaultBehaviour(sim),
        tags,
      },
      'API',
    );
    const version = addVersion(
      sim,
      model,
      {
        status: 'IN_PROGRESS',
        sourceType: 'TRAINING',
        createdAt: sim.now,
        datasetName: dataset.name,
        datasetArn: dataset.arn,
        config: structuredClone(config),
        labeled: model.labeled,
        training: ranges.training,
        ...(ranges.evaluation === undefined ? {} : { evaluation: ranges.evaluation }),
        trainingExecution: { start: sim.now },
        pending: { kind: 'training' },
      },
      'TRAINING',
    );
    beginTraining(sim, model, version);
    return { ModelArn: model.arn, Status: model.status };
  });

const describe: Handler = (sim, input) => {
  const model = requireModel(sim, text(input, 'ModelName') as string);
  syncAccumulated(sim, model);
  return describeModel(sim, model);
};

const list: Handler = (sim, input) => {
  const filters = {
    status: text(input, 'Status'),
    name: text(input, 'ModelNameBeginsWith'),
    dataset: text(input, 'DatasetNameBeginsWith'),
  };
  const items = [...sim.store.models.values()]
    .filter(
      (model) =>
        (filters.status === undefined || model.status === filters.status) &&
        beginsWith(model.name, filters.name) &&
        beginsWith(model.datasetName, filters.dataset),
    )
    .sort(byName((model) => model.name));
  const page = paginate(
    sim.tokens,
    {
      operation: 'ListModels',
      nextToken: text(input, 'NextToken'),
      maxResults: integer(input, 'MaxResults'),
      filters,
    },
    items,
    { keyOf: (model) => model.name, order: 'asc' },
  );
  return { ModelSummaries: page.items.map((model) => modelSummary(sim, model)), NextToken: page.nextToken };
};

const update: Handler = (sim, input) => {
  const model = requireModel(sim, text(input, 'ModelName') as string);
  if (isBusy(model))
    throw conflictError(`Model '${model.name}' cannot be updated while it is ${model.status}.`);
  const labels = structure<LabelsInputConfiguration>(input, 'LabelsInputConfiguration');
  if (labels !== undefined) {
    model.config.labels = labels;
    model.labeled = true;
  }
  const roleArn = text(input, 'RoleArn');
  if (roleArn !== undefined) model.config.roleArn = roleArn;
  const diagnostics = structure<DiagnosticsConfiguration>(input, 'ModelDiagnosticsOutputConfiguration');
  if (diagnostics !== undefined) model.config.diagnostics = diagnostics;
  model.lastUpdatedTime = sim.now;
  return {};
};

export function deleteModel(sim: Simulation, model: ModelState, cause: string): void {
  const scheduler = sim.store.retrainingSchedulers.get(model.name);
  if (scheduler !== undefined) {
    setRetrainingStatus(sim, scheduler, 'DELETED', 'MODEL_DELETED');
    sim.store.retrainingSchedulers.delete(model.name);
  }
  for (const inference of sim.store.inferenceSchedulersOf(model.name)) {
    if (inference.status !== 'STOPPED') haltInference(sim, inference, 'MODEL_DELETED');
  }
  setModelStatus(sim, model, 'DELETED', cause);
  sim.store.models.delete(model.name);
}

/**
 * The API reference lists DeleteModel's ConflictException, and clients delete the inference scheduler
 * first (a model with one "remains undeleted"): refused while an inference scheduler exists, in any
 * status, or while the retraining scheduler is not STOPPED (a STOPPED one is deleted with the model).
 */
function deletionConflict(sim: Simulation, model: ModelState): string | undefined {
  if (isBusy(model)) return `Model '${model.name}' cannot be deleted while it is ${model.status}.`;
  const inference = sim.store.inferenceSchedulersOf(model.name).find((s) => s.modelArn === model.arn);
  if (inference !== undefined) {
    return `Model '${model.name}' has inference scheduler '${inference.name}' (${inference.status}); stop and delete it before deleting the model.`;
  }
  const scheduler = sim.store.retrainingSchedulers.get(model.name);
  if (scheduler !== undefined && scheduler.status !== 'STOPPED') {
    return `Model '${model.name}' has a retraining scheduler in status ${scheduler.status}; stop it (and wait for STOPPED) before deleting the model.`;
  }
  return undefined;
}

const remove: Handler = (sim, input) => {
  const model = requireModel(sim, text(input, 'ModelName') as string);
  const conflict = deletionConflict(sim, model);
  if (conflict !== undefined) throw conflictError(conflict);
  deleteModel(sim, model, 'API');
  return {};
};

export const modelOperations: Record<string, Handler> = {
  CreateModel: createModel,
  DescribeModel: describe,
  ListModels: list,
  UpdateModel: update,
  DeleteModel: remove,
};
