// Microsoft Teams rendering of an alert's content: an Adaptive Card in the message shape a Teams
// Workflows webhook ("Post to a channel when a webhook request is received") accepts. Pure; Teams'
// size limit is enforced here by dropping detail visibly, because a message Teams rejects (413) is
// an alert lost.
import type { Severity } from '../severity.js';
import { plainText, type Rich } from './content/rich.js';
import type { AlertContent } from './content/types.js';
import { formatVersion, moreMark, truncate } from './format.js';

export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  weight?: 'Bolder';
  size?: 'Medium' | 'Large' | 'Small';
  color?: 'Attention' | 'Warning' | 'Accent' | 'Good';
  isSubtle?: boolean;
  fontType?: 'Monospace';
  spacing?: 'Medium' | 'Small' | 'None';
}
export interface FactSet {
  type: 'FactSet';
  facts: Array<{ title: string; value: string }>;
}
export type CardElement = TextBlock | FactSet;

export interface AdaptiveCard {
  $schema: typeof ADAPTIVE_CARD_SCHEMA;
  type: 'AdaptiveCard';
  version: typeof ADAPTIVE_CARD_VERSION;
  body: CardElement[];
  msteams: { width: 'Full' };
  /** What a screen reader or a notification shows instead of the card. */
  fallbackText: string;
}

export interface TeamsMessage {
  type: 'message';
  attachments: [
    { contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: AdaptiveCard },
  ];
}

export const ADAPTIVE_CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** 1.4 renders on every Teams client (desktop, web and mobile). */
export const ADAPTIVE_CARD_VERSION = '1.4';

export const TEAMS_LIMITS = {
  /** Teams rejects a posted message above about 28 KB; the whole request body counts. */
  messageBytes: 28_000,
  /** Kept well below that so Teams' own envelope never tips a message over. */
  targetBytes: 24_000,
  /** One text block: long enough for a paragraph, short enough that several fit. */
  textBlock: 2_000,
  facts: 10,
  factValue: 300,
} as const;

const SEVERITY_MARK: Record<Severity, { label: string; color: TextBlock['color'] }> = {
  error: { label: 'ERROR', color: 'Attention' },
  warning: { label: 'WARNING', color: 'Warning' },
  info: { label: 'INFO', color: 'Accent' },
};

/**
 * Adaptive Card TextBlocks read a subset of Markdown (emphasis, links, lists); text from L4E must
 * not turn into any of them, so the characters that start them are backslash-escaped.
 */
export function escapeCardMarkdown(text: string): string {
  // Leading blanks stop at the line's end: a blank run spanning lines made this quadratic in the text.
  return text
    .replace(/([\\`*_[\]])/g, '\\$1')
    .replace(/^([^\S\n\r\u2028\u2029]*)([-+]|\d+\.)\s/gm, '$1\\$2 ');
}

function codeSafe(text: string): string {
  return text.replace(/`/g, "'");
}

function markdown(rich: Rich): string {
  return rich
    .map((part) => (typeof part === 'string' ? escapeCardMarkdown(part) : `\`${codeSafe(part.code)}\``))
    .join('');
}

/** A TextBlock's text is required; an empty one (e.g. an empty reason) shows as `–`. */
function text(value: string, extra: Partial<TextBlock> = {}): TextBlock {
  const shown = value === '' ? '–' : value;
  return { type: 'TextBlock', text: truncate(shown, TEAMS_LIMITS.textBlock), wrap: true, ...extra };
}

function headerText(content: AlertContent): string {
  const version = content.version === null ? '' : ` ${formatVersion(content.version)}`;
  return truncate(`${content.title} · ${content.modelName}${version}`, 150);
}

function facts(content: AlertContent): FactSet {
  const all = content.fields.map((f) => ({
    title: truncate(f.label, 60),
    value: truncate(f.value, TEAMS_LIMITS.factValue),
  }));
  const shown = all.slice(0, TEAMS_LIMITS.facts);
  if (all.length > TEAMS_LIMITS.facts) {
    shown[TEAMS_LIMITS.facts - 1] = { title: '…', value: moreMark(all.length - TEAMS_LIMITS.facts + 1) };
  }
  return { type: 'FactSet', facts: shown };
}

/** Checks as one monospace block, failed checks first when not all fit; a line per check. */
function checkBlocks(content: AlertContent, maxRows: number): CardElement[] {
  const table = content.checks;
  if (table === null) return [];
  const ordered = table.total <= maxRows ? table.rows : table.failedFirst;
  const shown = ordered.slice(0, maxRows);
  const lines = shown.map(
    (r) => `${r.passed ? '✓ pass' : '✗ FAIL'}  ${r.metric} ${r.rule} ${r.threshold}  (actual ${r.actual})`,
  );
  if (ordered.length > shown.length) lines.push(moreMark(ordered.length - shown.length));
  const notes = shown.flatMap((r) => (r.footnote === null ? [] : [r.footnote])).slice(0, maxRows);
  return [
    text(`**Checks** · ${table.passed} of ${table.total} passed · ${table.legend}`, { spacing: 'Medium' }),
    text(
      lines
        .concat(notes)
        .map((l) => escapeCardMarkdown(l))
        .join('\n\n'),
      { fontType: 'Monospace', size: 'Small' },
    ),
  ];
}

function metricBlocks(content: AlertContent): CardElement[] {
  if (content.metrics === null) return [];
  const { rows } = content.metrics;
  if (rows.length === 0) return [text('**Metrics vs prior** · none reported')];
  return [
    text('**Metrics vs prior** (this version · prior · change)', { spacing: 'Medium' }),
    {
      type: 'FactSet',
      facts: rows.map((m) => ({
        title: m.metric,
        value: `${m.current} · ${m.prior} · ${m.change}`,
      })),
    },
  ];
}

function noteBlocks(content: AlertContent, maxItems: number): CardElement[] {
  return content.notes.flatMap((note) => {
    const items = note.items.slice(0, maxItems).map((i) => truncate(i, 500));
    const more = note.items.length > items.length ? [moreMark(note.items.length - items.length)] : [];
    return [
      text(`**${escapeCardMarkdown(note.label)}**`, { spacing: 'Medium' }),
      text(
        [...items, ...more]
          .map((i) => (note.items.length > 1 ? `- ${escapeCardMarkdown(i)}` : escapeCardMarkdown(i)))
          .join('\n'),
      ),
    ];
  });
}

function card(content: AlertContent, maxRows: number): TeamsMessage {
  const mark = SEVERITY_MARK[content.severity];
  const c = content.context;
  const contextLine = [
    `Event ${c.eventId}`,
    `observed ${c.observedAt}`,
    `${c.account} / ${c.region}`,
    ...(c.triggerEventId === null ? [] : [`trigger ${c.triggerEventId}`]),
    ...(c.replayName === null ? [] : [`replay ${c.replayName}`]),
  ].join(' · ');
  const body: CardElement[] = [
    // The severity is a word as well as a colour, so the card reads without colour.
    text(`${mark.label} · ${escapeCardMarkdown(content.detailType || 'autopilot event')}`, {
      color: mark.color,
      weight: 'Bolder',
      size: 'Small',
    }),
    text(escapeCardMarkdown(headerText(content)), { size: 'Large', weight: 'Bolder', spacing: 'None' }),
    text(markdown(content.summary)),
    facts(content),
    ...noteBlocks(content, maxRows),
    ...metricBlocks(content),
    ...checkBlocks(content, maxRows),
  ];
  if (content.nextRetraining !== null) {
    body.push(text(`**Next retraining:** ${escapeCardMarkdown(content.nextRetraining)}`));
  }
  body.push(text(`**What to do:** ${markdown(content.todo)}`, { spacing: 'Medium' }));
  body.push(text(escapeCardMarkdown(contextLine), { isSubtle: true, size: 'Small' }));
  const fallbackText = truncate(
    `[${mark.label}] ${headerText(content)} — ${plainText(content.summary)}`,
    500,
  );
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: ADAPTIVE_CARD_SCHEMA,
          type: 'AdaptiveCard',
          version: ADAPTIVE_CARD_VERSION,
          body,
          msteams: { width: 'Full' },
          fallbackText,
        },
      },
    ],
  };
}

export function teamsMessageBytes(message: TeamsMessage): number {
  return new TextEncoder().encode(JSON.stringify(message)).length;
}

/**
 * Renders an alert for a Teams Workflows webhook. Never throws; the result stays under Teams'
 * message size limit: long check lists and notes are cut to fewer rows, with a visible mark, until
 * the message fits.
 */
export function renderTeamsMessage(content: AlertContent): TeamsMessage {
  let message = card(content, 50);
  for (const rows of [20, 8, 3, 0]) {
    if (teamsMessageBytes(message) <= TEAMS_LIMITS.targetBytes) break;
    message = card(content, rows);
  }
  return message;
}

const ELEMENT_TYPES = new Set(['TextBlock', 'FactSet']);

function textBlockProblems(element: TextBlock, where: string): string[] {
  if (typeof element.text !== 'string' || element.text === '') return [`${where}.text: empty`];
  if (element.text.length > TEAMS_LIMITS.textBlock) {
    return [`${where}.text: ${element.text.length} characters (max ${TEAMS_LIMITS.textBlock})`];
  }
  return [];
}

function factSetProblems(element: FactSet, where: string): string[] {
  const problems = element.facts.length === 0 ? [`${where}.facts: empty`] : [];
  element.facts.forEach((fact, j) => {
    if (typeof fact.title !== 'string' || typeof fact.value !== 'string') {
      problems.push(`${where}.facts[${j}]: title and value must be strings`);
    }
  });
  return problems;
}

/** Every way one body element breaks the schema; `where` names it in each problem. */
function elementProblems(element: CardElement, where: string): string[] {
  if (!ELEMENT_TYPES.has(element.type)) return [`${where}.type: unknown element ${element.type}`];
  return element.type === 'TextBlock' ? textBlockProblems(element, where) : factSetProblems(element, where);
}

/** Every way a message breaks the Adaptive Card schema or Teams' limits; empty when Teams would take it. */
export function teamsMessageLimits(message: TeamsMessage): string[] {
  const problems: string[] = [];
  if (message.type !== 'message') problems.push('type: must be "message"');
  if (!Array.isArray(message.attachments) || message.attachments.length !== 1) {
    return [...problems, 'attachments: must hold exactly one card'];
  }
  const [attachment] = message.attachments;
  if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') {
    problems.push('attachments[0].contentType: must be application/vnd.microsoft.card.adaptive');
  }
  const content = attachment.content;
  if (content.type !== 'AdaptiveCard') problems.push('content.type: must be "AdaptiveCard"');
  if (!/^1\.[0-5]$/.test(content.version)) problems.push('content.version: must be 1.0 to 1.5 for Teams');
  if (!Array.isArray(content.body) || content.body.length === 0) problems.push('content.body: empty');
  content.body.forEach((element, i) => {
    problems.push(...elementProblems(element, `content.body[${i}]`));
  });
  const bytes = teamsMessageBytes(message);
  if (bytes > TEAMS_LIMITS.messageBytes) {
    problems.push(`message: ${bytes} bytes (max ${TEAMS_LIMITS.messageBytes})`);
  }
  return problems;
}
