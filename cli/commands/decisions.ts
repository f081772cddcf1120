// `decisions MODEL`: the autopilot audit trail, newest first, with the policy version each decision
// was made under and its reasons.
import type { Command } from 'commander';
import type { CliRuntime } from '../context.js';
import { UsageError } from '../errors.js';
import { runForTargets, type TargetOptions, withTargetOptions } from '../fleet.js';
import { bullet, formatDateTime, formatVersion } from '../format.js';
import { modelArgument } from '../model-argument.js';
import type { DecisionJson, DecisionsJson } from '../shapes.js';
import { renderTable, TERMINAL_WIDTH } from '../table.js';
import { parseLimit } from '../validate.js';
import { policyLabel, requireModel, toDecisionJson } from './shared.js';

const REASON_INDENT = '    ';

export function renderDecisions(
  model: string,
  decisions: readonly DecisionJson[],
  prefix: string,
  paint?: (text: string) => string,
): string[] {
  if (decisions.length === 0) return [`no autopilot decisions recorded for ${model}`];
  const table = renderTable(
    [
      { header: 'DECIDED' },
      { header: 'VERSION', align: 'right' },
      { header: 'OUTCOME' },
      { header: 'POLICY', shrink: true, min: 12 },
      { header: 'ACTIVE AFTER' },
    ],
    decisions.map((d) => [
      formatDateTime(d.decidedAt),
      formatVersion(d.version),
      d.status === 'PENDING' ? `${d.outcome} (pending)` : d.outcome,
      policyLabel(prefix, d.policy),
      formatVersion(d.activeVersion),
    ]),
    paint ? { paint } : {},
  );
  // Each decision is one table line; its reasons follow it, indented.
  const lines = [table[0] ?? ''];
  decisions.forEach((d, i) => {
    lines.push(table[i + 1] ?? '');
    for (const reason of d.reasons) lines.push(...bullet(reason, REASON_INDENT, TERMINAL_WIDTH));
  });
  return lines;
}

interface DecisionsOptions extends TargetOptions {
  limit: string;
  json?: boolean;
}

async function runDecisions(
  runtime: CliRuntime,
  command: Command,
  modelArg: string,
  options: DecisionsOptions,
) {
  const { name, provider } = modelArgument(command, modelArg);
  const limit = parseLimit(options.limit);
  const ctx = runtime.context(command, provider);
  const store = ctx.decisionHistory;
  if (store === null) {
    throw new UsageError('decisions live in the state table: pass --table NAME or set STATE_TABLE_NAME');
  }
  // Decisions are keyed by the model's ARN, so a model re-created under the same name shows only its own.
  const model = await requireModel(ctx, name);
  const records = await store.listDecisions(model.arn, { limit });
  const decisions = records.map(toDecisionJson);
  if (options.json) ctx.json({ model: name, decisions } satisfies DecisionsJson);
  else ctx.print(...renderDecisions(name, decisions, ctx.options.prefix, ctx.style.status));
}

export function registerDecisions(program: Command, runtime: CliRuntime): void {
  const command = program
    .command('decisions')
    .description('the autopilot audit trail of a model, newest first')
    .argument('<model>', 'model name')
    .option('--limit <n>', 'show at most n decisions', '20')
    .option('--json', 'print JSON: { model, decisions: [...] }');
  withTargetOptions(command).action((modelArg: string, options: DecisionsOptions, command: Command) =>
    runForTargets(runtime, command, options, (rt) => runDecisions(rt, command, modelArg, options)),
  );
}
