import { describe, expect, it } from 'vitest';
import type { AutopilotEvent, DeliveredEvent } from '../../lib/core/events.js';
import { isAtLeast, type Severity, severityOf } from '../../lib/core/severity.js';

function delivered(detailType: string, detail: Record<string, unknown>): DeliveredEvent {
  return {
    version: '0',
    id: 'e1',
    'detail-type': detailType,
    source: 'l4e.autopilot',
    account: '123456789012',
    time: '2026-04-01T00:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail: { modelName: 'pump-7', ...detail },
  } as unknown as DeliveredEvent;
}

const RUN = 'Scheduled Retraining State Change';
const PROMOTION = 'Model Version Promotion Result';
const DECISION = 'Model Version Activation Decision';
const SCHEDULER = 'Retraining Scheduler State Change';
const ACTIVE = 'Active Model Version Change';

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
  ['decision: unknown outcome', DECISION, { outcome: 'DEFERRED' }, 'info'],
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
  ['unknown detail type', 'Model Deleted', { status: 'FAILED' }, 'info'],
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

  it('reads the detail type of events as the product builds them, before delivery', () => {
    // Prepare
    const event = {
      detailType: DECISION,
      detail: { outcome: 'REJECTED' },
      resources: [],
      time: '2026-04-01T00:00:00Z',
    } as unknown as AutopilotEvent;

    // Act
    const severity = severityOf(event);

    // Assess
    expect(severity).toBe('warning');
  });

  it.each([
    ['no detail', { 'detail-type': RUN }],
    ['detail is a string', { 'detail-type': RUN, detail: 'FAILED' }],
    ['status is a number', { 'detail-type': RUN, detail: { status: 7 } }],
    ['no detail type', { detail: { status: 'FAILED' } }],
  ])('never throws on a malformed event (%s)', (_name, event) => {
    // Act
    const severity = severityOf(event as unknown as DeliveredEvent);

    // Assess
    expect(severity).toBe('info');
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
