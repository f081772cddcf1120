// Number formats and padded markdown tables shared by the benchmark report's sections.

export const grouped = (value: number): string =>
  String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

export const ratio = (a: number, b: number): string =>
  b > 0 ? `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×` : '–';

/** A markdown table with padded columns, as the project's formatter writes them, so reports lint clean. */
export function table(
  header: readonly string[],
  body: ReadonlyArray<ReadonlyArray<string | number>>,
): string[] {
  const rows = [header, ...body].map((cells) => cells.map(String));
  const widths = header.map((_, i) => Math.max(3, ...rows.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join(' | ')} |`;
  const [head = [], ...rest] = rows;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rest.map(line)];
}
