// `report [MODEL…]`: the version timeline report — one self-contained HTML file (--html FILE) or its
// data (--json); without either, the fleet overview as a table.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readEffectivePolicy } from '../../lib/policies.js';
import { DEFAULT_MAX_DETAILS, gatherReport, ModelsNotFoundError } from '../../lib/report/gather.js';
import { renderReportHtml } from '../../lib/report/html.js';
import type { ReportData } from '../../lib/report/model.js';
import { day } from '../../lib/report/svg.js';
import type { CliContext, CliRuntime } from '../context.js';
import { CommandFailedError, UsageError } from '../errors.js';
import { runForTargets, type TargetOptions, withTargetOptions } from '../fleet.js';
import { renderTable } from '../table.js';
import { parseModelName } from '../validate.js';
import { policyLabel } from './shared.js';

const SHAPES = { failing: '■', attention: '▲', ok: '●', idle: '○' } as const;
const ARROWS = { up: '↑', down: '↓', flat: '→' } as const;

function parseCount(value: string, what: string): number {
  if (!/^\d+$/.test(value))
    throw new UsageError(`${what} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

export function renderOverview(data: ReportData): string[] {
  if (data.models.length === 0) return ['no models in this account and region'];
  return renderTable(
    [
      { header: 'MODEL', shrink: true, min: 10 },
      { header: 'HEALTH' },
      { header: 'LAST RUN', shrink: true, min: 10 },
      { header: 'ACTIVE' },
      { header: 'TREND' },
      { header: 'NEXT RUN' },
    ],
    data.models.map((m) => [
      m.name,
      `${SHAPES[m.health]} ${m.health}`,
      m.lastRun ? `v${m.lastRun.version ?? '–'} ${m.lastRun.status}` : '–',
      m.activeVersion === null ? '–' : `v${m.activeVersion}`,
      m.trend.direction ? `${ARROWS[m.trend.direction]} ${m.trend.metric}` : '–',
      day(m.nextRetraining),
    ]),
  );
}

interface ReportOptions extends TargetOptions {
  html?: string;
  json?: boolean;
  details: string;
  pageSize: string;
}

function sourceWords(ctx: CliContext): string {
  const region = ctx.options.region ?? ctx.io.env.AWS_REGION ?? 'default region';
  return `${region}${ctx.modelEndpoint ? ` (${ctx.modelEndpoint})` : ''}`;
}

/** Gathers the report of `names` (every model when empty); unknown names fail naming the way out. */
async function gatherFor(ctx: CliContext, names: string[], maxDetails: number): Promise<ReportData> {
  const prefix = ctx.options.prefix;
  try {
    return await gatherReport(
      {
        provider: ctx.lookout,
        decisions: ctx.decisionHistory,
        policy: (name) => readEffectivePolicy(ctx.parameters, prefix, name),
        policyLabel: (parameterName, version) => policyLabel(prefix, { parameterName, version }),
      },
      {
        names,
        maxDetails: names.length > 0 ? Math.max(maxDetails, names.length) : maxDetails,
        now: new Date(ctx.io.now()).toISOString(),
        source: sourceWords(ctx),
      },
    );
  } catch (error) {
    if (error instanceof ModelsNotFoundError) {
      throw new CommandFailedError(
        `${error.message}; run \`l4e-autopilot status\` to list the models in this region`,
      );
    }
    throw error;
  }
}

async function runReport(
  runtime: CliRuntime,
  modelArgs: string[],
  options: ReportOptions,
  command: Command,
): Promise<void> {
  const names = modelArgs.map(parseModelName);
  const maxDetails = parseCount(options.details, '--details');
  const pageSize = parseCount(options.pageSize, '--page-size');
  if (pageSize < 1) throw new UsageError('--page-size must be at least 1');
  const ctx = runtime.context(command);
  const data = await gatherFor(ctx, names, maxDetails);
  if (options.html) {
    const path = resolve(options.html);
    writeFileSync(path, renderReportHtml(data, { pageSize }));
    ctx.note(`report of ${data.modelCount} model${data.modelCount === 1 ? '' : 's'} written to ${path}`);
  }
  if (options.json) ctx.json(data);
  else if (!options.html) {
    ctx.print(...renderOverview(data));
    ctx.note('add --html FILE for the version timelines and metric charts');
  }
}

export function registerReport(program: Command, runtime: CliRuntime): void {
  const command = program
    .command('report')
    .description('version timeline report: per model, runs, metrics against the policy, who activated what')
    .argument('[models...]', 'model names (default: every model, worst health first)')
    .option('--html <file>', 'write one self-contained HTML file (no network needed to view or print it)')
    .option('--json', 'print the report data as JSON')
    .option(
      '--details <n>',
      'models with a detail section; the rest are overview rows',
      String(DEFAULT_MAX_DETAILS),
    )
    .option('--page-size <n>', 'overview rows per page', '100');
  withTargetOptions(command).action((modelArgs: string[], options: ReportOptions, command: Command) => {
    if (options.html !== undefined && options.allTargets === true) {
      throw new UsageError(
        "--html writes one target's report: pass --target ACCOUNT/REGION instead of --all-targets",
      );
    }
    return runForTargets(runtime, command, options, (rt) => runReport(rt, modelArgs, options, command));
  });
}
