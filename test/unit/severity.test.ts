import { describe, expect, it } from 'vitest';
import type { DeliveredEvent } from '../../lib/core/events.js';
import { isAtLeast, type Severity, severityOf } from '../../lib/core/severity.js';
import { parseDeliveredEvent } from '../../lib/triggers.js';
import { loadFixture } from './messages/fixtures.js';

const SAMPLE_OF: Record<string, string> = {
  'Scheduled Retraining State Change': 'run-success',
  'Model Version Promotion Result': 'promotion-not-promoted',
  'Model Version Activation Decision': 'decision-activated',
  'Retraining Scheduler State Change': 'scheduler-running',
  'Active Model Version Change': 'active-version-external',
  'Fleet Target Unreachable': 'fleet-target-unreachable',
  'Fleet Target Recovered': 'fleet-target-recovered',
};

/** A sample of the detail type with some fields changed, parsed as notify's edge parses it. */
function delivered(detailType: string, detail: Record<string, unknown>): DeliveredEvent {
  const sample = loadFixture(SAMPLE_OF[detailType] ?? '');
  return parseDeliveredEvent({ ...sample, detail: { ...sample.detail, ...detail } });
}

const RUN = 'Scheduled Retraining State Change';
const PROMOTION = 'Model Version Promotion Result';
const DECISION = 'Model Version Activation Decision';
const SCHEDULER = 'Retraining Scheduler State Change';
const ACTIVE = 'Active Model Version Change';
const UNREACHABLE = 'Fleet Target Unreachable';
const RECOVERED = 'Fleet Target Recovered';

const cases: Array<[string, string, Record<string, unknown>, Severity]> = [
  ['run failed', RUN, { previousStatus: 'IN_PROGRESS', status: 'FAILED' }, 'error'],
  ['run canceled', RUN, { previousStatus: 'IN_PROGRESS', status: 'CANCELED' }, 'error'],
  ['run succeeded', RUN, { previousStatus: 'IN_PROGRESS', status: 'SUCCESS' }, 'info'],
  ['run started', RUN, { previousStatus: null, status: 'IN_PROGRESS' }, 'info'],
  ['run importing', RUN, { previousStatus: null, status: 'IMPORT_IN_PROGRESS' }, 'info'],
  ['run: unknown benign status', RUN, { status: 'VALIDATING_DATA' }, 'info'],
  ['run: unknown failure-like status', RUN, { status: 'PARTIALLY_FAILED' }, 'error'],
  ['promotion: promoted', PROMOTION, { autoPromotionResult: 'MODEL_PROMOTED' }, 'info'],
  ['promotion: not promoted', PROMOTION, { autoPromotionResult: 'MODEL_NOT_PROMOTED' }, 'warning'],
  [
    'promotion: not promoted by MANAGED',
    PROMOTION,
    { autoPromotionResult: 'MODEL_NOT_PROMOTED', promoteMode: 'MANAGED' },
    'warning',
  ],
  [
    'promotion: MANUAL never promotes',
    PROMOTION,
    { autoPromotionResult: 'MODEL_NOT_PROMOTED', promoteMode: 'MANUAL' },
    'info',
  ],
  ['promotion: customer error', PROMOTION, { autoPromotionResult: 'RETRAINING_CUSTOMER_ERROR' }, 'error'],
  ['promotion: internal error', PROMOTION, { autoPromotionResult: 'RETRAINING_INTERNAL_ERROR' }, 'error'],
  ['promotion: cancelled', PROMOTION, { autoPromotionResult: 'RETRAINING_CANCELLED' }, 'error'],
  ['promotion: unknown error-like', PROMOTION, { autoPromotionResult: 'RETRAINING_QUOTA_ERROR' }, 'error'],
  ['promotion: unknown benign', PROMOTION, { autoPromotionResult: 'MODEL_PROMOTION_PENDING' }, 'info'],
  [
    'promotion: no result within the wait',
    PROMOTION,
    { autoPromotionResult: 'NO_RESULT_WITHIN_WINDOW', promoteMode: 'MANUAL' },
    'warning',
  ],
  ['decision failed', DECISION, { outcome: 'FAILED' }, 'error'],
  ['decision rejected', DECISION, { outcome: 'REJECTED' }, 'warning'],
  ['decision activated', DECISION, { outcome: 'ACTIVATED' }, 'info'],
  ['decision dry run', DECISION, { outcome: 'DRY_RUN' }, 'info'],
  ['decision skipped', DECISION, { outcome: 'SKIPPED' }, 'info'],
  ['scheduler started', SCHEDULER, { previousStatus: 'PENDING', status: 'RUNNING' }, 'info'],
  ['scheduler stopping', SCHEDULER, { previousStatus: 'RUNNING', status: 'STOPPING' }, 'info'],
  ['scheduler stopped', SCHEDULER, { previousStatus: 'STOPPING', status: 'STOPPED' }, 'warning'],
  ['scheduler stopped at once', SCHEDULER, { previousStatus: 'RUNNING', status: 'STOPPED' }, 'warning'],
  ['scheduler deleted', SCHEDULER, { previousStatus: 'STOPPED', status: 'DELETED' }, 'warning'],
  ['scheduler first seen stopped', SCHEDULER, { previousStatus: null, status: 'STOPPED' }, 'info'],
  ['scheduler: unknown failure-like', SCHEDULER, { previousStatus: 'RUNNING', status: 'FAILED' }, 'error'],
  [
    'active version changed',
    ACTIVE,
    { previousActiveVersion: 3, activeVersion: 4, cause: 'EXTERNAL' },
    'info',
  ],
  ['active version: model gone', ACTIVE, { previousActiveVersion: 3, activeVersion: null }, 'warning'],
  ['fleet target unreachable', UNREACHABLE, {}, 'error'],
  ['fleet target unreachable for long', UNREACHABLE, { consecutiveFailures: 500 }, 'error'],
  ['fleet target recovered', RECOVERED, {}, 'info'],
];

describe('severityOf', () => {
  it.each(cases)('%s', (_name, detailType, detail, expected) => {
    // Prepare
    const event = delivered(detailType, detail);

    // Act
    const severity = severityOf(event);

    // Assess
    expect(severity).toBe(expected);
  });
});

describe('isAtLeast', () => {
  it.each([
    ['error', 'warning', true],
    ['warning', 'warning', true],
    ['info', 'warning', false],
    ['warning', 'error', false],
    ['info', 'info', true],
  ] as Array<[Severity, Severity, boolean]>)('%s ≥ %s is %s', (severity, minimum, expected) => {
    expect(isAtLeast(severity, minimum)).toBe(expected);
  });
});
