// Where a model's policy comes from: its target's parameter for it, else its own parameter, else the
// default. apply-policy and the CLI read it through these functions, so they always agree on the names
// and the parser.
import type { StoredPolicy } from './core/decide.js';
import { type PolicyParseResult, parsePolicy } from './core/policy.js';
import type { ParameterSource } from './ports.js';

/** The account and region a model lives in (from its ARN: `arnLocation`). */
export interface PolicyTarget {
  account: string;
  region: string;
}

/** Which parameter answered: the target's for the model, the model's own, or the default. */
export type PolicyLevel = 'target' | 'model' | 'default';

export function targetPolicyParameterName(prefix: string, target: PolicyTarget, modelName: string): string {
  return `${prefix}/policies/targets/${target.account}/${target.region}/models/${modelName}`;
}

export function policyParameterNames(prefix: string, modelName: string): { model: string; fallback: string } {
  return { model: `${prefix}/policies/models/${modelName}`, fallback: `${prefix}/policies/default` };
}

/** A target's account and region are part of a parameter name only when both are known. */
function usableTarget(target: PolicyTarget | null | undefined): target is PolicyTarget {
  return target != null && target.account !== '' && target.region !== '';
}

/**
 * The parameters looked up, in order, for the policy of `modelName` (null: the default only), with the
 * level each answers for. A target (the model's account and region) adds its own level first.
 */
export function policyLevels(
  prefix: string,
  modelName: string | null,
  target?: PolicyTarget | null,
): { level: PolicyLevel; name: string }[] {
  const names = policyParameterNames(prefix, modelName ?? '');
  if (modelName === null) return [{ level: 'default', name: names.fallback }];
  const levels: { level: PolicyLevel; name: string }[] = [
    { level: 'model', name: names.model },
    { level: 'default', name: names.fallback },
  ];
  if (usableTarget(target))
    levels.unshift({ level: 'target', name: targetPolicyParameterName(prefix, target, modelName) });
  return levels;
}

/** The parameters looked up, in order, for the policy of `modelName` (null: the default only). */
export function policyLookup(
  prefix: string,
  modelName: string | null,
  target?: PolicyTarget | null,
): string[] {
  return policyLevels(prefix, modelName, target).map((l) => l.name);
}

export interface FoundPolicy extends StoredPolicy {
  source: PolicyLevel;
}

/**
 * The policy parameter that applies to `modelName` (null: the default only) in `target` (its account
 * and region; none: the model and default levels only), as stored, with the names looked up for it;
 * `found` is null when no policy exists.
 */
export async function readPolicyParameter(
  parameters: ParameterSource,
  prefix: string,
  modelName: string | null,
  target?: PolicyTarget | null,
): Promise<{ found: FoundPolicy | null; lookedUp: string[] }> {
  const levels = policyLevels(prefix, modelName, target);
  const lookedUp = levels.map((l) => l.name);
  for (const { level, name } of levels) {
    const stored = await parameters.get(name);
    if (stored)
      return {
        found: { source: level, parameterName: stored.name, version: stored.version, text: stored.value },
        lookedUp,
      };
  }
  return { found: null, lookedUp };
}

export interface EffectivePolicy extends FoundPolicy {
  parsed: PolicyParseResult;
}

/** The policy for `modelName` (null: the default only) in `target`, parsed; null when no policy exists. */
export async function readEffectivePolicy(
  parameters: ParameterSource,
  prefix: string,
  modelName: string | null,
  target?: PolicyTarget | null,
): Promise<EffectivePolicy | null> {
  const { found } = await readPolicyParameter(parameters, prefix, modelName, target);
  return found === null ? null : { ...found, parsed: parsePolicy(found.text) };
}
