// Training runs on the simulated clock: a TRAIN_MODEL action or a scheduled retraining starts an
// execution RUNNING; it ends COMPLETED (a new model version, its metrics, the promotion decision) or
// FAILED, as the run's planned spec says, and leaves its metrics and result objects in S3 under
// modelMetricsDestination once the metricsLag knob has passed.

import { addDuration, DAY_MS, parseDuration } from '../emulator/durations.js';
import {
  applyOverrides,
  degradeMetrics,
  generateMetrics,
  type MetricValues,
  modelQualityOf,
  renderMetricsJson,
} from '../emulator/metrics-generator.js';
import type { ParsedRunSpec } from '../emulator/scenario.js';
import { decideSiteWisePromotion, type SiteWisePromotion } from './promotion.js';
import type { PendingObject, SiteWiseSim } from './sim.js';
import { type Execution, type ModelVersion, type Promotion, TRAINING_ACTION, type Trained } from './state.js';

const DEFAULT_TRAINING_DURATION = 'PT2H';
const POOR_QUALITY_THRESHOLD = 0.5;
const DRIFT_PER_30_DAYS = 0.03;
const FAILED_REASONS = {
  CUSTOMER: 'Training failed: the sensor data in the training window did not pass validation.',
  INTERNAL: 'Training failed because of an internal service error.',
} as const;

export interface RunRequest {
  trained: Trained;
  mode: 'TRAIN_MODEL' | 'SCHEDULED_RETRAINING';
  actionId: string | null;
  window: { start: number; end: number };
  labeled: boolean;
  destination: { bucketName: string; prefix: string } | null;
  promotion: Promotion | null;
  /** The computation model definition's version the run trains against. */
  definitionVersion: number;
}

interface RunContext extends RunRequest {
  spec: ParsedRunSpec | undefined;
}

const runs = new WeakMap<SiteWiseSim, Map<string, RunContext>>();
function contexts(sim: SiteWiseSim): Map<string, RunContext> {
  let map = runs.get(sim);
  if (map === undefined) {
    map = new Map();
    runs.set(sim, map);
  }
  return map;
}

/** Values allowed in executionResult / executionDetails: ^[a-zA-Z0-9 _\-#$*!@]+$ */
export const mapValue = (text: string): string =>
  text.replace(/[^a-zA-Z0-9 _\-#$*!@]/g, ' ').trim() || 'none';

export function newExecution(
  sim: SiteWiseSim,
  trained: Trained,
  fields: Pick<
    Execution,
    'actionId' | 'actionType' | 'targetResourceVersion' | 'details' | 'listed' | 'payload'
  >,
): Execution {
  const execution: Execution = {
    id: sim.newId(),
    seq: sim.world.executions.size + 1,
    computationModelId: trained.computationModelId,
    resolveToAssetId: trained.assetId,
    startTime: sim.now,
    endTime: null,
    state: 'RUNNING',
    entityVersion: null,
    result: {},
    ...fields,
  };
  sim.world.executions.set(execution.id, execution);
  // The ledger holds what happened, listed or not.
  recordExecution(sim, execution, null);
  return execution;
}

/** The version a completed training execution made (the ledger names it; nothing else links the two). */
function versionMadeBy(sim: SiteWiseSim, execution: Execution): number | undefined {
  if (execution.actionType !== TRAINING_ACTION || execution.state !== 'COMPLETED') return undefined;
  const model = sim.world.computationModels.get(execution.computationModelId);
  const trained = model?.trained.get(execution.resolveToAssetId ?? '');
  return trained?.versions.find((v) => v.executionId === execution.id)?.version;
}

function recordExecution(sim: SiteWiseSim, execution: Execution, from: string | null): void {
  sim.record({
    modelVersion: versionMadeBy(sim, execution),
    resource: 'execution',
    computationModelId: execution.computationModelId,
    assetId: execution.resolveToAssetId,
    id: execution.id,
    field: 'state',
    from,
    to: execution.state,
    cause: execution.details.trainingMode ?? execution.details.inferenceMode ?? execution.actionType,
  });
}

export function endExecution(sim: SiteWiseSim, execution: Execution, state: 'COMPLETED' | 'FAILED'): void {
  execution.state = state;
  execution.endTime = sim.now;
  recordExecution(sim, execution, 'RUNNING');
}

export function startRun(sim: SiteWiseSim, request: RunRequest): Execution {
  const { trained } = request;
  const listed = request.mode === 'TRAIN_MODEL' || sim.knobs.scheduledRunExecutions === 'listed';
  const execution = newExecution(sim, trained, {
    actionId: request.actionId,
    actionType: TRAINING_ACTION,
    targetResourceVersion: request.definitionVersion,
    details: { trainingMode: request.mode },
    listed,
    payload: null,
  });
  const spec = trained.plan.shift();
  contexts(sim).set(execution.id, { ...request, spec });
  trained.running = execution.id;
  const duration = parseDuration(spec?.duration ?? DEFAULT_TRAINING_DURATION);
  sim.schedule(addDuration(sim.now, duration), { kind: 'trainingDone', executionId: execution.id });
  return execution;
}

function activate(sim: SiteWiseSim, trained: Trained, version: number, cause: string): void {
  if (trained.activeVersion === version) return;
  sim.record({
    resource: 'activeModelVersion',
    computationModelId: trained.computationModelId,
    assetId: trained.assetId,
    id: trained.computationModelId,
    field: 'activeModelVersion',
    from: trained.activeVersion,
    to: version,
    cause,
  });
  trained.activeVersion = version;
  if (trained.inference?.status === 'RUNNING') trained.inference.modelVersion = version;
}

export { activate as activateVersion };

function newVersionMetrics(sim: SiteWiseSim, context: RunContext, version: number): MetricValues {
  const labeled = context.spec?.labeled ?? context.labeled;
  return generateMetrics({
    base: context.trained.profile?.base ?? {},
    labeled,
    trajectory: context.trained.profile?.trajectory ?? { kind: 'noisy', step: 0.05 },
    runIndex: context.trained.runCount,
    seedKey: `${context.trained.computationModelId}:${context.trained.assetId ?? ''}:${version}:${sim.now}`,
    ...(context.spec?.metrics === undefined ? {} : { overrides: context.spec.metrics }),
  });
}

interface Finished {
  execution: Execution;
  version: ModelVersion | null;
  prior: MetricValues | undefined;
  promotion: SiteWisePromotion | null;
  reason: string;
}

function complete(sim: SiteWiseSim, context: RunContext, execution: Execution): Finished {
  const { trained } = context;
  const number = (trained.versions.at(-1)?.version ?? 0) + 1;
  const metrics = newVersionMetrics(sim, context, number);
  const version: ModelVersion = {
    version: number,
    executionId: execution.id,
    trainedAt: sim.now,
    labeled: metrics.labeled,
    metrics,
  };
  trained.versions.push(version);
  const active = trained.versions.find((v) => v.version === trained.activeVersion);
  const ageDays = active === undefined ? 0 : (sim.now - active.trainedAt) / DAY_MS;
  const prior =
    active === undefined
      ? undefined
      : applyOverrides(
          degradeMetrics(active.metrics, DRIFT_PER_30_DAYS, ageDays),
          context.spec?.priorMetrics,
        );
  if (sim.knobs.entityVersion === 'modelVersion') execution.entityVersion = number;
  endExecution(sim, execution, 'COMPLETED');
  if (context.mode === 'TRAIN_MODEL' || context.promotion === null) {
    if (trained.activeVersion === null) activate(sim, trained, number, 'INITIAL_TRAINING');
    return {
      execution,
      version,
      prior: undefined,
      promotion: null,
      reason: `Model version ${number} was trained.`,
    };
  }
  const promotion = decideSiteWisePromotion({
    promotion: context.promotion,
    version: number,
    newLabeled: metrics.labeled,
    oldLabeled: active?.labeled ?? false,
    activeVersion: trained.activeVersion,
    metrics,
    prior,
    modelQuality: context.spec?.modelQuality ?? modelQualityOf(metrics, POOR_QUALITY_THRESHOLD),
  });
  if (promotion.promote) activate(sim, trained, number, 'SERVICE_MANAGED_PROMOTION');
  return {
    execution,
    version,
    prior: promotion.showPrior ? prior : undefined,
    promotion,
    reason: promotion.reason,
  };
}

function fail(sim: SiteWiseSim, context: RunContext, execution: Execution): Finished {
  const kind = context.spec?.failureKind ?? 'CUSTOMER';
  const reason = context.spec?.failedReason ?? FAILED_REASONS[kind];
  execution.result = { failureReason: mapValue(reason).slice(0, 256) };
  endExecution(sim, execution, 'FAILED');
  return { execution, version: null, prior: undefined, promotion: null, reason };
}

function objectsOf(sim: SiteWiseSim, context: RunContext, finished: Finished): PendingObject[] {
  const { destination, trained } = context;
  if (destination === null) return [];
  const folder =
    sim.knobs.metricsKeyLayout === 'version' && finished.version !== null
      ? `v${finished.version.version}`
      : finished.execution.id;
  const base = `${destination.prefix}${trained.assetId === null ? '' : `${trained.assetId}/`}${folder}/`;
  const objects: PendingObject[] = [];
  const window = context.window;
  const seedKey = `${trained.computationModelId}:${finished.execution.id}`;
  if (finished.version !== null) {
    objects.push({
      bucket: destination.bucketName,
      key: `${base}model_metrics.json`,
      body: renderMetricsJson(finished.version.metrics, window, seedKey),
    });
    if (finished.prior !== undefined)
      objects.push({
        bucket: destination.bucketName,
        key: `${base}prior_model_metrics.json`,
        body: renderMetricsJson(finished.prior, window, seedKey, `${seedKey}:prior`),
      });
  }
  const result = {
    computationModelId: trained.computationModelId,
    assetId: trained.assetId,
    executionId: finished.execution.id,
    trainingMode: context.mode,
    status: finished.execution.state,
    modelVersion: finished.version?.version ?? null,
    dataStartTime: new Date(window.start).toISOString(),
    dataEndTime: new Date(window.end).toISOString(),
    promotion: context.promotion,
    reasonCode: finished.promotion?.reasonCode ?? null,
    reason: finished.reason,
    activeModelVersion: trained.activeVersion,
  };
  objects.push({ bucket: destination.bucketName, key: `${base}result.json`, body: JSON.stringify(result) });
  return objects;
}

export function onTrainingDone(sim: SiteWiseSim, executionId: string): void {
  const context = contexts(sim).get(executionId);
  const execution = sim.world.executions.get(executionId);
  if (context === undefined || execution === undefined) return;
  contexts(sim).delete(executionId);
  const { trained } = context;
  trained.running = null;
  if (context.mode === 'SCHEDULED_RETRAINING') trained.runCount += 1;
  const finished =
    context.spec?.outcome === 'FAILED' ? fail(sim, context, execution) : complete(sim, context, execution);
  const objects = objectsOf(sim, context, finished);
  if (objects.length > 0) sim.schedule(sim.after(sim.knobs.metricsLag), { kind: 'objectsDue', objects });
}

export function onObjectsDue(sim: SiteWiseSim, objects: readonly PendingObject[]): void {
  for (const object of objects) sim.store.put(object.bucket, object.key, object.body, 'application/json');
}
