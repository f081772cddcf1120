// Slack Block Kit rendering of an alert's content. Pure; Slack's limits are enforced here by
// truncating visibly, because a message Slack rejects (400 invalid_blocks) is an alert lost.
import type { Severity } from '../severity.js';
import { plainText, type Rich } from './content/rich.js';
import type { AlertContent, AlertNote } from './content/types.js';
import { clip, formatVersion, moreMark, truncate } from './format.js';
import {
  type ContextBlock,
  type MrkdwnObject,
  type SectionBlock,
  SLACK_LIMITS,
  type SlackBlock,
  type SlackMessage,
} from './slack-blocks.js';

export type { SlackMessage } from './slack-blocks.js';

/** The fallback text is kept short: it is what a phone notification shows. */
const FALLBACK_TEXT_LENGTH = 500;
const CONTEXT_ELEMENT_LENGTH = 300;
/** One reason in a list; long enough for a sentence, short enough that several fit in a section. */
const NOTE_ITEM_LENGTH = 500;

export const SEVERITY_EMOJI: Record<Severity, string> = {
  error: ':rotating_light:',
  warning: ':warning:',
  info: ':large_blue_circle:',
};

/** Slack reads `<…>` as links and mentions (`<!channel>`); text from L4E must never become one. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escapes and shortens to `max` characters without cutting an entity (`&lt;`) in half: the raw
 * text is truncated first, and again while its escaped form is still too long.
 */
function escapedWithin(text: string, max: number): string {
  let limit = max;
  let result = escapeMrkdwn(truncate(text, limit));
  while (result.length > max && limit > 0) {
    limit = Math.min(limit - 1, Math.floor((limit * max) / result.length));
    result = escapeMrkdwn(truncate(text, limit));
  }
  return result;
}

/** A backtick inside a literal would end the code span early. */
function codeSafe(text: string): string {
  return escapeMrkdwn(text.replace(/`/g, "'"));
}

function mrkdwn(rich: Rich): string {
  return rich
    .map((part) => (typeof part === 'string' ? escapeMrkdwn(part) : `\`${codeSafe(part.code)}\``))
    .join('');
}

function mrkdwnObject(text: string, max: number = SLACK_LIMITS.sectionText): MrkdwnObject {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

function headerText(content: AlertContent): string {
  const version = content.version === null ? '' : ` ${formatVersion(content.version)}`;
  return clip(`${SEVERITY_EMOJI[content.severity]} ${content.title} · ${content.modelName}${version}`, 150);
}

/**
 * A code block that always closes: rows are added while they fit, then one `…(n more)` line.
 */
function codeSection(
  title: string,
  head: readonly string[],
  rows: string[],
  foot: string[],
): { block: SectionBlock; hidden: number } {
  const open = `${title}\n\`\`\`\n`;
  const close = '\n```';
  const budget = SLACK_LIMITS.sectionText - open.length - close.length;
  const lines = head.map(codeSafe);
  let used = lines.join('\n').length;
  let shown = 0;
  for (const row of rows) {
    const line = codeSafe(row);
    const reserve = shown + 1 < rows.length ? moreMark(rows.length).length + 1 : 0;
    if (used + 1 + line.length + reserve > budget) break;
    lines.push(line);
    used += 1 + line.length;
    shown += 1;
  }
  if (shown < rows.length) {
    const mark = moreMark(rows.length - shown);
    lines.push(mark);
    used += 1 + mark.length;
  }
  for (const [index, note] of foot.entries()) {
    const line = codeSafe(note);
    const mark = moreMark(foot.length - index, 'notes');
    const reserve = index + 1 < foot.length ? mark.length + 1 : 0;
    if (used + 1 + line.length + reserve > budget) {
      if (used + 1 + mark.length <= budget) lines.push(mark);
      break;
    }
    lines.push(line);
    used += 1 + line.length;
  }
  return {
    block: { type: 'section', text: mrkdwnObject(`${open}${lines.join('\n')}${close}`) },
    hidden: rows.length - shown,
  };
}

function checksSection(content: AlertContent): SectionBlock | null {
  const table = content.checks;
  if (table === null) return null;
  const title = `*Checks* · ${table.passed} of ${table.total} passed · ${table.legend}`;
  const allLines = [...table.header, ...table.rows.map((r) => r.line)];
  const allFit = codeSection(title, [], allLines, []).hidden === 0;
  const ordered = allFit ? table.rows : table.failedFirst;
  const footnotes = ordered.flatMap((r) => (r.footnote === null ? [] : [r.footnote]));
  return codeSection(
    title,
    table.header,
    ordered.map((r) => r.line),
    footnotes,
  ).block;
}

function metricsSection(content: AlertContent): SectionBlock | null {
  const table = content.metrics;
  if (table === null) return null;
  if (table.rows.length === 0) {
    return { type: 'section', text: mrkdwnObject('*Metrics vs prior* · none reported') };
  }
  return codeSection('*Metrics vs prior*', table.header, table.lines, []).block;
}

function noteSection(note: AlertNote): SectionBlock {
  const title = `*${escapeMrkdwn(note.label)}*`;
  if (note.items.length === 1) {
    const item = note.items[0] ?? '';
    const lineCount = item.split('\n').length;
    const quoted = escapedWithin(item, SLACK_LIMITS.sectionText - title.length - 1 - lineCount)
      .split('\n')
      .map((line) => `>${line}`)
      .join('\n');
    return { type: 'section', text: mrkdwnObject(`${title}\n${quoted}`) };
  }
  const budget = SLACK_LIMITS.sectionText - title.length;
  const lines: string[] = [];
  let used = 0;
  for (const [index, item] of note.items.entries()) {
    const remaining = note.items.length - index;
    const line = `• ${escapedWithin(item.replace(/\s*\n\s*/g, ' '), NOTE_ITEM_LENGTH)}`;
    const reserve = remaining > 1 ? moreMark(remaining).length + 1 : 0;
    if (used + 1 + line.length + reserve > budget) {
      lines.push(moreMark(remaining));
      break;
    }
    lines.push(line);
    used += 1 + line.length;
  }
  return { type: 'section', text: mrkdwnObject(`${title}\n${lines.join('\n')}`) };
}

function summarySection(content: AlertContent): SectionBlock {
  const fields = content.fields.map((field) => {
    const value = field.code ? `\`${codeSafe(field.value)}\`` : escapeMrkdwn(field.value);
    return mrkdwnObject(`*${escapeMrkdwn(field.label)}*\n${value}`, SLACK_LIMITS.fieldText);
  });
  const shown = fields.slice(0, SLACK_LIMITS.fields);
  if (fields.length > SLACK_LIMITS.fields) {
    shown[SLACK_LIMITS.fields - 1] = mrkdwnObject(
      moreMark(fields.length - SLACK_LIMITS.fields + 1, 'fields'),
    );
  }
  return { type: 'section', text: mrkdwnObject(mrkdwn(content.summary)), fields: shown };
}

function contextBlock(content: AlertContent): ContextBlock {
  const c = content.context;
  const parts = [
    `Event \`${codeSafe(c.eventId)}\``,
    `Observed ${escapeMrkdwn(c.observedAt)}`,
    `${escapeMrkdwn(c.account)} / ${escapeMrkdwn(c.region)}`,
  ];
  if (c.triggerEventId !== null) parts.push(`Trigger \`${codeSafe(c.triggerEventId)}\``);
  if (c.replayName !== null) parts.push(`Replay \`${codeSafe(c.replayName)}\``);
  return {
    type: 'context',
    elements: parts.map((text) => mrkdwnObject(text, CONTEXT_ELEMENT_LENGTH)),
  };
}

/**
 * Renders an alert for a Slack incoming webhook. Never throws; the result is within Slack's
 * limits: at most 9 blocks by construction (header, summary, two notes, metrics, checks, next
 * retraining, what to do, context), and every text is cut to its limit with a visible mark.
 */
export function renderSlackMessage(content: AlertContent): SlackMessage {
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: headerText(content), emoji: true } },
    summarySection(content),
  ];
  for (const note of content.notes) blocks.push(noteSection(note));
  const metrics = metricsSection(content);
  if (metrics !== null) blocks.push(metrics);
  const checks = checksSection(content);
  if (checks !== null) blocks.push(checks);
  if (content.nextRetraining !== null) {
    blocks.push({
      type: 'section',
      text: mrkdwnObject(`:calendar: *Next retraining:* ${escapeMrkdwn(content.nextRetraining)}`),
    });
  }
  blocks.push({ type: 'section', text: mrkdwnObject(`:point_right: *What to do:* ${mrkdwn(content.todo)}`) });
  blocks.push(contextBlock(content));
  const fallback = `${escapeMrkdwn(headerText(content))} — ${escapeMrkdwn(plainText(content.summary))}`;
  return { text: truncate(fallback, FALLBACK_TEXT_LENGTH), blocks };
}
