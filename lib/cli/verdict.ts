// What apply-policy would decide for a version, in the same order it decides: eligibility first, then
// the policy's presence, validity and mode, then the checks. Pure, so `policy evaluate` can show it
// without acting.
import type { DecisionOutcome } from '../core/events.js';
import type { Evaluation, Policy } from '../core/policy.js';

export interface VerdictInput {
  version: number;
  /** From `ineligibility` in lib/decide.ts: why the version may not be acted on, or null. */
  ineligible: string | null;
  /** null when no policy exists. */
  policy: { name: string; policy: Policy | null; errors: readonly string[] } | null;
  /** null when the policy is absent or invalid. */
  evaluation: Evaluation | null;
  metricProblems: readonly string[];
  /** Sentence naming where the policy would be looked up, for "no policy". */
  lookedUp: string;
}

export interface Verdict {
  outcome: DecisionOutcome;
  reasons: string[];
}

export function wouldDecide(input: VerdictInput): Verdict {
  const v = input.version;
  if (input.ineligible !== null) return { outcome: 'SKIPPED', reasons: [input.ineligible] };
  if (input.policy === null) return { outcome: 'SKIPPED', reasons: [`no policy: ${input.lookedUp}`] };
  const { policy, name, errors } = input.policy;
  if (policy === null) {
    return { outcome: 'FAILED', reasons: [`policy ${name} is invalid and would not be applied`, ...errors] };
  }
  if (policy.mode === 'off') return { outcome: 'SKIPPED', reasons: [`policy ${name} is off`] };
  const evaluation = input.evaluation;
  if (evaluation === null) return { outcome: 'SKIPPED', reasons: ['the policy was not evaluated'] };
  if (!evaluation.passed)
    return { outcome: 'REJECTED', reasons: [...evaluation.failures, ...input.metricProblems] };
  const count = evaluation.checks.length;
  if (policy.mode === 'dry-run') {
    return {
      outcome: 'DRY_RUN',
      reasons: [`all ${count} checks pass; dry-run policy, so version ${v} would not be activated`],
    };
  }
  return { outcome: 'ACTIVATED', reasons: [`all ${count} checks pass; version ${v} would be activated`] };
}
