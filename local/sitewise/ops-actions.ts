// Actions and executions: ExecuteAction with the anomaly-detection training and inference payloads,
// ListActions, DescribeAction, ListExecutions and DescribeExecution. A scheduler START/STOP or an
// inference action's execution is RUNNING for the `settle` knob's time, then COMPLETED.

import { conflict, invalidRequest, notFound } from './errors.js';
import { runInferenceAction } from './inference.js';
import { type Input, optionalRecord, optionalString, requiredString } from './input.js';
import { computationModelOf, requireActive, resolveAsset, trainedOf } from './ops-models.js';
import { pageOf } from './page.js';
import { parseInferencePayload, parseTrainingPayload, type TrainingPayload } from './payloads.js';
import { startScheduler, stopScheduler } from './scheduler.js';
import { epochSeconds, type SiteWiseSim } from './sim.js';
import {
  type Action,
  type ComputationModel,
  type Execution,
  INFERENCE_ACTION,
  TRAINING_ACTION,
  type Trained,
} from './state.js';
import { mapValue, newExecution, startRun } from './training.js';

function settledExecution(
  sim: SiteWiseSim,
  trained: Trained,
  model: ComputationModel,
  fields: {
    actionId: string;
    actionType: string;
    details: Record<string, string>;
    payload: Execution['payload'];
  },
): Execution {
  const execution = newExecution(sim, trained, {
    ...fields,
    targetResourceVersion: model.version,
    listed: true,
  });
  sim.schedule(sim.after(sim.knobs.settle), { kind: 'executionSettled', executionId: execution.id });
  return execution;
}

interface ActionTarget {
  model: ComputationModel;
  trained: Trained;
  actionId: string;
}

function runTraining(sim: SiteWiseSim, target: ActionTarget, payload: TrainingPayload): Execution {
  const { model, trained, actionId } = target;
  const details = { trainingMode: payload.trainingMode };
  if (payload.trainingMode === 'STOP_RETRAINING_SCHEDULER') {
    stopScheduler(sim, model, trained);
    return settledExecution(sim, trained, model, { actionId, actionType: TRAINING_ACTION, details, payload });
  }
  if (payload.trainingMode === 'START_RETRAINING_SCHEDULER') {
    startScheduler(sim, model, trained, payload);
    return settledExecution(sim, trained, model, { actionId, actionType: TRAINING_ACTION, details, payload });
  }
  const execution = startRun(sim, {
    trained,
    mode: 'TRAIN_MODEL',
    actionId,
    window: {
      start: (payload.exportDataStartTime ?? 0) * 1000,
      end: (payload.exportDataEndTime ?? 0) * 1000,
    },
    labeled: payload.labelInputConfiguration !== undefined,
    destination: payload.modelMetricsDestination ?? null,
    promotion: null,
    definitionVersion: model.version,
  });
  execution.payload = payload;
  return execution;
}

function targetModelOf(sim: SiteWiseSim, input: Input): ComputationModel {
  const target = optionalRecord(input, 'targetResource') ?? {};
  const modelId = optionalString(target, 'computationModelId');
  const assetId = optionalString(target, 'assetId');
  if ((modelId === undefined) === (assetId === undefined))
    throw invalidRequest('targetResource names exactly one of computationModelId and assetId.');
  if (modelId === undefined)
    throw notFound(
      `Action definition ${requiredString(input, 'actionDefinitionId')} is not defined for asset ${assetId}.`,
    );
  return computationModelOf(sim, modelId);
}

export function executeAction(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const token = optionalString(input, 'clientToken');
  const previous = token === undefined ? undefined : sim.world.clientTokens.get(`ExecuteAction:${token}`);
  if (previous !== undefined) return { actionId: previous };
  const model = targetModelOf(sim, input);
  const definitionId = requiredString(input, 'actionDefinitionId');
  const isTraining = definitionId === model.trainingActionDefinitionId;
  if (!isTraining && definitionId !== model.inferenceActionDefinitionId)
    throw notFound(`Action definition ${definitionId} is not defined for computation model ${model.id}.`);
  requireActive(model, 'run actions');
  const assetId = resolveAsset(
    sim,
    model,
    optionalString(optionalRecord(input, 'resolveTo') ?? {}, 'assetId'),
  );
  const trained = trainedOf(model, assetId);
  const payloadText = requiredString(optionalRecord(input, 'actionPayload') ?? {}, 'stringValue');
  const actionId = sim.newId();
  let execution: Execution;
  if (isTraining) {
    const payload = parseTrainingPayload(payloadText);
    if (payload.trainingMode === 'TRAIN_MODEL' && trained.running !== null)
      throw conflict(`A training run of computation model ${model.id} is in progress.`, model);
    execution = runTraining(sim, { model, trained, actionId }, payload);
  } else {
    const payload = parseInferencePayload(payloadText);
    runInferenceAction(sim, model, trained, payload);
    execution = settledExecution(sim, trained, model, {
      actionId,
      actionType: INFERENCE_ACTION,
      details: { inferenceMode: payload.inferenceMode },
      payload,
    });
  }
  const action: Action = {
    id: actionId,
    seq: sim.world.actions.size + 1,
    actionDefinitionId: definitionId,
    computationModelId: model.id,
    resolveToAssetId: assetId,
    payload: payloadText,
    executionTime: sim.now,
    executionId: execution.id,
  };
  sim.world.actions.set(actionId, action);
  if (token !== undefined) sim.world.clientTokens.set(`ExecuteAction:${token}`, actionId);
  return { actionId };
}

export function onExecutionSettled(sim: SiteWiseSim, executionId: string): void {
  const execution = sim.world.executions.get(executionId);
  if (execution?.state !== 'RUNNING') return;
  execution.state = 'COMPLETED';
  execution.endTime = sim.now;
  sim.record({
    resource: 'execution',
    computationModelId: execution.computationModelId,
    assetId: execution.resolveToAssetId,
    id: execution.id,
    field: 'state',
    from: 'RUNNING',
    to: 'COMPLETED',
    cause: execution.details.trainingMode ?? execution.details.inferenceMode ?? execution.actionType,
  });
}

interface TargetFilter {
  type: string;
  id: string;
  resolveTo: string | undefined;
}

function targetFilterOf(input: Input): TargetFilter {
  const resolveType = optionalString(input, 'resolveToResourceType');
  const resolveTo = optionalString(input, 'resolveToResourceId');
  if ((resolveType === undefined) !== (resolveTo === undefined))
    throw invalidRequest('resolveToResourceType and resolveToResourceId are given together or not at all.');
  return {
    type: requiredString(input, 'targetResourceType'),
    id: requiredString(input, 'targetResourceId'),
    resolveTo,
  };
}

function matches(
  filter: TargetFilter,
  item: { computationModelId: string; resolveToAssetId: string | null },
): boolean {
  if (filter.type !== 'COMPUTATION_MODEL' || item.computationModelId !== filter.id) return false;
  return filter.resolveTo === undefined || item.resolveToAssetId === filter.resolveTo;
}

const resolveToOf = (assetId: string | null): Record<string, unknown> =>
  assetId === null ? {} : { resolveTo: { assetId } };

/** 1 lists oldest first, -1 newest first (the listingOrder knob). */
const listingOrder = (sim: SiteWiseSim): 1 | -1 => (sim.knobs.listingOrder === 'oldestFirst' ? 1 : -1);

export function listActions(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const filter = targetFilterOf(input);
  if (filter.type === 'COMPUTATION_MODEL') computationModelOf(sim, filter.id);
  const order = listingOrder(sim);
  const actions = [...sim.world.actions.values()]
    .filter((action) => matches(filter, action))
    .sort((a, b) => order * (a.seq - b.seq));
  const page = pageOf(
    sim,
    { operation: 'ListActions', input, filters: filter },
    actions,
    (action) => order * action.seq,
  );
  return {
    actionSummaries: page.items.map((action) => ({
      actionId: action.id,
      actionDefinitionId: action.actionDefinitionId,
      targetResource: { computationModelId: action.computationModelId },
      ...resolveToOf(action.resolveToAssetId),
    })),
    // The model marks nextToken required, but a paginator needs the last page to carry none.
    ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
  };
}

export function describeAction(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const id = requiredString(input, 'actionId');
  const action = sim.world.actions.get(id);
  if (action === undefined) throw notFound(`Action ${id} does not exist.`);
  return {
    actionId: action.id,
    targetResource: { computationModelId: action.computationModelId },
    actionDefinitionId: action.actionDefinitionId,
    actionPayload: { stringValue: action.payload },
    executionTime: epochSeconds(action.executionTime),
    ...resolveToOf(action.resolveToAssetId),
  };
}

function summaryOf(execution: Execution): Record<string, unknown> {
  return {
    executionId: execution.id,
    actionType: execution.actionType,
    targetResource: { computationModelId: execution.computationModelId },
    targetResourceVersion: String(execution.targetResourceVersion),
    ...resolveToOf(execution.resolveToAssetId),
    executionStartTime: epochSeconds(execution.startTime),
    ...(execution.endTime === null ? {} : { executionEndTime: epochSeconds(execution.endTime) }),
    executionStatus: { state: execution.state },
    ...(execution.entityVersion === null ? {} : { executionEntityVersion: String(execution.entityVersion) }),
  };
}

export function listExecutions(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const filter = targetFilterOf(input);
  const order = listingOrder(sim);
  if (filter.type === 'COMPUTATION_MODEL') computationModelOf(sim, filter.id);
  const actionType = optionalString(input, 'actionType');
  const executions = [...sim.world.executions.values()]
    .filter((execution) => execution.listed && matches(filter, execution))
    .filter((execution) => actionType === undefined || execution.actionType === actionType)
    .sort((a, b) => order * (a.seq - b.seq));
  const page = pageOf(
    sim,
    { operation: 'ListExecutions', input, filters: { ...filter, actionType } },
    executions,
    (e) => order * e.seq,
  );
  return {
    executionSummaries: page.items.map(summaryOf),
    ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
  };
}

export function describeExecution(sim: SiteWiseSim, input: Input): Record<string, unknown> {
  const id = requiredString(input, 'executionId');
  const execution = sim.world.executions.get(id);
  if (execution === undefined || !execution.listed) throw notFound(`Execution ${id} does not exist.`);
  return {
    ...summaryOf(execution),
    ...(Object.keys(execution.result).length === 0 ? {} : { executionResult: execution.result }),
    executionDetails: Object.fromEntries(Object.entries(execution.details).map(([k, v]) => [k, mapValue(v)])),
  };
}
