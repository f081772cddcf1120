import { describe, expect, it } from 'vitest';
import type { Check, DeliveredEvent } from '../../../lib/core/events.js';
import { buildAlertContent } from '../../../lib/core/messages/alert-content.js';
import { renderSlackMessage } from '../../../lib/core/messages/slack.js';
import {
  type SectionBlock,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
  slackMessageLimits,
} from '../../../lib/core/messages/slack-blocks.js';
import { loadFixture } from './fixtures.js';

function sectionTexts(message: SlackMessage): string[] {
  return message.blocks.filter((b): b is SectionBlock => b.type === 'section').map((b) => b.text?.text ?? '');
}

function allText(message: SlackMessage): string {
  return JSON.stringify(message);
}

function hugeDecision(): DeliveredEvent {
  const event = loadFixture('decision-rejected');
  const checks: Check[] = Array.from({ length: 200 }, (_, i) => ({
    metric: i % 2 === 0 ? 'labeledEventsIdentified' : 'recall',
    rule: 'minDeltaVsPrior',
    threshold: 0.05,
    actual: i % 7 === 0 ? null : -0.25,
    passed: i % 10 !== 3,
    note: `check ${i}: ${'explanation '.repeat(60)}`,
  }));
  const detail = event.detail as unknown as Record<string, unknown>;
  detail.modelName = `m${'x'.repeat(199)}`;
  detail.checks = checks;
  detail.reasons = Array.from({ length: 400 }, (_, i) => `reason ${i}: ${'<b>&</b> '.repeat(400)}`);
  return event;
}

describe('renderSlackMessage limits', () => {
  it('keeps an event with 200 checks and huge reasons within every Slack limit, marking what it cut', () => {
    // Prepare
    const event = hugeDecision();

    // Act
    const message = renderSlackMessage(buildAlertContent(event, 'warning'));

    // Assess
    expect(slackMessageLimits(message)).toEqual([]);
    const [, reasons = '', checks = ''] = sectionTexts(message);
    expect(reasons).toMatch(/\n…\(\d+ more\)$/);
    const bullets = reasons.split('\n').filter((line) => line.startsWith('• '));
    expect(bullets.length).toBeGreaterThan(1);
    expect(bullets.every((line) => line.startsWith('• reason ') && /…\(\d+ more chars\)$/.test(line))).toBe(
      true,
    );
    expect(checks).toMatch(/…\(\d+ more\)/);
    expect(checks.endsWith('\n```')).toBe(true);
    expect(checks.split('```')).toHaveLength(3);
    expect(message.text.length).toBeLessThanOrEqual(500);
  });

  it('shows failed checks first when not all of them fit, and counts the rest', () => {
    // Prepare
    const event = hugeDecision();

    // Act
    const message = renderSlackMessage(buildAlertContent(event, 'warning'));

    // Assess
    const checks = sectionTexts(message)[2] ?? '';
    const rows = checks.split('\n').filter((line) => /[✓✗]$/.test(line));
    const failed = 20;
    expect(rows.length).toBeLessThan(200);
    expect(rows.slice(0, Math.min(failed, rows.length)).every((row) => row.endsWith('✗'))).toBe(true);
    const hidden = Number(/…\((\d+) more\)/.exec(checks)?.[1]);
    expect(rows.length + hidden).toBe(200);
  });

  it('keeps every check in the policy order when they all fit', () => {
    // Prepare
    const event = loadFixture('decision-rejected');

    // Act
    const message = renderSlackMessage(buildAlertContent(event, 'warning'));

    // Assess
    const checks = sectionTexts(message)[2] ?? '';
    const marks = checks
      .split('\n')
      .filter((line) => /[✓✗]$/.test(line))
      .map((line) => line.slice(-1));
    expect(marks).toEqual(['✗', '✓', '✗', '✗', '✓', '✗', '✓']);
    expect(checks).not.toContain('more)');
  });

  it('cuts the header to 150 characters for the longest model name', () => {
    // Prepare
    const event = hugeDecision();

    // Act
    const message = renderSlackMessage(buildAlertContent(event, 'warning'));

    // Assess
    const header = message.blocks[0];
    expect(header?.type).toBe('header');
    const text = header?.type === 'header' ? header.text.text : '';
    expect(text.length).toBe(150);
    expect(text.endsWith('…')).toBe(true);
  });

  it('cuts a failure reason longer than a section with a count of what was cut', () => {
    // Prepare
    const event = loadFixture('run-failed');
    (event.detail as unknown as Record<string, unknown>).failedReason = 'x'.repeat(10_000);

    // Act
    const message = renderSlackMessage(buildAlertContent(event, 'error'));

    // Assess
    expect(slackMessageLimits(message)).toEqual([]);
    const reason = sectionTexts(message)[1] ?? '';
    expect(reason).toMatch(/…\(\d+ more chars\)$/);
    expect(reason.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  });
});

describe('renderSlackMessage content', () => {
  it('never lets text from L4E become a mention or a link', () => {
    // Prepare
    const event = loadFixture('run-failed');
    (event.detail as unknown as Record<string, unknown>).failedReason =
      'Ping <!channel> & see <https://evil.example|here>';

    // Act
    const message = renderSlackMessage(buildAlertContent(event, 'error'));

    // Assess
    const reason = sectionTexts(message)[1] ?? '';
    expect(reason).toContain('&lt;!channel&gt; &amp; see &lt;https://evil.example|here&gt;');
    expect(allText(message)).not.toContain('<!channel>');
  });

  it('escapes an unknown status in every mrkdwn text, the fallback text included', () => {
    // Prepare
    const event = loadFixture('run-unknown-status');
    (event.detail as unknown as Record<string, unknown>).status = '<!here>';

    // Act
    const message = renderSlackMessage(buildAlertContent(event, 'info'));

    // Assess: plain_text headers are shown literally by Slack; every mrkdwn text must be escaped.
    const [header, ...rest] = message.blocks;
    expect(header?.type === 'header' && header.text.type).toBe('plain_text');
    expect(JSON.stringify(rest)).not.toContain('<!here>');
    expect(JSON.stringify(rest)).toContain('&lt;!here&gt;');
    expect(message.text).not.toContain('<!here>');
    expect(message.text).toContain('&lt;!here&gt;');
  });

  it('shows the status transition, the failure reason and what to do for a failed run', () => {
    // Prepare
    const event = loadFixture('run-failed');

    // Act
    const message = renderSlackMessage(buildAlertContent(event, 'error'));

    // Assess
    const text = allText(message);
    expect(text).toContain('`IN_PROGRESS → FAILED`');
    expect(text).toContain(
      '*Failure reason*\\n>Retraining failed: the dataset has no data for sensor Sensor17',
    );
    expect(text).toContain(
      '`aws lookoutequipment describe-model-version --model-name pump-station-7 --model-version 13`',
    );
  });

  it('shows metrics against the prior version with the direction of change', () => {
    // Prepare
    const event = loadFixture('promotion-not-promoted');

    // Act
    const message = renderSlackMessage(buildAlertContent(event, 'warning'));

    // Assess
    const metrics = sectionTexts(message).find((t) => t.startsWith('*Metrics vs prior*')) ?? '';
    expect(metrics).toMatch(/precision\s+0\.701\s+0\.79\s+↓ -0\.089/);
    expect(metrics).toMatch(/recall\s+0\.75\s+0\.75\s+= 0/);
    expect(metrics).toMatch(/unknownEvents\s+23\s+15\s+↑ \+8/);
    expect(metrics).toMatch(/availableDataInDays\s+182\s+–\s+–/);
  });

  it('offers the CLI override for a rejected version', () => {
    // Prepare
    const event = loadFixture('decision-rejected');

    // Act
    const message = renderSlackMessage(buildAlertContent(event, 'warning'));

    // Assess
    const todo = sectionTexts(message).find((t) => t.includes('*What to do:*')) ?? '';
    expect(todo).toContain('`l4e-autopilot activate pump-station-7 13`');
  });

  it('shows the next retraining date a caller knows, for events that do not carry it', () => {
    // Prepare
    const event = loadFixture('run-success');

    // Act
    const without = renderSlackMessage(buildAlertContent(event, 'info'));
    const withDate = renderSlackMessage(
      buildAlertContent(event, 'info', { nextRetrainingDate: '2026-05-01T00:00:00Z' }),
    );

    // Assess
    expect(allText(without)).not.toContain('Next retraining');
    expect(sectionTexts(withDate)).toContain(':calendar: *Next retraining:* 2026-05-01 00:00 UTC');
  });

  it('renders an unknown detail type generically', () => {
    // Prepare
    const event = {
      ...loadFixture('run-success'),
      'detail-type': 'Model Deleted',
    } as unknown as DeliveredEvent;

    // Act
    const message = renderSlackMessage(buildAlertContent(event, 'info'));

    // Assess
    expect(slackMessageLimits(message)).toEqual([]);
    expect(message.text).toContain('Autopilot event: Model Deleted · pump-station-7');
  });

  it('names the replay an event came from', () => {
    // Prepare
    const event = { ...loadFixture('run-success'), 'replay-name': 'backfill-april' };

    // Act
    const message = renderSlackMessage(buildAlertContent(event, 'info'));

    // Assess
    const context = message.blocks.at(-1);
    expect(context?.type).toBe('context');
    expect(JSON.stringify(context)).toContain('Replay `backfill-april`');
  });
});

describe('slackMessageLimits', () => {
  it('accepts a small valid message', () => {
    // Prepare
    const message: SlackMessage = {
      text: 'hello',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }, { type: 'divider' }],
    };

    // Act
    const problems = slackMessageLimits(message);

    // Assess
    expect(problems).toEqual([]);
  });

  it('names every limit a message breaks', () => {
    // Prepare
    const field = { type: 'mrkdwn' as const, text: 'f' };
    const blocks: SlackBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
      { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } },
      { type: 'section', fields: [...Array.from({ length: 11 }, () => field)] },
      { type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] },
      { type: 'section' },
      { type: 'context', elements: Array.from({ length: 11 }, () => field) },
      ...Array.from({ length: 45 }, (): SlackBlock => ({ type: 'divider' })),
    ];

    // Act
    const problems = slackMessageLimits({ text: 't'.repeat(40_001), blocks });

    // Assess
    expect(problems).toEqual([
      'text: 40001 characters (max 40000)',
      'blocks: 51 blocks (max 50)',
      'blocks[0].text: 151 characters (max 150)',
      'blocks[1].text: 3001 characters (max 3000)',
      'blocks[2].fields: 11 fields (max 10)',
      'blocks[3].fields[0]: 2001 characters (max 2000)',
      'blocks[4]: needs text or fields',
      'blocks[5].elements: 11 (max 10)',
    ]);
  });

  it('requires text or blocks', () => {
    // Act
    const problems = slackMessageLimits({ text: '', blocks: [] });

    // Assess
    expect(problems).toEqual(['message: needs text or blocks']);
  });
});
