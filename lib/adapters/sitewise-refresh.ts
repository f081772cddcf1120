// Reads of one model made afresh (outside a listing), and activation: an inference START naming the new
// targetModelVersion with the rest of the last START's settings; a STOP first when SiteWise refuses to
// switch versions while inference runs.
import {
  DescribeComputationModelCommand,
  type DescribeComputationModelCommandOutput,
  ExecuteActionCommand,
  type IoTSiteWiseClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-iotsitewise';
import { parseSiteWiseModelName } from './sitewise-naming.js';
import type { SiteWiseReader } from './sitewise-reads.js';
import { latest, pairActions } from './sitewise-timeline.js';
import { readTrained, type TrainedView } from './sitewise-trained.js';

export class SiteWiseActivationError extends Error {
  override name = 'SiteWiseActivationError';
}

/** The model `name` names, read now; null when it does not exist (or is not a SiteWise model name). */
export async function freshView(
  sitewise: IoTSiteWiseClient,
  reader: SiteWiseReader,
  name: string,
  newestAction?: string,
): Promise<TrainedView | null> {
  const ref = parseSiteWiseModelName(name);
  if (ref === null) return null;
  let described: DescribeComputationModelCommandOutput;
  try {
    described = await sitewise.send(
      new DescribeComputationModelCommand({ computationModelId: ref.computationModelId }),
    );
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return null;
    throw error;
  }
  const model = {
    id: ref.computationModelId,
    arn: described.computationModelArn ?? '',
    status: described.computationModelStatus?.state ?? 'UNKNOWN',
    createdAt:
      described.computationModelCreationDate instanceof Date
        ? described.computationModelCreationDate.getTime()
        : null,
    version: described.computationModelVersion ?? '',
  };
  const definition = await reader.definition(model.id, model.version);
  if (definition.perAsset !== (ref.assetId !== null)) return null;
  const [view] = await readTrained(reader, model, [ref.assetId], newestAction);
  return view ?? null;
}

interface Clients {
  sitewise: IoTSiteWiseClient;
  reader: SiteWiseReader;
  /** Sends the inference actions. */
  writer: IoTSiteWiseClient;
}

/** Starts inference with `payload`; the id of the START action. */
async function startInference(
  clients: Clients,
  view: TrainedView,
  payload: Record<string, unknown>,
): Promise<string | undefined> {
  const send = (body: Record<string, unknown>) =>
    clients.writer.send(
      new ExecuteActionCommand({
        targetResource: { computationModelId: view.model.id },
        actionDefinitionId: view.definition.inferenceActionId ?? '',
        actionPayload: { stringValue: JSON.stringify(body) },
        ...(view.assetId === null ? {} : { resolveTo: { assetId: view.assetId } }),
      }),
    );
  try {
    return (await send(payload)).actionId;
  } catch (error) {
    if ((error as { name?: unknown }).name !== 'ConflictingOperationException') throw error;
    // SiteWise may refuse to switch the version of a running inference: stop it, then start again.
    await send({ inferenceMode: 'STOP' });
    return (await send(payload)).actionId;
  }
}

/**
 * The operator's inference STOP still in force (the latest inference action that did not fail), or null.
 * Activating a version is an inference START, so it would run again inference an operator stopped.
 */
function stoppedInference(view: TrainedView): { time: number } | null {
  const paired = pairActions(view.reads);
  const inForce = latest(
    view.reads.actions,
    (a) => a.inference !== null && paired.get(a.id)?.state !== 'FAILED',
  );
  return inForce?.inference?.mode === 'STOP' ? inForce : null;
}

export async function activate(
  clients: Clients,
  name: string,
  version: number,
): Promise<{ previous: number | null; current: number | null }> {
  const view = await freshView(clients.sitewise, clients.reader, name);
  if (view === null) throw new SiteWiseActivationError(`Model ${name} does not exist in IoT SiteWise.`);
  const run = view.timeline.runs.find((r) => r.number === version);
  if (run?.status !== 'SUCCESS' || run.modelVersion === null)
    throw new SiteWiseActivationError(`Model ${name} has no trained version ${version} to activate.`);
  const start = view.timeline.inferenceStart?.inference;
  if (start === undefined || start === null)
    throw new SiteWiseActivationError(
      `Model ${name} has never had inference started, so there are no inference settings to run version ${version} with; start inference on it once first.`,
    );
  const stopped = stoppedInference(view);
  if (stopped !== null)
    throw new SiteWiseActivationError(
      `Model ${name}'s inference was stopped at ${new Date(stopped.time).toISOString()}, and activating version ${version} in IoT SiteWise would start it again: inference stays stopped and version ${view.timeline.active.number ?? '–'} stays active; start inference on the model to let versions be activated.`,
    );
  const previous = view.timeline.active.number;
  const started = await startInference(clients, view, {
    ...start.fields,
    inferenceMode: 'START',
    targetModelVersion: run.modelVersion,
  });
  const after = await freshView(clients.sitewise, clients.reader, name, started);
  return { previous, current: after?.timeline.active.number ?? null };
}
