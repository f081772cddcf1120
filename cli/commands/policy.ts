// `policy show|validate|put|evaluate`: see the effective policy and where it comes from, check a file
// offline, publish it to SSM, and test it against a real version before trusting it.
import type { Command } from 'commander';
import { putParameter } from '../../lib/adapters/parameters.js';
import { CliCommand } from '../../lib/core/commands.js';
import type { Policy } from '../../lib/core/policy.js';
import { noPolicySentence } from '../../lib/core/verdict.js';
import {
  type PolicyTarget,
  policyLookup,
  policyParameterNames,
  targetPolicyParameterName,
} from '../../lib/policies.js';
import type { CliRuntime } from '../context.js';
import { UsageError } from '../errors.js';
import { bullet, formatValue } from '../format.js';
import type { PolicyPutJson, PolicyShowJson, PolicyValidateJson } from '../shapes.js';
import { renderPairs, renderTable } from '../table.js';
import { parseModelName, parseTarget } from '../validate.js';
import { registerPolicyEvaluate } from './policy-evaluate.js';
import { type LoadedPolicy, loadEffectivePolicy, readPolicyFile } from './policy-source.js';

const RULE_KEYS = ['min', 'max', 'minDeltaVsPrior', 'maxDeltaVsPrior'] as const;
/** A standard-tier SSM parameter value holds at most 4 KB. */
const MAX_PARAMETER_LENGTH = 4096;

/** The rules of a policy as a table: one line per threshold. */
export function renderPolicy(policy: Policy): string[] {
  const rows: string[][] = [];
  for (const rule of policy.rules) {
    for (const key of RULE_KEYS) {
      const threshold = rule[key];
      if (threshold !== undefined) rows.push([rule.metric, key, formatValue(threshold)]);
    }
  }
  if (policy.requireModelQuality)
    rows.push(['modelQuality', 'one of', policy.requireModelQuality.join(', ')]);
  const lines = [
    `mode ${policy.mode}; a missing metric is ${policy.onMissingMetric === 'reject' ? 'rejected' : 'ignored'}`,
  ];
  if (policy.description) lines.push(policy.description);
  lines.push('');
  if (rows.length === 0) lines.push('no rules');
  else
    lines.push(
      ...renderTable(
        [{ header: 'METRIC' }, { header: 'RULE' }, { header: 'THRESHOLD', shrink: true, min: 10 }],
        rows,
      ),
    );
  return lines;
}

const targetText = (target: PolicyTarget): string => `${target.account}/${target.region}`;

/** Which level answered, in words; with a target, which levels were missing before it. */
function sourceWords(loaded: LoadedPolicy, target: PolicyTarget | null): string {
  if (loaded.source === 'target')
    return `the target's parameter for the model (${targetText(target ?? { account: '?', region: '?' })})`;
  if (loaded.source === 'model')
    return target ? 'the per-model parameter (none for the target)' : 'the per-model parameter';
  if (loaded.source === 'default')
    return target ? 'the default (no target or per-model parameter)' : 'the default (no per-model parameter)';
  return 'a file';
}

interface ShowRequest {
  model: string | null;
  target: PolicyTarget | null;
  lookedUp: string[];
}

function showPolicy(loaded: LoadedPolicy | null, request: ShowRequest): string[] {
  const { model, target } = request;
  if (!loaded) return [noPolicySentence(request.lookedUp)];
  const lines = renderPairs([
    ['Policy for', `${model ?? 'every model without its own'}${target ? ` in ${targetText(target)}` : ''}`],
    ['Parameter', `${loaded.name} (version ${loaded.version ?? '?'})`],
    ['Source', sourceWords(loaded, target)],
  ]);
  if (!loaded.parsed.ok) {
    lines.push('', 'this policy is invalid, so apply-policy records FAILED instead of applying it:');
    lines.push(...loaded.parsed.errors.flatMap((e) => bullet(e)));
    return lines;
  }
  return [...lines, '', ...renderPolicy(loaded.parsed.policy)];
}

export function showJson(loaded: LoadedPolicy | null, model: string | null): PolicyShowJson {
  if (!loaded)
    return { model, source: null, parameterName: null, version: null, valid: null, errors: [], policy: null };
  return {
    model,
    source: loaded.source === 'file' ? 'default' : loaded.source,
    parameterName: loaded.name,
    version: loaded.version,
    valid: loaded.parsed.ok,
    errors: loaded.parsed.ok ? [] : loaded.parsed.errors,
    policy: loaded.parsed.ok ? loaded.parsed.policy : null,
  };
}

function registerShow(policy: Command, runtime: CliRuntime): void {
  policy
    .command('show')
    .description(
      "the effective policy of a model (its target's parameter with --target, its own, else the default) and its SSM version",
    )
    .argument('[model]', 'model name (omit with --default)')
    .option('--default', 'show the default policy')
    .option('--target <account/region>', "look up the target's policy for the model first")
    .option('--json', 'print JSON: { model, source, parameterName, version, valid, errors, policy }')
    .action(
      async (
        modelArg: string | undefined,
        options: { default?: boolean; target?: string; json?: boolean },
        command: Command,
      ) => {
        if ((modelArg === undefined) === (options.default !== true)) {
          throw new UsageError('give either a model name or --default');
        }
        const model = modelArg === undefined ? null : parseModelName(modelArg);
        const target = policyTargetOption(options, model);
        const ctx = runtime.context(command);
        const loaded = await loadEffectivePolicy(ctx, model, target);
        const lookedUp = policyLookup(ctx.options.prefix, model, target);
        if (options.json) ctx.json(showJson(loaded, model));
        else ctx.print(...showPolicy(loaded, { model, target, lookedUp }));
      },
    );
}

/** `--target ACCOUNT/REGION`, which names a policy per model: refused with the default, which every target shares. */
function policyTargetOption(options: { target?: string }, model: string | null): PolicyTarget | null {
  if (options.target === undefined) return null;
  const target = parseTarget(options.target);
  if (model === null)
    throw new UsageError(
      '--target needs a model name: a target has policies per model, every target shares the default',
    );
  return target;
}

/** `policy validate FILE`: prints the verdict; an invalid file exits 2 listing every error. */
async function validatePolicyFile(
  runtime: CliRuntime,
  file: string,
  options: { json?: boolean },
  command: Command,
): Promise<void> {
  const { parsed } = await readPolicyFile(file);
  const ctx = runtime.context(command);
  if (options.json) {
    const view: PolicyValidateJson = parsed.ok
      ? { file, valid: true, errors: [], policy: parsed.policy }
      : { file, valid: false, errors: parsed.errors, policy: null };
    ctx.json(view);
    if (!parsed.ok) runtime.setExitCode(2);
    return;
  }
  if (!parsed.ok) {
    const count = parsed.errors.length;
    throw new UsageError(`${file} is not a valid policy (${count} error${count === 1 ? '' : 's'}):`, {
      details: parsed.errors,
    });
  }
  ctx.print(`${file} is a valid policy`, ...renderPolicy(parsed.policy));
}

function registerValidate(policy: Command, runtime: CliRuntime): void {
  policy
    .command(CliCommand.policyValidate)
    .description('check a policy file offline; exit 2 listing every error when invalid')
    .argument('<file>', 'policy JSON file')
    .option('--json', 'print JSON: { file, valid, errors, policy }')
    .action((file: string, options: { json?: boolean }, command: Command) =>
      validatePolicyFile(runtime, file, options, command),
    );
}

/** Which policy `policy put` writes: the default (model null) or a model's own, and from which file. */
function putTarget(
  first: string,
  second: string | undefined,
  options: { default?: boolean },
): { model: string | null; file: string } {
  if (options.default) {
    if (second !== undefined) throw new UsageError('give either --default FILE or MODEL FILE');
    return { model: null, file: first };
  }
  if (second === undefined) throw new UsageError('give either --default FILE or MODEL FILE');
  return { model: parseModelName(first), file: second };
}

/** The policy file's text without whitespace, so larger policies stay within the parameter size limit. */
function compactPolicyText(file: string, text: string): string {
  const compact = JSON.stringify(JSON.parse(text));
  if (compact.length > MAX_PARAMETER_LENGTH) {
    throw new UsageError(
      `${file} is ${compact.length} characters without whitespace; an SSM parameter holds at most ${MAX_PARAMETER_LENGTH}, so shorten the description or the rules`,
    );
  }
  return compact;
}

/** The parameter `policy put` writes: the default, a model's own, or a target's for the model. */
function putParameterName(prefix: string, model: string | null, target: PolicyTarget | null): string {
  const names = policyParameterNames(prefix, model ?? '');
  if (model === null) return names.fallback;
  return target ? targetPolicyParameterName(prefix, target, model) : names.model;
}

function registerPut(policy: Command, runtime: CliRuntime): void {
  policy
    .command('put')
    .description('validate a policy file, then write it as the default or a model override (overwrites)')
    .usage('(--default | [--target <account/region>] <model>) <file>')
    .argument('<model-or-file>', 'model name, or the file with --default')
    .argument('[file]', 'policy JSON file')
    .option('--default', 'write the default policy instead of a per-model one')
    .option('--target <account/region>', "write the target's policy for the model")
    .option('--json', 'print JSON: { parameterName, version }')
    .action(
      async (
        first: string,
        second: string | undefined,
        options: { default?: boolean; target?: string; json?: boolean },
        command: Command,
      ) => {
        const { model, file } = putTarget(first, second, options);
        const target = policyTargetOption(options, model);
        const loaded = await readPolicyFile(file);
        if (!loaded.parsed.ok) {
          throw new UsageError(`${file} is not a valid policy; nothing was written:`, {
            details: loaded.parsed.errors,
          });
        }
        const ctx = runtime.context(command);
        const name = putParameterName(ctx.options.prefix, model, target);
        const compact = compactPolicyText(file, loaded.text);
        const version = await putParameter(ctx.ssm, name, compact);
        const view: PolicyPutJson = { parameterName: name, version };
        if (options.json) ctx.json(view);
        else ctx.print(`wrote ${name} version ${version ?? '?'} (mode ${loaded.parsed.policy.mode})`);
      },
    );
}

export function registerPolicy(program: Command, runtime: CliRuntime): void {
  const policy = program
    .command(CliCommand.policy)
    .description('show, validate, publish and evaluate activation policies');
  registerShow(policy, runtime);
  registerValidate(policy, runtime);
  registerPut(policy, runtime);
  registerPolicyEvaluate(policy, runtime);
}
