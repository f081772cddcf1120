// Where a model's policy comes from: its own parameter, else the default. apply-policy and the CLI
// read it through these functions, so they always agree on the names and the parser.
import type { StoredPolicy } from './core/decide.js';
import { type PolicyParseResult, parsePolicy } from './core/policy.js';
import type { ParameterSource } from './ports.js';

export function policyParameterNames(prefix: string, modelName: string): { model: string; fallback: string } {
  return { model: `${prefix}/policies/models/${modelName}`, fallback: `${prefix}/policies/default` };
}

/** The parameters looked up, in order, for the policy of `modelName` (null: the default only). */
export function policyLookup(prefix: string, modelName: string | null): string[] {
  const names = policyParameterNames(prefix, modelName ?? '');
  return modelName === null ? [names.fallback] : [names.model, names.fallback];
}

export interface FoundPolicy extends StoredPolicy {
  source: 'model' | 'default';
}

/**
 * The policy parameter that applies to `modelName` (null: the default only), as stored, with the names
 * looked up for it; `found` is null when no policy exists.
 */
export async function readPolicyParameter(
  parameters: ParameterSource,
  prefix: string,
  modelName: string | null,
): Promise<{ found: FoundPolicy | null; lookedUp: string[] }> {
  const names = policyParameterNames(prefix, modelName ?? '');
  const lookedUp = policyLookup(prefix, modelName);
  const own = modelName === null ? undefined : await parameters.get(names.model);
  const stored = own ?? (await parameters.get(names.fallback));
  if (!stored) return { found: null, lookedUp };
  const found: FoundPolicy = {
    source: own ? 'model' : 'default',
    parameterName: stored.name,
    version: stored.version,
    text: stored.value,
  };
  return { found, lookedUp };
}

export interface EffectivePolicy extends FoundPolicy {
  parsed: PolicyParseResult;
}

/** The policy for `modelName` (null: the default only), parsed; null when no policy exists. */
export async function readEffectivePolicy(
  parameters: ParameterSource,
  prefix: string,
  modelName: string | null,
): Promise<EffectivePolicy | null> {
  const { found } = await readPolicyParameter(parameters, prefix, modelName);
  return found === null ? null : { ...found, parsed: parsePolicy(found.text) };
}
