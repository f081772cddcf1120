import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeliveredEvent } from '../../../lib/core/events.js';
import { buildAlertContent } from '../../../lib/core/messages/alert-content.js';
import {
  chatNotificationLimits,
  renderChatNotification,
} from '../../../lib/core/messages/chat-notification.js';
import { renderSlackMessage } from '../../../lib/core/messages/slack.js';
import { type SlackMessage, slackMessageLimits } from '../../../lib/core/messages/slack-blocks.js';
import { renderSnsMessage, SNS_BODY_MAX, snsSubjectProblems } from '../../../lib/core/messages/sns.js';
import { renderTeamsMessage, teamsMessageLimits } from '../../../lib/core/messages/teams.js';
import { SEVERITIES } from '../../../lib/core/severity.js';
import { settings } from './arbitraries.js';
import { hostileEvent } from './events.js';

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
  return [message.text, ...message.blocks.flatMap(blockTexts)];
}

function blockTexts(block: SlackMessage['blocks'][number]): string[] {
  if (block.type === 'context') return block.elements.map((element) => element.text);
  if (block.type !== 'section') return [];
  const text = block.text?.type === 'mrkdwn' ? [block.text.text] : [];
  return [...text, ...(block.fields ?? []).filter((f) => f.type === 'mrkdwn').map((f) => f.text)];
}

function assessRendering(event: DeliveredEvent, level: (typeof SEVERITIES)[number], opts: object): void {
  // Act
  const content = buildAlertContent(event, level, opts);
  const slack = renderSlackMessage(content);
  const sns = renderSnsMessage(content);
  // Assess
  expect(slackMessageLimits(slack)).toEqual([]);
  for (const text of mrkdwnTexts(slack)) expect(text).not.toContain('<');
  expect(snsSubjectProblems(sns.subject)).toEqual([]);
  expect(sns.body.length).toBeLessThanOrEqual(SNS_BODY_MAX);
  expect(sns.attributes.severity).toBe(level);
}

function assessCards(event: DeliveredEvent, level: (typeof SEVERITIES)[number], opts: object): void {
  // Act
  const content = buildAlertContent(event, level, opts);
  const teams = renderTeamsMessage(content);
  const chat = renderChatNotification(content);
  // Assess
  expect(teamsMessageLimits(teams)).toEqual([]);
  expect(chatNotificationLimits(chat)).toEqual([]);
}

describe('the renderers', () => {
  it('render any event of the contract’s shape within Slack’s and SNS’s limits, with no mention or link smuggled in', () => {
    fc.assert(fc.property(hostileEvent, severity, options, assessRendering), settings(80));
  });

  it('render any event of the contract’s shape within Teams’ and the chat topic’s limits', () => {
    fc.assert(fc.property(hostileEvent, severity, options, assessCards), settings(80));
  });
});
