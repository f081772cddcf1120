// Model and version lifecycle shared by the API and the simulation: versions, statuses, activation,
// initial training and imports. Every true transition is written to the ledger here.

import { modelVersionArn } from './arns.js';
import { MINUTE_MS } from './durations.js';
import { syncAccumulated } from './inference.js';
import { generateMetrics, modelQualityOf } from './metrics-generator.js';
import type { SimEvent, Simulation } from './simulation.js';
import type { ModelState, ModelStatus, ModelVersionState, ModelVersionStatus, TimeRange } from './state.js';

export type ActivationCause = 'TRAINING' | 'MANAGED_PROMOTION' | 'API' | 'IMPORT';

/** The model with this name, if it is still the same model (not deleted and re-created). */
export function liveModel(sim: Simulation, name: string, arn: string): ModelState | undefined {
  const model = sim.store.models.get(name);
  return model !== undefined && model.arn === arn ? model : undefined;
}

export function versionOf(model: ModelState, version: number): ModelVersionState | undefined {
  return model.versions[version - 1];
}

export function addVersion(
  sim: Simulation,
  model: ModelState,
  fields: Omit<ModelVersionState, 'version' | 'arn' | 'lastUpdatedTime'>,
  cause: string,
): ModelVersionState {
  const version = model.versions.length + 1;
  const state: ModelVersionState = {
    ...fields,
    version,
    arn: modelVersionArn(model.arn, version),
    lastUpdatedTime: fields.createdAt,
  };
  model.versions.push(state);
  model.lastUpdatedTime = Math.max(model.lastUpdatedTime, fields.createdAt);
  sim.record(
    {
      resource: 'modelVersion',
      modelName: model.name,
      modelVersion: version,
      name: model.name,
      field: 'Status',
      from: null,
      to: state.status,
      cause,
    },
    fields.createdAt,
  );
  return state;
}

export function setVersionStatus(
  sim: Simulation,
  model: ModelState,
  version: ModelVersionState,
  { status, cause }: { status: ModelVersionStatus; cause: string },
): void {
  if (version.status === status) return;
  sim.record({
    resource: 'modelVersion',
    modelName: model.name,
    modelVersion: version.version,
    name: model.name,
    field: 'Status',
    from: version.status,
    to: status,
    cause,
  });
  version.status = status;
  version.lastUpdatedTime = sim.now;
  model.lastUpdatedTime = sim.now;
}

export function setModelStatus(
  sim: Simulation,
  model: ModelState,
  status: ModelStatus | 'DELETED',
  cause: string,
): void {
  if (model.status === status) return;
  sim.record({
    resource: 'model',
    modelName: model.name,
    modelVersion: null,
    name: model.name,
    field: 'Status',
    from: model.status,
    to: status,
    cause,
  });
  if (status !== 'DELETED') model.status = status;
  model.lastUpdatedTime = sim.now;
}

/** Makes `version` the active one; returns false when it already was (an idempotent no-op). */
export function activateVersion(
  sim: Simulation,
  model: ModelState,
  version: number,
  cause: ActivationCause,
): boolean {
  if (model.activeVersion === version) return false;
  sim.record({
    resource: 'model',
    modelName: model.name,
    modelVersion: version,
    name: model.name,
    field: 'ActiveModelVersion',
    from: model.activeVersion ?? null,
    to: version,
    cause,
  });
  if (model.activeVersion !== undefined) {
    model.previousActiveVersion = model.activeVersion;
    model.previousActivatedAt = model.activatedAt;
  }
  model.activeVersion = version;
  model.activatedAt = sim.now;
  model.activeTimeline.push({ at: sim.now, version });
  model.lastUpdatedTime = sim.now;
  return true;
}

/** The newest version produced by the retraining scheduler. */
export function latestRetrainingVersion(model: ModelState): ModelVersionState | undefined {
  for (let i = model.versions.length - 1; i >= 0; i--) {
    const version = model.versions[i];
    if (version?.sourceType === 'RETRAINING') return version;
  }
  return undefined;
}

export function isBusy(model: ModelState): boolean {
  return model.status === 'IN_PROGRESS' || model.status === 'IMPORT_IN_PROGRESS';
}

export function metricsSeedKey(sim: Simulation, version: ModelVersionState): string {
  return `${sim.settings.seed}:${version.arn}`;
}

/** Splits a data range 80/20 into training and evaluation, as a default for new versions. */
export function splitRange(range: TimeRange): { training: TimeRange; evaluation: TimeRange } {
  const cut = range.start + Math.floor((range.end - range.start) * 0.8);
  return { training: { start: range.start, end: cut }, evaluation: { start: cut, end: range.end } };
}

export function beginTraining(sim: Simulation, model: ModelState, version: ModelVersionState): void {
  sim.schedule(sim.now + model.behaviour.trainingMs, {
    kind: 'trainingDone',
    model: model.name,
    modelArn: model.arn,
    version: version.version,
  });
}

export function finishTraining(sim: Simulation, event: Extract<SimEvent, { kind: 'trainingDone' }>): void {
  const model = liveModel(sim, event.model, event.modelArn);
  const version = model === undefined ? undefined : versionOf(model, event.version);
  if (model === undefined || version === undefined || version.pending?.kind !== 'training') return;
  const metrics = generateMetrics({
    base: model.behaviour.baseMetrics,
    labeled: version.labeled,
    trajectory: model.behaviour.trajectory,
    runIndex: 0,
    seedKey: metricsSeedKey(sim, version),
  });
  version.metrics = metrics;
  version.modelQuality = modelQualityOf(metrics, sim.settings.defaults.poorQualityThreshold);
  version.trainingExecution = { start: version.trainingExecution?.start ?? version.createdAt, end: sim.now };
  delete version.pending;
  setVersionStatus(sim, model, version, { status: 'SUCCESS', cause: 'TRAINING' });
  setModelStatus(sim, model, 'SUCCESS', 'TRAINING');
  activateVersion(sim, model, version.version, 'TRAINING');
}

export function beginImport(sim: Simulation, model: ModelState, version: ModelVersionState): void {
  sim.schedule(sim.now + sim.settings.defaults.importMinutes * MINUTE_MS, {
    kind: 'importDone',
    model: model.name,
    modelArn: model.arn,
    version: version.version,
  });
}

export function finishImport(sim: Simulation, event: Extract<SimEvent, { kind: 'importDone' }>): void {
  const model = liveModel(sim, event.model, event.modelArn);
  const version = model === undefined ? undefined : versionOf(model, event.version);
  const pending = version?.pending;
  if (model === undefined || version === undefined || pending?.kind !== 'import') return;
  syncAccumulated(sim, model);
  const source = pending.sourceAccumulated;
  if (source !== undefined) {
    const replace = pending.strategy === 'OVERWRITE';
    const fill = pending.strategy === 'ADD_WHEN_EMPTY' && model.accumulated === undefined;
    if (replace || fill) model.accumulated = source.map((range) => ({ ...range }));
  }
  version.importJob = { start: version.importJob?.start ?? version.createdAt, end: sim.now };
  delete version.pending;
  setVersionStatus(sim, model, version, { status: 'SUCCESS', cause: 'IMPORT' });
  setModelStatus(sim, model, 'SUCCESS', 'IMPORT');
  if (pending.newModel || model.activeVersion === undefined)
    activateVersion(sim, model, version.version, 'IMPORT');
}
