// What the SiteWise adapter reads, call by call: a computation model's definition, its actions and
// executions (per asset for a model bound at asset-model level), and the objects its runs left in S3.
// Only what never changes is kept between calls: a computation model's definition at one version, an
// action's payload, an S3 object's body at one ETag. Every state (statuses, lists) is read again each time.
import {
  DescribeActionCommand,
  DescribeComputationModelCommand,
  DescribeExecutionCommand,
  type IoTSiteWiseClient,
  ListActionsCommand,
  ListComputationModelResolveToResourcesCommand,
  ListExecutionsCommand,
} from '@aws-sdk/client-iotsitewise';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import {
  failureReasonOf,
  INFERENCE_ACTION_TYPE,
  isBoundPerAsset,
  parseInferencePayload,
  parseRunResult,
  parseTrainingPayload,
  runObjectKeyOf,
  S3_PAGE_SIZE,
  type S3Location,
  SITEWISE_PAGE_SIZE,
  TRAINING_ACTION_TYPE,
  versionNumberOf,
} from './sitewise-assumptions.js';
import type { ActionRead, ExecutionRead, RunObjects } from './sitewise-history.js';

/** Entries each cache of immutable facts keeps before it forgets the oldest. */
const CACHE_ENTRIES = 20_000;

/** Facts that never change, by key; a read in flight is shared, a failed one forgotten. */
class Remembered<T> {
  private readonly entries = new Map<string, Promise<T>>();
  get(key: string, read: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    if (known !== undefined) return known;
    if (this.entries.size >= CACHE_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const value = read();
    this.entries.set(key, value);
    value.catch(() => this.entries.delete(key));
    return value;
  }
}

export interface Definition {
  perAsset: boolean;
  trainingActionId: string | null;
  inferenceActionId: string | null;
}

export interface SiteWiseReader {
  definition(id: string, version: string): Promise<Definition>;
  assets(id: string): Promise<string[]>;
  /** `trainingActionId`: the definition id of the model's training action (the others are inference). */
  actions(id: string, assetId: string | null, trainingActionId: string | null): Promise<ActionRead[]>;
  executions(id: string, assetId: string | null): Promise<ExecutionRead[]>;
  /** The runs' objects under a destination, by asset id ('' for none) and folder. */
  objects(destination: S3Location, assetIds: ReadonlySet<string>): Promise<Map<string, RunObjects[]>>;
  /** Why a failed execution failed (DescribeExecution; a failed execution stays failed, so it is kept). */
  failure(executionId: string): Promise<string | null>;
  /** An object's body; `etag` as the listing gave it (a body is kept per ETag). */
  body(bucket: string, key: string, etag: string): Promise<string | null>;
}

const epoch = (value: Date | undefined): number | null => (value instanceof Date ? value.getTime() : null);

const resolveFilter = (assetId: string | null) =>
  assetId === null ? {} : { resolveToResourceType: 'ASSET' as const, resolveToResourceId: assetId };

async function allPages<T>(page: (token: string | undefined) => Promise<{ items: T[]; next?: string }>) {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const answer = await page(token);
    items.push(...answer.items);
    token = answer.next || undefined;
  } while (token);
  return items;
}

interface ObjectEntry {
  key: string;
  etag: string;
  modified: number | null;
}

function pageOf<T>(items: T[], next: string | undefined): { items: T[]; next?: string } {
  return next ? { items, next } : { items };
}

async function describeDefinition(sitewise: IoTSiteWiseClient, id: string): Promise<Definition> {
  const model = await sitewise.send(new DescribeComputationModelCommand({ computationModelId: id }));
  const idOf = (type: string) =>
    (model.actionDefinitions ?? []).find((a) => a.actionType === type)?.actionDefinitionId ?? null;
  return {
    perAsset: isBoundPerAsset(model.computationModelDataBinding),
    trainingActionId: idOf(TRAINING_ACTION_TYPE),
    inferenceActionId: idOf(INFERENCE_ACTION_TYPE),
  };
}

function listAssets(sitewise: IoTSiteWiseClient, id: string): Promise<string[]> {
  return allPages(async (token) => {
    const page = await sitewise.send(
      new ListComputationModelResolveToResourcesCommand({
        computationModelId: id,
        maxResults: SITEWISE_PAGE_SIZE,
        nextToken: token,
      }),
    );
    const items = (page.computationModelResolveToResourceSummaries ?? []).flatMap((s) =>
      s.resolveTo?.assetId ? [s.resolveTo.assetId] : [],
    );
    return pageOf(items, page.nextToken);
  });
}

function listActionIds(
  sitewise: IoTSiteWiseClient,
  id: string,
  assetId: string | null,
): Promise<Array<{ id: string; assetId: string | null }>> {
  return allPages(async (token) => {
    const page = await sitewise.send(
      new ListActionsCommand({
        targetResourceType: 'COMPUTATION_MODEL',
        targetResourceId: id,
        ...resolveFilter(assetId),
        maxResults: SITEWISE_PAGE_SIZE,
        nextToken: token,
      }),
    );
    return pageOf(
      (page.actionSummaries ?? []).flatMap((a) =>
        a.actionId ? [{ id: a.actionId, assetId: a.resolveTo?.assetId ?? null }] : [],
      ),
      page.nextToken,
    );
  });
}

interface StoredAction {
  definitionId: string;
  text: string;
  time: number | null;
}

async function describeAction(sitewise: IoTSiteWiseClient, actionId: string): Promise<StoredAction> {
  const described = await sitewise.send(new DescribeActionCommand({ actionId }));
  return {
    definitionId: described.actionDefinitionId ?? '',
    text: described.actionPayload?.stringValue ?? '',
    time: epoch(described.executionTime),
  };
}

function actionRead(
  listed: { id: string; assetId: string | null },
  action: StoredAction,
  trainingActionId: string | null,
): ActionRead {
  const training = action.definitionId === trainingActionId ? parseTrainingPayload(action.text) : null;
  return {
    ...listed,
    time: action.time ?? 0,
    training,
    inference: training === null ? parseInferencePayload(action.text) : null,
  };
}

function listExecutions(sitewise: IoTSiteWiseClient, id: string, assetId: string | null) {
  return allPages<ExecutionRead>(async (token) => {
    const page = await sitewise.send(
      new ListExecutionsCommand({
        targetResourceType: 'COMPUTATION_MODEL',
        targetResourceId: id,
        ...resolveFilter(assetId),
        maxResults: SITEWISE_PAGE_SIZE,
        nextToken: token,
      }),
    );
    const items = (page.executionSummaries ?? []).map((e) => ({
      id: e.executionId ?? '',
      assetId: e.resolveTo?.assetId ?? null,
      actionType: e.actionType ?? '',
      start: epoch(e.executionStartTime) ?? 0,
      end: epoch(e.executionEndTime),
      state: e.executionStatus?.state ?? 'UNKNOWN',
      entityVersion: versionNumberOf(e.executionEntityVersion),
    }));
    return pageOf(items, page.nextToken);
  });
}

function listObjects(s3: S3Client, destination: S3Location): Promise<ObjectEntry[]> {
  return allPages(async (token) => {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: destination.bucket,
        Prefix: destination.prefix,
        MaxKeys: S3_PAGE_SIZE,
        ContinuationToken: token,
      }),
    );
    const items = (page.Contents ?? []).map((o) => ({
      key: o.Key ?? '',
      etag: o.ETag ?? '',
      modified: epoch(o.LastModified),
    }));
    return pageOf(items, page.NextContinuationToken);
  });
}

type Group = RunObjects & { assetId: string; resultKey: string | null };

/** A destination's objects gathered per run folder (and asset, when the key names one). */
export function groupObjects(
  entries: readonly ObjectEntry[],
  destination: S3Location,
  assetIds: ReadonlySet<string>,
): Group[] {
  const groups = new Map<string, Group>();
  for (const entry of entries) {
    const where = runObjectKeyOf(entry.key, destination.prefix, assetIds);
    if (where === null) continue;
    const groupKey = `${where.assetId ?? ''}/${where.folder}`;
    const group: Group = groups.get(groupKey) ?? {
      bucket: destination.bucket,
      folder: where.folder,
      assetId: where.assetId ?? '',
      result: null,
      resultKey: null,
      metricsKey: null,
      priorKey: null,
      writtenAt: null,
      etags: {},
    };
    groups.set(groupKey, group);
    group.etags[entry.key] = entry.etag;
    group.writtenAt = Math.max(group.writtenAt ?? 0, entry.modified ?? 0) || null;
    group[`${where.role}Key`] = entry.key;
  }
  return [...groups.values()];
}

export function createSiteWiseReader(sitewise: IoTSiteWiseClient, s3: S3Client): SiteWiseReader {
  const definitions = new Remembered<Definition>();
  const payloads = new Remembered<StoredAction>();
  const bodies = new Remembered<string | null>();
  const failures = new Remembered<string | null>();

  const body = (bucket: string, key: string, etag: string): Promise<string | null> =>
    bodies.get(`${bucket}\n${key}\n${etag}`, async () => {
      const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await answer.Body?.transformToString('utf-8')) ?? null;
    });

  return {
    definition: (id, version) => definitions.get(`${id}\n${version}`, () => describeDefinition(sitewise, id)),
    assets: (id) => listAssets(sitewise, id),
    async actions(id, assetId, trainingActionId) {
      const listed = await listActionIds(sitewise, id, assetId);
      return Promise.all(
        listed.map(async (entry) => {
          const stored = await payloads.get(entry.id, () => describeAction(sitewise, entry.id));
          return actionRead(entry, stored, trainingActionId);
        }),
      );
    },
    executions: (id, assetId) => listExecutions(sitewise, id, assetId),
    async objects(destination, assetIds) {
      const groups = groupObjects(await listObjects(s3, destination), destination, assetIds);
      await Promise.all(
        groups.map(async (group) => {
          if (group.resultKey === null) return;
          const text = await body(destination.bucket, group.resultKey, group.etags[group.resultKey] ?? '');
          group.result = text === null ? null : parseRunResult(text);
        }),
      );
      const byAsset = new Map<string, RunObjects[]>();
      for (const { assetId, resultKey: _, ...group } of groups) {
        const owner = assetId || group.result?.assetId || '';
        byAsset.set(owner, [...(byAsset.get(owner) ?? []), group]);
      }
      return byAsset;
    },
    failure: (executionId) =>
      failures.get(executionId, async () => {
        const described = await sitewise.send(new DescribeExecutionCommand({ executionId }));
        return failureReasonOf(described.executionResult, described.executionDetails);
      }),
    body,
  };
}
