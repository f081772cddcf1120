// Builds the report's data from what the provider and the decision log hold. Pure: no SDK, no clock
// (the caller passes `now`), so the same inputs always give the same report.
import type { ActivationDecisionDetail } from '../core/events.js';
import { parseModelMetrics } from '../core/metrics.js';
import {
  type ModelDetail,
  type ModelSummary,
  RETRAINING_SOURCE,
  type SchedulerDetail,
  type VersionDetail,
} from '../core/model.js';
import type { Policy } from '../core/policy.js';
import type {
  ActivationCause,
  ActivationSpan,
  DecisionView,
  Health,
  ModelDetails,
  ModelReport,
  PolicyView,
  Threshold,
  TrendDirection,
  VersionPoint,
} from './model.js';
import { HEALTH_ORDER } from './model.js';

/** A recorded decision, as the decision log keeps it. */
export interface DecisionInput {
  modelVersion: number;
  decidedAt: string;
  detail: Pick<ActivationDecisionDetail, 'outcome' | 'reasons' | 'checks' | 'policy'>;
}

export interface PolicyInput {
  label: string;
  mode: string | null;
  policy: Policy | null;
  errors: string[] | null;
}

export interface ModelInput {
  summary: ModelSummary;
  detail: ModelDetail | null;
  scheduler: SchedulerDetail | null;
  versions: VersionDetail[];
  /** Newest first, as the log lists them; null when the log could not be read. */
  decisions: DecisionInput[] | null;
  policy: PolicyInput | null;
  notes: string[];
}

/** A change smaller than this reads as flat: metric noise, not a trend. */
const FLAT_BELOW = 0.005;
const DEFAULT_CHART_METRICS = ['recall', 'precision'];
const MAX_CHARTS = 6;

function time(value: string | null | undefined): number {
  if (!value) return Number.NaN;
  return Date.parse(value);
}

export function thresholdsOf(policy: Policy | null): Threshold[] {
  if (policy === null) return [];
  const byMetric = new Map<string, Threshold>();
  for (const rule of policy.rules) {
    if (rule.min === undefined && rule.max === undefined) continue;
    const t = byMetric.get(rule.metric) ?? { metric: rule.metric, min: null, max: null };
    if (rule.min !== undefined) t.min = t.min === null ? rule.min : Math.max(t.min, rule.min);
    if (rule.max !== undefined) t.max = t.max === null ? rule.max : Math.min(t.max, rule.max);
    byMetric.set(rule.metric, t);
  }
  return [...byMetric.values()];
}

function chartMetricsOf(policy: Policy | null, versions: readonly VersionPoint[]): string[] {
  const wanted = [...(policy?.rules.map((r) => r.metric) ?? []), ...DEFAULT_CHART_METRICS];
  const present = new Set(versions.flatMap((v) => Object.keys(v.metrics)));
  return [...new Set(wanted)].filter((m) => present.has(m)).slice(0, MAX_CHARTS);
}

function toPoint(v: VersionDetail, decision: DecisionInput | undefined): VersionPoint {
  const metrics: Record<string, number> = { ...parseModelMetrics(v.metricsJson).metrics };
  if (v.availableDataInDays !== null) metrics.availableDataInDays = v.availableDataInDays;
  return {
    version: v.version,
    createdAt: v.trainingStartTime ?? v.createdAt,
    endedAt: v.updatedAt,
    status: v.status,
    sourceType: v.sourceType,
    failedReason: v.failedReason,
    modelQuality: v.modelQuality,
    metrics,
    promotionResult: v.autoPromotionResult,
    promotionReason: v.autoPromotionResultReason,
    decision: decision ? { outcome: decision.detail.outcome, decidedAt: decision.decidedAt } : null,
  };
}

function decisionView(d: DecisionInput, policyLabel: (name: string | null, v: number | null) => string) {
  return {
    version: d.modelVersion,
    decidedAt: d.decidedAt,
    outcome: d.detail.outcome,
    reasons: [...d.detail.reasons],
    checks: [...d.detail.checks],
    policyLabel: policyLabel(d.detail.policy.parameterName, d.detail.policy.version),
  } satisfies DecisionView;
}

interface Activation {
  version: number;
  at: string;
  cause: ActivationCause;
  by: string;
}

const CAUSE_TEXT: Record<ActivationCause, string> = {
  MANAGED_PROMOTION: 'L4E managed promotion',
  AUTOPILOT_POLICY: 'autopilot policy',
  EXTERNAL: 'a person or another tool (console, API, CLI)',
  TRAINING: 'initial training',
};

/**
 * Which versions served when, and who made them active. Known activations come from autopilot's
 * decision log (ACTIVATED), L4E's promotion results (MODEL_PROMOTED) and the model's own record
 * of its current and previous activation; an activation the first two do not explain was a person's.
 */
export function activationSpans(
  detail: ModelDetail | null,
  versions: readonly VersionPoint[],
  decisions: readonly DecisionView[],
): ActivationSpan[] {
  const known: Activation[] = [];
  for (const d of decisions) {
    if (d.outcome !== 'ACTIVATED') continue;
    const passed = d.checks.filter((c) => c.passed).length;
    known.push({
      version: d.version,
      at: d.decidedAt,
      cause: 'AUTOPILOT_POLICY',
      by: `${CAUSE_TEXT.AUTOPILOT_POLICY} ${d.policyLabel} (${passed} of ${d.checks.length} checks passed)`,
    });
  }
  for (const v of versions) {
    const at = v.endedAt ?? v.createdAt;
    if (v.promotionResult === 'MODEL_PROMOTED' && at) {
      known.push({ version: v.version, at, cause: 'MANAGED_PROMOTION', by: CAUSE_TEXT.MANAGED_PROMOTION });
    }
  }
  const recorded: Array<{ version: number | null; at: string | null }> = detail
    ? [
        { version: detail.previousActiveVersion, at: detail.previousActivatedAt },
        { version: detail.activeVersion, at: detail.activatedAt },
      ]
    : [];
  for (const r of recorded) {
    if (r.version === null || !r.at) continue;
    const at = time(r.at);
    // The same activation as a known one when no other version was activated in between.
    const explained = known.find(
      (k) =>
        k.version === r.version &&
        time(k.at) <= at + 60_000 &&
        !known.some((o) => o.version !== r.version && time(o.at) > time(k.at) && time(o.at) < at),
    );
    if (explained) continue;
    const version = versions.find((v) => v.version === r.version);
    const trained = version !== undefined && version.sourceType !== RETRAINING_SOURCE;
    const cause: ActivationCause = trained && r.version === versions[0]?.version ? 'TRAINING' : 'EXTERNAL';
    known.push({ version: r.version, at: r.at, cause, by: CAUSE_TEXT[cause] });
  }
  // Before any known activation, the first trained version served from when it was created.
  const first = versions.find((v) => v.status === 'SUCCESS');
  const earliest = Math.min(...known.map((k) => time(k.at)));
  if (first?.createdAt && (known.length === 0 || time(first.createdAt) < earliest)) {
    const servedFirst = known.length > 0 || detail?.activeVersion === first.version;
    if (
      servedFirst &&
      !known.some((k) => k.version === first.version && time(k.at) <= time(first.createdAt))
    ) {
      known.push({
        version: first.version,
        at: first.endedAt ?? first.createdAt,
        cause: 'TRAINING',
        by: CAUSE_TEXT.TRAINING,
      });
    }
  }
  known.sort((a, b) => time(a.at) - time(b.at) || a.version - b.version);
  const spans: ActivationSpan[] = [];
  for (const a of known) {
    const last = spans.at(-1);
    if (last && last.version === a.version) continue;
    if (last) last.to = a.at;
    spans.push({ version: a.version, from: a.at, to: null, cause: a.cause, by: a.by });
  }
  return spans;
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

export function trendOf(
  metric: string,
  versions: readonly VersionPoint[],
): { metric: string; direction: TrendDirection | null; from: number | null; to: number | null } {
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

export function summaryReport(summary: ModelSummary): ModelReport {
  const { health, reason } = healthOf(summary);
  return {
    name: summary.name,
    status: summary.status,
    health,
    healthReason: reason,
    promoteMode: null,
    schedulerStatus: summary.schedulerStatus,
    activeVersion: summary.activeVersion,
    activeSince: null,
    activeCause: null,
    lastRun: summary.latestRunStatus
      ? {
          version: summary.latestRunVersion,
          status: summary.latestRunStatus,
          at: summary.latestRunStartTime,
          failedReason: null,
        }
      : null,
    nextRetraining: summary.nextRetrainingDate,
    trend: { metric: 'recall', direction: null, from: null, to: null },
    details: null,
  };
}

export function modelReport(
  input: ModelInput,
  policyLabel: (name: string | null, v: number | null) => string,
): ModelReport {
  const { summary, detail, scheduler } = input;
  const newestFirst = input.decisions ?? [];
  const latestByVersion = new Map<number, DecisionInput>();
  for (const d of newestFirst)
    if (!latestByVersion.has(d.modelVersion)) latestByVersion.set(d.modelVersion, d);
  const versions = [...input.versions]
    .sort((a, b) => a.version - b.version)
    .map((v) => toPoint(v, latestByVersion.get(v.version)));
  const decisions = [...newestFirst].reverse().map((d) => decisionView(d, policyLabel));
  const policy: PolicyView | null = input.policy
    ? {
        label: input.policy.label,
        mode: input.policy.policy?.mode ?? input.policy.mode,
        thresholds: thresholdsOf(input.policy.policy),
        invalid: input.policy.errors,
      }
    : null;
  const chartMetrics = chartMetricsOf(input.policy?.policy ?? null, versions);
  const trend = trendOf(trendMetricOf(policy?.thresholds ?? [], chartMetrics), versions);
  const activations = activationSpans(detail, versions, decisions);
  const lastDecision = decisions.at(-1)?.outcome ?? null;
  const { health, reason } = healthOf(summary, {
    lastDecision,
    trend: trend.direction,
    policyInvalid: policy?.invalid != null,
  });
  const latest = versions.find((v) => v.version === summary.latestRunVersion);
  const current = activations.at(-1);
  return {
    ...summaryReport(summary),
    health,
    healthReason: reason,
    promoteMode: scheduler?.promoteMode ?? null,
    schedulerStatus: scheduler?.status ?? summary.schedulerStatus,
    activeSince: detail?.activatedAt ?? null,
    activeCause:
      current && current.to === null && current.version === summary.activeVersion ? current.cause : null,
    lastRun: summary.latestRunStatus
      ? {
          version: summary.latestRunVersion,
          status: summary.latestRunStatus,
          at: summary.latestRunStartTime,
          failedReason: detail?.latestRunFailedReason ?? latest?.failedReason ?? null,
        }
      : null,
    trend,
    details: {
      frequency: scheduler?.frequency ?? null,
      lookbackWindow: scheduler?.lookbackWindow ?? null,
      policy,
      chartMetrics,
      versions,
      activations,
      decisions,
      notes: input.notes,
    },
  };
}
