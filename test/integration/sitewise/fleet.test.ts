// A computation model bound at asset-model level runs per asset: each asset of the asset model trains its
// own versions, an action names the asset it resolves to, and a repeated clientToken repeats nothing.

import {
  CreateAssetCommand,
  CreateAssetModelCommand,
  CreateComputationModelCommand,
  DescribeAssetModelCommand,
  DescribeComputationModelCommand,
  ExecuteActionCommand,
  type IoTSiteWiseClient,
  ListComputationModelResolveToResourcesCommand,
  ListExecutionsCommand,
} from '@aws-sdk/client-iotsitewise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LENIENT_SITEWISE_KNOBS,
  type SiteWiseEmulator,
  startSiteWiseEmulator,
} from '../../../local/sitewise/index.js';
import { siteWiseClient } from './support/fixtures.js';

const variable = (name: string): string => `$${'{'}${name}}`;
const TRAIN = JSON.stringify({
  trainingMode: 'TRAIN_MODEL',
  exportDataStartTime: 1_700_000_000,
  exportDataEndTime: 1_735_000_000,
});

describe('a computation model bound at asset-model level', () => {
  let emulator: SiteWiseEmulator;
  let client: IoTSiteWiseClient;
  let modelId: string;
  let training: string;
  const assets: string[] = [];

  beforeAll(async () => {
    emulator = await startSiteWiseEmulator({ knobs: LENIENT_SITEWISE_KNOBS });
    client = siteWiseClient(emulator.url);
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
    for (const name of ['fleet-1', 'fleet-2']) {
      assets.push(
        (await client.send(new CreateAssetCommand({ assetName: name, assetModelId }))).assetId ?? '',
      );
    }
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
    modelId = created.computationModelId ?? '';
    emulator.advance('PT1M');
    const model = await client.send(new DescribeComputationModelCommand({ computationModelId: modelId }));
    training =
      model.actionDefinitions?.find((a) => a.actionType === 'AWS/ANOMALY_DETECTION_TRAINING')
        ?.actionDefinitionId ?? '';
  });

  afterAll(async () => {
    client?.destroy();
    await emulator?.close();
  });

  const train = (assetId: string | undefined, clientToken?: string) =>
    client.send(
      new ExecuteActionCommand({
        targetResource: { computationModelId: modelId },
        actionDefinitionId: training,
        actionPayload: { stringValue: TRAIN },
        ...(assetId === undefined ? {} : { resolveTo: { assetId } }),
        ...(clientToken === undefined ? {} : { clientToken }),
      }),
    );

  it('resolves to the assets of its asset model, and trains each asset on its own', async () => {
    // Prepare
    const [first, second] = assets as [string, string];
    const token = 'b1f3c0de-0000-4000-8000-00000000000a';

    // Act
    const resolved = await client.send(
      new ListComputationModelResolveToResourcesCommand({ computationModelId: modelId }),
    );
    const unresolved = await train(undefined).catch((error: Error) => error.name);
    const once = await train(first, token);
    const again = await train(first, token);
    emulator.advance('PT3H');
    await train(first);
    await train(second);
    emulator.advance('PT3H');
    const listFor = async (assetId: string) =>
      (
        await client.send(
          new ListExecutionsCommand({
            targetResourceType: 'COMPUTATION_MODEL',
            targetResourceId: modelId,
            resolveToResourceType: 'ASSET',
            resolveToResourceId: assetId,
          }),
        )
      ).executionSummaries ?? [];

    // Assess
    expect(unresolved).toBe('InvalidRequestException');
    expect(
      resolved.computationModelResolveToResourceSummaries?.map((s) => s.resolveTo?.assetId).sort(),
    ).toEqual([...assets].sort());
    expect(again.actionId).toBe(once.actionId);
    expect((await listFor(first)).map((e) => e.executionEntityVersion)).toEqual(['2', '1']);
    expect((await listFor(second)).map((e) => [e.executionEntityVersion, e.resolveTo?.assetId])).toEqual([
      ['1', second],
    ]);
  });
});
