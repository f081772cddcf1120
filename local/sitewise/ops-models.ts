// Computation models: create, describe, list, update, delete, the assets a model bound at asset-model
// level resolves to, and the execution summary. A model is CREATING/UPDATING/DELETING for the `settle`
// knob's time, and only an ACTIVE model takes actions.

import { alreadyExists, conflict, invalidRequest, notFound } from './errors.js';
import { type Input, optionalRecord, optionalString, requiredString } from './input.js';
import { assetModelOf, assetOf } from './ops-assets.js';
import { pageOf } from './page.js';
import { epochSeconds, type SiteWiseSim } from './sim.js';
import {
  type ComputationModel,
  type ComputationModelState,
  INFERENCE_ACTION,
  TRAINING_ACTION,
  type Trained,
  trainedKey,
} from './state.js';

function setState(
  sim: SiteWiseSim,
  model: ComputationModel,
  state: ComputationModelState,
  cause: string,
): void {
  if (model.state === state) return;
  sim.record({
    resource: 'computationModel',
    computationModelId: model.id,
    assetId: null,
    id: model.id,
    field: 'state',
    from: model.state,
    to: state,
    cause,
  });
  model.state = state;
}

export function computationModelOf(sim: SiteWiseSim, id: string): ComputationModel {
  const model = sim.world.computationModels.get(id);
  if (model === undefined) throw notFound(`Computation model ${id} does not exist.`);
  return model;
}

/** The trained model of a computation model (for one asset when bound at asset-model level). */
export function trainedOf(model: ComputationModel, assetId: string | null): Trained {
  const key = trainedKey(assetId);
  let trained = model.trained.get(key);
  if (trained === undefined) {
    trained = {
      computationModelId: model.id,
      assetId,
      versions: [],
      activeVersion: null,
      running: null,
      scheduler: null,
      inference: null,
      plan: [],
      runCount: 0,
    };
    model.trained.set(key, trained);
  }
  return trained;
}

type BindingRef = { kind: 'assetModel'; assetModelId: string } | { kind: 'asset'; assetModelId: string };

function bindingRefs(sim: SiteWiseSim, value: Record<string, unknown>): BindingRef[] {
  const refs: BindingRef[] = [];
  const modelProperty = optionalRecord(value, 'assetModelProperty');
  if (modelProperty !== undefined) {
    const assetModel = assetModelOf(sim, requiredString(modelProperty, 'assetModelId'));
    const propertyId = requiredString(modelProperty, 'propertyId');
    if (!assetModel.properties.some((p) => p.id === propertyId))
      throw notFound(`Property ${propertyId} does not exist in asset model ${assetModel.id}.`);
    refs.push({ kind: 'assetModel', assetModelId: assetModel.id });
  }
  const assetProperty = optionalRecord(value, 'assetProperty');
  if (assetProperty !== undefined) {
    const asset = assetOf(sim, requiredString(assetProperty, 'assetId'));
    const propertyId = requiredString(assetProperty, 'propertyId');
    if (!assetModelOf(sim, asset.assetModelId).properties.some((p) => p.id === propertyId))
      throw notFound(`Property ${propertyId} does not exist in asset ${asset.id}.`);
    refs.push({ kind: 'asset', assetModelId: asset.assetModelId });
  }
  const list = Array.isArray(value.list) ? value.list : [];
  for (const item of list) {
    if (typeof item === 'object' && item !== null)
      refs.push(...bindingRefs(sim, Object.fromEntries(Object.entries(item))));
  }
  return refs;
}

function variableOf(reference: unknown, binding: Record<string, unknown>, member: string): void {
  const name = typeof reference === 'string' ? /^\$\{([a-z][a-z0-9_]*)\}$/.exec(reference)?.[1] : undefined;
  if (name === undefined || binding[name] === undefined)
    throw invalidRequest(`${member} ${String(reference)} names no variable of computationModelDataBinding.`);
}

/** Checks the configuration against the binding; the asset model of a binding at asset-model level. */
function checkDefinition(sim: SiteWiseSim, input: Input): string | null {
  const configuration = optionalRecord(input, 'computationModelConfiguration') ?? {};
  const anomaly = optionalRecord(configuration, 'anomalyDetection');
  if (anomaly === undefined)
    throw invalidRequest('computationModelConfiguration must define anomalyDetection.');
  const binding = optionalRecord(input, 'computationModelDataBinding') ?? {};
  variableOf(anomaly.inputProperties, binding, 'inputProperties');
  variableOf(anomaly.resultProperty, binding, 'resultProperty');
  const refs = Object.values(binding).flatMap((value) =>
    typeof value === 'object' && value !== null
      ? bindingRefs(sim, Object.fromEntries(Object.entries(value)))
      : [],
  );
  const kinds = new Set(refs.map((ref) => ref.kind));
  if (kinds.size > 1)
    throw invalidRequest('A data binding names either asset model properties or asset properties, not both.');
  const models = new Set(refs.map((ref) => ref.assetModelId));
  if (kinds.has('assetModel') && models.size > 1)
    throw invalidRequest('A data binding at asset-model level names the properties of one asset model.');
  return kinds.has('assetModel') ? ([...models][0] ?? null) : null;
}

function scheduleSettle(sim: SiteWiseSim, model: ComputationModel): void {
  sim.schedule(sim.after(sim.knobs.settle), { kind: 'modelSettled', computationModelId: model.id });
}

export function onModelSettled(sim: SiteWiseSim, computationModelId: string): void {
  const model = sim.world.computationModels.get(computationModelId);
  if (model === undefined) return;
  if (model.state === 'DELETING') {
    sim.world.computationModels.delete(model.id);
    sim.record({
      resource: 'computationModel',
      computationModelId: model.id,
      assetId: null,
      id: model.id,
      field: 'state',
      from: 'DELETING',
      to: 'DELETED',
      cause: 'deleted',
    });
    return;
  }
  setState(sim, model, 'ACTIVE', model.state === 'CREATING' ? 'created' : 'updated');
}

const statusOf = (model: ComputationModel): Record<string, unknown> => ({ state: model.state });

export function createComputationModel(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const token = optionalString(input, 'clientToken');
  const previous =
    token === undefined ? undefined : sim.world.clientTokens.get(`CreateComputationModel:${token}`);
  const existing = previous === undefined ? undefined : sim.world.computationModels.get(previous);
  if (existing !== undefined)
    return {
      computationModelId: existing.id,
      computationModelArn: existing.arn,
      computationModelStatus: statusOf(existing),
    };
  const name = requiredString(input, 'computationModelName');
  for (const other of sim.world.computationModels.values())
    if (other.name === name) throw alreadyExists(`A computation model named ${name} already exists.`, other);
  const boundAssetModelId = checkDefinition(sim, input);
  const id = sim.newId();
  const model: ComputationModel = {
    id,
    arn: sim.arn('computation-model', id),
    name,
    configuration: optionalRecord(input, 'computationModelConfiguration') ?? {},
    dataBinding: optionalRecord(input, 'computationModelDataBinding') ?? {},
    boundAssetModelId,
    state: 'CREATING',
    version: 1,
    createdAt: sim.now,
    updatedAt: sim.now,
    trainingActionDefinitionId: sim.newId(),
    inferenceActionDefinitionId: sim.newId(),
    trained: new Map(),
  };
  const description = optionalString(input, 'computationModelDescription');
  if (description !== undefined) model.description = description;
  sim.world.computationModels.set(id, model);
  if (token !== undefined) sim.world.clientTokens.set(`CreateComputationModel:${token}`, id);
  sim.record({
    resource: 'computationModel',
    computationModelId: id,
    assetId: null,
    id,
    field: 'state',
    from: null,
    to: 'CREATING',
  });
  scheduleSettle(sim, model);
  return { computationModelId: id, computationModelArn: model.arn, computationModelStatus: statusOf(model) };
}

export function describeComputationModel(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const model = computationModelOf(sim, requiredString(input, 'computationModelId'));
  const version = optionalString(input, 'computationModelVersion');
  if (
    version !== undefined &&
    version !== 'LATEST' &&
    version !== 'ACTIVE' &&
    Number(version) !== model.version
  )
    throw notFound(`Computation model ${model.id} has no version ${version}.`);
  return {
    computationModelId: model.id,
    computationModelArn: model.arn,
    computationModelName: model.name,
    ...(model.description === undefined ? {} : { computationModelDescription: model.description }),
    computationModelConfiguration: model.configuration,
    computationModelDataBinding: model.dataBinding,
    computationModelCreationDate: epochSeconds(model.createdAt),
    computationModelLastUpdateDate: epochSeconds(model.updatedAt),
    computationModelStatus: statusOf(model),
    computationModelVersion: String(model.version),
    actionDefinitions: [
      {
        actionDefinitionId: model.trainingActionDefinitionId,
        actionName: TRAINING_ACTION,
        actionType: TRAINING_ACTION,
      },
      {
        actionDefinitionId: model.inferenceActionDefinitionId,
        actionName: INFERENCE_ACTION,
        actionType: INFERENCE_ACTION,
      },
    ],
  };
}

export function listComputationModels(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const type = optionalString(input, 'computationModelType');
  const models = [...sim.world.computationModels.values()].sort((a, b) => a.id.localeCompare(b.id));
  const page = pageOf(
    sim,
    { operation: 'ListComputationModels', input, filters: { type } },
    models,
    (m) => m.id,
  );
  return {
    computationModelSummaries: page.items.map((model) => ({
      id: model.id,
      arn: model.arn,
      name: model.name,
      ...(model.description === undefined ? {} : { description: model.description }),
      type: 'ANOMALY_DETECTION',
      creationDate: epochSeconds(model.createdAt),
      lastUpdateDate: epochSeconds(model.updatedAt),
      status: statusOf(model),
      version: String(model.version),
    })),
    ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
  };
}

function requireActive(model: ComputationModel, doing: string): void {
  if (model.state !== 'ACTIVE')
    throw conflict(`Computation model ${model.id} is ${model.state}; it must be ACTIVE to ${doing}.`, model);
}

export function updateComputationModel(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const model = computationModelOf(sim, requiredString(input, 'computationModelId'));
  requireActive(model, 'be updated');
  const name = requiredString(input, 'computationModelName');
  for (const other of sim.world.computationModels.values())
    if (other.name === name && other.id !== model.id)
      throw alreadyExists(`A computation model named ${name} already exists.`, other);
  model.boundAssetModelId = checkDefinition(sim, input);
  model.name = name;
  const description = optionalString(input, 'computationModelDescription');
  if (description === undefined) delete model.description;
  else model.description = description;
  model.configuration = optionalRecord(input, 'computationModelConfiguration') ?? {};
  model.dataBinding = optionalRecord(input, 'computationModelDataBinding') ?? {};
  model.version += 1;
  model.updatedAt = sim.now;
  setState(sim, model, 'UPDATING', 'UpdateComputationModel');
  scheduleSettle(sim, model);
  return { computationModelStatus: statusOf(model) };
}

export function deleteComputationModel(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const model = computationModelOf(sim, requiredString(input, 'computationModelId'));
  if (model.state !== 'ACTIVE' && model.state !== 'FAILED')
    throw conflict(`Computation model ${model.id} is ${model.state} and cannot be deleted now.`, model);
  for (const trained of model.trained.values()) {
    if (trained.scheduler !== null)
      trained.scheduler = {
        ...trained.scheduler,
        status: 'STOPPED',
        generation: trained.scheduler.generation + 1,
      };
    if (trained.inference !== null) trained.inference = { ...trained.inference, status: 'STOPPED' };
  }
  setState(sim, model, 'DELETING', 'DeleteComputationModel');
  scheduleSettle(sim, model);
  return { computationModelStatus: statusOf(model) };
}

/** The assets a model bound at asset-model level runs for; none for a binding to asset properties. */
export function resolvedAssets(sim: SiteWiseSim, model: ComputationModel): string[] {
  if (model.boundAssetModelId === null) return [];
  return [...sim.world.assets.values()]
    .filter((asset) => asset.assetModelId === model.boundAssetModelId)
    .map((asset) => asset.id)
    .sort();
}

export function listResolveToResources(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const model = computationModelOf(sim, requiredString(input, 'computationModelId'));
  const assets = resolvedAssets(sim, model);
  const page = pageOf(
    sim,
    { operation: 'ListComputationModelResolveToResources', input, filters: { id: model.id } },
    assets,
    (assetId) => assetId,
  );
  return {
    computationModelResolveToResourceSummaries: page.items.map((assetId) => ({ resolveTo: { assetId } })),
    ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
  };
}

/** The asset a request resolves to: required for a binding at asset-model level, refused otherwise. */
export function resolveAsset(
  sim: SiteWiseSim,
  model: ComputationModel,
  assetId: string | undefined,
): string | null {
  if (model.boundAssetModelId === null) {
    if (assetId !== undefined)
      throw invalidRequest(
        `Computation model ${model.id} is bound to asset properties; it resolves to no asset.`,
      );
    return null;
  }
  if (assetId === undefined)
    throw invalidRequest(
      `Computation model ${model.id} is bound at asset-model level; name the asset it resolves to.`,
    );
  const asset = assetOf(sim, assetId);
  if (asset.assetModelId !== model.boundAssetModelId)
    throw invalidRequest(`Asset ${assetId} is not of asset model ${model.boundAssetModelId}.`);
  return asset.id;
}

export function describeExecutionSummary(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const model = computationModelOf(sim, requiredString(input, 'computationModelId'));
  const assetId = resolveAsset(sim, model, optionalString(input, 'resolveToResourceId'));
  const trained = model.trained.get(trainedKey(assetId));
  return {
    computationModelId: model.id,
    ...(assetId === null ? {} : { resolveTo: { assetId } }),
    computationModelExecutionSummary: {
      inferenceTimerActive: String(trained?.inference?.status === 'RUNNING'),
    },
  };
}

export { requireActive };
