// One computation model read as the autopilot's models: itself, or one model per asset when it is bound at
// asset-model level. Per asset: ListActions and ListExecutions; per distinct metrics destination: one S3
// listing shared by every asset (docs/sitewise.md, "Change detection").
import { mapLimit } from '../concurrency.js';
import type { ModelDetail } from '../core/model.js';
import { type S3Location, UNFILTERED_LISTING_SPANS_ASSETS } from './sitewise-assumptions.js';
import type { ActionRead, ExecutionRead, RunObjects, TrainedReads } from './sitewise-history.js';
import type { Definition, SiteWiseReader } from './sitewise-reads.js';
import { buildTimeline, type Timeline } from './sitewise-timeline.js';
import {
  type ComputationModelFacts,
  identityOf,
  type TrainedIdentity,
  toModelDetail,
} from './sitewise-views.js';

/** Assets of one computation model read at once. */
const ASSET_CONCURRENCY = 4;

export interface TrainedView {
  model: ComputationModelFacts;
  definition: Definition;
  assetId: string | null;
  identity: TrainedIdentity;
  reads: TrainedReads;
  timeline: Timeline;
  detail: ModelDetail;
}

function destinationsOf(actions: readonly ActionRead[]): S3Location[] {
  const seen = new Map<string, S3Location>();
  for (const action of actions) {
    const destination = action.training?.destination;
    if (destination) seen.set(`${destination.bucket}\n${destination.prefix}`, destination);
  }
  return [...seen.values()];
}

/** The objects of one asset's runs (or of the model's, for no asset): its own, and unassigned ones its executions name. */
function objectsFor(
  byAsset: ReadonlyMap<string, RunObjects[]>,
  assetId: string | null,
  executionIds: ReadonlySet<string>,
): RunObjects[] {
  const own = byAsset.get(assetId ?? '') ?? [];
  if (assetId === null) return own;
  const unassigned = (byAsset.get('') ?? []).filter(
    (o) => executionIds.has(o.result?.executionId ?? '') || executionIds.has(o.folder),
  );
  return [...own, ...unassigned];
}

/**
 * The run objects under the model's metrics destinations, without those whose result names another
 * computation model: models may share a prefix, and a run of one is never attributed to another.
 */
async function readObjects(
  reader: SiteWiseReader,
  modelId: string,
  actions: readonly ActionRead[],
  assetIds: ReadonlySet<string>,
) {
  const merged = new Map<string, RunObjects[]>();
  const own = (o: RunObjects) => (o.result?.computationModelId ?? modelId) === modelId;
  for (const destination of destinationsOf(actions)) {
    for (const [asset, objects] of await reader.objects(destination, assetIds))
      merged.set(asset, [...(merged.get(asset) ?? []), ...objects.filter(own)]);
  }
  return merged;
}

/**
 * Actions are ordered by their executionTime, which SiteWise gives in whole seconds; of actions in the same
 * second, one the caller knows it made last is put last.
 */
/**
 * The actions oldest first as SiteWise listed them: a listing whose times descend is read backwards, so
 * actions of one second (executionTime has no finer grain) keep the order SiteWise made them in.
 */
function oldestFirst(actions: ActionRead[]): ActionRead[] {
  const [first, last] = [actions[0], actions.at(-1)];
  return first !== undefined && last !== undefined && first.time > last.time ? actions.toReversed() : actions;
}

function lastOf(listed: ActionRead[], newest: string | undefined): ActionRead[] {
  const actions = oldestFirst(listed);
  if (newest === undefined) return actions;
  return [...actions.filter((a) => a.id !== newest), ...actions.filter((a) => a.id === newest)];
}

interface AssetLists {
  assetId: string | null;
  actions: ActionRead[];
  executions: ExecutionRead[];
}

/**
 * Every asset's actions and executions from one unfiltered listing each (UNFILTERED_LISTING_SPANS_ASSETS);
 * null when that listing names no asset, and each asset must be listed on its own.
 */
async function readSpanning(
  reader: SiteWiseReader,
  id: string,
  definition: Definition,
  assets: ReadonlyArray<string | null>,
): Promise<AssetLists[] | null> {
  if (!UNFILTERED_LISTING_SPANS_ASSETS) return null;
  const [actions, executions] = await Promise.all([
    reader.actions(id, null, definition.trainingActionId),
    reader.executions(id, null),
  ]);
  const named = [...actions, ...executions].some((item) => item.assetId != null);
  if (!named) return null;
  return assets.map((assetId) => ({
    assetId,
    actions: actions.filter((a) => a.assetId === assetId),
    executions: executions.filter((e) => e.assetId === assetId),
  }));
}

/**
 * Reads the trained models of one computation model: `assets` null reads every one it has (asked of SiteWise
 * for a model bound at asset-model level), else just those.
 */
export async function readTrained(
  reader: SiteWiseReader,
  model: ComputationModelFacts & { version: string },
  assets: ReadonlyArray<string | null> | null,
  newestAction?: string,
): Promise<TrainedView[]> {
  const definition = await reader.definition(model.id, model.version);
  const wanted = assets ?? (definition.perAsset ? await reader.assets(model.id) : [null]);
  const spanning =
    assets === null && definition.perAsset ? await readSpanning(reader, model.id, definition, wanted) : null;
  const perAsset =
    spanning ??
    (await mapLimit(wanted, ASSET_CONCURRENCY, async (assetId) => ({
      assetId,
      actions: await reader.actions(model.id, assetId, definition.trainingActionId),
      executions: await reader.executions(model.id, assetId),
    })));
  const assetIds = new Set(wanted.flatMap((a) => (a === null ? [] : [a])));
  const objects = await readObjects(
    reader,
    model.id,
    perAsset.flatMap((a) => a.actions),
    assetIds,
  );
  return perAsset.map(({ assetId, actions, executions }) => {
    const ids = new Set(executions.map((e) => e.id));
    const ordered = lastOf(actions, newestAction);
    const reads: TrainedReads = { actions: ordered, executions, objects: objectsFor(objects, assetId, ids) };
    const identity = identityOf(model, assetId);
    const timeline = buildTimeline(reads);
    const detail = toModelDetail(model, identity, timeline);
    return { model, definition, assetId, identity, reads, timeline, detail };
  });
}
