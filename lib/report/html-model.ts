// One model's section of the report: its facts, version timeline, metric charts, versions table and
// decisions with their checks.
import { checkRows } from '../core/messages/content/tables.js';
import { formatNumber } from '../core/messages/format.js';
import { anchor, healthBadge, lastRunText, trendText } from './html-overview.js';
import type { ModelDetails, ModelReport, PolicyView, ReportData, Threshold } from './model.js';
import { day, esc } from './svg.js';
import { metricSvg } from './svg-metric.js';
import { timelineSvg } from './svg-timeline.js';

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

function thresholdText(t: Threshold): string {
  const min = t.min === null ? '' : ` ≥ ${formatNumber(t.min)}`;
  const max = t.max === null ? '' : ` ≤ ${formatNumber(t.max)}`;
  return `${t.metric}${min}${max}`;
}

function schedulerFact(m: ModelReport, d: ModelDetails): string {
  const parts = [esc(m.schedulerStatus ?? 'none')];
  if (m.promoteMode) parts.push(esc(m.promoteMode));
  if (d.frequency) parts.push(`every ${esc(d.frequency)}`);
  if (d.lookbackWindow) parts.push(`lookback ${esc(d.lookbackWindow)}`);
  return parts.join(' · ');
}

function activeFact(m: ModelReport, d: ModelDetails): string {
  if (m.activeVersion === null) return 'none';
  const active = d.activations.at(-1);
  const by =
    active && active.version === m.activeVersion
      ? `, activated by ${esc(active.by)} on ${esc(day(active.from))}`
      : '';
  return `v${m.activeVersion}${by}`;
}

function lastRunFact(m: ModelReport): string {
  if (!m.lastRun) return 'none';
  const reason = m.lastRun.failedReason;
  return `${lastRunText(m)}${reason ? ` — ${esc(reason)}` : ''}`;
}

function policyFact(policy: PolicyView | null): string {
  if (!policy) return 'none found';
  const thresholds = policy.thresholds.length > 0 ? policy.thresholds.map(thresholdText).join(', ') : 'none';
  const invalid = policy.invalid ? ` — <strong>invalid:</strong> ${esc(policy.invalid.join('; '))}` : '';
  return `${esc(policy.label)} · ${esc(policy.mode ?? '–')} · thresholds: ${esc(thresholds)}${invalid}`;
}

export function modelSection(m: ModelReport, data: ReportData, index: number): string {
  const d = m.details;
  if (d === null) return '';
  const facts: Array<[string, string]> = [
    ['Health', `${healthBadge(m.health)} — ${esc(m.healthReason)}`],
    ['Status', esc(m.status)],
    ['Scheduler', schedulerFact(m, d)],
    ['Active version', activeFact(m, d)],
    ['Last run', lastRunFact(m)],
    ['Next retraining', esc(m.nextRetraining ? day(m.nextRetraining) : 'none scheduled')],
    ['Policy', policyFact(d.policy)],
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
