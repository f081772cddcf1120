// `status`: every model at a glance — which version is live and since when, the scheduler and its
// promote mode, the latest retraining run, the next one, and model quality.
import type { Command } from 'commander';
import { CliCommand } from '../../lib/core/commands.js';
import type { ModelDetail, ModelSummary, ProviderName, RetrainingSchedule } from '../../lib/core/model.js';
import type { ModelProvider } from '../../lib/ports.js';
import type { CliContext, CliRuntime } from '../context.js';
import { runForTargets, type TargetOptions, withTargetOptions } from '../fleet.js';
import { DASH, formatDate, formatVersion, qualityLabel } from '../format.js';
import { modelArgument } from '../model-argument.js';
import { mapLimit } from '../progress.js';
import { PROVIDER_TITLES } from '../provider.js';
import type { StatusJson, StatusModelJson } from '../shapes.js';
import { renderTable } from '../table.js';
import { modelNotFound } from './shared.js';

/** Calls in flight at once while describing models: quick on large fleets, gentle on rate limits. */
export const DESCRIBE_CONCURRENCY = 4;

export function toStatusModel(
  summary: ModelSummary,
  detail: ModelDetail | null,
  scheduler: RetrainingSchedule | null,
): StatusModelJson {
  const latestRun =
    summary.latestRunStatus === null
      ? null
      : {
          version: summary.latestRunVersion,
          status: summary.latestRunStatus,
          startTime: summary.latestRunStartTime,
        };
  return {
    name: summary.name,
    provider: summary.origin.provider,
    arn: summary.arn,
    status: summary.status,
    modelQuality: summary.modelQuality,
    activeVersion: summary.activeVersion,
    activeSince: detail?.activatedAt ?? null,
    previousActiveVersion: detail?.previousActiveVersion ?? null,
    scheduler: scheduler
      ? {
          status: scheduler.status,
          promoteMode: scheduler.promoteMode,
          frequency: scheduler.frequency,
          lookbackWindow: scheduler.lookbackWindow,
          startDate: scheduler.startDate,
        }
      : summary.schedulerStatus
        ? {
            status: summary.schedulerStatus,
            promoteMode: null,
            frequency: null,
            lookbackWindow: null,
            startDate: null,
          }
        : null,
    latestRun,
    nextRetrainingDate: summary.nextRetrainingDate,
  };
}

export function renderStatus(models: readonly StatusModelJson[], paint?: (text: string) => string): string[] {
  if (models.length === 0) return ['no models in this account and region'];
  const rows = models.map((m) => [
    m.name,
    [m.status, qualityLabel(m.modelQuality)],
    [formatVersion(m.activeVersion), m.activeVersion === null ? '' : formatDate(m.activeSince)],
    m.scheduler ? [m.scheduler.status, m.scheduler.promoteMode ?? DASH] : [DASH],
    m.latestRun
      ? [`${formatVersion(m.latestRun.version)} ${m.latestRun.status}`, formatDate(m.latestRun.startTime)]
      : [DASH],
    formatDate(m.nextRetrainingDate),
  ]);
  return renderTable(
    [
      { header: ['MODEL', ''], shrink: true, min: 10 },
      { header: ['STATUS', 'QUALITY'], shrink: true, min: 7 },
      { header: ['ACTIVE', 'SINCE'] },
      { header: ['SCHEDULER', 'MODE'] },
      { header: ['LATEST RUN', 'STARTED'], shrink: true, min: 10 },
      { header: ['NEXT', 'RETRAINING'] },
    ],
    rows,
    paint ? { paint } : {},
  );
}

/** Every model, across all ListModels pages, sorted by name. */
export async function collectStatus(lookout: ModelProvider): Promise<StatusModelJson[]> {
  const summaries: ModelSummary[] = [];
  for await (const page of lookout.listModelPages()) summaries.push(...page);
  // Code-unit order, so the listing is the same on every machine whatever its locale.
  summaries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return mapLimit(summaries, DESCRIBE_CONCURRENCY, async (summary) => {
    // ListModels has no activation time; DescribeModel does. A scheduler is described only where one exists.
    const detail = summary.activeVersion === null ? null : await lookout.describeModel(summary.name);
    const scheduler =
      summary.schedulerStatus === null ? null : await lookout.describeRetrainingSchedule(summary.name);
    return toStatusModel(summary, detail, scheduler);
  });
}

/** One model's row; a clear "not found" when the provider has no such model. */
async function statusOfOne(ctx: CliContext, name: string): Promise<StatusModelJson> {
  const models = ctx.models;
  const model = await models.describeModel(name);
  if (!model) throw modelNotFound(name, ctx.selected);
  const scheduler = model.schedulerStatus === null ? null : await models.describeRetrainingSchedule(name);
  return toStatusModel(model, model, scheduler);
}

/** Every model of each provider, one table each (titled when there are several). */
export function renderProviderSections(
  sections: ReadonlyArray<{ provider: ProviderName; models: StatusModelJson[] }>,
  paint?: (text: string) => string,
): string[] {
  const [only] = sections;
  if (sections.length === 1 && only !== undefined) return renderStatus(only.models, paint);
  return sections.flatMap((section, i) => [
    ...(i === 0 ? [] : ['']),
    `${PROVIDER_TITLES[section.provider]} (${section.provider})`,
    ...renderStatus(section.models, paint),
  ]);
}

async function runStatus(runtime: CliRuntime, command: Command, modelArg: string | undefined, json: boolean) {
  if (modelArg !== undefined) {
    const { name, provider } = modelArgument(command, modelArg);
    const ctx = runtime.context(command, provider);
    ctx.subject = { kind: 'model', name };
    const models = [await statusOfOne(ctx, name)];
    if (json) ctx.json({ models } satisfies StatusJson);
    else ctx.print(...renderStatus(models, ctx.style.status));
    return;
  }
  const ctx = runtime.context(command);
  const providers = ctx.options.provider === undefined ? ctx.options.providers : [ctx.options.provider];
  const sections = [];
  for (const provider of providers) {
    sections.push({ provider, models: await collectStatus(ctx.operations(provider)) });
  }
  if (json) ctx.json({ models: sections.flatMap((s) => s.models) } satisfies StatusJson);
  else ctx.print(...renderProviderSections(sections, ctx.style.status));
}

export function registerStatus(program: Command, runtime: CliRuntime): void {
  const command = program
    .command(CliCommand.status)
    .description(
      'one row per model: live version and since when, scheduler, latest and next retraining, quality',
    )
    .argument('[model]', 'one model (default: every model of the providers $PROVIDERS enables)')
    .option('--json', 'print JSON: { models: [...] }');
  withTargetOptions(command).action(
    (modelArg: string | undefined, options: TargetOptions & { json?: boolean }, command: Command) =>
      runForTargets(runtime, command, options, (rt) =>
        runStatus(rt, command, modelArg, options.json === true),
      ),
  );
}
