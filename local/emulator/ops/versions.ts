// Model version operations: listing with every filter, description, activation and import.

import { parseModelVersionArn } from '../arns.js';
import { addDuration, parseDuration } from '../durations.js';
import { conflictError, notFoundError, validationError } from '../errors.js';
import { syncAccumulated } from '../inference.js';
import { paginate } from '../pagination.js';
import { noise } from '../random.js';
import type { Simulation } from '../simulation.js';
import type {
  DatasetState,
  ImportStrategy,
  LabelsInputConfiguration,
  ModelState,
  ModelVersionState,
  Tag,
} from '../state.js';
import { activateVersion, addVersion, beginImport, isBusy, setModelStatus, versionOf } from '../training.js';
import { describeVersion, versionSummary } from '../views.js';
import {
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
import { addModel, checkModelQuota } from './models.js';

function requireVersion(model: ModelState, version: number): ModelVersionState {
  const state = versionOf(model, version);
  if (state === undefined) throw notFoundError(`Model '${model.name}' has no version ${version}.`);
  return state;
}

const list: Handler = (sim, input) => {
  const model = requireModel(sim, text(input, 'ModelName') as string);
  const filters = {
    model: model.arn,
    status: text(input, 'Status'),
    sourceType: text(input, 'SourceType'),
    createdAfter: instant(input, 'CreatedAtStartTime'),
    createdBefore: instant(input, 'CreatedAtEndTime'),
    min: integer(input, 'MinModelVersion'),
    max: integer(input, 'MaxModelVersion'),
  };
  // The docs do not say whether the bounds are inclusive: the listFilterBounds knob decides.
  const inclusive = sim.knobsFor(model.name).listFilterBounds === 'inclusive';
  const atLeast = (value: number, bound: number | undefined) =>
    bound === undefined || value > bound || (inclusive && value === bound);
  const atMost = (value: number, bound: number | undefined) =>
    bound === undefined || value < bound || (inclusive && value === bound);
  const items = model.versions
    .filter(
      (v) =>
        (filters.status === undefined || v.status === filters.status) &&
        (filters.sourceType === undefined || v.sourceType === filters.sourceType) &&
        atLeast(v.createdAt, filters.createdAfter) &&
        atMost(v.createdAt, filters.createdBefore) &&
        atLeast(v.version, filters.min) &&
        atMost(v.version, filters.max),
    )
    .reverse();
  const page = paginate(
    sim.tokens,
    {
      operation: 'ListModelVersions',
      nextToken: text(input, 'NextToken'),
      maxResults: integer(input, 'MaxResults'),
      filters,
    },
    items,
    { keyOf: (v) => v.version, order: 'desc' },
  );
  return {
    ModelVersionSummaries: page.items.map((v) => versionSummary(model, v)),
    NextToken: page.nextToken,
  };
};

const describe: Handler = (sim, input) => {
  const model = requireModel(sim, text(input, 'ModelName') as string);
  const version = requireVersion(model, integer(input, 'ModelVersion') as number);
  // Read-after-write: a version a retraining run just created may not be readable yet (a knob).
  const lag = sim.knobsFor(model.name).readAfterWriteLag;
  if (version.sourceType === 'RETRAINING' && sim.now < addDuration(version.createdAt, parseDuration(lag))) {
    throw notFoundError(`Model '${model.name}' has no version ${version.version}.`);
  }
  return describeVersion(sim, model, version);
};

function activationResponse(model: ModelState): Record<string, unknown> {
  const previous = model.previousActiveVersion;
  const current = model.activeVersion as number;
  return {
    ModelName: model.name,
    ModelArn: model.arn,
    CurrentActiveVersion: current,
    PreviousActiveVersion: previous,
    CurrentActiveVersionArn: versionOf(model, current)?.arn,
    PreviousActiveVersionArn: previous === undefined ? undefined : versionOf(model, previous)?.arn,
  };
}

const updateActive: Handler = (sim, input) => {
  const model = requireModel(sim, text(input, 'ModelName') as string);
  if (isBusy(model)) {
    throw conflictError(
      `Model '${model.name}' is ${model.status}; its active version cannot change until that finishes.`,
    );
  }
  const version = requireVersion(model, integer(input, 'ModelVersion') as number);
  if (version.status !== 'SUCCESS') {
    throw validationError(
      `Model version ${version.version} of '${model.name}' has status ${version.status}; only a SUCCESS version can be activated.`,
    );
  }
  activateVersion(sim, model, version.version, 'API');
  return activationResponse(model);
};

interface ImportFields {
  datasetName: string;
  datasetArn: string;
  labels?: LabelsInputConfiguration;
  roleArn?: string;
  kmsKeyArn?: string;
}

/** What one ImportModelVersion call copies, from where, and how it treats inference data. */
interface ImportPlan {
  source: { model: ModelState; version: ModelVersionState };
  fields: ImportFields;
  strategy: ImportStrategy;
  newModel: boolean;
}

function importInto(
  sim: Simulation,
  target: ModelState,
  { source, fields, strategy, newModel }: ImportPlan,
): ModelVersionState {
  syncAccumulated(sim, source.model);
  const config = structuredClone(source.version.config);
  if (fields.labels !== undefined) config.labels = fields.labels;
  if (fields.roleArn !== undefined) config.roleArn = fields.roleArn;
  if (fields.kmsKeyArn !== undefined) config.kmsKeyArn = fields.kmsKeyArn;
  const copied = source.version;
  const version = addVersion(
    sim,
    target,
    {
      status: 'IMPORT_IN_PROGRESS',
      sourceType: 'IMPORT',
      createdAt: sim.now,
      datasetName: fields.datasetName,
      datasetArn: fields.datasetArn,
      config,
      labeled: copied.labeled,
      ...(copied.training === undefined ? {} : { training: { ...copied.training } }),
      ...(copied.evaluation === undefined ? {} : { evaluation: { ...copied.evaluation } }),
      ...(copied.trainingExecution === undefined
        ? {}
        : { trainingExecution: { ...copied.trainingExecution } }),
      ...(copied.metrics === undefined ? {} : { metrics: { ...copied.metrics } }),
      ...(copied.modelQuality === undefined ? {} : { modelQuality: copied.modelQuality }),
      sourceModelVersionArn: copied.arn,
      importJob: { start: sim.now },
      importedDataSizeInBytes: 1_000_000 + Math.floor(noise(copied.arn, sim.now) * 500_000_000),
      pending: {
        kind: 'import',
        strategy,
        sourceAccumulated: source.model.accumulated?.map((range) => ({ ...range })),
        newModel,
      },
    },
    'IMPORT',
  );
  setModelStatus(sim, target, 'IMPORT_IN_PROGRESS', 'IMPORT');
  beginImport(sim, target, version);
  return version;
}

function findSourceVersion(sim: Simulation, arn: string): { model: ModelState; version: ModelVersionState } {
  const parsed = parseModelVersionArn(arn);
  const model = parsed === undefined ? undefined : sim.store.models.get(parsed.modelName);
  const version =
    model !== undefined && model.arn === parsed?.modelArn ? versionOf(model, parsed.version) : undefined;
  if (model === undefined || version === undefined)
    throw notFoundError(`Source model version '${arn}' does not exist.`);
  if (version.status !== 'SUCCESS') {
    throw validationError(
      `Source model version '${arn}' has status ${version.status}; only a SUCCESS version can be imported.`,
    );
  }
  return { model, version };
}

function readImportFields(sim: Simulation, input: Input, dataset: DatasetState): ImportFields {
  const labels = structure<LabelsInputConfiguration>(input, 'LabelsInputConfiguration');
  const roleArn = text(input, 'RoleArn');
  const kmsKeyArn = resolveKmsKey(sim.settings, text(input, 'ServerSideKmsKeyId'));
  return {
    datasetName: dataset.name,
    datasetArn: dataset.arn,
    ...(labels === undefined ? {} : { labels }),
    ...(roleArn === undefined ? {} : { roleArn }),
    ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
  };
}

/** Creates the model an import names when it does not exist yet, carrying the source's behaviour. */
function createImportTarget(
  sim: Simulation,
  name: string,
  source: ImportPlan['source'],
  into: { dataset: DatasetState; labels: LabelsInputConfiguration | undefined; tags: Tag[] },
): ModelState {
  const { dataset, labels, tags } = into;
  checkModelQuota(sim);
  const config = structuredClone(source.version.config);
  if (labels !== undefined) config.labels = labels;
  const target = addModel(
    sim,
    {
      name,
      dataset,
      createdAt: sim.now,
      status: 'IMPORT_IN_PROGRESS',
      config,
      behaviour: { ...structuredClone(source.model.behaviour), runs: [], runsStarted: 0 },
      tags,
    },
    'IMPORT',
  );
  target.labeled = source.version.labeled;
  return target;
}

const importVersion: Handler = (sim, input) =>
  idempotent(sim, 'ImportModelVersion', input, () => {
    const source = findSourceVersion(sim, text(input, 'SourceModelVersionArn') as string);
    const datasetName = text(input, 'DatasetName') as string;
    const dataset = sim.store.datasets.get(datasetName);
    if (dataset === undefined) throw notFoundError(`Dataset '${datasetName}' does not exist.`);
    const targetName = text(input, 'ModelName') ?? source.model.name;
    const strategy = (text(input, 'InferenceDataImportStrategy') ?? 'NO_IMPORT') as ImportStrategy;
    const fields = readImportFields(sim, input, dataset);
    const tags = checkTags(structure<Tag[]>(input, 'Tags'));
    const existing = sim.store.models.get(targetName);
    if (existing !== undefined && isBusy(existing)) {
      throw conflictError(
        `Model '${targetName}' is ${existing.status}; wait for it to finish before importing into it.`,
      );
    }
    const target =
      existing ?? createImportTarget(sim, targetName, source, { dataset, labels: fields.labels, tags });
    const version = importInto(sim, target, { source, fields, strategy, newModel: existing === undefined });
    return {
      ModelName: target.name,
      ModelArn: target.arn,
      ModelVersionArn: version.arn,
      ModelVersion: version.version,
      Status: version.status,
    };
  });

export const versionOperations: Record<string, Handler> = {
  ListModelVersions: list,
  DescribeModelVersion: describe,
  UpdateActiveModelVersion: updateActive,
  ImportModelVersion: importVersion,
};
