// How a Slack message reads, drawn in a terminal for the offline demo's feed. Pure: returns the
// lines as one string; the caller writes it.
import { clip } from './format.js';
import type { SlackBlock, SlackMessage, TextObject } from './slack-blocks.js';

export interface TerminalOptions {
  color: boolean;
  /** Total columns, frame included. */
  width: number;
}

type Style = 'plain' | 'bold' | 'code' | 'dim';

interface Segment {
  text: string;
  style: Style;
}

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  cyan: '\u001b[36m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
} as const;

/** Shortcodes the renderers use, as single-column symbols so tables and frames stay aligned. */
const EMOJI: Record<string, { symbol: string; color: string }> = {
  rotating_light: { symbol: '✖', color: ANSI.red },
  warning: { symbol: '▲', color: ANSI.yellow },
  large_blue_circle: { symbol: '●', color: ANSI.blue },
  calendar: { symbol: '◷', color: '' },
  point_right: { symbol: '→', color: '' },
};

const MIN_WIDTH = 20;

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function replaceEmoji(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name: string) => EMOJI[name]?.symbol ?? whole);
}

/** `<url|label>` ⇒ `label (url)`, `<url>` ⇒ `url`. */
function replaceLinks(text: string): string {
  return text.replace(/<([^<>|]+)\|([^<>]+)>/g, '$2 ($1)').replace(/<([^<>]+)>/g, '$1');
}

/** Splits inline mrkdwn into styled runs: `*bold*` and `` `code` ``. */
function parseInline(text: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /`([^`\n]+)`|\*([^*\n]+)\*/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) segments.push({ text: text.slice(last, index), style: 'plain' });
    if (match[1] !== undefined) segments.push({ text: match[1], style: 'code' });
    else segments.push({ text: match[2] ?? '', style: 'bold' });
    last = index + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), style: 'plain' });
  return segments.map((s) => ({ ...s, text: decodeEntities(replaceLinks(replaceEmoji(s.text))) }));
}

function paint(text: string, style: Style, color: boolean): string {
  if (!color || style === 'plain' || text === '') return text;
  const code = style === 'bold' ? ANSI.bold : style === 'code' ? ANSI.cyan : ANSI.dim;
  return `${code}${text}${ANSI.reset}`;
}

type Token = { kind: 'word'; text: string; style: Style } | { kind: 'space' } | { kind: 'break' };

function tokenize(segments: Segment[], base: Style): Token[] {
  const tokens: Token[] = [];
  for (const segment of segments) {
    const style = segment.style === 'plain' ? base : segment.style;
    for (const piece of segment.text.split(/( +|\n)/)) {
      if (piece === '') continue;
      if (piece === '\n') tokens.push({ kind: 'break' });
      else if (piece.trim() === '') tokens.push({ kind: 'space' });
      else tokens.push({ kind: 'word', text: piece, style });
    }
  }
  return tokens;
}

/** Word-wraps styled runs to `width` visible columns, painting each word in its run's style. */
function wrapSegments(segments: Segment[], width: number, color: boolean, base: Style = 'plain'): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  let pendingSpace = false;
  const flush = () => {
    lines.push(line);
    line = '';
    used = 0;
    pendingSpace = false;
  };
  const place = (text: string, style: Style) => {
    const gap = pendingSpace && used > 0 ? 1 : 0;
    if (used > 0 && used + gap + text.length > width) flush();
    else if (gap === 1) {
      line += ' ';
      used += 1;
    }
    pendingSpace = false;
    line += paint(text, style, color);
    used += text.length;
  };
  for (const token of tokenize(segments, base)) {
    if (token.kind === 'break') flush();
    else if (token.kind === 'space') pendingSpace = true;
    else {
      // A word wider than the line is split into line-sized pieces.
      for (let start = 0; start < token.text.length; start += width) {
        place(token.text.slice(start, start + width), token.style);
      }
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** A ``` block's lines, verbatim so tables stay aligned, clipped if too wide. */
function renderCode(part: string, width: number, color: boolean): string[] {
  const code = part.replace(/^\n/, '').replace(/\n$/, '');
  return code.split('\n').map((row) => paint(clip(decodeEntities(row), width), 'code', color));
}

/** One prose line: `• ` items hang-indent, `>` quotes get a bar, the rest wraps plainly. */
function renderProseLine(raw: string, width: number, color: boolean, base: Style): string[] {
  if (raw.startsWith('• ')) {
    const wrapped = wrapSegments(parseInline(raw.slice(2)), width - 2, color, base);
    return wrapped.map((l, i) => `${i === 0 ? '•' : ' '} ${l}`);
  }
  if (raw.startsWith('>')) {
    const wrapped = wrapSegments(parseInline(raw.slice(1)), width - 2, color, 'dim');
    return wrapped.map((l) => `${paint('│', 'dim', color)} ${l}`);
  }
  return wrapSegments(parseInline(raw), width, color, base);
}

/** Prose and ``` blocks, in order. */
function renderMrkdwn(text: string, width: number, color: boolean, base: Style = 'plain'): string[] {
  const lines: string[] = [];
  text.split('```').forEach((part, index) => {
    if (index % 2 === 1) {
      lines.push(...renderCode(part, width, color));
      return;
    }
    const prose = part.replace(/^\n/, '').replace(/\n$/, '');
    if (prose === '') return;
    for (const raw of prose.split('\n')) lines.push(...renderProseLine(raw, width, color, base));
  });
  return lines;
}

function textOf(object: TextObject | undefined): string {
  return object?.text ?? '';
}

/** `*Label*\nvalue` fields read as `Label: value`, two to a row when both fit. */
function renderFields(fields: TextObject[], width: number, color: boolean): string[] {
  const cells = fields.map((field) => {
    const [label = '', ...rest] = textOf(field).split('\n');
    const plainLabel = label.replace(/^\*(.*)\*$/, '$1');
    return rest.length === 0 ? label : `*${plainLabel}:* ${rest.join(' ')}`;
  });
  const visible = (cell: string) => parseInline(cell).reduce((n, s) => n + s.text.length, 0);
  const column = Math.floor((width - 2) / 2);
  const lines: string[] = [];
  for (let i = 0; i < cells.length; i += 2) {
    const left = cells[i] ?? '';
    const right = cells[i + 1];
    if (right !== undefined && visible(left) <= column && visible(right) <= column) {
      const [l = ''] = wrapSegments(parseInline(left), column, color);
      const [r = ''] = wrapSegments(parseInline(right), column, color);
      lines.push(`${l}${' '.repeat(column - visible(left) + 2)}${r}`);
    } else {
      lines.push(...wrapSegments(parseInline(left), width, color));
      if (right !== undefined) lines.push(...wrapSegments(parseInline(right), width, color));
    }
  }
  return lines;
}

function headerColor(text: string): string {
  const match = /^:([a-z0-9_+-]+):/.exec(text);
  return (match?.[1] !== undefined ? EMOJI[match[1]]?.color : undefined) ?? '';
}

function renderBlock(block: SlackBlock, width: number, color: boolean): string[] {
  switch (block.type) {
    case 'header': {
      const raw = textOf(block.text);
      const tint = color ? headerColor(raw) : '';
      const lines = wrapSegments([{ text: replaceEmoji(raw), style: 'plain' }], width, false);
      return color ? lines.map((l) => `${ANSI.bold}${tint}${l}${ANSI.reset}`) : lines;
    }
    case 'section': {
      const lines = block.text === undefined ? [] : renderMrkdwn(textOf(block.text), width, color);
      if (block.fields !== undefined && block.fields.length > 0) {
        if (lines.length > 0) lines.push('');
        lines.push(...renderFields(block.fields, width, color));
      }
      return lines;
    }
    case 'context': {
      const joined = block.elements.map(textOf).join(' · ');
      return renderMrkdwn(joined, width, color, 'dim');
    }
    case 'divider':
      return ['─'.repeat(width)];
    default:
      return [];
  }
}

/** Draws a Slack message framed on the left, every line within `width` visible columns. */
export function renderSlackForTerminal(message: SlackMessage, options: TerminalOptions): string {
  const width = Math.max(MIN_WIDTH, Math.floor(options.width));
  const inner = width - 2;
  const bar = options.color ? `${ANSI.dim}│${ANSI.reset} ` : '│ ';
  const body: string[] = [];
  message.blocks.forEach((block, index) => {
    if (index > 0 && block.type !== 'header') body.push('');
    body.push(...renderBlock(block, inner, options.color));
  });
  if (message.blocks.length === 0) body.push(...renderMrkdwn(message.text, inner, options.color));
  const top = `╭${'─'.repeat(width - 1)}`;
  const bottom = `╰${'─'.repeat(width - 1)}`;
  const frame = (line: string) => (options.color ? `${ANSI.dim}${line}${ANSI.reset}` : line);
  return [
    frame(top),
    ...body.map((line) => (line === '' ? bar.trimEnd() : `${bar}${line}`)),
    frame(bottom),
  ].join('\n');
}

/** Columns a rendered line occupies on screen (ANSI codes take none). */
export function visibleWidth(line: string): number {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape sequences is the point.
  return Array.from(line.replace(/\u001b\[[0-9;]*m/g, '')).length;
}
