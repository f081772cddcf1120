import { describe, expect, it } from 'vitest';
import { buildAlertContent } from '../../../lib/core/messages/alert-content.js';
import { renderSlackMessage, type SlackMessage } from '../../../lib/core/messages/slack.js';
import { renderSlackForTerminal, visibleWidth } from '../../../lib/core/messages/terminal.js';
import { loadFixture } from './fixtures.js';

const ESC = '\u001b[';

function lines(text: string): string[] {
  return text.split('\n');
}

describe('renderSlackForTerminal', () => {
  it.each([40, 60, 80, 120])('keeps every line within %i columns', (width) => {
    // Prepare
    const message = renderSlackMessage(buildAlertContent(loadFixture('decision-rejected'), 'warning'));

    // Act
    const text = renderSlackForTerminal(message, { color: true, width });

    // Assess
    for (const line of lines(text)) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
  });

  it('renders bold and code as styles when colour is on, and drops the markers either way', () => {
    // Prepare
    const message: SlackMessage = {
      text: 'fallback',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Model* is `pump-7` &amp; more' } }],
    };

    // Act
    const colored = renderSlackForTerminal(message, { color: true, width: 80 });
    const plain = renderSlackForTerminal(message, { color: false, width: 80 });

    // Assess
    expect(colored).toContain(`${ESC}1mModel${ESC}0m`);
    expect(colored).toContain(`${ESC}36mpump-7${ESC}0m`);
    expect(lines(plain)[1]).toBe('│ Model is pump-7 & more');
    expect(plain).not.toContain(ESC);
  });

  it('keeps table columns aligned', () => {
    // Prepare
    const message = renderSlackMessage(buildAlertContent(loadFixture('decision-rejected'), 'warning'));

    // Act
    const text = renderSlackForTerminal(message, { color: false, width: 80 });

    // Assess
    const rows = lines(text).filter((line) => /[✓✗]$/.test(line));
    expect(rows).toHaveLength(7);
    expect(new Set(rows.map((row) => row.length))).toEqual(new Set([rows[0]?.length]));
  });

  it('shows fields as label: value, two to a row when they fit', () => {
    // Prepare
    const message = renderSlackMessage(buildAlertContent(loadFixture('run-success'), 'info'));

    // Act
    const text = renderSlackForTerminal(message, { color: false, width: 80 });

    // Assess
    expect(lines(text)).toContain('│ Model: pump-station-7                   Version: v13');
    expect(lines(text)).toContain('│ Status: IN_PROGRESS → SUCCESS           Promote mode: MANUAL');
  });

  it('replaces the emoji shortcodes it uses with single-column symbols', () => {
    // Prepare
    const message = renderSlackMessage(buildAlertContent(loadFixture('run-failed'), 'error'));

    // Act
    const text = renderSlackForTerminal(message, { color: false, width: 80 });

    // Assess
    expect(lines(text)[1]).toBe('│ ✖ Retraining failed · pump-station-7 v13');
    expect(text).not.toMatch(/:[a-z_]+:/);
  });

  it('shows links as label and address', () => {
    // Prepare
    const message: SlackMessage = {
      text: 'x',
      blocks: [
        {
          type: 'context',
          elements: [{ type: 'mrkdwn', text: 'see <https://example.com/runbook|the runbook>' }],
        },
      ],
    };

    // Act
    const text = renderSlackForTerminal(message, { color: false, width: 80 });

    // Assess
    expect(lines(text)[1]).toBe('│ see the runbook (https://example.com/runbook)');
  });

  it('falls back to the text when a message has no blocks', () => {
    // Act
    const text = renderSlackForTerminal({ text: 'just *text*', blocks: [] }, { color: false, width: 80 });

    // Assess
    expect(lines(text)[1]).toBe('│ just text');
  });

  it('splits a word longer than the line', () => {
    // Prepare
    const message: SlackMessage = {
      text: 'x',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(50) } }],
    };

    // Act
    const text = renderSlackForTerminal(message, { color: false, width: 22 });

    // Assess
    expect(lines(text).slice(1, -1)).toEqual([
      '│ yyyyyyyyyyyyyyyyyyyy',
      '│ yyyyyyyyyyyyyyyyyyyy',
      '│ yyyyyyyyyy',
    ]);
  });
});
