// The SiteWise poller people write first: every cycle, list every anomaly-detection computation model,
// describe it and the assets it resolves to, then for every model (a computation model, or one of its
// assets) list and describe every action and every execution, read the execution summary, and list and
// read every metrics object under the destination its training actions name. Like the L4E one it keeps no
// state, diffs nothing and publishes nothing: its cost is a floor for that design.
import {
  DescribeActionCommand,
  DescribeComputationModelCommand,
  DescribeComputationModelExecutionSummaryCommand,
  DescribeExecutionCommand,
  type IoTSiteWiseClient,
  ListActionsCommand,
  ListComputationModelResolveToResourcesCommand,
  ListComputationModelsCommand,
  ListExecutionsCommand,
} from '@aws-sdk/client-iotsitewise';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { mapLimit } from './stats.js';

/** ListComputationModels' largest page. */
export const NAIVE_SITEWISE_PAGE_SIZE = 250;

export interface NaiveSiteWiseResult {
  computationModels: number;
  /** Models observed: a computation model bound to an asset, or one asset of one bound to an asset model. */
  models: number;
  actions: number;
  executions: number;
  objects: number;
}

interface Target {
  computationModelId: string;
  assetId: string | null;
}

const resolveFilter = (assetId: string | null) =>
  assetId === null ? {} : { resolveToResourceType: 'ASSET' as const, resolveToResourceId: assetId };

async function computationModelIds(client: IoTSiteWiseClient): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListComputationModelsCommand({
        computationModelType: 'ANOMALY_DETECTION',
        maxResults: NAIVE_SITEWISE_PAGE_SIZE,
        nextToken,
      }),
    );
    for (const s of page.computationModelSummaries ?? []) if (s.id) ids.push(s.id);
    nextToken = page.nextToken || undefined;
  } while (nextToken);
  return ids;
}

/** The computation model described, and one target per asset it resolves to (itself when none). */
async function targetsOf(client: IoTSiteWiseClient, computationModelId: string): Promise<Target[]> {
  await client.send(new DescribeComputationModelCommand({ computationModelId }));
  const assets: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListComputationModelResolveToResourcesCommand({ computationModelId, nextToken }),
    );
    for (const s of page.computationModelResolveToResourceSummaries ?? [])
      if (s.resolveTo?.assetId) assets.push(s.resolveTo.assetId);
    nextToken = page.nextToken || undefined;
  } while (nextToken);
  return assets.length === 0
    ? [{ computationModelId, assetId: null }]
    : assets.map((assetId) => ({ computationModelId, assetId }));
}

function destinationIn(payload: unknown): { bucketName: string; prefix: string } | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const destination = (payload as { modelMetricsDestination?: unknown }).modelMetricsDestination;
  if (typeof destination !== 'object' || destination === null) return null;
  const { bucketName, prefix } = destination as { bucketName?: unknown; prefix?: unknown };
  return typeof bucketName === 'string'
    ? { bucketName, prefix: typeof prefix === 'string' ? prefix : '' }
    : null;
}

function parsedPayload(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    return null;
  }
}

/** Every action of the target described; how many, and the metrics destinations their payloads name. */
async function describeActions(
  client: IoTSiteWiseClient,
  target: Target,
): Promise<{ count: number; destinations: Set<string> }> {
  const destinations = new Set<string>();
  let count = 0;
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListActionsCommand({
        targetResourceType: 'COMPUTATION_MODEL',
        targetResourceId: target.computationModelId,
        ...resolveFilter(target.assetId),
        nextToken,
      }),
    );
    for (const summary of page.actionSummaries ?? []) {
      const action = await client.send(new DescribeActionCommand({ actionId: summary.actionId }));
      const destination = destinationIn(parsedPayload(action.actionPayload?.stringValue));
      if (destination) destinations.add(JSON.stringify(destination));
      count++;
    }
    nextToken = page.nextToken || undefined;
  } while (nextToken);
  return { count, destinations };
}

async function describeExecutions(client: IoTSiteWiseClient, target: Target): Promise<number> {
  let count = 0;
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListExecutionsCommand({
        targetResourceType: 'COMPUTATION_MODEL',
        targetResourceId: target.computationModelId,
        ...resolveFilter(target.assetId),
        nextToken,
      }),
    );
    for (const summary of page.executionSummaries ?? []) {
      await client.send(new DescribeExecutionCommand({ executionId: summary.executionId }));
      count++;
    }
    nextToken = page.nextToken || undefined;
  } while (nextToken);
  return count;
}

/** Every object under the destination (and the asset's folder of it) listed and read. */
async function readObjects(s3: S3Client, destination: string, assetId: string | null): Promise<number> {
  const { bucketName, prefix } = JSON.parse(destination) as { bucketName: string; prefix: string };
  const folder = assetId === null ? prefix : `${prefix}${assetId}/`;
  let count = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucketName, Prefix: folder, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucketName, Key: object.Key }));
      await got.Body?.transformToString();
      count++;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return count;
}

/**
 * One naive cycle: `concurrency` computation models in flight, and one model's calls in sequence, as the
 * watcher observes a model.
 */
export async function runNaiveSiteWisePoll(
  clients: { sitewise: IoTSiteWiseClient; s3: S3Client },
  options: { concurrency: number },
): Promise<NaiveSiteWiseResult> {
  const { sitewise, s3 } = clients;
  const ids = await computationModelIds(sitewise);
  const result: NaiveSiteWiseResult = {
    computationModels: ids.length,
    models: 0,
    actions: 0,
    executions: 0,
    objects: 0,
  };
  await mapLimit(ids, options.concurrency, async (id) => {
    for (const target of await targetsOf(sitewise, id)) {
      // Each count is awaited before it is added: models run concurrently.
      const actions = await describeActions(sitewise, target);
      const executions = await describeExecutions(sitewise, target);
      await sitewise.send(
        new DescribeComputationModelExecutionSummaryCommand({
          computationModelId: target.computationModelId,
          ...resolveFilter(target.assetId),
        }),
      );
      let objects = 0;
      for (const destination of actions.destinations)
        objects += await readObjects(s3, destination, target.assetId);
      result.actions += actions.count;
      result.executions += executions;
      result.objects += objects;
      result.models++;
    }
  });
  return result;
}
