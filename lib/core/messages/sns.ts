// SNS rendering of an alert's content: a subject for email, a plain-text body, and message
// attributes subscribers can filter on. Pure.
import type { Severity } from '../severity.js';
import { isCommand, plainText, type Rich } from './content/rich.js';
import type { AlertContent } from './content/types.js';
import { clip, formatVersion, moreMark, truncate, wrap } from './format.js';

export interface SnsMessage {
  /** At most `SNS_SUBJECT_MAX` printable ASCII characters, no line breaks (SNS rejects others). */
  subject: string;
  /** Plain text for email; lines stay within 78 columns except table rows and commands. */
  body: string;
  /**
   * Message attributes for subscription filter policies. `outcome` is the value that says what
   * happened for each detail type: the decision outcome, the run or scheduler status, the
   * `AutoPromotionResult`, or the activation cause (`MANAGED_PROMOTION`, `AUTOPILOT_POLICY`, `EXTERNAL`).
   */
  attributes: { detailType: string; modelName: string; severity: Severity; outcome?: string };
}

/** SNS requires a subject shorter than 100 characters. */
export const SNS_SUBJECT_MAX = 99;
/** Checks listed in an email; SMS and chat subscribers get the same body, so it stays bounded. */
const MAX_BODY_CHECKS = 100;
const MAX_NOTE_ITEMS = 20;
const MAX_FOOTNOTES = 20;
const MAX_NOTE_LENGTH = 1000;
/** Well under SNS's 256 KB message limit, whatever the event holds. */
export const SNS_BODY_MAX = 60_000;
const WIDTH = 78;
const INDENT = '  ';

/** Printable ASCII only: arrows become `->`, anything else `?`. */
export function toSubjectText(text: string): string {
  return text
    .replace(/→/g, '->')
    .replace(/[–—]/g, '-')
    .replace(/…/g, '...')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
}

function subjectOf(content: AlertContent): string {
  const prefix = `[${content.severity.toUpperCase()}] ${toSubjectText(content.title)}: `;
  const version = content.version === null ? '' : ` ${formatVersion(content.version)}`;
  const room = SNS_SUBJECT_MAX - prefix.length - version.length;
  const model = toSubjectText(content.modelName);
  const shownModel = model.length <= room ? model : `${model.slice(0, Math.max(0, room - 3))}...`;
  return `${prefix}${shownModel}${version}`.slice(0, SNS_SUBJECT_MAX);
}

function indented(lines: string[]): string[] {
  return lines.map((line) => (line === '' ? '' : `${INDENT}${line}`));
}

function paragraph(text: string): string[] {
  return indented(wrap(text, WIDTH - INDENT.length));
}

/** Prose wraps; each command gets a line of its own, unwrapped, so it can be copied whole. */
function richParagraph(rich: Rich): string[] {
  const lines: string[] = [];
  let prose = '';
  for (const part of rich) {
    if (isCommand(part)) {
      if (prose.trim() !== '') lines.push(...paragraph(prose.trim()));
      lines.push(`${INDENT}${INDENT}${INDENT}${part.code}`);
      prose = '';
    } else {
      const piece = plainText([part]);
      // Punctuation that followed a command would otherwise start a line on its own.
      prose += prose === '' && lines.length > 0 ? piece.replace(/^[.,;:]\s*/, '') : piece;
    }
  }
  if (prose.trim() !== '') lines.push(...paragraph(prose.trim()));
  return lines;
}

function fieldLines(content: AlertContent): string[] {
  const width = Math.max(...content.fields.map((f) => f.label.length)) + 2;
  return content.fields.map((f) => `${`${f.label}:`.padEnd(width)}${f.value}`);
}

function checksLines(content: AlertContent): string[] {
  const table = content.checks;
  if (table === null) return [];
  const ordered = table.total <= MAX_BODY_CHECKS ? table.rows : table.failedFirst;
  const shown = ordered.slice(0, MAX_BODY_CHECKS);
  const lines = [...table.header, ...shown.map((r) => r.line)];
  if (ordered.length > shown.length) lines.push(moreMark(ordered.length - shown.length));
  const footnotes = shown.flatMap((r) => (r.footnote === null ? [] : [r.footnote]));
  return [
    `Checks (${table.passed} of ${table.total} passed; ${table.legend})`,
    ...indented(lines),
    ...indented(footnotes.slice(0, MAX_FOOTNOTES).map((n) => truncate(n, 300))),
    ...(footnotes.length > MAX_FOOTNOTES
      ? [`${INDENT}${moreMark(footnotes.length - MAX_FOOTNOTES, 'notes')}`]
      : []),
    '',
  ];
}

function metricsLines(content: AlertContent): string[] {
  const table = content.metrics;
  if (table === null) return [];
  if (table.rows.length === 0) return ['Metrics vs prior: none reported', ''];
  return ['Metrics vs prior', ...indented([...table.header, ...table.lines]), ''];
}

function notesLines(content: AlertContent): string[] {
  const lines: string[] = [];
  for (const note of content.notes) {
    lines.push(note.label);
    const items = note.items.slice(0, MAX_NOTE_ITEMS).map((item) => truncate(item, MAX_NOTE_LENGTH));
    if (items.length === 1) lines.push(...paragraph(items[0] ?? ''));
    else {
      for (const item of items) {
        const wrapped = wrap(`- ${item.replace(/\s*\n\s*/g, ' ')}`, WIDTH - 4);
        lines.push(...indented(wrapped.map((l, i) => (i === 0 ? l : `  ${l}`))));
      }
    }
    if (note.items.length > items.length)
      lines.push(`${INDENT}${moreMark(note.items.length - items.length)}`);
    lines.push('');
  }
  return lines;
}

function bodyOf(content: AlertContent): string {
  const c = content.context;
  const header = `${content.title} · ${content.modelName}${content.version === null ? '' : ` ${formatVersion(content.version)}`}`;
  const footer = [`Event ${c.eventId}`, `observed ${c.observedAt}`, `${c.account} / ${c.region}`];
  if (c.triggerEventId !== null) footer.push(`trigger ${c.triggerEventId}`);
  if (c.replayName !== null) footer.push(`replay ${c.replayName}`);
  const lines = [
    clip(header, WIDTH),
    `Severity: ${content.severity}`,
    '',
    ...wrap(plainText(content.summary), WIDTH),
    '',
    ...fieldLines(content),
    '',
    ...notesLines(content),
    ...metricsLines(content),
    ...checksLines(content),
    ...(content.nextRetraining === null ? [] : [`Next retraining: ${content.nextRetraining}`, '']),
    'What to do',
    ...richParagraph(content.todo),
    '',
    '--',
    ...wrap(footer.join(' · '), WIDTH),
    'Sent by l4e-autopilot.',
  ];
  return truncate(lines.join('\n'), SNS_BODY_MAX);
}

/** Renders an alert for an SNS topic. Never throws. */
export function renderSnsMessage(content: AlertContent): SnsMessage {
  const attributes: SnsMessage['attributes'] = {
    detailType: content.detailType,
    modelName: content.modelName,
    severity: content.severity,
  };
  if (content.outcome !== null) attributes.outcome = content.outcome;
  return { subject: subjectOf(content), body: bodyOf(content), attributes };
}

/** Every way a subject breaks SNS's rules; empty when SNS would accept it. */
export function snsSubjectProblems(subject: string): string[] {
  const problems: string[] = [];
  if (subject.length === 0) problems.push('subject: empty');
  if (subject.length > SNS_SUBJECT_MAX)
    problems.push(`subject: ${subject.length} characters (max ${SNS_SUBJECT_MAX})`);
  if (/[^\x20-\x7e]/.test(subject)) problems.push('subject: contains a character outside printable ASCII');
  if (/^\s/.test(subject)) problems.push('subject: starts with whitespace');
  return problems;
}
