// Builds a simulation from a scenario: datasets, models already trained (version 1 active before the
// scenario starts, so day 0 is interesting), their schedulers, run specs and timed actions.

import { addDuration, DAY_MS, MINUTE_MS, parseDuration } from './durations.js';
import { ServiceError } from './errors.js';
import { openPeriod, setInferenceStatus } from './inference.js';
import { INPUT_SHAPES } from './input-shapes.js';
import type { KnobSettings } from './knobs.js';
import { generateMetrics, modelQualityOf } from './metrics-generator.js';
import { addDataset } from './ops/datasets.js';
import { addInferenceScheduler } from './ops/inference-schedulers.js';
import { addModel } from './ops/models.js';
import { addRetrainingScheduler } from './ops/retraining-schedulers.js';
import { setRetrainingStatus, startRetraining } from './retraining.js';
import {
  INFERENCE_ACTIONS,
  type ParsedAction,
  type ParsedModelSpec,
  type ParsedScenario,
  ScenarioError,
} from './scenario.js';
import { processSimEvent } from './sim-events.js';
import { Simulation } from './simulation.js';
import type { DatasetState, Tag } from './state.js';
import { activateVersion, addVersion, metricsSeedKey, splitRange } from './training.js';
import { validateInput } from './validation.js';

export interface SeedOptions {
  seed?: number | undefined;
  accountId?: string | undefined;
  region?: string | undefined;
  knobs?: KnobSettings | undefined;
}

const CAUSE = 'SCENARIO';

function tagsOf(record: Record<string, string> | undefined): Tag[] {
  return Object.entries(record ?? {}).map(([Key, Value]) => ({ Key, Value }));
}

function resolveInstant(start: number, text: string): number {
  return /^\d{4}-/.test(text) ? Date.parse(text) : addDuration(start, parseDuration(text));
}

/** Action members other than at/op/model are the operation's request members. */
export function actionInput(action: ParsedAction): Record<string, unknown> {
  const { at: _at, op, model, ...params } = action;
  if (INFERENCE_ACTIONS.has(op)) return { InferenceSchedulerName: `${model}-inference`, ...params };
  return { ModelName: model, ...params };
}

function checkActions(scenario: ParsedScenario): void {
  scenario.actions.forEach((action, index) => {
    const shape = INPUT_SHAPES[action.op];
    if (shape === undefined) return;
    try {
      validateInput(shape, actionInput(action));
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      throw new ScenarioError(`Invalid scenario: actions[${index}] (${action.op}): ${error.message}`, {
        cause: error,
      });
    }
  });
}

function seedModel(
  sim: Simulation,
  spec: ParsedModelSpec,
  dataset: DatasetState,
  scenario: ParsedScenario,
): void {
  const start = sim.now;
  const defaults = scenario.defaults;
  const trainingMs = (spec.trainingMinutes ?? defaults.trainingMinutes) * MINUTE_MS;
  // Scenario models were set up a week before the story starts, so the first poll sees a settled fleet.
  const trainedAt = start - 7 * DAY_MS;
  const createdAt = trainedAt - trainingMs;
  const config = spec.labeled
    ? {
        labels: {
          S3InputConfiguration: {
            Bucket: `l4e-emulator-${sim.settings.accountId}`,
            Prefix: `labels/${spec.name}/`,
          },
        },
      }
    : {};
  const model = addModel(
    sim,
    {
      name: spec.name,
      dataset,
      createdAt,
      status: 'IN_PROGRESS',
      config,
      behaviour: {
        baseMetrics: { ...defaults.baseMetrics, ...(spec.baseMetrics ?? {}) },
        trajectory: spec.trajectory ?? defaults.trajectory,
        driftPer30Days: spec.drift ?? defaults.drift,
        trainingMs,
        runs: [...spec.runs],
        runsStarted: 0,
      },
      tags: tagsOf(spec.tags),
    },
    CAUSE,
  );
  const trainedOn = { start: dataset.data.start, end: Math.min(dataset.data.end, createdAt) };
  const split = splitRange(trainedOn.end > trainedOn.start ? trainedOn : dataset.data);
  const version = addVersion(
    sim,
    model,
    {
      status: 'IN_PROGRESS',
      sourceType: 'TRAINING',
      createdAt,
      datasetName: dataset.name,
      datasetArn: dataset.arn,
      config: structuredClone(config),
      labeled: spec.labeled,
      training: split.training,
      evaluation: split.evaluation,
      trainingExecution: { start: createdAt, end: trainedAt },
    },
    CAUSE,
  );
  const metrics = generateMetrics({
    base: model.behaviour.baseMetrics,
    labeled: spec.labeled,
    trajectory: model.behaviour.trajectory,
    runIndex: 0,
    seedKey: metricsSeedKey(sim, version),
  });
  version.metrics = metrics;
  version.modelQuality = modelQualityOf(metrics, defaults.poorQualityThreshold);
  sim.seedAt(trainedAt, () => {
    version.status = 'SUCCESS';
    version.lastUpdatedTime = trainedAt;
    sim.record({
      resource: 'modelVersion',
      modelName: model.name,
      modelVersion: 1,
      name: model.name,
      field: 'Status',
      from: 'IN_PROGRESS',
      to: 'SUCCESS',
      cause: CAUSE,
    });
    sim.record({
      resource: 'model',
      modelName: model.name,
      modelVersion: null,
      name: model.name,
      field: 'Status',
      from: 'IN_PROGRESS',
      to: 'SUCCESS',
      cause: CAUSE,
    });
    model.status = 'SUCCESS';
    activateVersion(sim, model, 1, 'TRAINING');
    seedInference(sim, spec, model.name);
  });
  seedRetraining(sim, spec, { modelName: model.name, modelArn: model.arn }, start);
}

function seedInference(sim: Simulation, spec: ParsedModelSpec, modelName: string): void {
  const inference = spec.inferenceScheduler;
  const model = sim.store.models.get(modelName);
  if (inference === undefined || model === undefined) return;
  const scheduler = addInferenceScheduler(
    sim,
    model,
    {
      name: inference.name ?? `${spec.name}-inference`,
      frequency: inference.frequency,
      delayOffsetMinutes: inference.delayOffsetMinutes,
      input: {
        S3InputConfiguration: {
          Bucket: `l4e-emulator-${sim.settings.accountId}`,
          Prefix: `inference/${spec.name}/input/`,
        },
      },
      output: {
        S3OutputConfiguration: {
          Bucket: `l4e-emulator-${sim.settings.accountId}`,
          Prefix: `inference/${spec.name}/output/`,
        },
      },
      roleArn: `arn:aws:iam::${sim.settings.accountId}:role/L4EEmulatorInferenceRole`,
      tags: [],
      failureRate: inference.failureRate,
    },
    CAUSE,
  );
  // The scheduler has been set up before the scenario: skip its start-up delay.
  scheduler.ticket++;
  if (inference.status === 'RUNNING') {
    openPeriod(sim, scheduler);
    setInferenceStatus(sim, scheduler, 'RUNNING', CAUSE);
  } else {
    setInferenceStatus(sim, scheduler, 'STOPPED', CAUSE);
  }
}

function seedRetraining(
  sim: Simulation,
  spec: ParsedModelSpec,
  { modelName, modelArn }: { modelName: string; modelArn: string },
  start: number,
): void {
  const retraining = spec.retrainingScheduler;
  if (retraining === undefined) return;
  const startDate =
    retraining.startDate === undefined ? undefined : resolveInstant(start, retraining.startDate);
  let scheduler: ReturnType<typeof addRetrainingScheduler> | undefined;
  sim.seedAt(start - 3 * DAY_MS, () => {
    scheduler = addRetrainingScheduler(
      sim,
      {
        modelName,
        modelArn,
        frequency: retraining.frequency,
        lookback: retraining.lookback,
        promoteMode: retraining.promoteMode,
        ...(startDate === undefined ? {} : { startDate }),
      },
      CAUSE,
    );
    if (retraining.status === 'STOPPED') setRetrainingStatus(sim, scheduler, 'STOPPED', CAUSE);
  });
  if (scheduler !== undefined && retraining.status === 'RUNNING') startRetraining(sim, scheduler, CAUSE);
}

export function createSimulation(scenario: ParsedScenario, options: SeedOptions = {}): Simulation {
  checkActions(scenario);
  const start = Date.parse(scenario.startTime);
  const sim = new Simulation(
    {
      startTime: start,
      seed: options.seed ?? scenario.seed ?? 1,
      accountId: options.accountId ?? scenario.accountId,
      region: options.region ?? scenario.region,
      modelQuota: scenario.quotas.models,
      defaults: scenario.defaults,
      knobs: { ...(scenario.knobs ?? {}), ...(options.knobs ?? {}) },
      modelKnobs: new Map(scenario.models.flatMap((m) => (m.knobs === undefined ? [] : [[m.name, m.knobs]]))),
    },
    processSimEvent,
  );
  const history = scenario.defaults.datasetHistoryDays * DAY_MS;
  for (const spec of scenario.datasets) {
    const data = {
      start: spec.dataStartTime === undefined ? start - history : Date.parse(spec.dataStartTime),
      end: spec.dataEndTime === undefined ? start : Date.parse(spec.dataEndTime),
    };
    if (data.end <= data.start)
      throw new ScenarioError(`Invalid scenario: dataset '${spec.name}' ends before it starts.`);
    addDataset(
      sim,
      { name: spec.name, data, createdAt: Math.min(data.end, start) - 2 * DAY_MS, tags: tagsOf(spec.tags) },
      CAUSE,
    );
  }
  for (const spec of scenario.models) {
    const dataset = sim.store.datasets.get(spec.dataset) as DatasetState;
    seedModel(sim, spec, dataset, scenario);
  }
  for (const action of scenario.actions) {
    sim.schedule(addDuration(start, parseDuration(action.at)), { kind: 'action', action });
  }
  return sim;
}
