// The report as one self-contained HTML page: a fleet overview first, then a section per model with
// its version timeline, metric charts, versions table and decisions. Pure: data in, a string out; no
// network, no external assets (styles, script and SVG are inline), readable without colour, A4 print.

import { checkRows } from '../core/messages/content/tables.js';
import { formatNumber } from '../core/messages/format.js';
import type { Health, ModelReport, ReportData } from './model.js';
import {
  CAUSE_LABEL,
  day,
  decisionMarker,
  esc,
  metricSvg,
  runMarker,
  svgDefinitions,
  timelineSvg,
} from './svg.js';

export interface HtmlOptions {
  /** Rows per page of the overview; a page is a table of its own, so 1,500 models stay quick. */
  pageSize?: number;
  /** A fragment for a CloudWatch custom widget: no document wrapper, no script. */
  fragment?: boolean;
}

export const HEALTH_SHAPE: Record<Health, string> = { failing: '■', attention: '▲', ok: '●', idle: '○' };
const TREND_ARROW = { up: '↑', down: '↓', flat: '→' } as const;

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b}
body{margin:24px auto;max-width:1000px;padding:0 16px;line-height:1.4}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.25em;margin:0 0 8px}h3{font-size:1.02em;margin:16px 0 6px}
.meta{color:#555;margin:0 0 16px}
table{border-collapse:collapse;width:100%;font-size:.88em;margin:6px 0 12px}
th,td{border-bottom:1px solid #d0d0d0;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.h-failing{color:#a4000f}.h-attention{color:#8a5300}.h-ok{color:#1e6b2a}.h-idle{color:#555}
.health{font-weight:600;white-space:nowrap}
.counts span{margin-right:18px}
.filter{margin:8px 0}.filter input{font:inherit;padding:4px 8px;width:18em}
nav.pages a{margin-right:8px}
section.model{border-top:2px solid #333;margin-top:28px;padding-top:12px}
section.page,section.model{content-visibility:auto;contain-intrinsic-size:auto 1600px}
table.overview{table-layout:fixed}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0 10px;font-size:.92em}
dl.facts dt{color:#444}dl.facts dd{margin:0}
svg.chart{width:100%;height:auto;display:block;background:#fff}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:8px}
.legend{font-size:.82em;color:#333;display:flex;flex-wrap:wrap;gap:4px 16px;margin:4px 0}
.legend svg{width:16px;height:16px;vertical-align:-3px}
text{font-family:inherit;font-size:11px;fill:#222}
text.row{font-weight:600}text.chart-title{font-weight:600;font-size:12px}
text.band-label{font-size:10.5px;font-weight:600}
.grid{stroke:#ccc;stroke-width:1}
.now{stroke:#555;stroke-width:1;stroke-dasharray:2 3}
.next line{stroke:#1f5f99;stroke-width:1.5;stroke-dasharray:6 4}
.m-ok{fill:#1e6b2a;stroke:#1e6b2a}
.m-fail{stroke:#a4000f;stroke-width:2.5;fill:none}
.m-cxl rect{fill:#fff;stroke:#8a5300;stroke-width:1.5}.m-cxl path{stroke:#8a5300;stroke-width:1.5}
.m-open{fill:#fff;stroke:#333;stroke-width:1.5}
.d-act{fill:#1f5f99}.d-rej{fill:#fff;stroke:#a4000f;stroke-width:1.5}.d-dry{fill:#fff;stroke:#1f5f99;stroke-width:1.5}
.d-skip{stroke:#555;stroke-width:2.5}.d-fail rect{fill:#fff;stroke:#a4000f;stroke-width:1.5}.d-fail path{stroke:#a4000f;stroke-width:1.5}
.series{fill:none;stroke:#1f5f99;stroke-width:2}
.pt{fill:#1f5f99}.pt-breach{fill:#fff;stroke:#a4000f;stroke-width:2}.pt-active{fill:none;stroke:#111;stroke-width:1.5}
.threshold line{stroke:#a4000f;stroke-width:1.2;stroke-dasharray:5 4}
.reason{color:#444;font-size:.9em}
td.run{min-width:14em}th.num{text-align:right}
table.versions td,table.versions th{overflow-wrap:anywhere}table.versions{table-layout:fixed}
.muted{color:#666}
@page{size:A4;margin:14mm}
@media print{body{margin:0;max-width:none;padding:0;font-size:10pt}section.page,section.model{content-visibility:visible}.filter,nav.pages{display:none}
section.model{break-before:page;border-top:none}svg.chart,table tr,.charts>*{break-inside:avoid}
th{background:none;border-bottom:1.5px solid #000}}
`;

const SCRIPT = `
(function(){var input=document.getElementById('filter');if(!input)return;
var rows=Array.prototype.slice.call(document.querySelectorAll('tr[data-model]'));
var shown=document.getElementById('filter-count');
input.addEventListener('input',function(){var q=input.value.trim().toLowerCase();var c=0;
rows.forEach(function(r){var hit=q===''||r.getAttribute('data-model').indexOf(q)>=0||r.getAttribute('data-health')===q;
r.hidden=!hit;if(hit)c++;});if(shown)shown.textContent=q===''?'':c+' shown';});})();
`;

export function healthBadge(health: Health): string {
  return `<span class="health h-${health}"><span aria-hidden="true">${HEALTH_SHAPE[health]}</span> ${health}</span>`;
}

function anchor(name: string): string {
  return `m-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function trendText(m: ModelReport): string {
  const t = m.trend;
  if (t.direction === null) return '<span class="muted">–</span>';
  const values = t.from !== null && t.to !== null ? ` ${formatNumber(t.from)} → ${formatNumber(t.to)}` : '';
  return `<span aria-hidden="true">${TREND_ARROW[t.direction]}</span> ${esc(t.metric)} ${t.direction}${esc(values)}`;
}

function lastRunText(m: ModelReport): string {
  if (m.lastRun === null) return '<span class="muted">none</span>';
  const r = m.lastRun;
  return `v${r.version ?? '–'} ${esc(r.status)} <span class="muted">${esc(day(r.at))}</span>`;
}

function activeText(m: ModelReport): string {
  if (m.activeVersion === null) return '<span class="muted">none</span>';
  const cause = m.activeCause ? ` · ${CAUSE_LABEL[m.activeCause]}` : '';
  const since = m.activeSince ? ` <span class="muted">since ${esc(day(m.activeSince))}</span>` : '';
  return `v${m.activeVersion}${esc(cause)}${since}`;
}

function overviewRow(m: ModelReport): string {
  const name = m.details ? `<a href="#${anchor(m.name)}">${esc(m.name)}</a>` : esc(m.name);
  return `<tr data-model="${esc(m.name.toLowerCase())}" data-health="${m.health}"><td>${name}</td><td>${healthBadge(m.health)}<div class="reason">${esc(m.healthReason)}</div></td><td>${lastRunText(m)}</td><td>${activeText(m)}</td><td>${trendText(m)}</td><td>${esc(day(m.nextRetraining))}</td></tr>`;
}

const OVERVIEW_HEAD =
  '<thead><tr><th scope="col">Model</th><th scope="col">Health</th><th scope="col">Last run</th><th scope="col">Active version</th><th scope="col">Trend</th><th scope="col">Next retraining</th></tr></thead>';

function overview(data: ReportData, pageSize: number, fragment: boolean): string {
  const counts = (['failing', 'attention', 'ok', 'idle'] as Health[])
    .map((h) => `<span>${healthBadge(h)} ${data.models.filter((m) => m.health === h).length}</span>`)
    .join('');
  const pages: string[] = [];
  for (let i = 0; i < data.models.length; i += pageSize) {
    const slice = data.models.slice(i, i + pageSize);
    const label = `Models ${i + 1}–${i + slice.length} of ${data.models.length}`;
    pages.push(
      `<section class="page" id="page-${i / pageSize + 1}" aria-label="${label}">${
        data.models.length > pageSize ? `<h3>${label}</h3>` : ''
      }<table class="overview">${OVERVIEW_HEAD}<tbody>${slice.map(overviewRow).join('')}</tbody></table></section>`,
    );
  }
  const nav =
    pages.length > 1
      ? `<nav class="pages" aria-label="Overview pages">Pages: ${pages
          .map((_, i) => `<a href="#page-${i + 1}">${i + 1}</a>`)
          .join('')}</nav>`
      : '';
  const filter =
    fragment || data.models.length <= 10
      ? ''
      : '<div class="filter"><label>Filter models: <input id="filter" type="search" placeholder="name, or failing / attention / ok / idle"></label> <span id="filter-count" aria-live="polite"></span></div>';
  return `<section class="overview" aria-labelledby="overview-h"><h2 id="overview-h">Fleet overview</h2><p class="counts">${counts}</p>${filter}${nav}${
    data.models.length === 0 ? '<p>No models.</p>' : pages.join('')
  }</section>`;
}

function legend(): string {
  const icon = (inner: string) => `<svg viewBox="-9 -9 18 18" aria-hidden="true">${inner}</svg>`;
  const band = (cause: keyof typeof CAUSE_LABEL) =>
    `<svg viewBox="0 0 18 12" aria-hidden="true"><rect width="18" height="12" fill="url(#pat-${
      cause === 'AUTOPILOT_POLICY'
        ? 'autopilot'
        : cause === 'MANAGED_PROMOTION'
          ? 'managed'
          : cause === 'EXTERNAL'
            ? 'external'
            : 'training'
    })" stroke="#333"/></svg>`;
  return `<div class="legend" aria-label="Legend">${[
    `${icon(runMarker('SUCCESS', 0, 0))} run succeeded`,
    `${icon(runMarker('FAILED', 0, 0))} run failed`,
    `${icon(runMarker('CANCELED', 0, 0))} run cancelled`,
    `${icon(runMarker('IN_PROGRESS', 0, 0))} run in progress`,
    `${icon(decisionMarker('ACTIVATED', 0, 0))} activated`,
    `${icon(decisionMarker('REJECTED', 0, 0))} rejected`,
    `${icon(decisionMarker('DRY_RUN', 0, 0))} dry run`,
    `${icon(decisionMarker('SKIPPED', 0, 0))} skipped`,
    `${icon(decisionMarker('FAILED', 0, 0))} decision failed`,
    `${band('AUTOPILOT_POLICY')} active by autopilot`,
    `${band('MANAGED_PROMOTION')} by managed promotion`,
    `${band('EXTERNAL')} by a person`,
    `${band('TRAINING')} initial training`,
  ]
    .map((l) => `<span>${l}</span>`)
    .join('')}</div>`;
}

function versionsTable(m: ModelReport): string {
  const d = m.details;
  if (d === null || d.versions.length === 0) return '<p class="muted">No versions.</p>';
  const metrics = d.chartMetrics;
  const head = `<tr><th scope="col">Version</th><th scope="col">Started</th><th scope="col">Run</th>${metrics
    .map((x) => `<th scope="col" class="num">${esc(x)}</th>`)
    .join('')}<th scope="col">Promotion</th><th scope="col">Autopilot</th></tr>`;
  const rows = d.versions.map((v) => {
    const active = v.version === m.activeVersion ? ' (active)' : '';
    const failed = v.failedReason ? `<div class="reason">${esc(v.failedReason)}</div>` : '';
    const cells = metrics
      .map(
        (x) =>
          `<td class="num">${typeof v.metrics[x] === 'number' ? esc(formatNumber(v.metrics[x] as number)) : '–'}</td>`,
      )
      .join('');
    return `<tr><th scope="row">v${v.version}${active}</th><td>${esc(day(v.createdAt))}</td><td class="run">${esc(v.status)}${failed}</td>${cells}<td>${esc(v.promotionResult ?? '–')}</td><td>${esc(v.decision?.outcome ?? '–')}</td></tr>`;
  });
  return `<table class="versions"><caption class="muted">Versions (the data behind the charts)</caption><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The newest decisions show their checks; older ones a line each. */
const DECISIONS_WITH_CHECKS = 5;
const DECISIONS_LISTED = 20;

function decisionsList(m: ModelReport): string {
  const d = m.details;
  if (d === null || d.decisions.length === 0) return '<p class="muted">No autopilot decisions recorded.</p>';
  const shown = d.decisions.slice(-DECISIONS_LISTED);
  const items = shown.map((x, i) => {
    if (i < shown.length - DECISIONS_WITH_CHECKS) {
      const passed = x.checks.filter((c) => c.passed).length;
      return `<li><strong>v${x.version} ${esc(x.outcome)}</strong> <span class="muted">${esc(day(x.decidedAt))} · policy ${esc(x.policyLabel)} · ${passed} of ${x.checks.length} checks passed</span></li>`;
    }
    const rows = checkRows(x.checks)
      .map(
        ([metric, rule, threshold, actual, ok]) =>
          `<tr><td>${esc(metric ?? '')}</td><td>${esc(rule ?? '')}</td><td class="num">${esc(threshold ?? '')}</td><td class="num">${esc(actual ?? '')}</td><td>${ok === '✓' ? '✓ pass' : '✗ fail'}</td></tr>`,
      )
      .join('');
    const checks =
      x.checks.length === 0
        ? ''
        : `<table class="checks"><thead><tr><th scope="col">Metric</th><th scope="col">Rule</th><th scope="col" class="num">Threshold</th><th scope="col" class="num">Actual</th><th scope="col">Result</th></tr></thead><tbody>${rows}</tbody></table>`;
    return `<li><strong>v${x.version} ${esc(x.outcome)}</strong> <span class="muted">${esc(day(x.decidedAt))} · policy ${esc(x.policyLabel)}</span><div class="reason">${esc(x.reasons.join(' '))}</div>${checks}</li>`;
  });
  const more =
    d.decisions.length > shown.length
      ? `<p class="muted">${d.decisions.length - shown.length} older decisions not shown.</p>`
      : '';
  return `${more}<ul class="decisions">${items.join('')}</ul>`;
}

function modelSection(m: ModelReport, data: ReportData, index: number): string {
  const d = m.details;
  if (d === null) return '';
  const policy = d.policy;
  const thresholds =
    policy && policy.thresholds.length > 0
      ? policy.thresholds
          .map(
            (t) =>
              `${t.metric}${t.min !== null ? ` ≥ ${formatNumber(t.min)}` : ''}${t.max !== null ? ` ≤ ${formatNumber(t.max)}` : ''}`,
          )
          .join(', ')
      : 'none';
  const active = d.activations.at(-1);
  const facts: Array<[string, string]> = [
    ['Health', `${healthBadge(m.health)} — ${esc(m.healthReason)}`],
    ['Status', esc(m.status)],
    [
      'Scheduler',
      `${esc(m.schedulerStatus ?? 'none')}${m.promoteMode ? ` · ${esc(m.promoteMode)}` : ''}${d.frequency ? ` · every ${esc(d.frequency)}` : ''}${d.lookbackWindow ? ` · lookback ${esc(d.lookbackWindow)}` : ''}`,
    ],
    [
      'Active version',
      m.activeVersion === null
        ? 'none'
        : `v${m.activeVersion}${active && active.version === m.activeVersion ? `, activated by ${esc(active.by)} on ${esc(day(active.from))}` : ''}`,
    ],
    [
      'Last run',
      m.lastRun
        ? `${lastRunText(m)}${m.lastRun.failedReason ? ` — ${esc(m.lastRun.failedReason)}` : ''}`
        : 'none',
    ],
    ['Next retraining', esc(m.nextRetraining ? day(m.nextRetraining) : 'none scheduled')],
    [
      'Policy',
      policy
        ? `${esc(policy.label)} · ${esc(policy.mode ?? '–')} · thresholds: ${esc(thresholds)}${policy.invalid ? ` — <strong>invalid:</strong> ${esc(policy.invalid.join('; '))}` : ''}`
        : 'none found',
    ],
    ['Trend', trendText(m)],
  ];
  const charts = d.chartMetrics.map((metric, i) => metricSvg(m, metric, `c${index}-${i}`)).join('');
  const notes = d.notes.length > 0 ? `<p class="muted">${d.notes.map(esc).join(' ')}</p>` : '';
  return `<section class="model" id="${anchor(m.name)}" aria-labelledby="${anchor(m.name)}-h"><h2 id="${anchor(m.name)}-h">${esc(m.name)} ${healthBadge(m.health)}</h2><dl class="facts">${facts
    .map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`)
    .join('')}</dl>${notes}<h3>Version timeline</h3>${timelineSvg(m, data.generatedAt, `t${index}`)}${
    charts
      ? `<h3>Policy metrics across versions</h3><div class="charts">${charts}</div>`
      : '<p class="muted">No metrics to chart.</p>'
  }<h3>Versions</h3>${versionsTable(m)}<h3>Decisions</h3>${decisionsList(m)}</section>`;
}

/** The report page. Never throws on any data the builder produces. */
export function renderReportHtml(data: ReportData, options: HtmlOptions = {}): string {
  const pageSize = Math.max(1, options.pageSize ?? 100);
  const fragment = options.fragment === true;
  const notes = data.notes.length > 0 ? `<p class="muted">${data.notes.map(esc).join(' ')}</p>` : '';
  const header = `<header><h1>${esc(data.title)}</h1><p class="meta">${esc(data.source)} · generated ${esc(
    data.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
  )} · ${data.modelCount} model${data.modelCount === 1 ? '' : 's'}</p>${notes}</header>`;
  const sections = data.models.map((m, i) => modelSection(m, data, i)).join('');
  const key =
    sections === ''
      ? ''
      : `<section class="key" aria-labelledby="key-h"><h2 id="key-h">How to read the charts</h2>${legend()}</section>`;
  const body = `${svgDefinitions()}${header}<main>${overview(data, pageSize, fragment)}${key}${sections}</main>`;
  if (fragment) return `<style>${STYLE.replace(/body\{[^}]*\}/, '')}</style>${body}`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"><title>${esc(
    data.title,
  )}</title><style>${STYLE}</style></head><body>${body}<script>${SCRIPT}</script></body></html>`;
}
