// The scenario format: what exists at the start (datasets, trained models, schedulers), how each model
// behaves when retrained (an ordered list of runs, then a trajectory) and timed actions. One zod schema
// gives both the validator and the TypeScript types.

import { z } from 'zod';
import { DATA_UPLOAD_FREQUENCIES } from './input-shapes.js';
import { KnobsSchema } from './knobs.js';
import { LOOKBACK_WINDOWS, retrainingFrequencyProblem } from './retraining-schedule.js';
import {
  BaseMetricsSchema,
  duration,
  instant,
  instantOrOffset,
  MetricOverridesSchema,
  name,
  RunSpecSchema,
  ratio,
  TrajectorySchema,
} from './scenario-parts.js';
import { SiteWiseScenarioSchema } from './scenario-sitewise.js';

export { BaseMetricsSchema, MetricOverridesSchema, RunSpecSchema, TrajectorySchema };

const frequency = z.string().superRefine((text, ctx) => {
  const problem = retrainingFrequencyProblem(text);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

export const RetrainingSchedulerSpecSchema = z.strictObject({
  startDate: instantOrOffset.optional(),
  frequency,
  lookback: z.enum(LOOKBACK_WINDOWS).default('P180D'),
  promoteMode: z.enum(['MANAGED', 'MANUAL']).default('MANAGED'),
  status: z.enum(['PENDING', 'RUNNING', 'STOPPED']).default('RUNNING'),
});

export const InferenceSchedulerSpecSchema = z.strictObject({
  name: name.optional(),
  frequency: z.enum(DATA_UPLOAD_FREQUENCIES).default('PT1H'),
  delayOffsetMinutes: z.number().int().min(0).max(60).default(0),
  status: z.enum(['RUNNING', 'STOPPED']).default('RUNNING'),
  failureRate: ratio.default(0),
});

const tags = z.record(z.string(), z.string()).optional();

export const ModelSpecSchema = z.strictObject({
  name,
  dataset: name,
  labeled: z.boolean().default(true),
  baseMetrics: BaseMetricsSchema.optional(),
  drift: z.number().min(0).max(1).optional(),
  trainingMinutes: z.number().positive().max(100_000).optional(),
  inferenceScheduler: InferenceSchedulerSpecSchema.optional(),
  retrainingScheduler: RetrainingSchedulerSpecSchema.optional(),
  runs: z.array(RunSpecSchema).default([]),
  trajectory: TrajectorySchema.optional(),
  tags,
  /** Ambiguity knobs for this model (see knobs.ts); they win over the scenario's. */
  knobs: KnobsSchema.optional(),
});

export const DatasetSpecSchema = z.strictObject({
  name,
  dataStartTime: instant.optional(),
  dataEndTime: instant.optional(),
  tags,
});

export const ACTION_OPERATIONS = [
  'StopRetrainingScheduler',
  'StartRetrainingScheduler',
  'DeleteRetrainingScheduler',
  'UpdateRetrainingScheduler',
  'UpdateActiveModelVersion',
  'StopInferenceScheduler',
  'StartInferenceScheduler',
  'DeleteInferenceScheduler',
  'DeleteModel',
] as const;

/** Actions on the model's inference scheduler; InferenceSchedulerName defaults to `<model>-inference`. */
export const INFERENCE_ACTIONS: ReadonlySet<string> = new Set([
  'StopInferenceScheduler',
  'StartInferenceScheduler',
  'DeleteInferenceScheduler',
]);

/** `at` is a duration after startTime; other keys are the operation's request members. */
export const ActionSpecSchema = z.looseObject({
  at: duration,
  op: z.enum(ACTION_OPERATIONS),
  model: name,
});

export const DefaultsSchema = z.strictObject({
  trainingMinutes: z.number().positive().max(100_000).default(60),
  importMinutes: z.number().positive().max(100_000).default(20),
  stopMinutes: z.number().positive().max(100_000).default(5),
  drift: z.number().min(0).max(1).default(0.02),
  baseMetrics: BaseMetricsSchema.default({}),
  trajectory: TrajectorySchema.default({ kind: 'stable', step: 0 }),
  minAvailableDataDays: z.number().int().min(0).default(14),
  poorQualityThreshold: ratio.default(0.5),
  datasetHistoryDays: z.number().int().positive().default(365),
});

const accountId = z.string().regex(/^\d{12}$/, 'must be 12 digits');
const regionName = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region such as us-east-1');

/** A span of simulated time in which the target's roles refuse AssumeRole (AccessDenied). */
export const OutageSpecSchema = z.strictObject({
  /** A duration after startTime. */
  at: duration,
  for: duration,
});

/**
 * Another account and region the hub watches: its own datasets, models and actions (seeded like the
 * scenario's own, in that account and region), reached through the reader and activator roles the
 * local STS holds for it, which refuse AssumeRole during each outage.
 */
export const TargetSpecSchema = z.strictObject({
  account: accountId,
  region: regionName,
  quotas: z.strictObject({ models: z.number().int().min(1).default(15) }).default({ models: 15 }),
  datasets: z.array(DatasetSpecSchema).default([]),
  models: z.array(ModelSpecSchema).default([]),
  actions: z.array(ActionSpecSchema).default([]),
  outages: z.array(OutageSpecSchema).default([]),
});

export const ScenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    startTime: instant,
    days: z.number().int().positive().optional(),
    accountId: accountId.default('123456789012'),
    region: regionName.default('us-east-1'),
    seed: z.number().int().optional(),
    quotas: z.strictObject({ models: z.number().int().min(1).default(15) }).default({ models: 15 }),
    defaults: DefaultsSchema.default(DefaultsSchema.parse({})),
    datasets: z.array(DatasetSpecSchema).default([]),
    models: z.array(ModelSpecSchema).default([]),
    actions: z.array(ActionSpecSchema).default([]),
    /** Ambiguity knobs for every model (see knobs.ts); a knob left out comes from L4E_EMULATOR_KNOBS. */
    knobs: KnobsSchema.optional(),
    /** AWS IoT SiteWise anomaly-detection models on the same clock (local/sitewise/scenario.ts seeds them). */
    sitewise: SiteWiseScenarioSchema.optional(),
    /** Other accounts and regions, each with its own models, watched through assumed roles. */
    targets: z.array(TargetSpecSchema).default([]),
    /** Settings of other tools that share the scenario file (the autopilot demo's policies); ignored here. */
    autopilot: z.unknown().optional(),
  })
  .superRefine((scenario, ctx) => {
    checkModelSection(scenario, ctx, []);
    checkTargets(scenario, ctx);
  });

interface ModelSection {
  datasets: ReadonlyArray<{ name: string }>;
  models: ReadonlyArray<{
    name: string;
    dataset: string;
    inferenceScheduler?: { name?: string | undefined };
  }>;
  actions: ReadonlyArray<{ model: string }>;
  quotas: { models: number };
}

/** Each target once, none of them the scenario's own account and region, each section checked as the scenario's. */
function checkTargets(
  scenario: ModelSection & {
    accountId: string;
    region: string;
    targets: ReadonlyArray<ModelSection & { account: string; region: string; outages: readonly unknown[] }>;
  },
  ctx: z.RefinementCtx,
): void {
  const seen = new Set([`${scenario.accountId}/${scenario.region}`]);
  scenario.targets.forEach((target, index) => {
    const key = `${target.account}/${target.region}`;
    if (seen.has(key)) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets', index],
        message:
          key === `${scenario.accountId}/${scenario.region}`
            ? `target ${key} is the scenario's own account and region; its models go at the top level`
            : `duplicate target ${key}`,
      });
    }
    seen.add(key);
    if (target.account === scenario.accountId && target.outages.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['targets', index, 'outages'],
        message: `target ${key} is read with the hub's own credentials, so no role of it can refuse AssumeRole`,
      });
    }
    checkModelSection(target, ctx, ['targets', index]);
  });
}

/** The datasets, models and actions of one account and region: names unique, references known, within quota. */
export function checkModelSection(
  scenario: ModelSection,
  ctx: z.RefinementCtx,
  at: ReadonlyArray<string | number>,
): void {
  const datasets = new Set<string>();
  scenario.datasets.forEach((dataset, index) => {
    if (datasets.has(dataset.name)) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'datasets', index, 'name'],
        message: `duplicate dataset '${dataset.name}'`,
      });
    }
    datasets.add(dataset.name);
  });
  const models = new Set<string>();
  const inferenceNames = new Set<string>();
  scenario.models.forEach((model, index) => {
    if (models.has(model.name)) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'models', index, 'name'],
        message: `duplicate model '${model.name}'`,
      });
    }
    models.add(model.name);
    if (!datasets.has(model.dataset)) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'models', index, 'dataset'],
        message: `unknown dataset '${model.dataset}' (declare it under "datasets")`,
      });
    }
    const inference = model.inferenceScheduler;
    if (inference !== undefined) {
      const schedulerName = inference.name ?? `${model.name}-inference`;
      if (inferenceNames.has(schedulerName)) {
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'models', index, 'inferenceScheduler', 'name'],
          message: `duplicate inference scheduler '${schedulerName}'`,
        });
      }
      inferenceNames.add(schedulerName);
    }
  });
  if (scenario.models.length > scenario.quotas.models) {
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'quotas', 'models'],
      message: `${scenario.models.length} models exceed the model quota of ${scenario.quotas.models}; raise quotas.models`,
    });
  }
  scenario.actions.forEach((action, index) => {
    if (!models.has(action.model)) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'actions', index, 'model'],
        message: `unknown model '${action.model}'`,
      });
    }
  });
}

/** A scenario as written (defaults may be omitted). */
export type Scenario = z.input<typeof ScenarioSchema>;
/** A validated scenario with every default filled in. */
export type ParsedScenario = z.output<typeof ScenarioSchema>;
export type RunSpec = z.input<typeof RunSpecSchema>;
export type ParsedRunSpec = z.output<typeof RunSpecSchema>;
export type ParsedModelSpec = z.output<typeof ModelSpecSchema>;
export type ParsedAction = z.output<typeof ActionSpecSchema>;
export type ScenarioDefaults = z.output<typeof DefaultsSchema>;

export type ParsedTargetSpec = z.output<typeof TargetSpecSchema>;

/** One target of the scenario as a scenario of its own: its account, region and models on the same clock. */
export function targetScenario(scenario: ParsedScenario, target: ParsedTargetSpec): ParsedScenario {
  const { account, region, outages: _outages, ...section } = target;
  return {
    ...scenario,
    name: `${scenario.name ?? 'scenario'} ${account}/${region}`,
    accountId: account,
    region,
    ...section,
    sitewise: undefined,
    targets: [],
  };
}

export class ScenarioError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ScenarioError';
  }
}

export function parseScenario(input: unknown, source = 'scenario'): ParsedScenario {
  const result = ScenarioSchema.safeParse(input);
  if (!result.success) {
    throw new ScenarioError(`Invalid ${source}:\n${z.prettifyError(result.error)}`, { cause: result.error });
  }
  return result.data;
}

export function parseRunSpecs(input: unknown): ParsedRunSpec[] {
  const result = z.array(RunSpecSchema).safeParse(input);
  if (!result.success) {
    throw new ScenarioError(`Invalid run specs:\n${z.prettifyError(result.error)}`, { cause: result.error });
  }
  return result.data;
}
