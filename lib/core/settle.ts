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
  const v = facts.modelVersion;
  const active = model?.activeVersion ?? null;
  const first = passed(open);
  if (open.lastCall?.ok || activationOutcome(v, open.decidedAt, model) !== 'not-landed') {
    const reason =
      active === v
        ? `${first}; version ${v} is now active`
        : `${first}; version ${v} was activated, and v${active ?? '–'} has been made active since`;
    return complete('ACTIVATED', reason, active);
  }
  return afterFailedCall(facts, open, active) ?? beforeCall(facts, open, eligible, active);
}

/** What the decision found, the first words of every sentence about its activation. */
function passed(open: OpenDecision): string {
  return open.detail.reasons[0] ?? 'the policy passed';
}

function complete(
  outcome: 'ACTIVATED' | 'SKIPPED' | 'FAILED',
  reason: string,
  active: number | null,
): Decision {
  return { kind: 'complete', outcome, reasons: [reason], activeVersion: active };
}

/** After a call that failed: fail for good, leave it to the platform's retry, or null to read on. */
function afterFailedCall(facts: DecisionFacts, open: OpenDecision, active: number | null): Decision | null {
  const call = open.lastCall;
  if (call === null || call.ok) return null;
  const spent = open.calls >= facts.limits.callsPerInvocation;
  const last = spent && open.attempts >= facts.limits.invocations;
  if (!call.retryable || last) {
    return complete('FAILED', `${passed(open)} but activation failed: ${call.error}`, active);
  }
  // Failing the invocation hands the decision to the platform's retries (and, after the last, its DLQ).
  return spent ? { kind: 'wait', error: call.error } : null;
}

/**
 * Before every call, the full reading: an activation never undoes a version an operator chose since
 * the decision was made, and an invocation past the last attempt records the failure instead.
 */
function beforeCall(
  facts: DecisionFacts,
  open: OpenDecision,
  eligible: Eligibility,
  active: number | null,
): Decision {
  if (eligible.ineligible !== null) {
    const reason = `the activation decided at ${open.decidedAt} did not take place and no longer applies: ${eligible.ineligible}`;
    return complete('SKIPPED', reason, active);
  }
  if (open.calls === 0 && open.attempts >= facts.limits.invocations) {
    const first = passed(open);
    const error = open.lastError ? `: ${open.lastError}` : '';
    return complete(
      'FAILED',
      `${first} but activation did not succeed in ${open.attempts} attempts${error}`,
      active,
    );
  }
  return { kind: 'activate' };
}
