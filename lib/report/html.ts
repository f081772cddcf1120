// The report as one self-contained HTML page: a fleet overview first, then a section per model with
// its version timeline, metric charts, versions table and decisions. Pure: data in, a string out; no
// network, no external assets (styles, script and SVG are inline), readable without colour, A4 print.

import { modelSection } from './html-model.js';
import { overview } from './html-overview.js';
import type { ReportData } from './model.js';
import { type CAUSE_LABEL, decisionMarker, esc, runMarker, svgDefinitions } from './svg.js';

export interface HtmlOptions {
  /** Rows per page of the overview; a page is a table of its own, so 1,500 models stay quick. */
  pageSize?: number;
  /** A fragment for a CloudWatch custom widget: no document wrapper, no script. */
  fragment?: boolean;
}

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
