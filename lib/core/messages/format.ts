// Text helpers shared by the Slack, SNS and terminal renderers: numbers, dates, truncation, tables.

/** The visible mark of anything cut short, so a reader knows more exists. */
export function moreMark(count: number, unit = ''): string {
  return `…(${count} more${unit === '' ? '' : ` ${unit}`})`;
}

/** Cuts before a lone high surrogate so a truncated string never ends in half a character. */
function safeSlice(text: string, end: number): string {
  const code = text.charCodeAt(end - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, end - 1) : text.slice(0, end);
}

/** Shortens `text` to at most `max` characters, ending with `…(n more chars)`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const markLength = (keep: number) => moreMark(text.length - keep, 'chars').length;
  // The mark's length depends on the count it shows; a few rounds settle on the longest fit.
  let keep = Math.max(0, max - markLength(0));
  for (let round = 0; round < 3; round++) keep = Math.max(0, max - markLength(keep));
  while (keep > 0 && keep + markLength(keep) > max) keep -= 1;
  const result = `${safeSlice(text, keep)}${moreMark(text.length - keep, 'chars')}`;
  return result.length <= max ? result : '…'.slice(0, max);
}

/** Shortens a table cell to `width` with a single ellipsis (cells have no room for a count). */
export function clip(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  return `${safeSlice(text, width - 1)}…`;
}

/** Ratios to three decimals, counts as integers; never `-0`. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 1 : 3;
  const text = Number(value.toFixed(digits)).toString();
  return text === '-0' ? '0' : text;
}

export function formatSigned(value: number): string {
  const text = formatNumber(value);
  return value > 0 && text !== '0' ? `+${text}` : text;
}

/** `2026-03-14T06:00:00Z` ⇒ `2026-03-14 06:00 UTC`; anything unparsable is shown as given. */
export function formatDate(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '–';
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function formatVersion(version: number | null | undefined): string {
  return typeof version === 'number' ? `v${version}` : '–';
}

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align?: Align;
  /** The narrowest this column may be squeezed to. */
  minWidth?: number;
}

/**
 * Lays out rows as aligned plain-text lines (header, rule, rows) no wider than `maxWidth`,
 * squeezing the widest columns first and clipping their cells with `…`.
 */
export function formatTable(
  columns: readonly Column[],
  rows: readonly string[][],
  maxWidth: number,
): string[] {
  const gap = '  ';
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const total = () => widths.reduce((sum, w) => sum + w, 0) + gap.length * (columns.length - 1);
  while (total() > maxWidth) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      const floor = Math.max(columns[i]?.minWidth ?? 4, 1);
      const width = widths[i] ?? 0;
      if (width > floor && (widest < 0 || width > (widths[widest] ?? 0))) widest = i;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 1) - 1;
  }
  const line = (cells: readonly string[]) =>
    columns
      .map((column, i) => {
        const width = widths[i] ?? 0;
        const cell = clip(cells[i] ?? '', width);
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(gap)
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((row) => line(row)),
  ];
}

/** A word cut into full-width pieces and the shorter remainder (the whole word when it fits). */
function cutWord(word: string, width: number): { pieces: string[]; rest: string } {
  const pieces: string[] = [];
  let rest = word;
  while (rest.length > width) {
    pieces.push(rest.slice(0, width));
    rest = rest.slice(width);
  }
  return { pieces, rest };
}

function wrapParagraph(paragraph: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of paragraph.split(/ +/)) {
    const { pieces, rest } = cutWord(word, width);
    if (pieces.length > 0 && current !== '') {
      lines.push(current);
      current = '';
    }
    lines.push(...pieces);
    if (current === '') current = rest;
    else if (current.length + 1 + rest.length <= width) current = `${current} ${rest}`;
    else {
      lines.push(current);
      current = rest;
    }
  }
  lines.push(current);
  return lines;
}

/** Greedy word wrap; words longer than the width are split. */
export function wrap(text: string, width: number): string[] {
  return text.split('\n').flatMap((paragraph) => wrapParagraph(paragraph, width));
}
