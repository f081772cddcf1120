// `versions MODEL`: every version with its source, status, key metrics, L4E's promotion result and the
// decision autopilot recorded for it.
import type { Command } from 'commander';
import { CliCommand } from '../../lib/core/commands.js';
import { parseModelMetrics } from '../../lib/core/metrics.js';
import type { VersionDetail, VersionSummary } from '../../lib/core/model.js';
import type { DecisionRecord } from '../../lib/ports.js';
import type { CliContext, CliRuntime } from '../context.js';
import { explainError } from '../errors.js';
import { runForTargets, type TargetOptions, withTargetOptions } from '../fleet.js';
import { DASH, formatDate, formatDateTime, formatMetric, formatVersion, wrapText } from '../format.js';
import { modelArgument } from '../model-argument.js';
import { mapLimit } from '../progress.js';
import type { VersionJson, VersionsJson } from '../shapes.js';
import { renderTable, TERMINAL_WIDTH } from '../table.js';
import { policyLabel, requireModel, toDecisionJson } from './shared.js';
import { DESCRIBE_CONCURRENCY } from './status.js';

export function toVersionJson(
  summary: VersionSummary,
  detail: VersionDetail | null,
  activeVersion: number | null,
  decision: DecisionRecord | null,
): VersionJson {
  const metrics = parseModelMetrics(detail?.metricsJson ?? null).metrics;
  return {
    version: summary.version,
    arn: summary.arn,
    sourceType: detail?.sourceType ?? summary.sourceType,
    status: detail?.status ?? summary.status,
    createdAt: detail?.createdAt ?? summary.createdAt,
    active: summary.version === activeVersion,
    modelQuality: detail?.modelQuality ?? summary.modelQuality,
    availableDataInDays: detail?.availableDataInDays ?? null,
    metrics: {
      recall: metrics.recall ?? null,
      precision: metrics.precision ?? null,
      auc: metrics.auc ?? null,
    },
    promotion: {
      result: detail?.autoPromotionResult ?? null,
      reason: detail?.autoPromotionResultReason ?? null,
    },
    decision: decision ? toDecisionJson(decision) : null,
  };
}

export function renderVersions(
  view: VersionsJson,
  prefix: string,
  paint?: (text: string) => string,
): string[] {
  if (view.versions.length === 0) return [`model ${view.model} has no versions`];
  const rows = view.versions.map((v) => [
    `${formatVersion(v.version)}${v.active ? '*' : ''}`,
    [v.sourceType ?? DASH, v.status],
    formatDate(v.createdAt),
    formatMetric(v.metrics.recall),
    formatMetric(v.metrics.precision),
    formatMetric(v.metrics.auc),
    [v.promotion.result ?? DASH, v.decision ? v.decision.outcome : DASH],
  ]);
  const lines = renderTable(
    [
      { header: ['VERSION', ''] },
      { header: ['SOURCE', 'STATUS'] },
      { header: ['CREATED', ''] },
      { header: ['RECALL', ''], align: 'right' },
      { header: ['PREC.', ''], align: 'right' },
      { header: ['AUC', ''], align: 'right' },
      { header: ['PROMOTION', 'AUTOPILOT'], shrink: true, min: 12 },
    ],
    rows,
    paint ? { paint } : {},
  );
  lines.push('* active version');
  const notes = versionNotes(view, prefix);
  if (notes.length > 0) lines.push('', ...notes);
  if (!view.decisions.available) lines.push('', `autopilot decisions not shown: ${view.decisions.reason}`);
  return lines;
}

function versionNotes(view: VersionsJson, prefix: string): string[] {
  const out: string[] = [];
  const indent = '     ';
  const add = (label: string, text: string) => {
    const wrapped = wrapText(text, TERMINAL_WIDTH - indent.length);
    out.push(`${label.padEnd(indent.length)}${wrapped[0] ?? ''}`, ...wrapped.slice(1).map((l) => indent + l));
  };
  for (const v of view.versions) {
    const label = formatVersion(v.version);
    if (v.promotion.reason) add(label, `promotion: ${v.promotion.reason}`);
    if (v.decision) {
      const d = v.decision;
      const under = d.policy.parameterName ? ` under ${policyLabel(prefix, d.policy)}` : '';
      add(
        v.promotion.reason ? '' : label,
        `autopilot ${d.outcome} at ${formatDateTime(d.decidedAt)}${under}: ${d.reasons.join('; ')}`,
      );
    }
  }
  return out;
}

async function readDecisions(
  ctx: CliContext,
  modelArn: string,
): Promise<{ byVersion: Map<number, DecisionRecord>; available: boolean; reason: string | null }> {
  const byVersion = new Map<number, DecisionRecord>();
  const store = ctx.decisionHistory;
  if (store === null) {
    return {
      byVersion,
      available: false,
      reason: 'no state table configured (pass --table or set STATE_TABLE_NAME)',
    };
  }
  try {
    // Newest first, so the first record seen for a version is its latest decision.
    for (const record of await store.listDecisions(modelArn)) {
      if (!byVersion.has(record.modelVersion)) byVersion.set(record.modelVersion, record);
    }
    return { byVersion, available: true, reason: null };
  } catch (error) {
    const why = explainError(error, { subject: null }).message;
    return {
      byVersion,
      available: false,
      reason: `state table ${ctx.options.tableName} could not be read: ${why}`,
    };
  }
}

async function runVersions(runtime: CliRuntime, command: Command, modelArg: string, json: boolean) {
  const { name, provider } = modelArgument(command, modelArg);
  const ctx = runtime.context(command, provider);
  const model = await requireModel(ctx, name);
  const summaries: VersionSummary[] = [];
  for await (const page of ctx.models.listVersionPages(name)) summaries.push(...page);
  summaries.sort((a, b) => a.version - b.version);
  const details = await mapLimit(summaries, DESCRIBE_CONCURRENCY, (s) =>
    ctx.models.describeVersion(name, s.version),
  );
  const decisions = await readDecisions(ctx, model.arn);
  const view: VersionsJson = {
    model: name,
    activeVersion: model.activeVersion,
    decisions: { available: decisions.available, reason: decisions.reason },
    versions: summaries.map((s, i) =>
      toVersionJson(s, details[i] ?? null, model.activeVersion, decisions.byVersion.get(s.version) ?? null),
    ),
  };
  if (json) ctx.json(view);
  else ctx.print(...renderVersions(view, ctx.options.prefix, ctx.style.status));
}

export function registerVersions(program: Command, runtime: CliRuntime): void {
  const command = program
    .command(CliCommand.versions)
    .description(
      "every version of a model: source, status, metrics, L4E's promotion result, autopilot's decision",
    )
    .argument('<model>', 'model name')
    .option('--json', 'print JSON: { model, activeVersion, decisions, versions: [...] }');
  withTargetOptions(command).action(
    (modelArg: string, options: TargetOptions & { json?: boolean }, command: Command) =>
      runForTargets(runtime, command, options, (rt) =>
        runVersions(rt, command, modelArg, options.json === true),
      ),
  );
}
