// The fleet overview of the report: one row per model (health, last run, active version, trend, next
// retraining), paged so that 1,500 models stay quick, with a filter box on the full page.
import { formatNumber } from '../core/messages/format.js';
import type { Health, ModelReport, ReportData } from './model.js';
import { CAUSE_LABEL, day, esc } from './svg.js';

export const HEALTH_SHAPE: Record<Health, string> = { failing: '■', attention: '▲', ok: '●', idle: '○' };
const TREND_ARROW = { up: '↑', down: '↓', flat: '→' } as const;

export function healthBadge(health: Health): string {
  return `<span class="health h-${health}"><span aria-hidden="true">${HEALTH_SHAPE[health]}</span> ${health}</span>`;
}

export function anchor(name: string): string {
  return `m-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function trendText(m: ModelReport): string {
  const t = m.trend;
  if (t.direction === null) return '<span class="muted">–</span>';
  const values = t.from !== null && t.to !== null ? ` ${formatNumber(t.from)} → ${formatNumber(t.to)}` : '';
  return `<span aria-hidden="true">${TREND_ARROW[t.direction]}</span> ${esc(t.metric)} ${t.direction}${esc(values)}`;
}

export function lastRunText(m: ModelReport): string {
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

export function overview(data: ReportData, pageSize: number, fragment: boolean): string {
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
