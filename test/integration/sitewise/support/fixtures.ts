// SDK clients pointed at the SiteWise emulator and its S3 stand-in, and the setup most tests share: an
// asset model with input and result properties, one asset, an ACTIVE computation model bound to it, and
// the ids of its training and inference actions.

import {
  CreateAssetCommand,
  CreateAssetModelCommand,
  CreateComputationModelCommand,
  DescribeAssetModelCommand,
  DescribeComputationModelCommand,
  ExecuteActionCommand,
  IoTSiteWiseClient,
  ListExecutionsCommand,
} from '@aws-sdk/client-iotsitewise';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { SiteWiseEmulator } from '../../../../local/sitewise/index.js';

const credentials = { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' };

export function siteWiseClient(endpoint: string, maxAttempts = 1): IoTSiteWiseClient {
  // Every SiteWise control-plane operation has the host prefix "api."; a local endpoint has no such host.
  return new IoTSiteWiseClient({
    endpoint,
    region: 'us-east-1',
    credentials,
    disableHostPrefix: true,
    maxAttempts,
  });
}

export function s3Client(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
}

export interface Bound {
  computationModelId: string;
  assetId: string;
  training: string;
  inference: string;
}

const variable = (name: string): string => `$${'{'}${name}}`;

export async function boundModel(
  emulator: SiteWiseEmulator,
  client: IoTSiteWiseClient,
  name = 'pump-ad',
): Promise<Bound> {
  const assetModel = await client.send(
    new CreateAssetModelCommand({
      assetModelName: `${name} model`,
      assetModelProperties: [
        { name: 'vibration', dataType: 'DOUBLE', type: { measurement: {} } },
        { name: 'anomaly', dataType: 'STRING', type: { measurement: {} } },
      ],
    }),
  );
  const described = await client.send(
    new DescribeAssetModelCommand({ assetModelId: assetModel.assetModelId }),
  );
  const idOf = (property: string): string =>
    described.assetModelProperties?.find((p) => p.name === property)?.id ?? 'missing';
  const asset = await client.send(
    new CreateAssetCommand({ assetName: `${name}-1`, assetModelId: assetModel.assetModelId }),
  );
  const assetId = asset.assetId ?? 'missing';
  const created = await client.send(
    new CreateComputationModelCommand({
      computationModelName: name,
      computationModelConfiguration: {
        anomalyDetection: { inputProperties: variable('inputs'), resultProperty: variable('result') },
      },
      computationModelDataBinding: {
        inputs: { list: [{ assetProperty: { assetId, propertyId: idOf('vibration') } }] },
        result: { assetProperty: { assetId, propertyId: idOf('anomaly') } },
      },
    }),
  );
  emulator.advance('PT10M');
  const model = await client.send(
    new DescribeComputationModelCommand({ computationModelId: created.computationModelId }),
  );
  const action = (type: string): string =>
    model.actionDefinitions?.find((a) => a.actionType === type)?.actionDefinitionId ?? 'missing';
  return {
    computationModelId: created.computationModelId ?? 'missing',
    assetId,
    training: action('AWS/ANOMALY_DETECTION_TRAINING'),
    inference: action('AWS/ANOMALY_DETECTION_INFERENCE'),
  };
}

export async function execute(
  client: IoTSiteWiseClient,
  bound: Bound,
  kind: 'training' | 'inference',
  payload: object,
): Promise<string> {
  const answer = await client.send(
    new ExecuteActionCommand({
      targetResource: { computationModelId: bound.computationModelId },
      actionDefinitionId: kind === 'training' ? bound.training : bound.inference,
      actionPayload: { stringValue: JSON.stringify(payload) },
    }),
  );
  return answer.actionId ?? 'missing';
}

export async function executions(client: IoTSiteWiseClient, bound: Bound) {
  const answer = await client.send(
    new ListExecutionsCommand({
      targetResourceType: 'COMPUTATION_MODEL',
      targetResourceId: bound.computationModelId,
    }),
  );
  return answer.executionSummaries ?? [];
}

export const DESTINATION = { bucketName: 'ad-metrics', prefix: 'pump/' };

/** The run result objects under the destination, parsed, oldest key first. */
export async function results(s3: S3Client): Promise<Array<Record<string, unknown>>> {
  const listed = await s3.send(
    new ListObjectsV2Command({ Bucket: DESTINATION.bucketName, Prefix: DESTINATION.prefix }),
  );
  const keys = (listed.Contents ?? []).map((o) => o.Key ?? '').filter((key) => key.endsWith('/result.json'));
  const bodies = await Promise.all(
    keys.map(async (Key) =>
      (
        await s3.send(new GetObjectCommand({ Bucket: DESTINATION.bucketName, Key }))
      ).Body?.transformToString(),
    ),
  );
  return bodies
    .map((body) => JSON.parse(body ?? '{}') as Record<string, unknown>)
    .sort((a, b) => String(a.dataEndTime).localeCompare(String(b.dataEndTime)));
}
