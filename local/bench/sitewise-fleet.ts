// A SiteWise anomaly-detection fleet for the benchmarks, built through the SDK as a customer would build
// it: half the models are computation models bound to one asset's properties, the other half are
// computation models bound at asset-model level, each running on ASSETS_PER_MODEL assets (one autopilot
// model per asset). Every model is trained once on labeled data, runs inference on its version 1 and has a retraining
// scheduler whose first run is days away, so nothing changes unless the benchmark changes it.
import {
  CreateAssetCommand,
  CreateAssetModelCommand,
  CreateComputationModelCommand,
  DescribeAssetModelCommand,
  DescribeComputationModelCommand,
  ExecuteActionCommand,
  type IoTSiteWiseClient,
} from '@aws-sdk/client-iotsitewise';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SiteWiseEmulator } from '../sitewise/index.js';
import { mapLimit } from './stats.js';

/** Assets each asset-model-level computation model runs on. */
export const ASSETS_PER_MODEL = 5;
export const METRICS_BUCKET = 'bench-sitewise-metrics';
/** Labeled data, so each run's metrics carry precision and recall, and a retraining's its prior metrics. */
const LABELS = { bucketName: 'bench-sitewise-labels', prefix: 'labels/' };
const BUILD_CONCURRENCY = 8;
const DAY_S = 86_400;

/** One autopilot model: a computation model, and the asset it resolves to when bound at asset-model level. */
export interface FleetModel {
  computationModelId: string;
  /** Set for a model bound at asset-model level: the asset this model runs on. */
  assetId: string | null;
  training: string;
  inference: string;
  promotion: 'SERVICE_MANAGED' | 'CUSTOMER_MANAGED';
}

export interface SiteWiseFleet {
  models: FleetModel[];
  /** Computation models bound to one asset's properties. */
  assetLevel: number;
  /** Computation models bound at asset-model level, each on ASSETS_PER_MODEL assets. */
  assetModelLevel: number;
}

/** How N models split: about half asset-level, the rest in groups of ASSETS_PER_MODEL assets. */
export function fleetShape(models: number): { assetLevel: number; assetModelLevel: number } {
  const assetModelLevel = Math.floor(models / 2 / ASSETS_PER_MODEL);
  return { assetLevel: models - assetModelLevel * ASSETS_PER_MODEL, assetModelLevel };
}

const variable = (name: string): string => `$${'{'}${name}}`;

interface PropertyIds {
  assetModelId: string;
  input: string;
  result: string;
}

async function createAssetModel(client: IoTSiteWiseClient, name: string): Promise<PropertyIds> {
  const created = await client.send(
    new CreateAssetModelCommand({
      assetModelName: name,
      assetModelProperties: [
        { name: 'vibration', dataType: 'DOUBLE', type: { measurement: {} } },
        { name: 'anomaly', dataType: 'STRING', type: { measurement: {} } },
      ],
    }),
  );
  const assetModelId = created.assetModelId ?? '';
  const described = await client.send(new DescribeAssetModelCommand({ assetModelId }));
  const idOf = (property: string): string =>
    described.assetModelProperties?.find((p) => p.name === property)?.id ?? '';
  return { assetModelId, input: idOf('vibration'), result: idOf('anomaly') };
}

async function createAsset(client: IoTSiteWiseClient, ids: PropertyIds, name: string): Promise<string> {
  const asset = await client.send(
    new CreateAssetCommand({ assetName: name, assetModelId: ids.assetModelId }),
  );
  return asset.assetId ?? '';
}

/** A computation model bound to one asset's properties (`assetId`), or to an asset model's (null). */
async function createComputationModel(
  client: IoTSiteWiseClient,
  ids: PropertyIds,
  binding: { name: string; assetId: string | null },
): Promise<string> {
  const property = (propertyId: string) =>
    binding.assetId === null
      ? { assetModelProperty: { assetModelId: ids.assetModelId, propertyId } }
      : { assetProperty: { assetId: binding.assetId, propertyId } };
  const created = await client.send(
    new CreateComputationModelCommand({
      computationModelName: binding.name,
      computationModelConfiguration: {
        anomalyDetection: { inputProperties: variable('inputs'), resultProperty: variable('result') },
      },
      computationModelDataBinding: {
        inputs: { list: [property(ids.input)] },
        result: property(ids.result),
      },
    }),
  );
  return created.computationModelId ?? '';
}

async function actionsOf(
  client: IoTSiteWiseClient,
  computationModelId: string,
): Promise<{ training: string; inference: string }> {
  const model = await client.send(new DescribeComputationModelCommand({ computationModelId }));
  const action = (type: string): string =>
    model.actionDefinitions?.find((a) => a.actionType === type)?.actionDefinitionId ?? '';
  return {
    training: action('AWS/ANOMALY_DETECTION_TRAINING'),
    inference: action('AWS/ANOMALY_DETECTION_INFERENCE'),
  };
}

/** Runs a training or inference action on one model, resolved to its asset at asset-model level. */
export async function executeOn(
  client: IoTSiteWiseClient,
  model: FleetModel,
  kind: 'training' | 'inference',
  payload: object,
): Promise<void> {
  await client.send(
    new ExecuteActionCommand({
      targetResource: { computationModelId: model.computationModelId },
      actionDefinitionId: kind === 'training' ? model.training : model.inference,
      actionPayload: { stringValue: JSON.stringify(payload) },
      ...(model.assetId === null ? {} : { resolveTo: { assetId: model.assetId } }),
    }),
  );
}

/** Where a model's runs write their metrics: one prefix per computation model. */
export function destinationOf(model: Pick<FleetModel, 'computationModelId'>) {
  return { bucketName: METRICS_BUCKET, prefix: `${model.computationModelId}/` };
}

/** The scheduler's payload: a run every 30 days from `firstRunS`, with the model's promotion. */
export function startSchedulerPayload(model: FleetModel, firstRunS: number): object {
  return {
    trainingMode: 'START_RETRAINING_SCHEDULER',
    modelMetricsDestination: destinationOf(model),
    labelInputConfiguration: LABELS,
    retrainingConfiguration: {
      lookbackWindow: 'P180D',
      retrainingFrequency: 'P30D',
      promotion: model.promotion,
      retrainingStartDate: firstRunS,
    },
  };
}

export const STOP_SCHEDULER_PAYLOAD = { trainingMode: 'STOP_RETRAINING_SCHEDULER' } as const;

async function createModels(client: IoTSiteWiseClient, models: number): Promise<SiteWiseFleet> {
  const shape = fleetShape(models);
  const standalone = await createAssetModel(client, 'bench standalone pumps');
  const bound: Array<Omit<FleetModel, 'training' | 'inference' | 'promotion'>> = [];
  await mapLimit(
    Array.from({ length: shape.assetLevel }, (_, i) => i),
    BUILD_CONCURRENCY,
    async (i) => {
      const assetId = await createAsset(client, standalone, `pump-${i}`);
      const id = await createComputationModel(client, standalone, { name: `pump-${i}-ad`, assetId });
      bound.push({ computationModelId: id, assetId: null });
    },
  );
  await mapLimit(
    Array.from({ length: shape.assetModelLevel }, (_, i) => i),
    BUILD_CONCURRENCY,
    async (i) => {
      const ids = await createAssetModel(client, `bench line ${i}`);
      const assets: string[] = [];
      for (let a = 0; a < ASSETS_PER_MODEL; a++)
        assets.push(await createAsset(client, ids, `line-${i}-${a}`));
      const id = await createComputationModel(client, ids, { name: `line-${i}-ad`, assetId: null });
      for (const assetId of assets) bound.push({ computationModelId: id, assetId });
    },
  );
  return {
    models: bound.map((b, i) => ({ ...b, training: '', inference: '', promotion: promotionOf(i) })),
    ...shape,
  };
}

/** Every third model lets the autopilot decide (CUSTOMER_MANAGED); the others are SERVICE_MANAGED. */
const promotionOf = (index: number): FleetModel['promotion'] =>
  index % 3 === 0 ? 'CUSTOMER_MANAGED' : 'SERVICE_MANAGED';

/**
 * Builds the fleet on `emulator` and leaves it quiet: every computation model ACTIVE, version 1 trained,
 * its metrics in S3, inference running on it, the retraining scheduler RUNNING with its first run
 * `firstRunDays` away, and every action's execution settled.
 */
export async function buildSiteWiseFleet(
  emulator: SiteWiseEmulator,
  clients: { sitewise: IoTSiteWiseClient; s3: S3Client },
  options: { models: number; firstRunDays?: number },
): Promise<SiteWiseFleet> {
  const { sitewise } = clients;
  await clients.s3.send(new CreateBucketCommand({ Bucket: METRICS_BUCKET }));
  const fleet = await createModels(sitewise, options.models);
  emulator.advance('PT1H');
  const actions = new Map<string, { training: string; inference: string }>();
  for (const id of new Set(fleet.models.map((m) => m.computationModelId)))
    actions.set(id, await actionsOf(sitewise, id));
  for (const model of fleet.models) Object.assign(model, actions.get(model.computationModelId));
  const nowS = Math.floor(emulator.now() / 1000);
  await mapLimit(fleet.models, BUILD_CONCURRENCY, (model) =>
    executeOn(sitewise, model, 'training', {
      trainingMode: 'TRAIN_MODEL',
      exportDataStartTime: nowS - 200 * DAY_S,
      exportDataEndTime: nowS,
      modelMetricsDestination: destinationOf(model),
      labelInputConfiguration: LABELS,
    }),
  );
  // Training takes two hours; the metrics follow within the strictest lag.
  emulator.advance('PT4H');
  const firstRunS = nowS + (options.firstRunDays ?? 10) * DAY_S;
  await mapLimit(fleet.models, BUILD_CONCURRENCY, async (model) => {
    await executeOn(sitewise, model, 'inference', {
      inferenceMode: 'START',
      dataUploadFrequency: 'PT1H',
      targetModelVersion: 1,
    });
    await executeOn(sitewise, model, 'training', startSchedulerPayload(model, firstRunS));
  });
  emulator.advance('PT1H');
  return fleet;
}
