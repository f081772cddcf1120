// How a model reads at a glance: its health (failing, attention, ok, idle) with the reason, the trend
// of the policy's metric, and the order of the overview (worst first).
import type { ModelSummary } from '../core/model.js';
import type { Health, ModelReport, Threshold, TrendDirection, VersionPoint } from './model.js';
import { HEALTH_ORDER } from './model.js';

/** A change smaller than this reads as flat: metric noise, not a trend. */
const FLAT_BELOW = 0.005;

export interface Trend {
  metric: string;
  direction: TrendDirection | null;
  from: number | null;
  to: number | null;
}

/**
 * The metric a trend is read on: the first the policy wants high (a `min` rule), else recall. A
 * metric wanted low (`max`, e.g. unknownEvents) would turn "down" into good news.
 */
export function trendMetricOf(thresholds: readonly Threshold[], chartMetrics: readonly string[]): string {
  const wantedHigh = thresholds.find((t) => t.min !== null && t.metric !== 'availableDataInDays');
  if (wantedHigh) return wantedHigh.metric;
  return chartMetrics.includes('recall')
    ? 'recall'
    : (chartMetrics.find((m) => m !== 'unknownEvents') ?? 'recall');
}

export function trendOf(metric: string, versions: readonly VersionPoint[]): Trend {
  const values = versions
    .filter((v) => v.status === 'SUCCESS' && typeof v.metrics[metric] === 'number')
    .map((v) => v.metrics[metric] as number);
  const to = values.at(-1) ?? null;
  const from = values.at(-2) ?? null;
  if (to === null || from === null) return { metric, direction: null, from, to };
  const delta = to - from;
  const direction: TrendDirection = Math.abs(delta) < FLAT_BELOW ? 'flat' : delta > 0 ? 'up' : 'down';
  return { metric, direction, from, to };
}

const FAILED_RUN = new Set(['FAILED']);
const ATTENTION_RUN = new Set(['CANCELED']);

/** Health from what a summary alone tells, refined with details when there are some. */
export function healthOf(
  summary: ModelSummary,
  extra: { lastDecision?: string | null; trend?: TrendDirection | null; policyInvalid?: boolean } = {},
): { health: Health; reason: string } {
  const run = summary.latestRunStatus;
  if (run && FAILED_RUN.has(run)) return { health: 'failing', reason: `latest retraining run ${run}` };
  if (extra.lastDecision === 'FAILED')
    return { health: 'failing', reason: 'latest autopilot decision FAILED' };
  if (extra.policyInvalid) return { health: 'failing', reason: 'the policy does not validate' };
  if (summary.schedulerStatus === null) return { health: 'idle', reason: 'no retraining scheduler' };
  if (summary.schedulerStatus === 'STOPPED' || summary.schedulerStatus === 'STOPPING') {
    return { health: 'attention', reason: `retraining scheduler ${summary.schedulerStatus}` };
  }
  if (run && ATTENTION_RUN.has(run)) return { health: 'attention', reason: `latest retraining run ${run}` };
  if (extra.lastDecision === 'REJECTED') {
    return { health: 'attention', reason: 'latest version rejected by the policy' };
  }
  if (extra.trend === 'down') return { health: 'attention', reason: 'the policy metric went down' };
  return { health: 'ok', reason: 'retraining runs and versions as expected' };
}

/** Worst first, then by name (code-unit order, the same on every machine). */
export function compareModels(a: ModelReport, b: ModelReport): number {
  const h = HEALTH_ORDER.indexOf(a.health) - HEALTH_ORDER.indexOf(b.health);
  if (h !== 0) return h;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
