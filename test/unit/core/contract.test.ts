// The event contract at the edge: every sample parses to its own variant; a malformed detail or an
// unknown detail type is refused with the field named; provider enum values new to the product pass.
import { describe, expect, it } from 'vitest';
import { type DeliveredEvent, DetailType, type DetailTypeName } from '../../../lib/core/events.js';
import { InvalidEventError, parseDeliveredEvent } from '../../../lib/triggers.js';
import { loadFixture, loadFixtures } from '../messages/fixtures.js';

/** A sample of one detail type with one detail field changed (undefined: removed). */
function withDetail(sample: string, key: string, value: unknown): unknown {
  const event = structuredClone(loadFixture(sample)) as unknown as { detail: Record<string, unknown> };
  if (value === undefined) delete event.detail[key];
  else event.detail[key] = value;
  return event;
}

function rejection(input: unknown): string {
  try {
    parseDeliveredEvent(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventError);
    return (error as Error).message;
  }
  throw new Error('the event was accepted');
}

/** What a consumer can read once 'detail-type' is checked: the compiler narrows `detail`. */
function headline(event: DeliveredEvent): string {
  switch (event['detail-type']) {
    case DetailType.ActivationDecision:
      return `${event.detail.outcome} v${event.detail.modelVersion}`;
    case DetailType.RetrainingStateChange:
      return `${event.detail.status} v${event.detail.modelVersion}`;
    case DetailType.PromotionResult:
      return event.detail.autoPromotionResult;
    case DetailType.ActiveVersionChange:
      return event.detail.cause;
    case DetailType.SchedulerStateChange:
      return event.detail.status;
    case DetailType.TargetUnreachable:
      return `${event.detail.target} failing since ${event.detail.since}`;
    case DetailType.TargetRecovered:
      return `${event.detail.target} back after ${event.detail.unreachableForMinutes} min`;
  }
}

const SAMPLE_OF: Record<DetailTypeName, string> = {
  [DetailType.SchedulerStateChange]: 'scheduler-running',
  [DetailType.RetrainingStateChange]: 'run-success',
  [DetailType.PromotionResult]: 'promotion-promoted',
  [DetailType.ActiveVersionChange]: 'active-version-external',
  [DetailType.ActivationDecision]: 'decision-activated',
  [DetailType.TargetUnreachable]: 'fleet-target-unreachable',
  [DetailType.TargetRecovered]: 'fleet-target-recovered',
};

describe('parseDeliveredEvent', () => {
  it.each(loadFixtures().map((f) => [f.name, f.event] as const))(
    'parses sample %s to its variant',
    (_n, raw) => {
      // Act
      const event = parseDeliveredEvent(raw);
      // Assess
      expect(event['detail-type']).toBe(raw['detail-type']);
      expect(event).toEqual(raw);
      expect(headline(event)).not.toBe('');
    },
  );

  it.each([
    ['scheduler-running', 'status'],
    ['scheduler-running', 'nextScheduledRetrainingStartDate'],
    ['run-success', 'modelVersion'],
    ['run-success', 'previousStatus'],
    ['promotion-promoted', 'autoPromotionResult'],
    ['promotion-promoted', 'priorMetrics'],
    ['active-version-external', 'cause'],
    ['decision-activated', 'checks'],
    ['decision-activated', 'triggerEventId'],
    ['decision-rejected', 'eventId'],
    ['run-success', 'provider'],
    ['fleet-target-unreachable', 'target'],
    ['fleet-target-unreachable', 'since'],
    ['fleet-target-unreachable', 'lastError'],
    ['fleet-target-recovered', 'unreachableForMinutes'],
  ])('refuses %s without %s, naming the field', (sample, field) => {
    expect(rejection(withDetail(sample, field, undefined))).toContain(`detail.${field}: is required`);
  });

  it.each([
    ['run-success', 'modelVersion', '13', 'detail.modelVersion: must be a number (got "13")'],
    ['run-success', 'modelVersion', 1.5, 'detail.modelVersion: must be an integer (got 1.5)'],
    ['run-success', 'modelVersion', 0, 'detail.modelVersion: must be at least 1 (got 0)'],
    ['run-success', 'availableDataInDays', 'ninety', 'detail.availableDataInDays: must be a number'],
    ['scheduler-running', 'status', 7, 'detail.status: must be a string (got 7)'],
    ['scheduler-running', 'status', '', 'detail.status: must have at least 1 characters'],
    ['promotion-promoted', 'metrics', { recall: 'high' }, 'detail.metrics.recall: must be a number'],
    ['active-version-external', 'cause', 'SOMEONE', 'detail.cause: must be one of "MANAGED_PROMOTION"'],
    ['decision-activated', 'outcome', 'MAYBE', 'detail.outcome: must be one of "ACTIVATED"'],
    ['decision-activated', 'schemaVersion', '3', 'detail.schemaVersion: must be "2" (got "3")'],
    ['run-success', 'provider', 'sagemaker', 'detail.provider: must be one of "lookout-equipment"'],
    ['run-success', 'modelArn', 'arn:aws:sagemaker:eu-west-1:123456789012:model/x', 'detail.modelArn:'],
    ['decision-activated', 'observedAt', 'yesterday', 'detail.observedAt: must be a datetime'],
    ['decision-activated', 'surprise', true, 'detail.surprise: is not part of the contract'],
    ['decision-activated', 'policy', { mode: 'enforce' }, 'detail.policy.parameterName: is required'],
    ['fleet-target-unreachable', 'target', 'eu-west-1', 'detail.target: must match'],
    ['fleet-target-unreachable', 'consecutiveFailures', 0, 'detail.consecutiveFailures: must be at least 1'],
    ['fleet-target-unreachable', 'lastError', 'x'.repeat(301), 'detail.lastError: must have at most 300'],
    ['fleet-target-unreachable', 'modelName', 'pump-7', 'detail.modelName: is not part of the contract'],
    ['fleet-target-recovered', 'provider', 'iot-sitewise', 'detail.provider: is not part of the contract'],
    [
      'fleet-target-recovered',
      'unreachableForMinutes',
      -1,
      'detail.unreachableForMinutes: must be at least 0',
    ],
  ])('refuses %s whose %s is %j, naming the field', (sample, field, value, message) => {
    expect(rejection(withDetail(sample, field, value))).toContain(message);
  });

  it('refuses a check whose fields break the contract, naming the check', () => {
    // Prepare
    const event = structuredClone(loadFixture('decision-rejected'));
    const checks = event.detail as unknown as { checks: Array<Record<string, unknown>> };
    checks.checks.push({ metric: 'recall', rule: 'min', threshold: 'high', actual: null, passed: false });
    // Act
    const message = rejection(event);
    // Assess
    expect(message).toContain(
      `detail.checks[${checks.checks.length - 1}].threshold: has none of the allowed types`,
    );
  });

  it('refuses an unknown detail type, naming it and the field', () => {
    const event = { ...loadFixture('run-success'), 'detail-type': 'Model Deleted' };
    expect(rejection(event)).toBe(
      'not an l4e.autopilot event: detail-type: must be one of "Retraining Scheduler State Change", ' +
        '"Scheduled Retraining State Change", "Model Version Promotion Result", "Active Model Version Change", ' +
        '"Model Version Activation Decision", "Fleet Target Unreachable", "Fleet Target Recovered" (got "Model Deleted")',
    );
  });

  it('refuses an event from another source and one that is not an object', () => {
    expect(rejection({ ...loadFixture('run-success'), source: 'aws.lookoutequipment' })).toContain(
      'source: must be "l4e.autopilot"',
    );
    expect(rejection('FAILED')).toContain('event: must be an object');
  });

  it.each([
    ['run-unknown-status', 'status', 'VALIDATING_DATA'],
    ['run-success', 'previousStatus', 'QUEUED'],
    ['run-success', 'promoteMode', 'HYBRID'],
    ['scheduler-running', 'status', 'PAUSED'],
    ['promotion-promoted', 'autoPromotionResult', 'MODEL_PROMOTION_PENDING'],
    ['promotion-promoted', 'modelQuality', 'QUALITY_UNKNOWN'],
  ])('accepts %s with a %s new to the product (%s), unchanged', (sample, field, value) => {
    // Act
    const event = parseDeliveredEvent(withDetail(sample, field, value));
    // Assess
    expect((event.detail as Record<string, unknown>)[field]).toBe(value);
  });

  it('names at most ten problems of an event that is wrong everywhere, and counts the rest', () => {
    // Prepare
    const sample = loadFixture('decision-activated');
    const detail = Object.fromEntries(Object.keys(sample.detail).map((key) => [key, { wrong: true }]));
    // Act
    const message = rejection({ ...sample, detail });
    // Assess
    expect(message.split('; ')).toHaveLength(11);
    expect(message).toMatch(/; and \d+ more$/);
  });

  it('keeps what EventBridge may add to the envelope out of the parsed event', () => {
    // Act
    const event = parseDeliveredEvent({ ...loadFixture('run-success'), 'new-envelope-field': 1 });
    // Assess
    expect(event).toEqual(loadFixture('run-success'));
  });

  it('has a sample for every detail type', () => {
    const types = new Set(loadFixtures().map((f) => f.event['detail-type']));
    expect([...types].sort()).toEqual(Object.keys(SAMPLE_OF).sort());
  });
});
