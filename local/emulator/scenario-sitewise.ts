// The SiteWise part of a scenario: asset models and assets, anomaly-detection computation models bound to an
// asset or at asset-model level (one trained model per asset), their retraining schedulers, inference,
// planned runs and operator actions over time. It shares the scenario's clock, seed and run-spec format;
// local/sitewise/scenario.ts seeds the SiteWise emulator from it.

import { z } from 'zod';
import { SiteWiseKnobsSchema } from '../sitewise/knobs.js';
import { FaultConfigSchema } from './faults.js';
import { retrainingFrequencyProblem } from './retraining-schedule.js';
import {
  BaseMetricsSchema,
  duration,
  instantOrOffset,
  name,
  RunSpecSchema,
  TrajectorySchema,
} from './scenario-parts.js';

const frequency = z.string().superRefine((text, ctx) => {
  const problem = retrainingFrequencyProblem(text);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

/** SiteWise executions end COMPLETED or FAILED: a run cannot be CANCELED. */
const SiteWiseRunSpecSchema = RunSpecSchema.refine((spec) => spec.outcome !== 'CANCELED', {
  message: 'a SiteWise run ends SUCCESS or FAILED; there is no CANCELED execution',
  path: ['outcome'],
});

export const SiteWiseRetrainingSpecSchema = z.strictObject({
  /** An instant, or a duration after startTime; the first run is due on that UTC day. */
  startDate: instantOrOffset.optional(),
  frequency,
  lookback: z.enum(['P180D', 'P360D', 'P540D', 'P720D']).default('P180D'),
  promotion: z.enum(['SERVICE_MANAGED', 'CUSTOMER_MANAGED']).default('SERVICE_MANAGED'),
  /** STOPPED: started, then stopped before startTime. */
  status: z.enum(['RUNNING', 'STOPPED']).default('RUNNING'),
});

export const SiteWiseInferenceSpecSchema = z.strictObject({
  frequency: z.enum(['PT5M', 'PT10M', 'PT15M', 'PT30M', 'PT1H']).default('PT5M'),
  delayOffsetMinutes: z.number().int().min(0).max(60).default(0),
  status: z.enum(['RUNNING', 'STOPPED']).default('RUNNING'),
});

export const SiteWiseAssetRunsSchema = z.strictObject({ runs: z.array(SiteWiseRunSpecSchema).default([]) });

export const ComputationModelSpecSchema = z.strictObject({
  name,
  /** Bound to this asset's properties: one trained model. */
  asset: name.optional(),
  /** Bound at asset-model level: one trained model per asset of the asset model. */
  assetModel: name.optional(),
  /** The input properties; every property of the asset model when left out. */
  inputProperties: z.array(name).min(1).optional(),
  labeled: z.boolean().default(true),
  /** Duration of the initial training and of a run without its own `duration`. */
  trainingMinutes: z.number().positive().max(100_000).default(120),
  baseMetrics: BaseMetricsSchema.optional(),
  trajectory: TrajectorySchema.optional(),
  retrainingScheduler: SiteWiseRetrainingSpecSchema.optional(),
  inference: SiteWiseInferenceSpecSchema.optional(),
  /** Outcomes of the retraining runs, in order (for every asset at asset-model level). */
  runs: z.array(SiteWiseRunSpecSchema).default([]),
  /** At asset-model level: one asset's own runs, by asset name (they replace `runs` for that asset). */
  assets: z.record(name, SiteWiseAssetRunsSchema).optional(),
});

export const SITEWISE_ACTIONS = [
  'START_RETRAINING_SCHEDULER',
  'STOP_RETRAINING_SCHEDULER',
  'START_INFERENCE',
  'STOP_INFERENCE',
] as const;

export const SiteWiseActionSpecSchema = z.strictObject({
  at: duration,
  op: z.enum(SITEWISE_ACTIONS),
  computationModel: name,
  /** The asset the action resolves to; required exactly for a model bound at asset-model level. */
  asset: name.optional(),
  /** START_INFERENCE: the version inference runs (and so the active version). */
  modelVersion: z.number().int().min(1).optional(),
  /** START_RETRAINING_SCHEDULER: the promotion mode (default: the model's retrainingScheduler's). */
  promotion: z.enum(['SERVICE_MANAGED', 'CUSTOMER_MANAGED']).optional(),
});

const AssetModelSpecSchema = z.strictObject({ name, properties: z.array(name).min(1) });
const AssetSpecSchema = z.strictObject({ name, assetModel: name });

type Issue = { path: Array<string | number>; message: string };
type Draft = z.output<typeof SiteWiseObjectSchema>;

const SiteWiseObjectSchema = z.strictObject({
  /** The SiteWise emulator's knobs; a knob left out comes from SITEWISE_EMULATOR_KNOBS. */
  knobs: SiteWiseKnobsSchema.optional(),
  /** Faults from startTime on, in the L4E emulator's format (seeded by the scenario's seed unless given). */
  faults: FaultConfigSchema.optional(),
  /** The bucket runs write their metrics to (under `<computation model name>/`). */
  metricsBucket: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .default('l4e-autopilot-sitewise-metrics'),
  assetModels: z.array(AssetModelSpecSchema).default([]),
  assets: z.array(AssetSpecSchema).default([]),
  computationModels: z.array(ComputationModelSpecSchema).default([]),
  actions: z.array(SiteWiseActionSpecSchema).default([]),
});

function duplicates(items: ReadonlyArray<{ name: string }>, what: string, key: string): Issue[] {
  const seen = new Set<string>();
  return items.flatMap((item, index) => {
    const repeated = seen.has(item.name);
    seen.add(item.name);
    return repeated ? [{ path: [key, index, 'name'], message: `duplicate ${what} '${item.name}'` }] : [];
  });
}

/** The asset model a computation model's binding names, directly or through its asset. */
function assetModelOfBinding(draft: Draft, model: Draft['computationModels'][number]): string | undefined {
  if (model.assetModel !== undefined) return model.assetModel;
  return draft.assets.find((asset) => asset.name === model.asset)?.assetModel;
}

function bindingIssues(draft: Draft, model: Draft['computationModels'][number], index: number): Issue[] {
  const at = (...path: Array<string | number>) => ['computationModels', index, ...path];
  if ((model.asset === undefined) === (model.assetModel === undefined))
    return [{ path: at(), message: 'name exactly one of "asset" and "assetModel"' }];
  if (model.asset !== undefined && !draft.assets.some((asset) => asset.name === model.asset))
    return [{ path: at('asset'), message: `unknown asset '${model.asset}' (declare it under "assets")` }];
  const assetModelName = assetModelOfBinding(draft, model);
  const assetModel = draft.assetModels.find((m) => m.name === assetModelName);
  if (assetModel === undefined)
    return [
      {
        path: at('assetModel'),
        message: `unknown asset model '${assetModelName}' (declare it under "assetModels")`,
      },
    ];
  const issues: Issue[] = (model.inputProperties ?? []).flatMap((property, p) =>
    assetModel.properties.includes(property)
      ? []
      : [
          {
            path: at('inputProperties', p),
            message: `asset model '${assetModel.name}' has no property '${property}'`,
          },
        ],
  );
  for (const asset of Object.keys(model.assets ?? {})) {
    const ofModel = draft.assets.some((a) => a.name === asset && a.assetModel === model.assetModel);
    if (model.assetModel === undefined || !ofModel)
      issues.push({
        path: at('assets', asset),
        message: `'${asset}' is not an asset of the asset model this computation model is bound to`,
      });
  }
  return issues;
}

function actionIssues(draft: Draft, action: Draft['actions'][number], index: number): Issue[] {
  const at = (...path: Array<string | number>) => ['actions', index, ...path];
  const model = draft.computationModels.find((m) => m.name === action.computationModel);
  if (model === undefined)
    return [
      { path: at('computationModel'), message: `unknown computation model '${action.computationModel}'` },
    ];
  const issues: Issue[] = [];
  if (model.assetModel !== undefined) {
    const ofModel = draft.assets.some((a) => a.name === action.asset && a.assetModel === model.assetModel);
    if (!ofModel)
      issues.push({
        path: at('asset'),
        message: `'${model.name}' is bound at asset-model level: name one of its asset model's assets`,
      });
  } else if (action.asset !== undefined) {
    issues.push({ path: at('asset'), message: `'${model.name}' is bound to one asset: leave "asset" out` });
  }
  if (action.modelVersion !== undefined && action.op !== 'START_INFERENCE')
    issues.push({ path: at('modelVersion'), message: 'only START_INFERENCE names a model version' });
  if (action.promotion !== undefined && action.op !== 'START_RETRAINING_SCHEDULER')
    issues.push({ path: at('promotion'), message: 'only START_RETRAINING_SCHEDULER names a promotion mode' });
  if (action.op === 'START_RETRAINING_SCHEDULER' && model.retrainingScheduler === undefined)
    issues.push({ path: at('op'), message: `'${model.name}' has no retrainingScheduler to start` });
  return issues;
}

/** Cross-references a schema cannot express: names that exist, bindings that hold, actions that fit. */
export function siteWiseScenarioProblems(draft: Draft): Issue[] {
  const issues = [
    ...duplicates(draft.assetModels, 'asset model', 'assetModels'),
    ...duplicates(draft.assets, 'asset', 'assets'),
    ...duplicates(draft.computationModels, 'computation model', 'computationModels'),
  ];
  draft.assets.forEach((asset, index) => {
    if (!draft.assetModels.some((model) => model.name === asset.assetModel))
      issues.push({
        path: ['assets', index, 'assetModel'],
        message: `unknown asset model '${asset.assetModel}' (declare it under "assetModels")`,
      });
  });
  draft.computationModels.forEach((model, index) => {
    issues.push(...bindingIssues(draft, model, index));
  });
  draft.actions.forEach((action, index) => {
    issues.push(...actionIssues(draft, action, index));
  });
  return issues;
}

export const SiteWiseScenarioSchema = SiteWiseObjectSchema.superRefine((draft, ctx) => {
  for (const issue of siteWiseScenarioProblems(draft)) ctx.addIssue({ code: 'custom', ...issue });
});

export type SiteWiseScenario = z.output<typeof SiteWiseScenarioSchema>;
export type SiteWiseComputationModelSpec = SiteWiseScenario['computationModels'][number];
export type SiteWiseActionSpec = SiteWiseScenario['actions'][number];
