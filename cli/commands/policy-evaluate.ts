// `policy evaluate MODEL VERSION [--file FILE]`: every check with its threshold and actual value, the
// eligibility verdict, and what apply-policy would decide, without changing anything.
import type { Command } from 'commander';
import { type DecisionFacts, decide } from '../../lib/core/decide.js';
import type { Check } from '../../lib/core/events.js';
import { arnLocation, type ModelDetail, type VersionDetail } from '../../lib/core/model.js';
import { type PolicyTarget, policyLookup } from '../../lib/policies.js';
import type { CliContext, CliRuntime } from '../context.js';
import { UsageError } from '../errors.js';
import { bullet, formatValue, qualityLabel } from '../format.js';
import type { PolicyEvaluateJson } from '../shapes.js';
import { renderPairs, renderTable } from '../table.js';
import { parseModelName, parseTarget, parseVersion } from '../validate.js';
import { type LoadedPolicy, loadEffectivePolicy, readPolicyFile } from './policy-source.js';
import { requireModel, requireVersion } from './shared.js';

export function renderChecks(checks: readonly Check[], paint?: (text: string) => string): string[] {
  if (checks.length === 0) return ['no checks (the policy has no rules)'];
  return renderTable(
    [
      { header: 'METRIC', shrink: true, min: 8 },
      { header: 'RULE' },
      { header: 'THRESHOLD', align: 'right', shrink: true, min: 10 },
      { header: 'ACTUAL', align: 'right', shrink: true, min: 8 },
      { header: 'PASS' },
    ],
    checks.map((c) => {
      // Quality values are long enum names; their short labels keep the table within 80 columns.
      const quality = c.rule === 'modelQuality';
      const show = (value: Check['threshold'] | Check['actual']) =>
        quality && value !== null
          ? formatValue(Array.isArray(value) ? value.map(qualityLabel) : qualityLabel(String(value)))
          : formatValue(value);
      return [
        c.metric,
        quality ? 'one of' : c.rule,
        show(c.threshold),
        show(c.actual),
        c.passed ? 'PASS' : 'FAIL',
      ];
    }),
    paint ? { paint } : {},
  );
}

/** How `policy evaluate` names the level that answered (the model's own needs no words). */
const LEVEL_WORDS: Record<NonNullable<PolicyEvaluateJson['policy']['source']>, string> = {
  target: ", the target's for the model",
  model: '',
  default: ', the default',
  file: '',
};

export function renderEvaluation(view: PolicyEvaluateJson, paint?: (text: string) => string): string[] {
  const p = view.policy;
  const where =
    p.source === 'file'
      ? `file ${p.file}`
      : p.parameterName
        ? `${p.parameterName} (version ${p.version ?? '?'}${LEVEL_WORDS[p.source ?? 'model']})`
        : 'none';
  const lines = renderPairs([
    ['Model', `${view.model} version ${view.version}`],
    ['Policy', where],
    ...(p.mode ? [['Mode', p.mode] as const] : []),
  ]);
  lines.push('');
  if (p.errors.length > 0) lines.push('the policy is invalid:', ...p.errors.flatMap((e) => bullet(e)));
  else if (p.parameterName !== null || p.file !== null) lines.push(...renderChecks(view.checks, paint));
  if (view.metricProblems.length > 0)
    lines.push('', 'metric problems:', ...view.metricProblems.flatMap((e) => bullet(e)));
  lines.push(
    '',
    view.eligible
      ? `Eligible: yes, version ${view.version} may be acted on`
      : `Eligible: no, ${view.ineligibleReason}`,
    `Would decide: ${view.wouldDecide.outcome}`,
    ...view.wouldDecide.reasons.flatMap((e) => bullet(e)),
  );
  return lines;
}

function policyView(loaded: LoadedPolicy | null): PolicyEvaluateJson['policy'] {
  return {
    source: loaded?.source ?? null,
    parameterName: loaded && loaded.source !== 'file' ? loaded.name : null,
    file: loaded?.source === 'file' ? loaded.name : null,
    version: loaded?.version ?? null,
    mode: loaded?.parsed.ok ? loaded.parsed.policy.mode : null,
    errors: loaded && !loaded.parsed.ok ? loaded.parsed.errors : [],
  };
}

export interface EvaluationFacts {
  model: ModelDetail;
  version: VersionDetail;
  promoteMode: string | null;
  /** null when no policy exists. */
  loaded: LoadedPolicy | null;
  prefix: string;
  /** Whose policies were looked up: the model's own account and region unless --target named one. */
  target?: PolicyTarget | null;
  /** Every version of the model ([] when unknown). */
  versions?: DecisionFacts['versions'];
  /** The autopilot's activation records, when a state table is at hand. */
  versionActivation?: DecisionFacts['versionActivation'];
  activeVersionActivatedAt?: string | null;
}

/** Everything `policy evaluate` shows, from facts already read, decided as apply-policy decides. Pure. */
export function buildEvaluation(facts: EvaluationFacts): PolicyEvaluateJson {
  const { model, version, loaded } = facts;
  const stored = loaded ? { parameterName: loaded.name, version: loaded.version, text: loaded.text } : null;
  const verdict = decide({
    modelName: model.name,
    modelVersion: version.version,
    modelArn: model.arn,
    model,
    version,
    promoteMode: facts.promoteMode,
    versions: facts.versions ?? [],
    versionActivation: facts.versionActivation ?? null,
    activeVersionActivatedAt: facts.activeVersionActivatedAt ?? null,
    policy: {
      stored,
      lookedUp: policyLookup(facts.prefix, model.name, facts.target ?? arnLocation(model.arn)),
    },
    decidedBefore: false,
    open: null,
    limits: { callsPerInvocation: 1, invocations: 1 },
  });
  const reasons =
    verdict.outcome === 'ACTIVATED'
      ? [`${verdict.reasons[0]}; version ${version.version} would be activated`]
      : verdict.reasons;
  // The checks are shown even for a version that may not be acted on.
  return {
    model: model.name,
    version: version.version,
    policy: policyView(loaded),
    checks: verdict.evaluation?.checks ?? [],
    passed: verdict.evaluation?.passed ?? null,
    metricProblems: verdict.metricProblems,
    eligible: verdict.ineligible === null,
    ineligibleReason: verdict.ineligible,
    wouldDecide: { outcome: verdict.outcome, reasons },
  };
}

interface EvaluateOptions {
  file?: string;
  target?: string;
  json?: boolean;
}

/** The facts `policy evaluate` decides from, read as apply-policy reads them. */
async function readEvaluationFacts(
  ctx: CliContext,
  name: string,
  versionNumber: number,
  options: { fromFile: LoadedPolicy | null; target: PolicyTarget | null },
): Promise<EvaluationFacts> {
  const model = await requireModel(ctx, name);
  const version = await requireVersion(ctx, name, versionNumber);
  const scheduler = await ctx.lookout.describeRetrainingSchedule(name);
  const versions = await ctx.lookout.listVersions(name);
  const store = ctx.decisionHistory;
  const versionActivation = (await store?.activationRecord(model.arn, versionNumber)) ?? null;
  const active =
    model.activeVersion === null ? null : await store?.activationRecord(model.arn, model.activeVersion);
  const target = options.target ?? arnLocation(model.arn);
  const loaded = options.fromFile ?? (await loadEffectivePolicy(ctx, name, target));
  return {
    model,
    version,
    promoteMode: scheduler?.promoteMode ?? null,
    loaded,
    prefix: ctx.options.prefix,
    target,
    versions,
    versionActivation,
    activeVersionActivatedAt: active?.activatedAt ?? null,
  };
}

export function registerPolicyEvaluate(policy: Command, runtime: CliRuntime): void {
  policy
    .command('evaluate')
    .description('run the policy against a version: checks, eligibility, and what apply-policy would decide')
    .argument('<model>', 'model name')
    .argument('<version>', 'model version number')
    .option('--file <file>', 'evaluate this policy file instead of the one in SSM')
    .option(
      '--target <account/region>',
      "evaluate with that target's policies (default: the model's own account and region, as apply-policy does)",
    )
    .option('--json', 'print JSON (see PolicyEvaluateJson)')
    .action(async (modelArg: string, versionArg: string, options: EvaluateOptions, command: Command) => {
      const name = parseModelName(modelArg);
      const versionNumber = parseVersion(versionArg);
      const target = options.target === undefined ? null : parseTarget(options.target);
      const fromFile = options.file === undefined ? null : await readPolicyFile(options.file);
      if (fromFile && !fromFile.parsed.ok) {
        throw new UsageError(`${options.file} is not a valid policy:`, { details: fromFile.parsed.errors });
      }
      const ctx = runtime.context(command);
      const view = buildEvaluation(await readEvaluationFacts(ctx, name, versionNumber, { fromFile, target }));
      if (options.json) ctx.json(view);
      else ctx.print(...renderEvaluation(view, ctx.style.status));
    });
}
