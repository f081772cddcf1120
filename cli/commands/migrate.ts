// `migrate plan [MODEL…]`: for every Lookout for Equipment model, the IoT SiteWise training action that
// reproduces its retraining scheduler, ready for `aws iotsitewise execute-action`. Reads only (List and
// Describe calls); changes nothing anywhere.
import type { Command } from 'commander';
import { type ModelMigration, planModelMigration } from '../../lib/adapters/sitewise-migration.js';
import type { ModelSummary } from '../../lib/core/model.js';
import type { ModelOperations } from '../../lib/ports.js';
import type { CliRuntime, GlobalOptions } from '../context.js';
import { UsageError } from '../errors.js';
import { DASH } from '../format.js';
import { mapLimit } from '../progress.js';
import { parseProvider } from '../provider.js';
import { TERMINAL_WIDTH } from '../table.js';
import { parseModelName } from '../validate.js';
import { modelNotFound } from './shared.js';
import { DESCRIBE_CONCURRENCY } from './status.js';

export const DEFAULT_METRICS_PREFIX = 'l4e-autopilot/';
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const INDENT = '  ';

export interface MigrationPlanJson {
  metricsBucket: string;
  models: Array<
    ModelMigration & {
      l4e: {
        schedulerStatus: string | null;
        promoteMode: string | null;
        frequency: string | null;
        lookbackWindow: string | null;
        startDate: string | null;
        nextRetrainingDate: string | null;
      };
      /** What `aws iotsitewise execute-action --action-payload` takes: the payload as one JSON string. */
      actionPayload: { stringValue: string } | null;
    }
  >;
}

interface PlanOptions {
  metricsBucket?: string;
  metricsPrefix?: string;
  json?: boolean;
}

export function parseBucket(value: string | undefined): string {
  if (value === undefined) {
    throw new UsageError(
      'migrate plan needs --metrics-bucket BUCKET: SiteWise writes the metrics of every retraining run there (modelMetricsDestination is required to start a retraining scheduler)',
    );
  }
  if (!BUCKET.test(value) || value.includes('..')) {
    throw new UsageError(
      `--metrics-bucket must be an S3 bucket name (3 to 63 lowercase letters, digits, '.' or '-'), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** The base of every model's prefix, ending with '/' unless empty. */
export function parsePrefix(value: string | undefined): string {
  const text = value ?? DEFAULT_METRICS_PREFIX;
  if (text.startsWith('/') || !/^[\x21-\x7e]*$/.test(text) || text.length > 800) {
    throw new UsageError(
      `--metrics-prefix must be an S3 key prefix without a leading '/' or spaces, e.g. ${DEFAULT_METRICS_PREFIX}, got ${JSON.stringify(text)}`,
    );
  }
  return text === '' || text.endsWith('/') ? text : `${text}/`;
}

/** The models to plan: every model, or the named ones (each must exist). */
async function modelsToPlan(lookout: ModelOperations, names: readonly string[]): Promise<ModelSummary[]> {
  if (names.length > 0) {
    return mapLimit([...new Set(names)], DESCRIBE_CONCURRENCY, async (name) => {
      const model = await lookout.describeModel(name);
      if (!model) throw modelNotFound(name);
      return model;
    });
  }
  const models: ModelSummary[] = [];
  for await (const page of lookout.listModelPages()) models.push(...page);
  return models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function collectMigrationPlan(
  lookout: ModelOperations,
  request: { names: readonly string[]; bucketName: string; prefix: string },
): Promise<MigrationPlanJson> {
  const models = await modelsToPlan(lookout, request.names);
  const planned = await mapLimit(models, DESCRIBE_CONCURRENCY, async (model) => {
    const schedule =
      model.schedulerStatus === null ? null : await lookout.describeRetrainingSchedule(model.name);
    const plan = planModelMigration(
      { modelName: model.name, schedule, nextRetrainingDate: model.nextRetrainingDate },
      { bucketName: request.bucketName, prefix: `${request.prefix}${model.name}/` },
    );
    return {
      ...plan,
      l4e: {
        schedulerStatus: schedule?.status ?? null,
        promoteMode: schedule?.promoteMode ?? null,
        frequency: schedule?.frequency ?? null,
        lookbackWindow: schedule?.lookbackWindow ?? null,
        startDate: schedule?.startDate ?? null,
        nextRetrainingDate: model.nextRetrainingDate,
      },
      actionPayload: plan.payload === null ? null : { stringValue: JSON.stringify(plan.payload) },
    };
  });
  return { metricsBucket: request.bucketName, models: planned };
}

function wrapped(text: string, indent: string): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && indent.length + line.length + 1 + word.length > TERMINAL_WIDTH) {
      lines.push(`${indent}${line}`);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(`${indent}${line}`);
  return lines;
}

function renderModel(model: MigrationPlanJson['models'][number]): string[] {
  const l4e = model.l4e;
  const heading =
    l4e.schedulerStatus === null
      ? `${model.modelName}: no retraining scheduler`
      : `${model.modelName}: scheduler ${l4e.schedulerStatus}, ${l4e.promoteMode ?? DASH}, every ${l4e.frequency ?? DASH}, lookback ${l4e.lookbackWindow ?? DASH}`;
  const lines = [heading];
  if (model.payload !== null) {
    lines.push(
      ...JSON.stringify(model.payload, null, 2)
        .split('\n')
        .map((line) => `${INDENT}${line}`),
    );
  }
  for (const note of model.notes) {
    const [first = '', ...rest] = wrapped(note, `${INDENT}      `);
    lines.push(`${INDENT}note: ${first.trimStart()}`, ...rest);
  }
  return lines;
}

export function renderMigrationPlan(plan: MigrationPlanJson): string[] {
  if (plan.models.length === 0) return ['no models in this account and region: nothing to migrate'];
  const withPayload = plan.models.filter((m) => m.payload !== null).length;
  const lines = [
    `${withPayload} of ${plan.models.length} L4E models have a retraining scheduler to reproduce in IoT SiteWise.`,
    `Each payload below starts it (metrics to s3://${plan.metricsBucket}/):`,
  ];
  for (const model of plan.models) lines.push('', ...renderModel(model));
  lines.push(
    '',
    'To send one, take its actionPayload from --json and run:',
    '  aws iotsitewise execute-action \\',
    '    --target-resource computationModelId=COMPUTATION_MODEL_ID \\',
    '    --action-definition-id TRAINING_ACTION_DEFINITION_ID \\',
    '    --action-payload file://action-payload.json',
    '(TRAINING_ACTION_DEFINITION_ID: the AWS/ANOMALY_DETECTION_TRAINING action of',
    '`aws iotsitewise describe-computation-model`; add --resolve-to assetId=ASSET_ID',
    'for a model bound at asset-model level.)',
  );
  return lines;
}

export function registerMigrate(program: Command, runtime: CliRuntime): void {
  const migrate = program
    .command('migrate')
    .description('plan the move from Lookout for Equipment to IoT SiteWise anomaly detection');
  migrate
    .command('plan')
    .description(
      'for each L4E model, the SiteWise training action payload that reproduces its retraining scheduler (reads only)',
    )
    .argument('[models...]', 'model names (default: every model)')
    .option('--metrics-bucket <bucket>', 'S3 bucket SiteWise writes each run’s metrics to (required)')
    .option(
      '--metrics-prefix <prefix>',
      `key prefix; each model gets <prefix><model>/ (default: ${DEFAULT_METRICS_PREFIX})`,
    )
    .option(
      '--json',
      'print JSON: { metricsBucket, models: [{ modelName, l4e, payload, actionPayload, notes }] }',
    )
    .action(async (names: string[], options: PlanOptions, command: Command) => {
      const explicit = command.optsWithGlobals<GlobalOptions>().provider;
      if (explicit !== undefined && parseProvider(explicit) !== 'lookout-equipment') {
        throw new UsageError(`migrate plan reads Lookout for Equipment models; drop --provider ${explicit}`);
      }
      const models = names.map(parseModelName);
      const bucketName = parseBucket(options.metricsBucket);
      const prefix = parsePrefix(options.metricsPrefix);
      const ctx = runtime.context(command);
      const plan = await collectMigrationPlan(ctx.lookout, { names: models, bucketName, prefix });
      if (options.json) ctx.json(plan);
      else ctx.print(...renderMigrationPlan(plan));
    });
}
