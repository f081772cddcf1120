// The next step of a decision recorded open: one an earlier invocation left, or one this invocation
// recorded before acting. Audit before act means the record exists first; this says, from L4E as it is
// now, whether the activation landed, still applies, should be tried (again), or has failed for good.
import type { Decision, DecisionFacts, Eligibility, OpenDecision } from './decision-facts.js';
import type { ModelDetail } from './model.js';

/**
 * What became of an activation an earlier invocation asked for and did not see through, read from the
 * model as it is now: `landed` when the version is active, or was made active after the decision and
 * has been replaced since (a rollback in between must not be undone); `not-landed` otherwise.
 */
export function activationOutcome(
  version: number,
  decidedAt: string,
  model: Pick<ModelDetail, 'activeVersion' | 'previousActiveVersion' | 'activatedAt'> | null,
): 'landed' | 'landed-then-replaced' | 'not-landed' {
  if (!model) return 'not-landed';
  if (model.activeVersion === version) return 'landed';
  const since = model.activatedAt === null ? Number.NaN : Date.parse(model.activatedAt);
  if (model.previousActiveVersion === version && since >= Date.parse(decidedAt)) {
    return 'landed-then-replaced';
  }
  return 'not-landed';
}

export function settle(facts: DecisionFacts, open: OpenDecision, eligible: Eligibility): Decision {
  if (open.status === 'COMPLETE') return { kind: 'publish' };
  const model = facts.model !== null && facts.model.arn === facts.modelArn ? facts.model : null;
  const activeVersion = model?.activeVersion ?? null;
  const v = facts.modelVersion;
  const first = open.detail.reasons[0] ?? 'the policy passed';
  const done = (outcome: 'ACTIVATED' | 'SKIPPED' | 'FAILED', reason: string): Decision => ({
    kind: 'complete',
    outcome,
    reasons: [reason],
    activeVersion,
  });
  const call = open.lastCall;
  if (call?.ok || activationOutcome(v, open.decidedAt, model) !== 'not-landed') {
    return done(
      'ACTIVATED',
      activeVersion === v
        ? `${first}; version ${v} is now active`
        : `${first}; version ${v} was activated, and v${activeVersion ?? '–'} has been made active since`,
    );
  }
  if (call && !call.ok) {
    const spent = open.calls >= facts.limits.callsPerInvocation;
    if (!call.retryable || (spent && open.attempts >= facts.limits.invocations)) {
      return done('FAILED', `${first} but activation failed: ${call.error}`);
    }
    // Failing the invocation hands the decision to the platform's retries (and, after the last, its DLQ).
    if (spent) return { kind: 'wait', error: call.error };
  }
  // Before every call, the full reading: an activation never undoes a version an operator chose since
  // the decision was made (nor repeats one that landed).
  if (eligible.ineligible !== null) {
    return done(
      'SKIPPED',
      `the activation decided at ${open.decidedAt} did not take place and no longer applies: ${eligible.ineligible}`,
    );
  }
  if (open.calls === 0 && open.attempts >= facts.limits.invocations) {
    const error = open.lastError ? `: ${open.lastError}` : '';
    return done('FAILED', `${first} but activation did not succeed in ${open.attempts} attempts${error}`);
  }
  return { kind: 'activate' };
}
