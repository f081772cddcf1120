// The version timeline of one model: active-version bands by cause, retraining runs, decisions, now and
// the next scheduled retraining, on one time axis.
import type { ActivationSpan, DecisionView, ModelDetails, ModelReport, VersionPoint } from './model.js';
import { CAUSE_FILL, CAUSE_LABEL, day, decisionMarker, esc, n, runMarker } from './svg.js';

const W = 900;
const LEFT = 110;
const RIGHT = W - 20;
const ROWS = { active: 30, runs: 80, decisions: 125 };

interface Scale {
  x(value: string | null | undefined): number;
  ticks: Array<{ x: number; label: string }>;
}

function timeScale(start: number, end: number): Scale {
  const span = Math.max(end - start, 86_400_000);
  const x = (value: string | null | undefined) => {
    const t = value ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(t)) return LEFT;
    return LEFT + ((t - start) / span) * (RIGHT - LEFT);
  };
  const ticks = Array.from({ length: 6 }, (_, i) => {
    const t = start + (span * i) / 5;
    return { x: LEFT + ((RIGHT - LEFT) * i) / 5, label: new Date(t).toISOString().slice(0, 10) };
  });
  return { x, ticks };
}

/** The axis spans every dated thing drawn, with a little room after the last. */
function scaleOf(model: ModelReport, d: ModelDetails, generatedAt: string): Scale {
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
  return timeScale(start, end + (end - start) * 0.02);
}

function band(a: ActivationSpan, s: Scale, generatedAt: string): string {
  const x1 = s.x(a.from);
  const x2 = Math.max(x1 + 3, s.x(a.to ?? generatedAt));
  const label = `v${a.version} · ${CAUSE_LABEL[a.cause]}`;
  return (
    `<g class="band"><title>v${a.version} active from ${esc(day(a.from))} to ${esc(a.to ? day(a.to) : 'now')}, activated by ${esc(a.by)}</title>` +
    `<rect x="${n(x1)}" y="${ROWS.active - 14}" width="${n(x2 - x1)}" height="28" fill="${CAUSE_FILL[a.cause]}" stroke="#333"/>` +
    (x2 - x1 > label.length * 6.5
      ? `<text class="band-label" x="${n(x1 + 4)}" y="${ROWS.active + 4}">${esc(label)}</text>`
      : '') +
    '</g>'
  );
}

function run(v: VersionPoint, s: Scale): string {
  const x = s.x(v.createdAt);
  const why = v.failedReason ? `: ${v.failedReason}` : '';
  return (
    `<g class="run"><title>v${v.version} ${esc(v.status)} ${esc(day(v.createdAt))}${esc(why)}</title>${runMarker(v.status, x, ROWS.runs)}` +
    `<text class="tick-label" x="${n(x)}" y="${ROWS.runs - 12}" text-anchor="middle">v${v.version}</text></g>`
  );
}

function decision(x: DecisionView, s: Scale): string {
  const passed = x.checks.filter((c) => c.passed).length;
  return `<g class="decision"><title>v${x.version} ${esc(x.outcome)} ${esc(day(x.decidedAt))} · ${passed} of ${x.checks.length} checks passed</title>${decisionMarker(x.outcome, s.x(x.decidedAt), ROWS.decisions)}</g>`;
}

function nextRun(nextRetraining: string, s: Scale): string {
  const x = s.x(nextRetraining);
  return (
    `<g class="next"><title>next scheduled retraining ${esc(day(nextRetraining))}</title><line x1="${n(x)}" x2="${n(x)}" y1="8" y2="140"/>` +
    `<text class="tick-label" x="${n(x - 3)}" y="${ROWS.decisions + 22}" text-anchor="end">next run ${esc(day(nextRetraining))} ▷</text></g>`
  );
}

function ticks(s: Scale): string[] {
  return s.ticks.map((t, i) => {
    const anchor = i === 0 ? 'start' : i === s.ticks.length - 1 ? 'end' : 'middle';
    return `<line class="grid" x1="${n(t.x)}" x2="${n(t.x)}" y1="150" y2="155"/><text class="tick-label" x="${n(t.x)}" y="168" text-anchor="${anchor}">${t.label}</text>`;
  });
}

function description(model: ModelReport, d: ModelDetails): string {
  return [
    `${d.versions.length} versions: ${d.versions.map((v) => `v${v.version} ${v.status}`).join(', ') || 'none'}.`,
    `Active: ${d.activations.map((a) => `v${a.version} from ${day(a.from)} (${a.by})`).join('; ') || 'no activation known'}.`,
    `${d.decisions.length} decisions.`,
    model.nextRetraining ? `Next retraining ${day(model.nextRetraining)}.` : 'No retraining scheduled.',
  ].join(' ');
}

/** The version timeline of one model: active-version bands, runs, decisions, the next retraining. */
export function timelineSvg(model: ModelReport, generatedAt: string, id: string): string {
  const d = model.details;
  if (d === null) return '';
  const s = scaleOf(model, d, generatedAt);
  const nowX = s.x(generatedAt);
  const parts = [
    `<text class="row" x="8" y="${ROWS.active + 4}">Active version</text>`,
    `<text class="row" x="8" y="${ROWS.runs + 4}">Retraining runs</text>`,
    `<text class="row" x="8" y="${ROWS.decisions + 4}">Decisions</text>`,
    ...d.activations.map((a) => band(a, s, generatedAt)),
    ...d.versions.map((v) => run(v, s)),
    ...d.decisions.map((x) => decision(x, s)),
    `<line class="now" x1="${n(nowX)}" x2="${n(nowX)}" y1="8" y2="140"/>`,
    model.nextRetraining ? nextRun(model.nextRetraining, s) : '',
    ...ticks(s),
  ];
  const desc = description(model, d);
  return `<svg class="chart timeline" id="${id}" viewBox="0 0 ${W} 175" role="img" aria-labelledby="${id}-t ${id}-d"><title id="${id}-t">Version timeline of ${esc(model.name)}</title><desc id="${id}-d">${esc(desc)}</desc>${parts.join('')}</svg>`;
}
