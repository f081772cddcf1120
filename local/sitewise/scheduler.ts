// The retraining scheduler a START_RETRAINING_SCHEDULER training action starts: runs at the anchor
// (retrainingStartDate truncated to its UTC day, else today's) plus whole periods of retrainingFrequency,
// each training on the lookback window before it; STOP_RETRAINING_SCHEDULER stops the series (a run in
// progress finishes). A run due while another is in progress is skipped.

import { DAY_MS, truncateToUtcDay } from '../emulator/durations.js';
import {
  firstOccurrenceIndex,
  lookbackDays,
  occurrence,
  parseRetrainingFrequency,
} from '../emulator/retraining-schedule.js';
import { conflict } from './errors.js';
import type { TrainingPayload } from './payloads.js';
import type { SiteWiseSim } from './sim.js';
import type { ComputationModel, RetrainingScheduler, Trained } from './state.js';
import { startRun } from './training.js';

type StartPayload = Extract<TrainingPayload, { trainingMode: 'START_RETRAINING_SCHEDULER' }>;

function record(
  sim: SiteWiseSim,
  trained: Trained,
  change: { from: string | null; to: string; cause: string },
): void {
  sim.record({
    resource: 'retrainingScheduler',
    computationModelId: trained.computationModelId,
    assetId: trained.assetId,
    id: trained.computationModelId,
    field: 'status',
    ...change,
  });
}

function frequencyOf(scheduler: RetrainingScheduler) {
  const frequency = parseRetrainingFrequency(scheduler.configuration.retrainingFrequency);
  if (frequency === undefined) throw new Error('a validated retrainingFrequency did not parse');
  return frequency;
}

function planNext(sim: SiteWiseSim, trained: Trained, scheduler: RetrainingScheduler): void {
  const at = occurrence(scheduler.anchor, frequencyOf(scheduler), scheduler.nextIndex);
  sim.schedule(at, {
    kind: 'retrainingDue',
    computationModelId: trained.computationModelId,
    assetId: trained.assetId,
    generation: scheduler.generation,
  });
}

export function startScheduler(
  sim: SiteWiseSim,
  model: ComputationModel,
  trained: Trained,
  payload: StartPayload,
): void {
  if (trained.scheduler?.status === 'RUNNING')
    throw conflict(
      `The retraining scheduler of computation model ${model.id} is already running; stop it first.`,
      model,
    );
  const configuration = payload.retrainingConfiguration;
  const startDate = configuration.retrainingStartDate;
  const anchor = truncateToUtcDay(startDate === undefined ? sim.now : startDate * 1000);
  const scheduler: RetrainingScheduler = {
    status: 'RUNNING',
    configuration,
    destination: payload.modelMetricsDestination,
    labeled: payload.labelInputConfiguration !== undefined,
    anchor,
    nextIndex: 0,
    generation: (trained.scheduler?.generation ?? 0) + 1,
  };
  scheduler.nextIndex = firstOccurrenceIndex(anchor, frequencyOf(scheduler), sim.now + 1);
  record(sim, trained, {
    from: trained.scheduler?.status ?? null,
    to: 'RUNNING',
    cause: 'START_RETRAINING_SCHEDULER',
  });
  trained.scheduler = scheduler;
  planNext(sim, trained, scheduler);
}

export function stopScheduler(sim: SiteWiseSim, model: ComputationModel, trained: Trained): void {
  const scheduler = trained.scheduler;
  if (scheduler?.status !== 'RUNNING')
    throw conflict(`Computation model ${model.id} has no running retraining scheduler to stop.`, model);
  record(sim, trained, { from: 'RUNNING', to: 'STOPPED', cause: 'STOP_RETRAINING_SCHEDULER' });
  trained.scheduler = { ...scheduler, status: 'STOPPED', generation: scheduler.generation + 1 };
}

export function onRetrainingDue(
  sim: SiteWiseSim,
  event: { computationModelId: string; assetId: string | null; generation: number },
): void {
  const model = sim.world.computationModels.get(event.computationModelId);
  const trained = model?.trained.get(event.assetId ?? '');
  const scheduler = trained?.scheduler;
  if (model === undefined || trained === undefined || scheduler == null) return;
  if (scheduler.status !== 'RUNNING' || scheduler.generation !== event.generation) return;
  scheduler.nextIndex += 1;
  planNext(sim, trained, scheduler);
  if (trained.running !== null || model.state !== 'ACTIVE') return;
  const days = lookbackDays(scheduler.configuration.lookbackWindow) ?? 180;
  startRun(sim, {
    trained,
    mode: 'SCHEDULED_RETRAINING',
    actionId: null,
    window: { start: sim.now - days * DAY_MS, end: sim.now },
    labeled: scheduler.labeled,
    destination: scheduler.destination,
    promotion: scheduler.configuration.promotion,
    definitionVersion: model.version,
  });
}
