// A fleet target's alert: the target in the headline, and what to check first chosen by the last error.
import { describe, expect, it } from 'vitest';
import type { DeliveredEvent } from '../../../lib/core/events.js';
import { buildAlertContent } from '../../../lib/core/messages/alert-content.js';
import { plainText } from '../../../lib/core/messages/content/rich.js';
import { renderSnsMessage } from '../../../lib/core/messages/sns.js';
import { severityOf } from '../../../lib/core/severity.js';
import { parseDeliveredEvent } from '../../../lib/triggers.js';
import { loadFixture } from './fixtures.js';

function unreachable(lastError: string | null): DeliveredEvent {
  const sample = loadFixture('fleet-target-unreachable');
  return parseDeliveredEvent({ ...sample, detail: { ...sample.detail, lastError } });
}

describe('the alert of a Fleet Target Unreachable', () => {
  it.each([
    ['a refused role', 'AccessDenied: not authorized to perform: sts:AssumeRole', 'reader role in account'],
    [
      'an expired token',
      'ExpiredTokenException: The security token included in the request is expired',
      'reader role',
    ],
    ['no error text', null, 'reader role in account'],
    ['throttling', 'ThrottlingException: Rate exceeded', 'throttling the watcher'],
    ['a region outage', 'connect ETIMEDOUT 52.94.1.1:443', 'service health of eu-west-1'],
  ])('says what to check first after %s', (_what, lastError, advice) => {
    // Act
    const content = buildAlertContent(unreachable(lastError), 'error');

    // Assess
    expect(plainText(content.todo)).toContain(advice);
    expect(plainText(content.todo)).toContain('Fleet Target Recovered alert follows');
  });

  it('names the target in the headline of every channel, and is an error', () => {
    // Prepare
    const event = unreachable('x');

    // Act
    const content = buildAlertContent(event, severityOf(event));
    const sns = renderSnsMessage(content);

    // Assess
    expect(severityOf(event)).toBe('error');
    expect(content.title).toBe('Fleet target unreachable for 3 cycles');
    expect(content.modelName).toBe('222222222222/eu-west-1');
    expect(sns.subject).toBe('[ERROR] Fleet target unreachable for 3 cycles: 222222222222/eu-west-1');
  });
});
