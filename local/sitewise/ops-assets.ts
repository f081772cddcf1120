// Asset models and assets: just what binding a computation model needs (create, describe, list assets of
// a model). Both are ACTIVE at once; an asset model's property ids are generated unless given.

import { invalidRequest, notFound } from './errors.js';
import { type Input, optionalString, records, requiredString } from './input.js';
import { pageOf } from './page.js';
import { epochSeconds, type SiteWiseSim } from './sim.js';
import type { Asset, AssetModel, PropertyState } from './state.js';

const ACTIVE = { state: 'ACTIVE' };

function idempotent(sim: SiteWiseSim, operation: string, input: Input): string | undefined {
  const token = optionalString(input, 'clientToken');
  return token === undefined ? undefined : sim.world.clientTokens.get(`${operation}:${token}`);
}

function remember(sim: SiteWiseSim, operation: string, input: Input, id: string): void {
  const token = optionalString(input, 'clientToken');
  if (token !== undefined) sim.world.clientTokens.set(`${operation}:${token}`, id);
}

function propertyOf(sim: SiteWiseSim, definition: Record<string, unknown>): PropertyState {
  const given = typeof definition.id === 'string' ? definition.id : undefined;
  return {
    id: given ?? sim.newId(),
    name: String(definition.name),
    dataType: String(definition.dataType),
    definition,
  };
}

export function createAssetModel(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const previous = idempotent(sim, 'CreateAssetModel', input);
  const id = previous ?? optionalString(input, 'assetModelId') ?? sim.newId();
  if (previous === undefined) {
    const name = requiredString(input, 'assetModelName');
    for (const model of sim.world.assetModels.values())
      if (model.name === name) throw invalidRequest(`An asset model named ${name} already exists.`);
    const properties = records(input.assetModelProperties).map((definition) => propertyOf(sim, definition));
    const model: AssetModel = {
      id,
      arn: sim.arn('asset-model', id),
      name,
      type: optionalString(input, 'assetModelType') ?? 'ASSET_MODEL',
      properties,
      createdAt: sim.now,
      updatedAt: sim.now,
    };
    const description = optionalString(input, 'assetModelDescription');
    if (description !== undefined) model.description = description;
    sim.world.assetModels.set(id, model);
    remember(sim, 'CreateAssetModel', input, id);
  }
  return { assetModelId: id, assetModelArn: sim.arn('asset-model', id), assetModelStatus: ACTIVE };
}

export function assetModelOf(sim: SiteWiseSim, id: string): AssetModel {
  const model = sim.world.assetModels.get(id);
  if (model === undefined) throw notFound(`Asset model ${id} does not exist.`);
  return model;
}

export function describeAssetModel(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const model = assetModelOf(sim, requiredString(input, 'assetModelId'));
  const exclude = input.excludeProperties === true;
  return {
    assetModelId: model.id,
    assetModelArn: model.arn,
    assetModelName: model.name,
    assetModelType: model.type,
    // Required in the response shape, though a model may be created without one.
    assetModelDescription: model.description ?? model.name,
    assetModelProperties: exclude
      ? []
      : model.properties.map((property) => ({ ...property.definition, id: property.id })),
    assetModelHierarchies: [],
    assetModelCompositeModels: [],
    assetModelCreationDate: epochSeconds(model.createdAt),
    assetModelLastUpdateDate: epochSeconds(model.updatedAt),
    assetModelStatus: ACTIVE,
    assetModelVersion: '1',
  };
}

export function createAsset(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const previous = idempotent(sim, 'CreateAsset', input);
  const id = previous ?? optionalString(input, 'assetId') ?? sim.newId();
  if (previous === undefined) {
    const model = assetModelOf(sim, requiredString(input, 'assetModelId'));
    const asset: Asset = {
      id,
      arn: sim.arn('asset', id),
      name: requiredString(input, 'assetName'),
      assetModelId: model.id,
      createdAt: sim.now,
      updatedAt: sim.now,
    };
    const description = optionalString(input, 'assetDescription');
    if (description !== undefined) asset.description = description;
    sim.world.assets.set(id, asset);
    remember(sim, 'CreateAsset', input, id);
  }
  return { assetId: id, assetArn: sim.arn('asset', id), assetStatus: ACTIVE };
}

export function assetOf(sim: SiteWiseSim, id: string): Asset {
  const asset = sim.world.assets.get(id);
  if (asset === undefined) throw notFound(`Asset ${id} does not exist.`);
  return asset;
}

export function describeAsset(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const asset = assetOf(sim, requiredString(input, 'assetId'));
  const model = assetModelOf(sim, asset.assetModelId);
  const output: Record<string, unknown> = {
    assetId: asset.id,
    assetArn: asset.arn,
    assetName: asset.name,
    assetModelId: asset.assetModelId,
    assetProperties:
      input.excludeProperties === true
        ? []
        : model.properties.map((property) => ({
            id: property.id,
            name: property.name,
            dataType: property.dataType,
          })),
    assetHierarchies: [],
    assetCompositeModels: [],
    assetCreationDate: epochSeconds(asset.createdAt),
    assetLastUpdateDate: epochSeconds(asset.updatedAt),
    assetStatus: ACTIVE,
  };
  if (asset.description !== undefined) output.assetDescription = asset.description;
  return output;
}

export function listAssets(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const assetModelId = optionalString(input, 'assetModelId');
  const filter = optionalString(input, 'filter') ?? 'ALL';
  if (filter === 'TOP_LEVEL' && assetModelId !== undefined)
    throw invalidRequest('assetModelId cannot be given with filter TOP_LEVEL.');
  const assets = [...sim.world.assets.values()]
    .filter((asset) => assetModelId === undefined || asset.assetModelId === assetModelId)
    .sort((a, b) => a.id.localeCompare(b.id));
  const page = pageOf(
    sim,
    { operation: 'ListAssets', input, filters: { assetModelId, filter } },
    assets,
    (a) => a.id,
  );
  return {
    assetSummaries: page.items.map((asset) => ({
      id: asset.id,
      arn: asset.arn,
      name: asset.name,
      assetModelId: asset.assetModelId,
      creationDate: epochSeconds(asset.createdAt),
      lastUpdateDate: epochSeconds(asset.updatedAt),
      status: ACTIVE,
      hierarchies: [],
      ...(asset.description === undefined ? {} : { description: asset.description }),
    })),
    ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
  };
}
