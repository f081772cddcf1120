// Inference scheduler operations and the lazily computed execution history.

import { conflictError, notFoundError } from '../errors.js';
import {
  type Execution,
  type ExecutionQuery,
  listExecutions,
  reconfigureInference,
  requestInferenceStart,
  requestInferenceStop,
  setInferenceStatus,
} from '../inference.js';
import { DEFAULT_PAGE_SIZE, paginate } from '../pagination.js';
import type { Simulation } from '../simulation.js';
import type {
  InferenceOutputConfiguration,
  InferenceS3Configuration,
  InferenceSchedulerState,
  ModelState,
  Tag,
} from '../state.js';
import type { PagePosition } from '../tokens.js';
import { versionOf } from '../training.js';
import { describeInferenceScheduler, executionSummary, inferenceSchedulerSummary } from '../views.js';
import {
  beginsWith,
  byName,
  checkTags,
  type Handler,
  idempotent,
  instant,
  integer,
  requireModel,
  resolveKmsKey,
  structure,
  text,
} from './common.js';

function requireScheduler(sim: Simulation, name: string): InferenceSchedulerState {
  const scheduler = sim.store.inferenceSchedulers.get(name);
  if (scheduler === undefined) throw notFoundError(`Inference scheduler '${name}' does not exist.`);
  return scheduler;
}

function requireReadyModel(sim: Simulation, name: string): ModelState {
  const model = requireModel(sim, name);
  if (model.activeVersion === undefined) {
    throw conflictError(`Model '${name}' has no trained active version; inference cannot be scheduled yet.`);
  }
  return model;
}

export function addInferenceScheduler(
  sim: Simulation,
  model: ModelState,
  fields: {
    name: string;
    frequency: string;
    delayOffsetMinutes: number;
    input: InferenceS3Configuration;
    output: InferenceOutputConfiguration;
    roleArn: string;
    kmsKeyArn?: string;
    tags: Tag[];
    failureRate: number;
  },
  cause: string,
): InferenceSchedulerState {
  const scheduler: InferenceSchedulerState = {
    ...fields,
    arn: sim.newInferenceSchedulerArn(fields.name),
    modelName: model.name,
    modelArn: model.arn,
    createdAt: sim.now,
    updatedAt: sim.now,
    status: 'PENDING',
    periods: [],
    timeline: model.activeTimeline,
    syncedUntil: sim.now,
    ticket: 0,
  };
  if (fields.kmsKeyArn === undefined) delete scheduler.kmsKeyArn;
  sim.store.addInferenceScheduler(scheduler);
  sim.record({
    resource: 'inferenceScheduler',
    modelName: model.name,
    modelVersion: null,
    name: scheduler.name,
    field: 'Status',
    from: null,
    to: 'PENDING',
    cause,
  });
  requestInferenceStart(sim, scheduler, cause);
  return scheduler;
}

const create: Handler = (sim, input) =>
  idempotent(sim, 'CreateInferenceScheduler', input, () => {
    const name = text(input, 'InferenceSchedulerName') as string;
    const model = requireReadyModel(sim, text(input, 'ModelName') as string);
    if (sim.store.inferenceSchedulers.has(name))
      throw conflictError(`Inference scheduler '${name}' already exists.`);
    const existing = sim.store.inferenceSchedulersOf(model.name).find((s) => s.modelArn === model.arn);
    if (existing !== undefined) {
      throw conflictError(`Model '${model.name}' already has inference scheduler '${existing.name}'.`);
    }
    const kmsKeyArn = resolveKmsKey(sim.settings, text(input, 'ServerSideKmsKeyId'));
    const scheduler = addInferenceScheduler(
      sim,
      model,
      {
        name,
        frequency: text(input, 'DataUploadFrequency') as string,
        delayOffsetMinutes: integer(input, 'DataDelayOffsetInMinutes') ?? 0,
        input: structure<InferenceS3Configuration>(
          input,
          'DataInputConfiguration',
        ) as InferenceS3Configuration,
        output: structure<InferenceOutputConfiguration>(
          input,
          'DataOutputConfiguration',
        ) as InferenceOutputConfiguration,
        roleArn: text(input, 'RoleArn') as string,
        ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
        tags: checkTags(structure<Tag[]>(input, 'Tags')),
        failureRate: 0,
      },
      'API',
    );
    const active = versionOf(model, model.activeVersion as number);
    return {
      InferenceSchedulerArn: scheduler.arn,
      InferenceSchedulerName: scheduler.name,
      Status: scheduler.status,
      ...(active?.modelQuality === undefined ? {} : { ModelQuality: active.modelQuality }),
    };
  });

const update: Handler = (sim, input) => {
  const scheduler = requireScheduler(sim, text(input, 'InferenceSchedulerName') as string);
  const frequency = text(input, 'DataUploadFrequency');
  const offset = integer(input, 'DataDelayOffsetInMinutes');
  const dataInput = structure<InferenceS3Configuration>(input, 'DataInputConfiguration');
  const dataOutput = structure<InferenceOutputConfiguration>(input, 'DataOutputConfiguration');
  const roleArn = text(input, 'RoleArn');
  const cadenceChanged =
    (frequency !== undefined && frequency !== scheduler.frequency) ||
    (offset !== undefined && offset !== scheduler.delayOffsetMinutes);
  if (frequency !== undefined) scheduler.frequency = frequency;
  if (offset !== undefined) scheduler.delayOffsetMinutes = offset;
  if (dataInput !== undefined) scheduler.input = dataInput;
  if (dataOutput !== undefined) scheduler.output = dataOutput;
  if (roleArn !== undefined) scheduler.roleArn = roleArn;
  scheduler.updatedAt = sim.now;
  if (cadenceChanged) reconfigureInference(sim, scheduler);
  return {};
};

const remove: Handler = (sim, input) => {
  const scheduler = requireScheduler(sim, text(input, 'InferenceSchedulerName') as string);
  if (scheduler.status !== 'STOPPED') {
    throw conflictError(
      `Inference scheduler '${scheduler.name}' is ${scheduler.status}; stop it before deleting it.`,
    );
  }
  setInferenceStatus(sim, scheduler, 'DELETED', 'API');
  sim.store.removeInferenceScheduler(scheduler);
  return {};
};

function statusResponse(scheduler: InferenceSchedulerState): Record<string, unknown> {
  return {
    ModelArn: scheduler.modelArn,
    ModelName: scheduler.modelName,
    InferenceSchedulerName: scheduler.name,
    InferenceSchedulerArn: scheduler.arn,
    Status: scheduler.status,
  };
}

const start: Handler = (sim, input) => {
  const scheduler = requireScheduler(sim, text(input, 'InferenceSchedulerName') as string);
  if (scheduler.status !== 'STOPPED') {
    throw conflictError(
      `Inference scheduler '${scheduler.name}' is ${scheduler.status}; only a STOPPED scheduler can be started.`,
    );
  }
  const model = requireReadyModel(sim, scheduler.modelName);
  if (model.arn !== scheduler.modelArn)
    throw conflictError(`The model of inference scheduler '${scheduler.name}' was deleted.`);
  requestInferenceStart(sim, scheduler, 'API');
  return statusResponse(scheduler);
};

const stop: Handler = (sim, input) => {
  const scheduler = requireScheduler(sim, text(input, 'InferenceSchedulerName') as string);
  if (scheduler.status !== 'RUNNING' && scheduler.status !== 'PENDING') {
    throw conflictError(
      `Inference scheduler '${scheduler.name}' is ${scheduler.status}; only a RUNNING or PENDING scheduler can be stopped.`,
    );
  }
  requestInferenceStop(sim, scheduler, 'API');
  return statusResponse(scheduler);
};

const list: Handler = (sim, input) => {
  const filters = {
    name: text(input, 'InferenceSchedulerNameBeginsWith'),
    model: text(input, 'ModelName'),
    status: text(input, 'Status'),
  };
  const items = [...sim.store.inferenceSchedulers.values()]
    .filter(
      (s) =>
        beginsWith(s.name, filters.name) &&
        (filters.model === undefined || s.modelName === filters.model) &&
        (filters.status === undefined || s.status === filters.status),
    )
    .sort(byName((s) => s.name));
  const page = paginate(
    sim.tokens,
    {
      operation: 'ListInferenceSchedulers',
      nextToken: text(input, 'NextToken'),
      maxResults: integer(input, 'MaxResults'),
      filters,
    },
    items,
    { keyOf: (s) => s.name, order: 'asc' },
  );
  return {
    InferenceSchedulerSummaries: page.items.map((s) => inferenceSchedulerSummary(sim, s)),
    NextToken: page.nextToken,
  };
};

const describe: Handler = (sim, input) =>
  describeInferenceScheduler(sim, requireScheduler(sim, text(input, 'InferenceSchedulerName') as string));

interface ExecutionFilters {
  scheduler: string;
  after: number | undefined;
  before: number | undefined;
  status: string | undefined;
}

function executionQuery(
  sim: Simulation,
  scheduler: InferenceSchedulerState,
  filters: ExecutionFilters,
  position: PagePosition | undefined,
): ExecutionQuery {
  return {
    now: sim.now,
    ...(typeof position === 'number' ? { before: position } : {}),
    ...(filters.after === undefined ? {} : { dataStartTimeAfter: filters.after }),
    ...(filters.before === undefined ? {} : { dataEndTimeBefore: filters.before }),
    exclusiveBounds: sim.knobsFor(scheduler.modelName).listFilterBounds === 'exclusive',
  };
}

/** Takes up to `size` executions of `status` (any when undefined) and says whether more follow. */
function takeExecutions(
  source: Iterable<Execution>,
  status: string | undefined,
  size: number,
): { found: Execution[]; more: boolean } {
  const found: Execution[] = [];
  for (const execution of source) {
    if (status !== undefined && execution.status !== status) continue;
    if (found.length === size) return { found, more: true };
    found.push(execution);
  }
  return { found, more: false };
}

const executions: Handler = (sim, input) => {
  const scheduler = requireScheduler(sim, text(input, 'InferenceSchedulerName') as string);
  const filters: ExecutionFilters = {
    scheduler: scheduler.arn,
    after: instant(input, 'DataStartTimeAfter'),
    before: instant(input, 'DataEndTimeBefore'),
    status: text(input, 'Status'),
  };
  const operation = 'ListInferenceExecutions';
  const nextToken = text(input, 'NextToken');
  const size = integer(input, 'MaxResults') ?? DEFAULT_PAGE_SIZE;
  const position =
    nextToken === undefined || nextToken === ''
      ? undefined
      : sim.tokens.decode(nextToken, operation, filters);
  const query = executionQuery(sim, scheduler, filters, position);
  const { found, more } = takeExecutions(listExecutions(scheduler, query), filters.status, size);
  const last = found[found.length - 1];
  return {
    InferenceExecutionSummaries: found.map((execution) => executionSummary(scheduler, execution)),
    NextToken:
      more && last !== undefined ? sim.tokens.encode(operation, last.scheduledStart, filters) : undefined,
  };
};

export const inferenceSchedulerOperations: Record<string, Handler> = {
  CreateInferenceScheduler: create,
  UpdateInferenceScheduler: update,
  DeleteInferenceScheduler: remove,
  StartInferenceScheduler: start,
  StopInferenceScheduler: stop,
  ListInferenceSchedulers: list,
  DescribeInferenceScheduler: describe,
  ListInferenceExecutions: executions,
};
