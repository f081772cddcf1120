// A new decision about a version: eligibility first, then the policy's presence, validity and mode,
// then its checks. The policy is run even on a version that may not be acted on, so `policy evaluate`
// can show its checks; only an eligible version is decided by them.
import type { DecisionFacts, Eligibility, Verdict } from './decision-facts.js';
import type { PolicyRef } from './events.js';
import { parseModelMetrics, withAvailableData } from './metrics.js';
import { evaluatePolicy, parsePolicy } from './policy.js';

const NO_POLICY_REF: PolicyRef = { parameterName: null, version: null, mode: null };

/** Where a policy was looked for and not found, e.g. "neither /p/policies/models/m nor /p/policies/default exists". */
export function lookedUpSentence(names: readonly string[]): string {
  if (names.length < 2) return `${names[0] ?? 'the policy parameter'} does not exist`;
  return `neither ${names.slice(0, -1).join(', ')} nor ${names.at(-1)} exists`;
}

/** The reason of a decision that found no policy; `policy show` says the same. */
export function noPolicySentence(lookedUp: readonly string[]): string {
  return `no policy: ${lookedUpSentence(lookedUp)}`;
}

export function judge(facts: DecisionFacts, eligible: Eligibility): Verdict {
  const candidate = facts.version;
  const metrics = withAvailableData(
    parseModelMetrics(candidate?.metricsJson),
    candidate?.availableDataInDays,
  );
  const prior = parseModelMetrics(candidate?.priorMetricsJson);
  const stored = facts.policy.stored;
  const parsed = stored === null ? null : parsePolicy(stored.text);
  const policy = parsed?.ok ? parsed.policy : null;
  const evaluation =
    policy === null || policy.mode === 'off'
      ? null
      : evaluatePolicy({
          policy,
          metrics: metrics.metrics,
          priorMetrics: prior.metrics,
          modelQuality: candidate?.modelQuality ?? null,
          malformed: { candidate: metrics.malformed, prior: prior.malformed },
        });
  const metricProblems =
    evaluation === null
      ? []
      : [
          ...metrics.problems.map((p) => `candidate metrics: ${p}`),
          ...prior.problems.map((p) => `prior metrics: ${p}`),
        ];
  const base = { kind: 'verdict' as const, ...eligible, evaluation, metricProblems, checks: [] };
  if (eligible.ineligible !== null) {
    return { ...base, outcome: 'SKIPPED', reasons: [eligible.ineligible], policy: NO_POLICY_REF };
  }
  if (stored === null || parsed === null) {
    const reason = noPolicySentence(facts.policy.lookedUp);
    return { ...base, outcome: 'SKIPPED', reasons: [reason], policy: NO_POLICY_REF };
  }
  const ref: PolicyRef = { parameterName: stored.parameterName, version: stored.version, mode: null };
  if (!parsed.ok) {
    const reasons = [`policy ${stored.parameterName} is invalid and was not applied`, ...parsed.errors];
    return { ...base, outcome: 'FAILED', reasons, policy: ref };
  }
  const applied: PolicyRef = { ...ref, mode: parsed.policy.mode };
  if (evaluation === null) {
    const reasons = [`policy ${stored.parameterName} is off`];
    return { ...base, outcome: 'SKIPPED', reasons, policy: applied };
  }
  const decided = { ...base, checks: evaluation.checks, policy: applied };
  if (!evaluation.passed) {
    return { ...decided, outcome: 'REJECTED', reasons: [...evaluation.failures, ...metricProblems] };
  }
  const passed = `all ${evaluation.checks.length} checks passed`;
  if (parsed.policy.mode === 'dry-run') {
    const reason = `${passed}; dry-run policy, so version ${facts.modelVersion} is not activated`;
    return { ...decided, outcome: 'DRY_RUN', reasons: [reason] };
  }
  return { ...decided, outcome: 'ACTIVATED', reasons: [passed] };
}
