// Golden files pin how every alert reads. Regenerate them only with UPDATE_GOLDEN=1, then review
// the diff as you would review copy.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DECISION_OUTCOMES, DETAIL_TYPES } from '../../../lib/core/events.js';
import { buildAlertContent } from '../../../lib/core/messages/alert-content.js';
import {
  CHAT_LIMITS,
  chatNotificationLimits,
  renderChatNotification,
} from '../../../lib/core/messages/chat-notification.js';
import { renderSlackMessage } from '../../../lib/core/messages/slack.js';
import { slackMessageLimits } from '../../../lib/core/messages/slack-blocks.js';
import { renderSnsMessage, SNS_SUBJECT_MAX, type SnsMessage } from '../../../lib/core/messages/sns.js';
import {
  ADAPTIVE_CARD_VERSION,
  renderTeamsMessage,
  TEAMS_LIMITS,
  teamsMessageBytes,
  teamsMessageLimits,
} from '../../../lib/core/messages/teams.js';
import { renderSlackForTerminal, visibleWidth } from '../../../lib/core/messages/terminal.js';
import { severityOf } from '../../../lib/core/severity.js';
import { GOLDEN_DIR, loadFixtures } from './fixtures.js';

const UPDATE = process.env.UPDATE_GOLDEN === '1';
const fixtures = loadFixtures();

function matchGolden(path: string, actual: string): void {
  if (UPDATE) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(existsSync(path), `${path} is missing; run the tests with UPDATE_GOLDEN=1 to create it`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

function snsText(message: SnsMessage): string {
  return [
    `Subject: ${message.subject}`,
    `Attributes: ${JSON.stringify(message.attributes)}`,
    '',
    message.body,
    '',
  ].join('\n');
}

describe('fixture coverage', () => {
  const details = fixtures.map((f) => f.event.detail as unknown as Record<string, unknown>);
  const byType = (type: string) =>
    fixtures.filter((f) => f.event['detail-type'] === type).map((f) => f.event.detail);

  it('has an event of every detail type', () => {
    // Act
    const types = new Set(fixtures.map((f) => f.event['detail-type']));

    // Assess
    expect([...types].sort()).toEqual([...DETAIL_TYPES].sort());
  });

  it('has every decision outcome, every important status and every activation cause', () => {
    // Prepare
    const values = (type: string, key: string) =>
      new Set(byType(type).map((d) => (d as unknown as Record<string, unknown>)[key]));

    // Act
    const outcomes = values('Model Version Activation Decision', 'outcome');
    const runStatuses = values('Scheduled Retraining State Change', 'status');
    const schedulerStatuses = values('Retraining Scheduler State Change', 'status');
    const results = values('Model Version Promotion Result', 'autoPromotionResult');
    const causes = values('Active Model Version Change', 'cause');

    // Assess
    for (const outcome of DECISION_OUTCOMES) expect(outcomes).toContain(outcome);
    for (const status of ['IN_PROGRESS', 'SUCCESS', 'FAILED', 'CANCELED'])
      expect(runStatuses).toContain(status);
    for (const status of ['RUNNING', 'STOPPED', 'DELETED']) expect(schedulerStatuses).toContain(status);
    for (const result of ['MODEL_PROMOTED', 'MODEL_NOT_PROMOTED', 'RETRAINING_CUSTOMER_ERROR']) {
      expect(results).toContain(result);
    }
    for (const cause of ['MANAGED_PROMOTION', 'AUTOPILOT_POLICY', 'EXTERNAL'])
      expect(causes).toContain(cause);
    expect(runStatuses).toContain('VALIDATING_DATA');
    expect(details.every((d) => d.schemaVersion === '2')).toBe(true);
  });
});

describe.each(fixtures)('$name', ({ name, event }) => {
  const severity = severityOf(event);

  it('renders for Slack as the golden file shows, within Slack limits', () => {
    // Act
    const message = renderSlackMessage(buildAlertContent(event, severity));

    // Assess
    expect(slackMessageLimits(message)).toEqual([]);
    matchGolden(`${GOLDEN_DIR}/slack/${name}.json`, `${JSON.stringify(message, null, 2)}\n`);
  });

  it('renders for SNS as the golden file shows, with a valid subject', () => {
    // Act
    const message = renderSnsMessage(buildAlertContent(event, severity));

    // Assess
    expect(message.subject.length).toBeGreaterThan(0);
    expect(message.subject.length).toBeLessThanOrEqual(SNS_SUBJECT_MAX);
    expect(message.subject).toMatch(/^[\x21-\x7e][\x20-\x7e]*$/);
    expect(message.attributes).toMatchObject({
      detailType: event['detail-type'],
      modelName: 'modelName' in event.detail ? event.detail.modelName : event.detail.target,
      severity,
    });
    matchGolden(`${GOLDEN_DIR}/sns/${name}.txt`, snsText(message));
  });

  it('renders for Teams as the golden file shows: one Adaptive Card within Teams limits', () => {
    // Act
    const message = renderTeamsMessage(buildAlertContent(event, severity));

    // Assess
    expect(teamsMessageLimits(message)).toEqual([]);
    const card = message.attachments[0].content;
    expect(card.version).toBe(ADAPTIVE_CARD_VERSION);
    expect(teamsMessageBytes(message)).toBeLessThanOrEqual(TEAMS_LIMITS.messageBytes);
    // The severity is written out, not shown by colour alone.
    expect(JSON.stringify(card.body[0])).toContain(severity.toUpperCase());
    matchGolden(`${GOLDEN_DIR}/teams/${name}.json`, `${JSON.stringify(message, null, 2)}\n`);
  });

  it('renders as an Amazon Q Developer custom notification as the golden file shows', () => {
    // Act
    const notification = renderChatNotification(buildAlertContent(event, severity));

    // Assess
    expect(chatNotificationLimits(notification)).toEqual([]);
    expect(notification).toMatchObject({ version: '1.0', source: 'custom' });
    expect(notification.content.textType).toBe('client-markdown');
    expect(notification.content.title).toContain(severity.toUpperCase());
    expect(notification.content.nextSteps.length).toBeGreaterThan(0);
    expect(notification.content.keywords).toContain(severity);
    expect(notification.metadata.eventType).toBe(event['detail-type']);
    matchGolden(`${GOLDEN_DIR}/chat/${name}.json`, `${JSON.stringify(notification, null, 2)}\n`);
  });

  it('reads in an 80-column terminal as the golden file shows', () => {
    // Prepare
    const message = renderSlackMessage(buildAlertContent(event, severity));

    // Act
    const plain = renderSlackForTerminal(message, { color: false, width: 80 });
    const colored = renderSlackForTerminal(message, { color: true, width: 80 });

    // Assess
    expect(Math.max(...plain.split('\n').map(visibleWidth))).toBeLessThanOrEqual(80);
    expect(Math.max(...colored.split('\n').map(visibleWidth))).toBeLessThanOrEqual(80);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes.
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain);
    matchGolden(`${GOLDEN_DIR}/terminal/${name}.txt`, `${plain}\n`);
  });
});

describe('Teams and Amazon Q Developer messages of oversized events', () => {
  const base = fixtures.find((f) => f.name === 'decision-rejected');
  if (base === undefined) throw new Error('decision-rejected fixture missing');
  const huge = structuredClone(base.event) as unknown as { detail: Record<string, unknown> };
  huge.detail.modelName = `pump-${'x'.repeat(180)}`;
  huge.detail.reasons = Array.from({ length: 400 }, (_, i) => `reason ${i} ${'why '.repeat(80)}`);
  huge.detail.checks = Array.from({ length: 1000 }, (_, i) => ({
    metric: `metric${i}`,
    rule: 'min',
    threshold: 0.5,
    actual: i % 2 === 0 ? 0.1 : 0.9,
    passed: i % 2 === 1,
    note: 'n'.repeat(300),
  }));
  const event = huge as unknown as typeof base.event;

  it('keeps a Teams card with 1,000 checks and 400 long reasons under the 28 KB limit', () => {
    // Act
    const message = renderTeamsMessage(buildAlertContent(event, 'warning'));

    // Assess
    expect(teamsMessageLimits(message)).toEqual([]);
    expect(teamsMessageBytes(message)).toBeLessThanOrEqual(TEAMS_LIMITS.targetBytes);
    expect(JSON.stringify(message)).toMatch(/more\)/);
  });

  it('keeps the custom notification of the same event within its bounds', () => {
    // Act
    const notification = renderChatNotification(buildAlertContent(event, 'warning'));

    // Assess
    expect(chatNotificationLimits(notification)).toEqual([]);
    expect(notification.content.description.length).toBeLessThanOrEqual(CHAT_LIMITS.description);
  });
});
