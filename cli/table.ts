// Fixed-width text tables that fit a terminal: long cells are cut with an ellipsis, numbers are
// right-aligned, and a cell may hold several lines so related facts stay in one column.
import { displayWidth, truncate } from './format.js';

export const TERMINAL_WIDTH = 80;

export interface Column {
  /** One string, or one per header line. */
  header: string | readonly string[];
  align?: 'left' | 'right';
  /** May be cut below its natural width to fit (down to `min`). */
  shrink?: boolean;
  min?: number;
}

export type Cell = string | readonly string[];

export interface TableOptions {
  width?: number;
  gap?: number;
  /** Styles a piece of cell text after it was fitted (colour must not change its width). */
  paint?: (text: string, column: number) => string;
  paintHeader?: (text: string) => string;
}

function lines(cell: Cell): readonly string[] {
  return typeof cell === 'string' ? [cell] : cell.length > 0 ? cell : [''];
}

/** Column widths: natural widths, then the widest shrinkable columns give way until the table fits. */
export function fitWidths(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  width: number,
  gap: number,
) {
  const widths = columns.map((column, c) => {
    const cells = [lines(column.header), ...rows.map((row) => lines(row[c] ?? ''))];
    return Math.max(0, ...cells.flat().map(displayWidth));
  });
  const total = () => widths.reduce((sum, w) => sum + w, 0) + gap * Math.max(0, columns.length - 1);
  while (total() > width) {
    let widest = -1;
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c] as Column;
      const w = widths[c] as number;
      if (column.shrink && w > (column.min ?? 4) && (widest < 0 || w > (widths[widest] as number)))
        widest = c;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] as number) - 1;
  }
  return widths;
}

function place(text: string, width: number): { text: string; pad: string } {
  const fitted = truncate(text, width);
  return { text: fitted, pad: ' '.repeat(Math.max(0, width - displayWidth(fitted))) };
}

export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  options: TableOptions = {},
): string[] {
  const width = options.width ?? TERMINAL_WIDTH;
  const gap = options.gap ?? 2;
  const widths = fitWidths(columns, rows, width, gap);
  const out: string[] = [];
  const emit = (cells: readonly Cell[], paint: (text: string, column: number) => string) => {
    const height = Math.max(1, ...cells.map((cell) => lines(cell).length));
    for (let l = 0; l < height; l++) {
      const parts = columns.map((column, c) => {
        const align = column.align ?? 'left';
        const { text, pad } = place(lines(cells[c] ?? '')[l] ?? '', widths[c] as number);
        const styled = text === '' ? text : paint(text, c);
        return align === 'right' ? pad + styled : styled + pad;
      });
      out.push(parts.join(' '.repeat(gap)).trimEnd());
    }
  };
  const paintHeader = options.paintHeader ?? ((text: string) => text);
  emit(
    columns.map((column) => column.header),
    (text) => paintHeader(text),
  );
  for (const row of rows) emit(row, options.paint ?? ((text) => text));
  return out;
}

/** Label/value lines ("Status    RUNNING"), labels padded to the longest one. */
export function renderPairs(
  pairs: ReadonlyArray<readonly [string, string]>,
  width = TERMINAL_WIDTH,
): string[] {
  const labelWidth = Math.max(0, ...pairs.map(([label]) => displayWidth(label)));
  return pairs.map(([label, value]) => truncate(`${label.padEnd(labelWidth)}  ${value}`, width).trimEnd());
}
