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
// - Unknown enum values and unknown detail types never throw: a value that names a failure
//   (contains FAIL, ERROR or CANCEL) ⇒ error, anything else ⇒ info. A new failure state from L4E is
//   therefore loud by default, and a new benign state is quiet.
import { type AutopilotEvent, type DeliveredEvent, NO_PROMOTION_RESULT } from './events.js';

export type Severity = 'error' | 'warning' | 'info';

/** Ordered from least to most severe. */
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

const ERROR_LIKE = /FAIL|ERROR|CANCEL/i;

/** True when `severity` is at least as severe as `minimum`. */
export function isAtLeast(severity: Severity, minimum: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(minimum);
}

/** The detail type of either event shape; `''` when the event carries none. */
export function detailTypeOf(event: AutopilotEvent | DeliveredEvent): string {
  const raw = 'detailType' in event ? event.detailType : event['detail-type'];
  return typeof raw === 'string' ? raw : '';
}

function stringField(detail: unknown, key: string): string | null {
  if (typeof detail !== 'object' || detail === null) return null;
  const value = (detail as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}

function unknownValueSeverity(value: string | null): Severity {
  return value !== null && ERROR_LIKE.test(value) ? 'error' : 'info';
}

function runSeverity(status: string | null): Severity {
  if (status === 'FAILED' || status === 'CANCELED') return 'error';
  if (status === 'IN_PROGRESS' || status === 'SUCCESS' || status === 'IMPORT_IN_PROGRESS') return 'info';
  return unknownValueSeverity(status);
}

function promotionSeverity(result: string | null, promoteMode: string | null): Severity {
  if (result === 'MODEL_PROMOTED') return 'info';
  if (result === NO_PROMOTION_RESULT) return 'warning';
  if (result === 'MODEL_NOT_PROMOTED') return promoteMode === 'MANUAL' ? 'info' : 'warning';
  return unknownValueSeverity(result);
}

function decisionSeverity(outcome: string | null): Severity {
  if (outcome === 'FAILED') return 'error';
  if (outcome === 'REJECTED') return 'warning';
  if (outcome === 'ACTIVATED' || outcome === 'DRY_RUN' || outcome === 'SKIPPED') return 'info';
  return unknownValueSeverity(outcome);
}

function schedulerSeverity(status: string | null, previousStatus: string | null): Severity {
  if (status === 'STOPPED' || status === 'DELETED') {
    return previousStatus === null || previousStatus === status ? 'info' : 'warning';
  }
  if (status === 'PENDING' || status === 'RUNNING' || status === 'STOPPING') return 'info';
  return unknownValueSeverity(status);
}

function modelGone(detail: unknown): boolean {
  if (typeof detail !== 'object' || detail === null) return false;
  const { activeVersion, previousActiveVersion } = detail as Record<string, unknown>;
  return activeVersion === null && typeof previousActiveVersion === 'number';
}

/** Never throws, whatever the event holds. */
export function severityOf(event: AutopilotEvent | DeliveredEvent): Severity {
  const detail: unknown = event.detail;
  switch (detailTypeOf(event)) {
    case 'Scheduled Retraining State Change':
      return runSeverity(stringField(detail, 'status'));
    case 'Model Version Promotion Result':
      return promotionSeverity(
        stringField(detail, 'autoPromotionResult'),
        stringField(detail, 'promoteMode'),
      );
    case 'Model Version Activation Decision':
      return decisionSeverity(stringField(detail, 'outcome'));
    case 'Retraining Scheduler State Change':
      return schedulerSeverity(stringField(detail, 'status'), stringField(detail, 'previousStatus'));
    case 'Active Model Version Change':
      return modelGone(detail) ? 'warning' : 'info';
    default:
      return 'info';
  }
}
