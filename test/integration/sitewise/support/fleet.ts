// A computation model bound at asset-model level (one trained model per asset), and actions on one asset.
import {
  CreateAssetCommand,
  CreateAssetModelCommand,
  CreateComputationModelCommand,
  DescribeAssetModelCommand,
  DescribeComputationModelCommand,
  ExecuteActionCommand,
  type IoTSiteWiseClient,
} from '@aws-sdk/client-iotsitewise';
import type { SiteWiseEmulator } from '../../../../local/sitewise/index.js';

const variable = (name: string): string => `$${'{'}${name}}`;

export interface Fleet {
  computationModelId: string;
  assets: string[];
  training: string;
  inference: string;
}

export async function fleetModel(
  emulator: SiteWiseEmulator,
  client: IoTSiteWiseClient,
  assetCount: number,
): Promise<Fleet> {
  const assetModel = await client.send(
    new CreateAssetModelCommand({
      assetModelName: 'fleet pumps',
      assetModelProperties: [
        { name: 'vibration', dataType: 'DOUBLE', type: { measurement: {} } },
        { name: 'anomaly', dataType: 'STRING', type: { measurement: {} } },
      ],
    }),
  );
  const assetModelId = assetModel.assetModelId ?? '';
  const described = await client.send(new DescribeAssetModelCommand({ assetModelId }));
  const idOf = (name: string): string =>
    described.assetModelProperties?.find((p) => p.name === name)?.id ?? '';
  const assets: string[] = [];
  for (let i = 1; i <= assetCount; i++)
    assets.push(
      (await client.send(new CreateAssetCommand({ assetName: `fleet-${i}`, assetModelId }))).assetId ?? '',
    );
  const created = await client.send(
    new CreateComputationModelCommand({
      computationModelName: 'fleet-anomaly',
      computationModelConfiguration: {
        anomalyDetection: { inputProperties: variable('inputs'), resultProperty: variable('result') },
      },
      computationModelDataBinding: {
        inputs: { list: [{ assetModelProperty: { assetModelId, propertyId: idOf('vibration') } }] },
        result: { assetModelProperty: { assetModelId, propertyId: idOf('anomaly') } },
      },
    }),
  );
  emulator.advance('PT10M');
  const computationModelId = created.computationModelId ?? '';
  const model = await client.send(new DescribeComputationModelCommand({ computationModelId }));
  const action = (type: string): string =>
    model.actionDefinitions?.find((a) => a.actionType === type)?.actionDefinitionId ?? '';
  return {
    computationModelId,
    assets,
    training: action('AWS/ANOMALY_DETECTION_TRAINING'),
    inference: action('AWS/ANOMALY_DETECTION_INFERENCE'),
  };
}

/** Runs an action on one asset of the fleet. */
export async function executeFor(
  client: IoTSiteWiseClient,
  target: { fleet: Fleet; assetId: string },
  kind: 'training' | 'inference',
  payload: object,
): Promise<void> {
  await client.send(
    new ExecuteActionCommand({
      targetResource: { computationModelId: target.fleet.computationModelId },
      resolveTo: { assetId: target.assetId },
      actionDefinitionId: kind === 'training' ? target.fleet.training : target.fleet.inference,
      actionPayload: { stringValue: JSON.stringify(payload) },
    }),
  );
}
