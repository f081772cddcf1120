// Seeds the SiteWise emulator from a scenario's `sitewise` section, through the emulator's own operations:
// asset models and assets, computation models (settled), an initial training run per trained model seven
// days before startTime (version 1, the active one), inference and the retraining scheduler three days
// before, then the planned runs and the operator actions at their instants. The same story as the L4E
// emulator's seeded models, so a watcher that first looks at startTime sees a settled fleet.

import { addDuration, DAY_MS, parseDuration } from '../emulator/durations.js';
import type {
  SiteWiseActionSpec,
  SiteWiseComputationModelSpec,
  SiteWiseScenario,
} from '../emulator/scenario-sitewise.js';
import type { SiteWiseRuntime } from './runtime.js';

/** The seeding starts this long before the scenario's startTime. */
export const SEED_LEAD_MS = 8 * DAY_MS;
const TRAINING_AT = 7 * DAY_MS;
const SCHEDULERS_AT = 3 * DAY_MS;
const STOPPED_AT = 2 * DAY_MS;
const INITIAL_WINDOW_DAYS = 180;
/** The asset-model property every computation model writes its result to. */
export const RESULT_PROPERTY = 'anomaly_result';

/** The ids the emulator gave the scenario's named resources. */
export interface SiteWiseScenarioIds {
  assetModels: Record<string, string>;
  assets: Record<string, string>;
  computationModels: Record<string, string>;
}

interface Seeding {
  runtime: SiteWiseRuntime;
  scenario: SiteWiseScenario;
  startMs: number;
  ids: SiteWiseScenarioIds;
}

const variable = (name: string): string => `$${'{'}${name}}`;
const seconds = (ms: number): number => Math.floor(ms / 1000);

function idOf(result: Record<string, unknown>, member: string): string {
  const id = result[member];
  if (typeof id !== 'string') throw new Error(`the emulator answered without ${member}`);
  return id;
}

function createAssets(seeding: Seeding): void {
  const { runtime, scenario, ids } = seeding;
  for (const model of scenario.assetModels) {
    const properties = [...model.properties, RESULT_PROPERTY].map((name) => ({
      name,
      dataType: name === RESULT_PROPERTY ? 'STRING' : 'DOUBLE',
      type: { measurement: {} },
    }));
    const created = runtime.call('CreateAssetModel', {
      assetModelName: model.name,
      assetModelProperties: properties,
    });
    ids.assetModels[model.name] = idOf(created, 'assetModelId');
  }
  for (const asset of scenario.assets) {
    const assetModelId = ids.assetModels[asset.assetModel] ?? '';
    ids.assets[asset.name] = idOf(
      runtime.call('CreateAsset', { assetName: asset.name, assetModelId }),
      'assetId',
    );
  }
}

/** The computation model's asset model, and the assets it trains for (null: bound to one asset). */
function bindingOf(seeding: Seeding, spec: SiteWiseComputationModelSpec) {
  const { scenario } = seeding;
  const assetModelName =
    spec.assetModel ?? scenario.assets.find((asset) => asset.name === spec.asset)?.assetModel ?? '';
  const assetModel = scenario.assetModels.find((model) => model.name === assetModelName);
  if (assetModel === undefined) throw new Error(`no asset model '${assetModelName}'`);
  const trainedAssets =
    spec.assetModel === undefined
      ? [null]
      : scenario.assets.filter((asset) => asset.assetModel === spec.assetModel).map((asset) => asset.name);
  return { assetModel, trainedAssets };
}

function dataBinding(seeding: Seeding, spec: SiteWiseComputationModelSpec): Record<string, unknown> {
  const { assetModel } = bindingOf(seeding, spec);
  const assetModelId = seeding.ids.assetModels[assetModel.name] ?? '';
  const properties = seeding.runtime.sim.world.assetModels.get(assetModelId)?.properties ?? [];
  const propertyId = (name: string) => properties.find((p) => p.name === name)?.id ?? '';
  const ref = (name: string) =>
    spec.asset === undefined
      ? { assetModelProperty: { assetModelId, propertyId: propertyId(name) } }
      : { assetProperty: { assetId: seeding.ids.assets[spec.asset] ?? '', propertyId: propertyId(name) } };
  const inputs = spec.inputProperties ?? assetModel.properties;
  return { inputs: { list: inputs.map(ref) }, result: ref(RESULT_PROPERTY) };
}

function createComputationModels(seeding: Seeding): void {
  for (const spec of seeding.scenario.computationModels) {
    const created = seeding.runtime.call('CreateComputationModel', {
      computationModelName: spec.name,
      computationModelConfiguration: {
        anomalyDetection: { inputProperties: variable('inputs'), resultProperty: variable('result') },
      },
      computationModelDataBinding: dataBinding(seeding, spec),
    });
    seeding.ids.computationModels[spec.name] = idOf(created, 'computationModelId');
  }
}

interface Target {
  spec: SiteWiseComputationModelSpec;
  computationModelId: string;
  /** The asset's name at asset-model level; null for a model bound to one asset. */
  asset: string | null;
}

function targets(seeding: Seeding): Target[] {
  return seeding.scenario.computationModels.flatMap((spec) =>
    bindingOf(seeding, spec).trainedAssets.map((asset) => ({
      spec,
      computationModelId: seeding.ids.computationModels[spec.name] ?? '',
      asset,
    })),
  );
}

function execute(seeding: Seeding, target: Target, payload: Record<string, unknown>): void {
  const model = seeding.runtime.sim.world.computationModels.get(target.computationModelId);
  const training = 'trainingMode' in payload;
  const assetId = target.asset === null ? undefined : seeding.ids.assets[target.asset];
  seeding.runtime.call('ExecuteAction', {
    targetResource: { computationModelId: target.computationModelId },
    actionDefinitionId: training ? model?.trainingActionDefinitionId : model?.inferenceActionDefinitionId,
    actionPayload: { stringValue: JSON.stringify(payload) },
    ...(assetId === undefined ? {} : { resolveTo: { assetId } }),
  });
}

function destinations(seeding: Seeding, spec: SiteWiseComputationModelSpec) {
  const bucketName = seeding.scenario.metricsBucket;
  return {
    modelMetricsDestination: { bucketName, prefix: `${spec.name}/` },
    ...(spec.labeled ? { labelInputConfiguration: { bucketName, prefix: `${spec.name}/labels/` } } : {}),
  };
}

function trainInitialVersions(seeding: Seeding): void {
  const { runtime } = seeding;
  for (const target of targets(seeding)) {
    const { spec } = target;
    const assetId = target.asset === null ? null : (seeding.ids.assets[target.asset] ?? null);
    const duration = `PT${spec.trainingMinutes}M`;
    runtime.planRuns(target.computationModelId, assetId, [{ outcome: 'SUCCESS', duration }]);
    execute(seeding, target, {
      trainingMode: 'TRAIN_MODEL',
      exportDataStartTime: seconds(runtime.now() - INITIAL_WINDOW_DAYS * DAY_MS),
      exportDataEndTime: seconds(runtime.now()),
      ...destinations(seeding, spec),
    });
    const profile = {
      base: spec.baseMetrics ?? {},
      trajectory: spec.trajectory ?? { kind: 'noisy' as const, step: 0.05 },
    };
    const own = target.asset === null ? undefined : spec.assets?.[target.asset]?.runs;
    const runs = (own ?? spec.runs).map((run) => ({ duration, ...run }));
    const trained = runtime.sim.world.computationModels
      .get(target.computationModelId)
      ?.trained.get(assetId ?? '');
    if (trained !== undefined) trained.profile = profile;
    runtime.planRuns(target.computationModelId, assetId, runs);
  }
}

function resolveInstant(startMs: number, text: string): number {
  return /^\d{4}-/.test(text) ? Date.parse(text) : addDuration(startMs, parseDuration(text));
}

function startSchedulerPayload(
  seeding: Seeding,
  target: Target,
  promotion?: string,
): Record<string, unknown> {
  const scheduler = target.spec.retrainingScheduler;
  const startDate =
    scheduler?.startDate === undefined
      ? seeding.runtime.now()
      : Math.max(seeding.runtime.now(), resolveInstant(seeding.startMs, scheduler.startDate));
  return {
    trainingMode: 'START_RETRAINING_SCHEDULER',
    ...destinations(seeding, target.spec),
    retrainingConfiguration: {
      lookbackWindow: scheduler?.lookback ?? 'P180D',
      retrainingFrequency: scheduler?.frequency ?? 'P30D',
      promotion: promotion ?? scheduler?.promotion ?? 'SERVICE_MANAGED',
      retrainingStartDate: seconds(startDate),
    },
  };
}

function inferencePayload(target: Target, modelVersion?: number): Record<string, unknown> {
  const inference = target.spec.inference;
  return {
    inferenceMode: 'START',
    dataUploadFrequency: inference?.frequency ?? 'PT5M',
    dataDelayOffsetInMinutes: inference?.delayOffsetMinutes ?? 0,
    ...(modelVersion === undefined ? {} : { targetModelVersion: modelVersion }),
  };
}

function startSchedulersAndInference(seeding: Seeding): void {
  const all = targets(seeding);
  for (const target of all) {
    if (target.spec.inference !== undefined) execute(seeding, target, inferencePayload(target));
    if (target.spec.retrainingScheduler !== undefined)
      execute(seeding, target, startSchedulerPayload(seeding, target));
  }
  seeding.runtime.setTime(new Date(seeding.startMs - STOPPED_AT).toISOString());
  for (const target of all) {
    if (target.spec.inference?.status === 'STOPPED') execute(seeding, target, { inferenceMode: 'STOP' });
    if (target.spec.retrainingScheduler?.status === 'STOPPED')
      execute(seeding, target, { trainingMode: 'STOP_RETRAINING_SCHEDULER' });
  }
}

/** An operator's START on another version while inference runs a different one: STOP first when required. */
function startInference(seeding: Seeding, target: Target, modelVersion: number | undefined): void {
  const assetId = target.asset === null ? '' : (seeding.ids.assets[target.asset] ?? '');
  const trained = seeding.runtime.sim.world.computationModels
    .get(target.computationModelId)
    ?.trained.get(assetId);
  const switching =
    trained?.inference?.status === 'RUNNING' &&
    modelVersion !== undefined &&
    modelVersion !== trained.inference.modelVersion;
  if (switching && seeding.runtime.sim.knobs.inferenceRestart === 'stopFirst')
    execute(seeding, target, { inferenceMode: 'STOP' });
  execute(seeding, target, inferencePayload(target, modelVersion));
}

function performAction(seeding: Seeding, action: SiteWiseActionSpec): void {
  const spec = seeding.scenario.computationModels.find((m) => m.name === action.computationModel);
  if (spec === undefined) return;
  const target: Target = {
    spec,
    computationModelId: seeding.ids.computationModels[spec.name] ?? '',
    asset: action.asset ?? null,
  };
  switch (action.op) {
    case 'START_RETRAINING_SCHEDULER':
      execute(seeding, target, startSchedulerPayload(seeding, target, action.promotion));
      return;
    case 'STOP_RETRAINING_SCHEDULER':
      execute(seeding, target, { trainingMode: 'STOP_RETRAINING_SCHEDULER' });
      return;
    case 'START_INFERENCE':
      startInference(seeding, target, action.modelVersion);
      return;
    case 'STOP_INFERENCE':
      execute(seeding, target, { inferenceMode: 'STOP' });
      return;
  }
}

function scheduleActions(seeding: Seeding): void {
  seeding.scenario.actions.forEach((action, index) => {
    const at = addDuration(seeding.startMs, parseDuration(action.at));
    seeding.runtime.scheduleAction(at, () => {
      try {
        performAction(seeding, action);
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        process.stderr.write(`sitewise.actions[${index}] (${action.op}) refused: ${reason}\n`);
      }
    });
  });
}

/**
 * Seeds a runtime whose clock stands SEED_LEAD_MS before `startTime`; the clock ends at startTime. Returns
 * the ids of the named resources (the same for the same seed).
 */
export function seedSiteWiseScenario(
  runtime: SiteWiseRuntime,
  scenario: SiteWiseScenario,
  startTime: string,
): SiteWiseScenarioIds {
  const startMs = Date.parse(startTime);
  const ids: SiteWiseScenarioIds = { assetModels: {}, assets: {}, computationModels: {} };
  const seeding: Seeding = { runtime, scenario, startMs, ids };
  createAssets(seeding);
  createComputationModels(seeding);
  runtime.setTime(new Date(startMs - TRAINING_AT).toISOString());
  trainInitialVersions(seeding);
  runtime.setTime(new Date(startMs - SCHEDULERS_AT).toISOString());
  startSchedulersAndInference(seeding);
  scheduleActions(seeding);
  runtime.setTime(startTime);
  return ids;
}
