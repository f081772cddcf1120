// IoT SiteWise actions on one anomaly-detection model: which computation model (and asset) a model name
// names, the id of its training action, sending a training payload with a client token, and the training
// payloads sent before, newest first.
import {
  DescribeActionCommand,
  DescribeComputationModelCommand,
  ExecuteActionCommand,
  type IoTSiteWiseClient,
  ListActionsCommand,
} from '@aws-sdk/client-iotsitewise';

export const TRAINING_ACTION = 'AWS/ANOMALY_DETECTION_TRAINING';
export const INFERENCE_ACTION = 'AWS/ANOMALY_DETECTION_INFERENCE';

/** A model as SiteWise addresses it: the computation model, and the asset for a model per asset. */
export interface SiteWiseTarget {
  computationModelId: string;
  assetId: string | null;
}

/** A model the autopilot names `<computationModelId>` or `<computationModelId>/<assetId>`. */
export function siteWiseTarget(modelName: string): SiteWiseTarget {
  const [computationModelId = '', assetId] = modelName.split('/');
  return { computationModelId, assetId: assetId ?? null };
}

/** An operation SiteWise does not offer, with what to do instead. */
export class UnsupportedOperationError extends Error {
  override name = 'UnsupportedOperationError';
}

/** The target and resolve-to parameters SiteWise's list calls take for a model. */
export function listTarget(target: SiteWiseTarget) {
  return {
    targetResourceType: 'COMPUTATION_MODEL' as const,
    targetResourceId: target.computationModelId,
    ...(target.assetId === null
      ? {}
      : { resolveToResourceType: 'ASSET' as const, resolveToResourceId: target.assetId }),
  };
}

export interface SiteWiseActions {
  /** Sends a training payload; the action id. */
  executeTraining(target: SiteWiseTarget, payload: object, clientToken: string): Promise<string>;
  /** The payload text of every training action sent to the model, newest first. */
  trainingPayloads(target: SiteWiseTarget): AsyncGenerator<string>;
}

export function createSiteWiseActions(client: IoTSiteWiseClient): SiteWiseActions {
  // A computation model's action definitions do not change with its data binding: one read per model.
  const trainingIds = new Map<string, Promise<string>>();

  function trainingActionId(computationModelId: string): Promise<string> {
    let id = trainingIds.get(computationModelId);
    if (id === undefined) {
      id = client.send(new DescribeComputationModelCommand({ computationModelId })).then((model) => {
        const found = model.actionDefinitions?.find((a) => a.actionType === TRAINING_ACTION);
        if (found?.actionDefinitionId === undefined) {
          throw new UnsupportedOperationError(
            `computation model ${computationModelId} has no ${TRAINING_ACTION} action: it is not an anomaly-detection model`,
          );
        }
        return found.actionDefinitionId;
      });
      id.catch(() => trainingIds.delete(computationModelId));
      trainingIds.set(computationModelId, id);
    }
    return id;
  }

  async function payloadOf(actionId: string): Promise<string | undefined> {
    return (await client.send(new DescribeActionCommand({ actionId }))).actionPayload?.stringValue;
  }

  return {
    async executeTraining(target, payload, clientToken) {
      const answer = await client.send(
        new ExecuteActionCommand({
          targetResource: { computationModelId: target.computationModelId },
          actionDefinitionId: await trainingActionId(target.computationModelId),
          actionPayload: { stringValue: JSON.stringify(payload) },
          ...(target.assetId === null ? {} : { resolveTo: { assetId: target.assetId } }),
          clientToken,
        }),
      );
      return answer.actionId ?? '';
    },
    async *trainingPayloads(target) {
      const trainingId = await trainingActionId(target.computationModelId);
      let nextToken: string | undefined;
      do {
        const page = await client.send(new ListActionsCommand({ ...listTarget(target), nextToken }));
        const ids = (page.actionSummaries ?? [])
          .filter((summary) => summary.actionDefinitionId === trainingId)
          .map((summary) => summary.actionId);
        for (const actionId of ids) {
          const text = actionId === undefined ? undefined : await payloadOf(actionId);
          if (text !== undefined) yield text;
        }
        nextToken = page.nextToken || undefined;
      } while (nextToken);
    },
  };
}
