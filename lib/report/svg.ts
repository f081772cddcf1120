// Inline SVG charts of the report: the version timeline and one chart per policy metric. Pure string
// building. Every mark has a shape and a label as well as a colour, and every chart a <title> and
// <desc>, so it reads without colour, in print and with a screen reader.
import { formatNumber } from '../core/messages/format.js';
import type { ActivationCause, ModelReport, VersionPoint } from './model.js';

export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Whole units: the charts are drawn at a few hundred units wide, so a finer position is invisible. */
function n(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value)) : '0';
}

export function day(value: string | null | undefined): string {
  if (!value) return '–';
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t).toISOString().slice(0, 10);
}

/** Fill of an activation band by cause: a pattern, so causes differ without colour. */
export const CAUSE_FILL: Record<ActivationCause, string> = {
  AUTOPILOT_POLICY: 'url(#pat-autopilot)',
  MANAGED_PROMOTION: 'url(#pat-managed)',
  EXTERNAL: 'url(#pat-external)',
  TRAINING: 'url(#pat-training)',
};
export const CAUSE_LABEL: Record<ActivationCause, string> = {
  AUTOPILOT_POLICY: 'autopilot',
  MANAGED_PROMOTION: 'managed',
  EXTERNAL: 'person',
  TRAINING: 'trained',
};

/** The patterns and marker shapes, defined once per page and referenced by every chart. */
export function svgDefinitions(): string {
  return `<svg width="0" height="0" aria-hidden="true" style="position:absolute"><defs>
<pattern id="pat-autopilot" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#cfe3f7"/><line x1="0" y1="0" x2="0" y2="6" stroke="#1f5f99" stroke-width="2"/></pattern>
<pattern id="pat-managed" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#d7ecd3"/></pattern>
<pattern id="pat-external" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#f6e2c6"/><circle cx="3" cy="3" r="1.2" fill="#8a5300"/></pattern>
<pattern id="pat-training" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#eeeeee"/></pattern>
</defs></svg>`;
}

/** A run's marker: ● success, ✕ failed, ⊘ cancelled (square with a slash), ○ anything else. */
export function runMarker(status: string, x: number, y: number): string {
  const at = `${n(x)},${n(y)}`;
  switch (status) {
    case 'SUCCESS':
      return `<circle class="m-ok" cx="${n(x)}" cy="${n(y)}" r="6"/>`;
    case 'FAILED':
      return `<path class="m-fail" d="M${n(x - 6)},${n(y - 6)}L${n(x + 6)},${n(y + 6)}M${n(x + 6)},${n(y - 6)}L${n(x - 6)},${n(y + 6)}"/>`;
    case 'CANCELED':
      return `<g class="m-cxl" transform="translate(${at})"><rect x="-6" y="-6" width="12" height="12"/><path d="M-6,6L6,-6"/></g>`;
    default:
      return `<circle class="m-open" cx="${n(x)}" cy="${n(y)}" r="6"/>`;
  }
}

/** A decision's marker: ▲ activated, ▼ rejected, ◇ dry run, – skipped, ✕ in a square failed. */
export function decisionMarker(outcome: string, x: number, y: number): string {
  const t = `transform="translate(${n(x)},${n(y)})"`;
  switch (outcome) {
    case 'ACTIVATED':
      return `<path class="d-act" ${t} d="M0,-7L7,6L-7,6Z"/>`;
    case 'REJECTED':
      return `<path class="d-rej" ${t} d="M0,7L7,-6L-7,-6Z"/>`;
    case 'DRY_RUN':
      return `<path class="d-dry" ${t} d="M0,-7L7,0L0,7L-7,0Z"/>`;
    case 'SKIPPED':
      return `<path class="d-skip" ${t} d="M-7,0L7,0"/>`;
    default:
      return `<g class="d-fail" ${t}><rect x="-6" y="-6" width="12" height="12"/><path d="M-4,-4L4,4M4,-4L-4,4"/></g>`;
  }
}

interface Scale {
  x(value: string | null | undefined): number;
  ticks: Array<{ x: number; label: string }>;
}

function timeScale(start: number, end: number, left: number, right: number): Scale {
  const span = Math.max(end - start, 86_400_000);
  const x = (value: string | null | undefined) => {
    const t = value ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(t)) return left;
    return left + ((t - start) / span) * (right - left);
  };
  const ticks = Array.from({ length: 6 }, (_, i) => {
    const t = start + (span * i) / 5;
    return { x: left + ((right - left) * i) / 5, label: new Date(t).toISOString().slice(0, 10) };
  });
  return { x, ticks };
}

/** The version timeline of one model: active-version bands, runs, decisions, the next retraining. */
export function timelineSvg(model: ModelReport, generatedAt: string, id: string): string {
  const d = model.details;
  if (d === null) return '';
  const W = 900;
  const left = 110;
  const right = W - 20;
  const times = [
    ...d.versions.flatMap((v) => [v.createdAt, v.endedAt]),
    ...d.activations.map((a) => a.from),
    ...d.decisions.map((x) => x.decidedAt),
    generatedAt,
    model.nextRetraining,
  ]
    .map((t) => (t ? Date.parse(t) : Number.NaN))
    .filter((t) => !Number.isNaN(t));
  const start = Math.min(...times);
  const end = Math.max(...times);
  const s = timeScale(start, end + (end - start) * 0.02, left, right);
  const rows = { active: 30, runs: 80, decisions: 125 };
  const parts: string[] = [];
  parts.push(
    `<text class="row" x="8" y="${rows.active + 4}">Active version</text>`,
    `<text class="row" x="8" y="${rows.runs + 4}">Retraining runs</text>`,
    `<text class="row" x="8" y="${rows.decisions + 4}">Decisions</text>`,
  );
  for (const a of d.activations) {
    const x1 = s.x(a.from);
    const x2 = Math.max(x1 + 3, s.x(a.to ?? generatedAt));
    const label = `v${a.version} · ${CAUSE_LABEL[a.cause]}`;
    parts.push(
      `<g class="band"><title>v${a.version} active from ${esc(day(a.from))} to ${esc(a.to ? day(a.to) : 'now')}, activated by ${esc(a.by)}</title>` +
        `<rect x="${n(x1)}" y="${rows.active - 14}" width="${n(x2 - x1)}" height="28" fill="${CAUSE_FILL[a.cause]}" stroke="#333"/>` +
        (x2 - x1 > label.length * 6.5
          ? `<text class="band-label" x="${n(x1 + 4)}" y="${rows.active + 4}">${esc(label)}</text>`
          : '') +
        '</g>',
    );
  }
  for (const v of d.versions) {
    const x = s.x(v.createdAt);
    const why = v.failedReason ? `: ${v.failedReason}` : '';
    parts.push(
      `<g class="run"><title>v${v.version} ${esc(v.status)} ${esc(day(v.createdAt))}${esc(why)}</title>${runMarker(v.status, x, rows.runs)}` +
        `<text class="tick-label" x="${n(x)}" y="${rows.runs - 12}" text-anchor="middle">v${v.version}</text></g>`,
    );
  }
  for (const x of d.decisions) {
    const passed = x.checks.filter((c) => c.passed).length;
    parts.push(
      `<g class="decision"><title>v${x.version} ${esc(x.outcome)} ${esc(day(x.decidedAt))} · ${passed} of ${x.checks.length} checks passed</title>${decisionMarker(x.outcome, s.x(x.decidedAt), rows.decisions)}</g>`,
    );
  }
  const nowX = s.x(generatedAt);
  parts.push(`<line class="now" x1="${n(nowX)}" x2="${n(nowX)}" y1="8" y2="140"/>`);
  if (model.nextRetraining) {
    const x = s.x(model.nextRetraining);
    parts.push(
      `<g class="next"><title>next scheduled retraining ${esc(day(model.nextRetraining))}</title><line x1="${n(x)}" x2="${n(x)}" y1="8" y2="140"/>` +
        `<text class="tick-label" x="${n(x - 3)}" y="${rows.decisions + 22}" text-anchor="end">next run ${esc(day(model.nextRetraining))} ▷</text></g>`,
    );
  }
  for (const [i, t] of s.ticks.entries()) {
    const anchor = i === 0 ? 'start' : i === s.ticks.length - 1 ? 'end' : 'middle';
    parts.push(
      `<line class="grid" x1="${n(t.x)}" x2="${n(t.x)}" y1="150" y2="155"/><text class="tick-label" x="${n(t.x)}" y="168" text-anchor="${anchor}">${t.label}</text>`,
    );
  }
  const desc = [
    `${d.versions.length} versions: ${d.versions.map((v) => `v${v.version} ${v.status}`).join(', ') || 'none'}.`,
    `Active: ${d.activations.map((a) => `v${a.version} from ${day(a.from)} (${a.by})`).join('; ') || 'no activation known'}.`,
    `${d.decisions.length} decisions.`,
    model.nextRetraining ? `Next retraining ${day(model.nextRetraining)}.` : 'No retraining scheduled.',
  ].join(' ');
  return `<svg class="chart timeline" id="${id}" viewBox="0 0 ${W} 175" role="img" aria-labelledby="${id}-t ${id}-d"><title id="${id}-t">Version timeline of ${esc(model.name)}</title><desc id="${id}-d">${esc(desc)}</desc>${parts.join('')}</svg>`;
}

/** One metric across versions, with the policy's thresholds drawn as dashed lines. */
export function metricSvg(model: ModelReport, metric: string, id: string): string {
  const d = model.details;
  if (d === null) return '';
  const W = 420;
  const H = 190;
  const left = 46;
  const right = W - 14;
  const top = 22;
  const bottom = H - 30;
  const points = d.versions.filter((v): v is VersionPoint => typeof v.metrics[metric] === 'number');
  const threshold = d.policy?.thresholds.find((t) => t.metric === metric) ?? null;
  const values = [
    ...points.map((p) => p.metrics[metric] as number),
    ...(threshold?.min != null ? [threshold.min] : []),
    ...(threshold?.max != null ? [threshold.max] : []),
  ];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < 1e-9) {
    lo -= 0.5;
    hi += 0.5;
  }
  const pad = (hi - lo) * 0.12;
  lo -= pad;
  hi += pad;
  const y = (v: number) => bottom - ((v - lo) / (hi - lo)) * (bottom - top);
  const versions = d.versions;
  const step = versions.length > 1 ? (right - left) / (versions.length - 1) : 0;
  const xOf = (version: number) => {
    const i = versions.findIndex((v) => v.version === version);
    return versions.length > 1 ? left + i * step : (left + right) / 2;
  };
  const parts: string[] = [];
  for (const frac of [0, 0.5, 1]) {
    const v = lo + (hi - lo) * frac;
    parts.push(
      `<line class="grid" x1="${left}" x2="${right}" y1="${n(y(v))}" y2="${n(y(v))}"/><text class="tick-label" x="${left - 4}" y="${n(y(v) + 4)}" text-anchor="end">${esc(formatNumber(Number(v.toPrecision(3))))}</text>`,
    );
  }
  const every = Math.max(1, Math.ceil(versions.length / 12));
  versions.forEach((v, i) => {
    if (i % every !== 0 && i !== versions.length - 1) return;
    parts.push(
      `<text class="tick-label" x="${n(xOf(v.version))}" y="${bottom + 16}" text-anchor="middle">v${v.version}</text>`,
    );
  });
  const bounds: Array<[string, number]> = [];
  if (threshold?.min != null) bounds.push([`min ${formatNumber(threshold.min)}`, threshold.min]);
  if (threshold?.max != null) bounds.push([`max ${formatNumber(threshold.max)}`, threshold.max]);
  for (const [label, value] of bounds) {
    parts.push(
      `<g class="threshold"><line x1="${left}" x2="${right}" y1="${n(y(value))}" y2="${n(y(value))}"/><text class="tick-label" x="${right}" y="${n(y(value) - 4)}" text-anchor="end">${esc(label)}</text></g>`,
    );
  }
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${n(xOf(p.version))},${n(y(p.metrics[metric] as number))}`)
    .join('');
  if (points.length > 1) parts.push(`<path class="series" d="${path}"/>`);
  for (const p of points) {
    const value = p.metrics[metric] as number;
    const breach =
      (threshold?.min != null && value < threshold.min) || (threshold?.max != null && value > threshold.max);
    const x = xOf(p.version);
    const active = p.version === model.activeVersion;
    const mark = breach
      ? `<rect class="pt-breach" x="${n(x - 5)}" y="${n(y(value) - 5)}" width="10" height="10"/>`
      : `<circle class="pt" cx="${n(x)}" cy="${n(y(value))}" r="4.5"/>`;
    const ring = active ? `<circle class="pt-active" cx="${n(x)}" cy="${n(y(value))}" r="9"/>` : '';
    parts.push(
      `<g><title>v${p.version} ${esc(metric)} ${esc(formatNumber(value))}${breach ? ' (outside the policy threshold)' : ''}${active ? ' · active version' : ''}</title>${ring}${mark}</g>`,
    );
  }
  const desc = `${metric} by version: ${
    points.map((p) => `v${p.version} ${formatNumber(p.metrics[metric] as number)}`).join(', ') || 'no values'
  }${bounds.length > 0 ? `; policy ${bounds.map(([l]) => l).join(', ')}` : '; no policy threshold'}.`;
  return `<svg class="chart metric" id="${id}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-t ${id}-d"><title id="${id}-t">${esc(metric)} across versions of ${esc(model.name)}</title><desc id="${id}-d">${esc(desc)}</desc><text class="chart-title" x="${left}" y="14">${esc(metric)}</text>${parts.join('')}</svg>`;
}
