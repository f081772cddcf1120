// The two tables an alert may hold, laid out once for every channel: the key metrics of a version
// against the prior model's, and the policy's checks.
import type { Check } from '../../events.js';
import type { MetricName, NormalizedMetrics } from '../../metrics.js';
import { type Column, formatNumber, formatSigned, formatTable } from '../format.js';
import type { CheckRow, ChecksTable, MetricRow, MetricsTable } from './types.js';
import { entryOf, NO_VALUE } from './wording.js';

/** Tables stay this narrow so they read unwrapped in Slack, in email and in an 80-column terminal. */
export const TABLE_WIDTH = 76;

/** The metrics an alert shows; the rest stay in the event for machines. */
export const KEY_METRICS: readonly MetricName[] = [
  'precision',
  'recall',
  'auc',
  'labeledEventRecall',
  'unknownEvents',
  'availableDataInDays',
];

/** Compact rule marks keep the table within 80 columns; the legend sits in the table's title. */
export const RULE_MARKS: Readonly<Record<string, string>> = {
  min: '≥',
  max: '≤',
  minDeltaVsPrior: 'Δ≥',
  maxDeltaVsPrior: 'Δ≤',
  modelQuality: 'in',
};
export const CHECKS_LEGEND = 'Δ = change vs prior';

const CHECK_COLUMNS: readonly Column[] = [
  { header: 'metric', minWidth: 12 },
  { header: 'rule', minWidth: 4 },
  { header: 'threshold', align: 'right', minWidth: 6 },
  { header: 'actual', align: 'right', minWidth: 6 },
  { header: 'ok', minWidth: 2 },
];

const METRIC_COLUMNS: readonly Column[] = [
  { header: 'metric', minWidth: 8 },
  { header: 'this version', align: 'right' },
  { header: 'prior', align: 'right' },
  { header: 'change', align: 'right' },
];

function change(now: number | null, before: number | null): string {
  if (now === null || before === null) return NO_VALUE;
  const delta = now - before;
  const shown = formatSigned(delta);
  return shown === '0' ? '= 0' : `${delta > 0 ? '↑' : '↓'} ${shown}`;
}

/** The key metrics either version reported, with the change between them. */
export function metricRows(current: NormalizedMetrics, prior: NormalizedMetrics): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const metric of KEY_METRICS) {
    const now = current[metric] ?? null;
    const before = prior[metric] ?? null;
    if (now === null && before === null) continue;
    rows.push({
      metric,
      current: now === null ? NO_VALUE : formatNumber(now),
      prior: before === null ? NO_VALUE : formatNumber(before),
      change: change(now, before),
    });
  }
  return rows;
}

export function metricsTable(rows: MetricRow[]): MetricsTable {
  const cells = rows.map((r) => [r.metric, r.current, r.prior, r.change]);
  const [names = '', rule = '', ...lines] = formatTable(METRIC_COLUMNS, cells, TABLE_WIDTH);
  return { rows, header: [names, rule], lines };
}

function cell(value: Check['threshold'] | Check['actual'], signed: boolean): string {
  if (value === null) return 'absent';
  if (typeof value === 'number') return signed ? formatSigned(value) : formatNumber(value);
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

function ruleMark(check: Check): string {
  return entryOf(RULE_MARKS, check.rule) ?? check.rule;
}

/** Cells of the checks table: metric | rule | threshold | actual | ✓/✗. Delta rules show signed numbers. */
export function checkRows(checks: readonly Check[]): string[][] {
  return checks.map((c) => {
    const delta = c.rule === 'minDeltaVsPrior' || c.rule === 'maxDeltaVsPrior';
    return [c.metric, ruleMark(c), cell(c.threshold, delta), cell(c.actual, delta), c.passed ? '✓' : '✗'];
  });
}

function footnoteOf(check: Check): string | null {
  if (check.passed || typeof check.note !== 'string' || check.note === '') return null;
  return `✗ ${check.metric} ${ruleMark(check)}: ${check.note}`;
}

/** The checks as a table no wider than `TABLE_WIDTH`; null when the decision made none. */
export function checksTable(checks: readonly Check[]): ChecksTable | null {
  if (checks.length === 0) return null;
  const cells = checkRows(checks);
  const [names = '', rule = '', ...lines] = formatTable(CHECK_COLUMNS, cells, TABLE_WIDTH);
  const rows = checks.map((check, i): CheckRow => {
    const [metric = '', mark = '', threshold = '', actual = ''] = cells[i] ?? [];
    const footnote = footnoteOf(check);
    return { metric, rule: mark, threshold, actual, passed: check.passed, line: lines[i] ?? '', footnote };
  });
  return {
    passed: rows.filter((r) => r.passed).length,
    total: rows.length,
    legend: CHECKS_LEGEND,
    header: [names, rule],
    rows,
    failedFirst: [...rows.filter((r) => !r.passed), ...rows.filter((r) => r.passed)],
  };
}
