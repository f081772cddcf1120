import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeliveredEvent } from '../../../lib/core/events.js';
import {
  renderSlackMessage,
  type SlackMessage,
  slackMessageLimits,
} from '../../../lib/core/messages/slack.js';
import { renderSnsMessage, SNS_BODY_MAX, snsSubjectProblems } from '../../../lib/core/messages/sns.js';
import { SEVERITIES } from '../../../lib/core/severity.js';
import { settings } from './arbitraries.js';
import { hostileEvent, mistypedEvent } from './events.js';

const severity = fc.constantFrom(...SEVERITIES);
const options = fc.record(
  {
    nextRetrainingDate: fc.option(
      fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.string(),
      ),
      { nil: null },
    ),
  },
  { requiredKeys: [] },
);

/** Every text Slack reads as mrkdwn, where `<` starts a link or a mention (`<!channel>`). */
function mrkdwnTexts(message: SlackMessage): string[] {
  const texts = [message.text];
  for (const block of message.blocks) {
    if (block.type === 'section') {
      if (block.text?.type === 'mrkdwn') texts.push(block.text.text);
      for (const field of block.fields ?? []) if (field.type === 'mrkdwn') texts.push(field.text);
    }
    if (block.type === 'context') for (const element of block.elements) texts.push(element.text);
  }
  return texts;
}

function assessRendering(event: DeliveredEvent, level: (typeof SEVERITIES)[number], opts: object): void {
  // Act
  const slack = renderSlackMessage(event, level, opts);
  const sns = renderSnsMessage(event, level, opts);
  // Assess
  expect(slackMessageLimits(slack)).toEqual([]);
  for (const text of mrkdwnTexts(slack)) expect(text).not.toContain('<');
  expect(snsSubjectProblems(sns.subject)).toEqual([]);
  expect(sns.body.length).toBeLessThanOrEqual(SNS_BODY_MAX);
  expect(sns.attributes.severity).toBe(level);
}

describe('renderSlackMessage and renderSnsMessage', () => {
  it('render any event of the contract’s shape within Slack’s and SNS’s limits, with no mention or link smuggled in', () => {
    fc.assert(fc.property(hostileEvent, severity, options, assessRendering), settings(80));
  });

  it('render an event whose fields, checks or detail are of the wrong type, nested lists included', () => {
    fc.assert(fc.property(mistypedEvent, severity, options, assessRendering), settings(80));
  });
});
