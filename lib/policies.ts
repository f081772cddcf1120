// Where a model's policy comes from: its own parameter, else the default. apply-policy and the CLI
// read it through this one function, so they always agree on the names and the parser.
import { policyParameterNames } from './core/decision.js';
import { type PolicyParseResult, parsePolicy } from './core/policy.js';
import type { ParameterSource } from './ports.js';

export interface EffectivePolicy {
  source: 'model' | 'default';
  parameterName: string;
  version: number | null;
  text: string;
  parsed: PolicyParseResult;
}

/** The policy for `modelName` (null: the default only); null when no policy exists. */
export async function readEffectivePolicy(
  parameters: ParameterSource,
  prefix: string,
  modelName: string | null,
): Promise<EffectivePolicy | null> {
  const names = policyParameterNames(prefix, modelName ?? '');
  const own = modelName === null ? undefined : await parameters.get(names.model);
  const stored = own ?? (await parameters.get(names.fallback));
  if (!stored) return null;
  return {
    source: own ? 'model' : 'default',
    parameterName: stored.name,
    version: stored.version,
    text: stored.value,
    parsed: parsePolicy(stored.value),
  };
}
