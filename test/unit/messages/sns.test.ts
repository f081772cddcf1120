import { describe, expect, it } from 'vitest';
import type { Check, DeliveredEvent } from '../../../lib/core/events.js';
import { buildAlertContent } from '../../../lib/core/messages/alert-content.js';
import {
  renderSnsMessage,
  SNS_BODY_MAX,
  SNS_SUBJECT_MAX,
  snsSubjectProblems,
  toSubjectText,
} from '../../../lib/core/messages/sns.js';
import { severityOf } from '../../../lib/core/severity.js';
import { loadFixture } from './fixtures.js';

describe('renderSnsMessage', () => {
  it.each([
    ['decision-rejected', 'REJECTED'],
    ['run-failed', 'FAILED'],
    ['scheduler-stopped', 'STOPPED'],
    ['promotion-customer-error', 'RETRAINING_CUSTOMER_ERROR'],
    ['active-version-external', 'EXTERNAL'],
  ])('sets the outcome attribute subscribers filter on for %s', (name, outcome) => {
    // Prepare
    const event = loadFixture(name);

    // Act
    const message = renderSnsMessage(buildAlertContent(event, severityOf(event)));

    // Assess
    expect(message.attributes.outcome).toBe(outcome);
    expect(message.attributes.detailType).toBe(event['detail-type']);
  });

  it('leaves the outcome out when the event has none', () => {
    // Prepare
    const event = {
      ...loadFixture('run-success'),
      'detail-type': 'Model Deleted',
    } as unknown as DeliveredEvent;

    // Act
    const message = renderSnsMessage(buildAlertContent(event, 'info'));

    // Assess
    expect(message.attributes).toEqual({
      detailType: 'Model Deleted',
      modelName: 'pump-station-7',
      severity: 'info',
    });
  });

  it('keeps the subject under 100 printable ASCII characters for the longest model name', () => {
    // Prepare
    const event = loadFixture('decision-rejected');
    (event.detail as unknown as Record<string, unknown>).modelName = `m${'x'.repeat(199)}`;

    // Act
    const message = renderSnsMessage(buildAlertContent(event, 'warning'));

    // Assess
    expect(snsSubjectProblems(message.subject)).toEqual([]);
    expect(message.subject.length).toBe(SNS_SUBJECT_MAX);
    expect(message.subject).toMatch(/^\[WARNING\] Autopilot rejected new version: mxxx+\.\.\. v13$/);
  });

  it('turns text outside printable ASCII into ASCII in the subject', () => {
    // Prepare
    const event = loadFixture('run-unknown-status');
    (event.detail as unknown as Record<string, unknown>).status = 'ÉTAT\n→ NOUVEAU';

    // Act
    const message = renderSnsMessage(buildAlertContent(event, 'info'));

    // Assess
    expect(snsSubjectProblems(message.subject)).toEqual([]);
    expect(message.subject).toBe('[INFO] Retraining ?TAT -> NOUVEAU: pump-station-7 v13');
  });

  it('puts each command on a line of its own so it can be copied whole', () => {
    // Prepare
    const event = loadFixture('promotion-not-promoted');

    // Act
    const { body } = renderSnsMessage(buildAlertContent(event, 'warning'));

    // Assess
    const lines = body.split('\n');
    expect(lines).toContain(
      '      aws lookoutequipment describe-model-version --model-name turbine-gt-04 --model-version 13',
    );
    expect(lines).toContain('      l4e-autopilot activate turbine-gt-04 13');
    expect(lines).toContain('  To serve this version anyway:');
  });

  it('bounds the body of an event with 200 checks and huge reasons, keeping what to do', () => {
    // Prepare
    const event = loadFixture('decision-rejected');
    const detail = event.detail as unknown as Record<string, unknown>;
    detail.checks = Array.from(
      { length: 200 },
      (_, i): Check => ({
        metric: 'recall',
        rule: 'min',
        threshold: 0.8,
        actual: 0.5,
        passed: i % 4 !== 0,
        note: 'n'.repeat(900),
      }),
    );
    detail.reasons = Array.from({ length: 400 }, () => 'r'.repeat(5000));

    // Act
    const { body } = renderSnsMessage(buildAlertContent(event, 'warning'));

    // Assess
    expect(body.length).toBeLessThan(SNS_BODY_MAX);
    expect(body).toContain('Checks (150 of 200 passed; Δ = change vs prior)');
    expect(body).toContain('…(100 more)');
    expect(body).toContain('…(380 more)');
    expect(body).toContain('…(30 more notes)');
    expect(body).toContain('What to do');
    expect(body.endsWith('Sent by l4e-autopilot.')).toBe(true);
  });
});

describe('snsSubjectProblems', () => {
  it.each([
    ['', ['subject: empty']],
    ['x'.repeat(100), ['subject: 100 characters (max 99)']],
    ['line\nbreak', ['subject: contains a character outside printable ASCII']],
    [' leading', ['subject: starts with whitespace']],
    ['[INFO] fine', []],
  ])('checks %j', (subject, problems) => {
    expect(snsSubjectProblems(subject)).toEqual(problems);
  });
});

describe('toSubjectText', () => {
  it('maps arrows, dashes and ellipses to ASCII and collapses whitespace', () => {
    expect(toSubjectText(' a → b – c…\t\nd ')).toBe('a -> b - c... d');
  });
});
