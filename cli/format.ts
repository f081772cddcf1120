// Plain-text formatting shared by the commands: dates in UTC, metrics, versions and wrapping.

export const DASH = '—';

/** "2024-03-15" (UTC), or a dash when absent. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? DASH : date.toISOString().slice(0, 10);
}

/** "2024-03-15T06:00Z" (UTC, minute precision), or a dash when absent. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? DASH : `${date.toISOString().slice(0, 16)}Z`;
}

export function formatVersion(version: number | null | undefined): string {
  return version === null || version === undefined ? DASH : `v${version}`;
}

/** A metric with three decimals, or a dash when absent. */
export function formatMetric(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : value.toFixed(digits);
}

/** A check value: numbers trimmed to six significant decimals, lists joined. */
export function formatValue(value: number | string | readonly string[] | null | undefined): string {
  if (value === null || value === undefined) return DASH;
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'number') return String(Math.round(value * 1e6) / 1e6);
  return String(value);
}

const QUALITY_LABELS: Record<string, string> = {
  QUALITY_THRESHOLD_MET: 'met',
  POOR_QUALITY_DETECTED: 'poor',
  CANNOT_DETERMINE_QUALITY: 'unknown',
};

/** Model quality in a few words for tables; unknown values pass through. */
export function qualityLabel(quality: string | null | undefined): string {
  if (!quality) return DASH;
  return QUALITY_LABELS[quality] ?? quality;
}

/** "12s", "3m 05s", "1h 02m". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
  return `${seconds}s`;
}

/** Greedy word wrap; a word longer than the width is cut with an ellipsis. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    const fitted = [...word].length > width ? truncate(word, width) : word;
    if (line === '') line = fitted;
    else if ([...line].length + 1 + [...fitted].length <= width) line = `${line} ${fitted}`;
    else {
      lines.push(line);
      line = fitted;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** Cuts text to `width` characters, ending with an ellipsis when cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 0) return '';
  return `${chars.slice(0, width - 1).join('')}…`;
}

export function displayWidth(text: string): number {
  return [...text].length;
}

/** "  - text" wrapped to `width`, continuation lines aligned under the text. */
export function bullet(text: string, indent = '  ', width = 80): string[] {
  const [first = '', ...rest] = wrapText(text, width - indent.length - 2);
  return [`${indent}- ${first}`, ...rest.map((line) => `${indent}  ${line}`)];
}
