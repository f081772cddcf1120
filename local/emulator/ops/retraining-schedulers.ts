// Retraining scheduler operations (the 2023-09 API surface).

import { truncateToUtcDay } from '../durations.js';
import { conflictError, notFoundError } from '../errors.js';
import { paginate } from '../pagination.js';
import {
  replanRetraining,
  requestRetrainingStart,
  setRetrainingStatus,
  stopRetraining,
} from '../retraining.js';
import { retrainingFrequencyProblem } from '../retraining-schedule.js';
import type { Simulation } from '../simulation.js';
import type { PromoteMode, RetrainingSchedulerState } from '../state.js';
import { isBusy } from '../training.js';
import { constraintViolation } from '../validation.js';
import { describeRetrainingScheduler, retrainingSchedulerSummary } from '../views.js';
import {
  beginsWith,
  byName,
  type Handler,
  type Input,
  idempotent,
  instant,
  integer,
  requireModel,
  text,
} from './common.js';

function requireScheduler(sim: Simulation, modelName: string): RetrainingSchedulerState {
  requireModel(sim, modelName);
  const scheduler = sim.store.retrainingSchedulers.get(modelName);
  if (scheduler === undefined) throw notFoundError(`Model '${modelName}' has no retraining scheduler.`);
  return scheduler;
}

function checkFrequency(input: Input): void {
  const frequency = text(input, 'RetrainingFrequency');
  if (frequency === undefined) return;
  const problem = retrainingFrequencyProblem(frequency);
  if (problem !== undefined) throw constraintViolation('retrainingFrequency', frequency, problem);
}

export function addRetrainingScheduler(
  sim: Simulation,
  fields: {
    modelName: string;
    modelArn: string;
    frequency: string;
    lookback: string;
    promoteMode: PromoteMode;
    startDate?: number;
  },
  cause: string,
): RetrainingSchedulerState {
  const scheduler: RetrainingSchedulerState = {
    modelName: fields.modelName,
    modelArn: fields.modelArn,
    createdAt: sim.now,
    updatedAt: sim.now,
    frequency: fields.frequency,
    lookback: fields.lookback,
    promoteMode: fields.promoteMode,
    status: 'PENDING',
    ticket: 0,
    ...(fields.startDate === undefined ? {} : { startDate: truncateToUtcDay(fields.startDate) }),
  };
  sim.store.retrainingSchedulers.set(scheduler.modelName, scheduler);
  sim.record({
    resource: 'retrainingScheduler',
    modelName: scheduler.modelName,
    modelVersion: null,
    name: scheduler.modelName,
    field: 'Status',
    from: null,
    to: 'PENDING',
    cause,
  });
  return scheduler;
}

const create: Handler = (sim, input) =>
  idempotent(sim, 'CreateRetrainingScheduler', input, () => {
    checkFrequency(input);
    const model = requireModel(sim, text(input, 'ModelName') as string);
    if (sim.store.retrainingSchedulers.has(model.name)) {
      throw conflictError(`Model '${model.name}' already has a retraining scheduler.`);
    }
    const startDate = instant(input, 'RetrainingStartDate');
    const scheduler = addRetrainingScheduler(
      sim,
      {
        modelName: model.name,
        modelArn: model.arn,
        frequency: text(input, 'RetrainingFrequency') as string,
        lookback: text(input, 'LookbackWindow') as string,
        promoteMode: (text(input, 'PromoteMode') ?? 'MANAGED') as PromoteMode,
        ...(startDate === undefined ? {} : { startDate }),
      },
      'API',
    );
    return { ModelName: model.name, ModelArn: model.arn, Status: scheduler.status };
  });

const describe: Handler = (sim, input) =>
  describeRetrainingScheduler(requireScheduler(sim, text(input, 'ModelName') as string));

const list: Handler = (sim, input) => {
  const filters = { name: text(input, 'ModelNameBeginsWith'), status: text(input, 'Status') };
  const items = [...sim.store.retrainingSchedulers.values()]
    .filter(
      (s) =>
        beginsWith(s.modelName, filters.name) &&
        (filters.status === undefined || s.status === filters.status),
    )
    .sort(byName((s) => s.modelName));
  const page = paginate(
    sim.tokens,
    {
      operation: 'ListRetrainingSchedulers',
      nextToken: text(input, 'NextToken'),
      maxResults: integer(input, 'MaxResults'),
      filters,
    },
    items,
    { keyOf: (s) => s.modelName, order: 'asc' },
  );
  return {
    RetrainingSchedulerSummaries: page.items.map(retrainingSchedulerSummary),
    NextToken: page.nextToken,
  };
};

const update: Handler = (sim, input) => {
  checkFrequency(input);
  const scheduler = requireScheduler(sim, text(input, 'ModelName') as string);
  const startDate = instant(input, 'RetrainingStartDate');
  const frequency = text(input, 'RetrainingFrequency');
  const lookback = text(input, 'LookbackWindow');
  const promoteMode = text(input, 'PromoteMode') as PromoteMode | undefined;
  if (startDate !== undefined) scheduler.startDate = truncateToUtcDay(startDate);
  if (frequency !== undefined) scheduler.frequency = frequency;
  if (lookback !== undefined) scheduler.lookback = lookback;
  if (promoteMode !== undefined) scheduler.promoteMode = promoteMode;
  scheduler.updatedAt = sim.now;
  if (startDate !== undefined || frequency !== undefined)
    replanRetraining(sim, scheduler, startDate !== undefined);
  return {};
};

const start: Handler = (sim, input) => {
  const scheduler = requireScheduler(sim, text(input, 'ModelName') as string);
  if (scheduler.status === 'RUNNING' || scheduler.status === 'STOPPING') {
    throw conflictError(
      `The retraining scheduler of '${scheduler.modelName}' is ${scheduler.status}; it can only be started when PENDING or STOPPED.`,
    );
  }
  const model = requireModel(sim, scheduler.modelName);
  if (isBusy(model) || model.activeVersion === undefined) {
    throw conflictError(
      `Model '${model.name}' has no trained active version yet; start the retraining scheduler once training finishes.`,
    );
  }
  requestRetrainingStart(sim, scheduler, 'API');
  return { ModelName: scheduler.modelName, ModelArn: scheduler.modelArn, Status: scheduler.status };
};

const stop: Handler = (sim, input) => {
  const scheduler = requireScheduler(sim, text(input, 'ModelName') as string);
  // A scheduler still PENDING after a start is refused too: the docs are silent, and refusing is the
  // answer a client must be ready for (it waits for RUNNING, then stops).
  if (scheduler.status !== 'RUNNING') {
    throw conflictError(
      `The retraining scheduler of '${scheduler.modelName}' is ${scheduler.status}; only a RUNNING scheduler can be stopped.`,
    );
  }
  stopRetraining(sim, scheduler, 'API');
  return { ModelName: scheduler.modelName, ModelArn: scheduler.modelArn, Status: scheduler.status };
};

const remove: Handler = (sim, input) => {
  const scheduler = requireScheduler(sim, text(input, 'ModelName') as string);
  if (scheduler.status !== 'STOPPED') {
    throw conflictError(
      `The retraining scheduler of '${scheduler.modelName}' is ${scheduler.status}; it must be STOPPED before it can be deleted.`,
    );
  }
  setRetrainingStatus(sim, scheduler, 'DELETED', 'API');
  sim.store.retrainingSchedulers.delete(scheduler.modelName);
  return {};
};

export const retrainingSchedulerOperations: Record<string, Handler> = {
  CreateRetrainingScheduler: create,
  DescribeRetrainingScheduler: describe,
  ListRetrainingSchedulers: list,
  UpdateRetrainingScheduler: update,
  StartRetrainingScheduler: start,
  StopRetrainingScheduler: stop,
  DeleteRetrainingScheduler: remove,
};
