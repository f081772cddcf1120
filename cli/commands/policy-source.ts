// Where a model's policy comes from: its target's parameter for it, its own parameter, else the
// default, else a file given on the command line. Read as apply-policy reads it (same parameter names, same parser).
import { readFile } from 'node:fs/promises';
import { type PolicyParseResult, parsePolicy } from '../../lib/core/policy.js';
import { type PolicyLevel, type PolicyTarget, readEffectivePolicy } from '../../lib/policies.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';

export interface LoadedPolicy {
  source: PolicyLevel | 'file';
  /** Parameter name, or the file path. */
  name: string;
  version: number | null;
  text: string;
  parsed: PolicyParseResult;
}

export async function readPolicyFile(path: string): Promise<LoadedPolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).name;
    throw new UsageError(`cannot read policy file ${path} (${code}); check the path`, { cause: error });
  }
  return { source: 'file', name: path, version: null, text, parsed: parsePolicy(text) };
}

/**
 * The policy apply-policy would use for `model` (null: the default only) in `target` (none: the model
 * and default levels only); null when none exists.
 */
export async function loadEffectivePolicy(
  ctx: CliContext,
  model: string | null,
  target?: PolicyTarget | null,
): Promise<LoadedPolicy | null> {
  const found = await readEffectivePolicy(ctx.parameters, ctx.options.prefix, model, target);
  if (!found) return null;
  return {
    source: found.source,
    name: found.parameterName,
    version: found.version,
    text: found.text,
    parsed: found.parsed,
  };
}
