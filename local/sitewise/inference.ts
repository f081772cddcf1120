// Inference START/STOP on a trained model. START with targetModelVersion is how a version becomes the one
// inference runs (the active version); without it inference runs the active version. Whether a START
// naming another version while inference runs switches at once or must wait for a STOP is the
// inferenceRestart knob.

import { conflict, invalidRequest } from './errors.js';
import type { InferencePayload } from './payloads.js';
import type { SiteWiseSim } from './sim.js';
import type { ComputationModel, Trained } from './state.js';
import { activateVersion } from './training.js';

function record(
  sim: SiteWiseSim,
  trained: Trained,
  change: { from: string | null; to: string; cause: string },
): void {
  sim.record({
    resource: 'inference',
    computationModelId: trained.computationModelId,
    assetId: trained.assetId,
    id: trained.computationModelId,
    field: 'status',
    ...change,
  });
}

type StartPayload = Extract<InferencePayload, { inferenceMode: 'START' }>;

function startInference(
  sim: SiteWiseSim,
  model: ComputationModel,
  trained: Trained,
  payload: StartPayload,
): void {
  const target = payload.targetModelVersion ?? trained.activeVersion;
  if (target === null)
    throw invalidRequest(`Computation model ${model.id} has no trained model version to run.`);
  if (!trained.versions.some((version) => version.version === target))
    throw invalidRequest(`Computation model ${model.id} has no model version ${target}.`);
  const running = trained.inference?.status === 'RUNNING';
  if (running && target !== trained.activeVersion && sim.knobs.inferenceRestart === 'stopFirst')
    throw conflict(
      `Inference of computation model ${model.id} is running; stop it before starting model version ${target}.`,
      model,
    );
  activateVersion(sim, trained, target, 'INFERENCE_START');
  if (!running)
    record(sim, trained, { from: trained.inference?.status ?? null, to: 'RUNNING', cause: 'START' });
  trained.inference = { status: 'RUNNING', settings: payload, modelVersion: target };
}

export function runInferenceAction(
  sim: SiteWiseSim,
  model: ComputationModel,
  trained: Trained,
  payload: InferencePayload,
): void {
  if (payload.inferenceMode === 'START') {
    startInference(sim, model, trained, payload);
    return;
  }
  const inference = trained.inference;
  if (inference?.status !== 'RUNNING')
    throw conflict(`Inference of computation model ${model.id} is not running.`, model);
  record(sim, trained, { from: 'RUNNING', to: 'STOPPED', cause: 'STOP' });
  trained.inference = { ...inference, status: 'STOPPED' };
}
