// One chart per policy metric: the metric's value by version, the policy's thresholds as dashed lines,
// values outside a threshold drawn as squares, and the active version ringed.
import { formatNumber } from '../core/messages/format.js';
import type { ModelReport, Threshold, VersionPoint } from './model.js';
import { esc, n } from './svg.js';

const W = 420;
const H = 190;
const LEFT = 46;
const RIGHT = W - 14;
const TOP = 22;
const BOTTOM = H - 30;

/** Where a chart puts a value (y) and a version (x). */
interface Axes {
  y(value: number): number;
  x(version: number): number;
  lo: number;
  hi: number;
}

function boundsOf(threshold: Threshold | null): Array<[string, number]> {
  const bounds: Array<[string, number]> = [];
  if (threshold?.min != null) bounds.push([`min ${formatNumber(threshold.min)}`, threshold.min]);
  if (threshold?.max != null) bounds.push([`max ${formatNumber(threshold.max)}`, threshold.max]);
  return bounds;
}

/** The value range drawn: every value and bound, padded, never empty. */
function rangeOf(values: readonly number[]): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.12;
  return [lo - pad, hi + pad];
}

function axesOf(versions: readonly VersionPoint[], values: readonly number[]): Axes {
  const [lo, hi] = rangeOf(values);
  const y = (v: number) => BOTTOM - ((v - lo) / (hi - lo)) * (BOTTOM - TOP);
  const step = versions.length > 1 ? (RIGHT - LEFT) / (versions.length - 1) : 0;
  const x = (version: number) => {
    const i = versions.findIndex((v) => v.version === version);
    return versions.length > 1 ? LEFT + i * step : (LEFT + RIGHT) / 2;
  };
  return { x, y, lo, hi };
}

function gridLines(a: Axes): string[] {
  return [0, 0.5, 1].map((frac) => {
    const v = a.lo + (a.hi - a.lo) * frac;
    return `<line class="grid" x1="${LEFT}" x2="${RIGHT}" y1="${n(a.y(v))}" y2="${n(a.y(v))}"/><text class="tick-label" x="${LEFT - 4}" y="${n(a.y(v) + 4)}" text-anchor="end">${esc(formatNumber(Number(v.toPrecision(3))))}</text>`;
  });
}

/** At most about a dozen version labels, and always the last. */
function versionLabels(versions: readonly VersionPoint[], a: Axes): string[] {
  const every = Math.max(1, Math.ceil(versions.length / 12));
  return versions
    .filter((_, i) => i % every === 0 || i === versions.length - 1)
    .map(
      (v) =>
        `<text class="tick-label" x="${n(a.x(v.version))}" y="${BOTTOM + 16}" text-anchor="middle">v${v.version}</text>`,
    );
}

function thresholdLine([label, value]: [string, number], a: Axes): string {
  return `<g class="threshold"><line x1="${LEFT}" x2="${RIGHT}" y1="${n(a.y(value))}" y2="${n(a.y(value))}"/><text class="tick-label" x="${RIGHT}" y="${n(a.y(value) - 4)}" text-anchor="end">${esc(label)}</text></g>`;
}

function isBreach(value: number, threshold: Threshold | null): boolean {
  if (threshold === null) return false;
  return (
    (threshold.min !== null && value < threshold.min) || (threshold.max !== null && value > threshold.max)
  );
}

interface PointContext {
  metric: string;
  threshold: Threshold | null;
  activeVersion: number | null;
  axes: Axes;
}

function point(p: VersionPoint, value: number, c: PointContext): string {
  const breach = isBreach(value, c.threshold);
  const x = c.axes.x(p.version);
  const y = c.axes.y(value);
  const active = p.version === c.activeVersion;
  const mark = breach
    ? `<rect class="pt-breach" x="${n(x - 5)}" y="${n(y - 5)}" width="10" height="10"/>`
    : `<circle class="pt" cx="${n(x)}" cy="${n(y)}" r="4.5"/>`;
  const ring = active ? `<circle class="pt-active" cx="${n(x)}" cy="${n(y)}" r="9"/>` : '';
  return `<g><title>v${p.version} ${esc(c.metric)} ${esc(formatNumber(value))}${breach ? ' (outside the policy threshold)' : ''}${active ? ' · active version' : ''}</title>${ring}${mark}</g>`;
}

/** One metric across versions, with the policy's thresholds drawn as dashed lines. */
export function metricSvg(model: ModelReport, metric: string, id: string): string {
  const d = model.details;
  if (d === null) return '';
  const points = d.versions.flatMap((p) => {
    const value = p.metrics[metric];
    return typeof value === 'number' ? [{ p, value }] : [];
  });
  const threshold = d.policy?.thresholds.find((t) => t.metric === metric) ?? null;
  const bounds = boundsOf(threshold);
  const axes = axesOf(d.versions, [...points.map((q) => q.value), ...bounds.map(([, v]) => v)]);
  const path = points
    .map(({ p, value }, i) => `${i === 0 ? 'M' : 'L'}${n(axes.x(p.version))},${n(axes.y(value))}`)
    .join('');
  const context: PointContext = { metric, threshold, activeVersion: model.activeVersion, axes };
  const parts = [
    ...gridLines(axes),
    ...versionLabels(d.versions, axes),
    ...bounds.map((b) => thresholdLine(b, axes)),
    points.length > 1 ? `<path class="series" d="${path}"/>` : '',
    ...points.map(({ p, value }) => point(p, value, context)),
  ];
  const desc = `${metric} by version: ${
    points.map(({ p, value }) => `v${p.version} ${formatNumber(value)}`).join(', ') || 'no values'
  }${bounds.length > 0 ? `; policy ${bounds.map(([l]) => l).join(', ')}` : '; no policy threshold'}.`;
  return `<svg class="chart metric" id="${id}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-t ${id}-d"><title id="${id}-t">${esc(metric)} across versions of ${esc(model.name)}</title><desc id="${id}-d">${esc(desc)}</desc><text class="chart-title" x="${LEFT}" y="14">${esc(metric)}</text>${parts.join('')}</svg>`;
}
