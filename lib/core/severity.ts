// How loud an autopilot event is. Pure: notify routes on this, renderers colour by it.
//
// Rules (DESIGN §3 detail types):
// - Scheduled Retraining State Change: FAILED or CANCELED ⇒ error; everything else ⇒ info.
// - Model Version Promotion Result: RETRAINING_*_ERROR and RETRAINING_CANCELLED ⇒ error;
//   MODEL_NOT_PROMOTED ⇒ warning in MANAGED mode (L4E judged the new version worse) but info in
//   MANUAL mode, where L4E never promotes and the activation decision that follows is the news;
//   MODEL_PROMOTED ⇒ info; NO_RESULT_WITHIN_WINDOW (L4E never said) ⇒ warning in either mode, because
//   nothing tells whether the version was judged at all.
// - Model Version Activation Decision: FAILED ⇒ error; REJECTED ⇒ warning; the rest ⇒ info.
// - Retraining Scheduler State Change: entering STOPPED or DELETED from a known state ⇒ warning,
//   because retraining silently stops and L4E does not say who stopped it, so it cannot be
//   presumed intended. The first observation of an already stopped scheduler is a baseline, not a
//   change, so it stays info; STOPPING is transitional and stays info so one stop warns once.
// - Active Model Version Change: info (the event itself is the news; the cause is in the message),
//   except when no version is active any more because the model disappeared ⇒ warning, for the
//   same reason as a deleted scheduler.
// - Fleet Target Unreachable ⇒ error, like a failed run: none of the target's models is watched until
//   it is back. Fleet Target Recovered ⇒ info.
// - Enum values new to the product: a value that names a failure (contains FAIL, ERROR or CANCEL) ⇒
//   error, anything else ⇒ info. A new failure state from L4E is therefore loud by default, and a new
//   benign state is quiet. The event is parsed at the edge (lib/triggers.ts), so its detail type and
//   fields are the contract's; only the provider's enum strings are open.
import { type DecisionOutcome, type DeliveredEvent, DetailType, NO_PROMOTION_RESULT } from './events.js';

export type Severity = 'error' | 'warning' | 'info';

/** Ordered from least to most severe. */
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

const ERROR_LIKE = /FAIL|ERROR|CANCEL/i;

/** True when `severity` is at least as severe as `minimum`. */
export function isAtLeast(severity: Severity, minimum: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(minimum);
}

function unknownValueSeverity(value: string): Severity {
  return ERROR_LIKE.test(value) ? 'error' : 'info';
}

function runSeverity(status: string): Severity {
  if (status === 'FAILED' || status === 'CANCELED') return 'error';
  if (status === 'IN_PROGRESS' || status === 'SUCCESS' || status === 'IMPORT_IN_PROGRESS') return 'info';
  return unknownValueSeverity(status);
}

function promotionSeverity(result: string, promoteMode: string | null): Severity {
  if (result === 'MODEL_PROMOTED') return 'info';
  if (result === NO_PROMOTION_RESULT) return 'warning';
  if (result === 'MODEL_NOT_PROMOTED') return promoteMode === 'MANUAL' ? 'info' : 'warning';
  return unknownValueSeverity(result);
}

function decisionSeverity(outcome: DecisionOutcome): Severity {
  if (outcome === 'FAILED') return 'error';
  if (outcome === 'REJECTED') return 'warning';
  return 'info';
}

function schedulerSeverity(status: string, previousStatus: string | null): Severity {
  if (status === 'STOPPED' || status === 'DELETED') {
    return previousStatus === null || previousStatus === status ? 'info' : 'warning';
  }
  if (status === 'PENDING' || status === 'RUNNING' || status === 'STOPPING') return 'info';
  return unknownValueSeverity(status);
}

/** Never throws: every detail type has a rule, and provider enum values new to the product have one too. */
export function severityOf(event: DeliveredEvent): Severity {
  switch (event['detail-type']) {
    case DetailType.RetrainingStateChange:
      return runSeverity(event.detail.status);
    case DetailType.PromotionResult:
      return promotionSeverity(event.detail.autoPromotionResult, event.detail.promoteMode);
    case DetailType.ActivationDecision:
      return decisionSeverity(event.detail.outcome);
    case DetailType.SchedulerStateChange:
      return schedulerSeverity(event.detail.status, event.detail.previousStatus);
    case DetailType.ActiveVersionChange: {
      // No version active any more because the model disappeared.
      const { activeVersion, previousActiveVersion } = event.detail;
      return activeVersion === null && previousActiveVersion !== null ? 'warning' : 'info';
    }
    case DetailType.TargetUnreachable:
      return 'error';
    case DetailType.TargetRecovered:
      return 'info';
  }
}
