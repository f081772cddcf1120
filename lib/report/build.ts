// Builds the report's data from what the provider and the decision log hold. Pure: no SDK, no clock
// (the caller passes `now`), so the same inputs always give the same report.
import type { ActivationDecisionDetail } from '../core/events.js';
import { parseModelMetrics } from '../core/metrics.js';
import type { ModelDetail, ModelSummary, RetrainingSchedule, VersionDetail } from '../core/model.js';
import type { Policy, PolicyRule } from '../core/policy.js';
import { activationSpans } from './activations.js';
import { healthOf, trendMetricOf, trendOf } from './health.js';
import type {
  ActivationSpan,
  DecisionView,
  ModelReport,
  PolicyView,
  RunView,
  Threshold,
  VersionPoint,
} from './model.js';

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
  scheduler: RetrainingSchedule | null;
  versions: VersionDetail[];
  /** Newest first, as the log lists them; null when the log could not be read. */
  decisions: DecisionInput[] | null;
  policy: PolicyInput | null;
  notes: string[];
}

const DEFAULT_CHART_METRICS = ['recall', 'precision'];
const MAX_CHARTS = 6;

/** A rule's bound tightens the metric's threshold: the highest min and the lowest max win. */
function tighten(t: Threshold, rule: PolicyRule): Threshold {
  const min = rule.min === undefined ? t.min : Math.max(t.min ?? rule.min, rule.min);
  const max = rule.max === undefined ? t.max : Math.min(t.max ?? rule.max, rule.max);
  return { metric: t.metric, min, max };
}

export function thresholdsOf(policy: Policy | null): Threshold[] {
  if (policy === null) return [];
  const byMetric = new Map<string, Threshold>();
  for (const rule of policy.rules) {
    if (rule.min === undefined && rule.max === undefined) continue;
    const t = byMetric.get(rule.metric) ?? { metric: rule.metric, min: null, max: null };
    byMetric.set(rule.metric, tighten(t, rule));
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

function lastRunOf(summary: ModelSummary, failedReason: string | null): RunView | null {
  if (!summary.latestRunStatus) return null;
  return {
    version: summary.latestRunVersion,
    status: summary.latestRunStatus,
    at: summary.latestRunStartTime,
    failedReason,
  };
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
    lastRun: lastRunOf(summary, null),
    nextRetraining: summary.nextRetrainingDate,
    trend: { metric: 'recall', direction: null, from: null, to: null },
    details: null,
  };
}

function policyViewOf(input: PolicyInput | null): PolicyView | null {
  if (input === null) return null;
  return {
    label: input.label,
    mode: input.policy?.mode ?? input.mode,
    thresholds: thresholdsOf(input.policy),
    invalid: input.errors,
  };
}

/** The versions drawn, oldest first, each with the latest decision recorded for it. */
function versionPoints(input: ModelInput): VersionPoint[] {
  const latestByVersion = new Map<number, DecisionInput>();
  for (const d of input.decisions ?? []) {
    if (!latestByVersion.has(d.modelVersion)) latestByVersion.set(d.modelVersion, d);
  }
  return [...input.versions]
    .sort((a, b) => a.version - b.version)
    .map((v) => toPoint(v, latestByVersion.get(v.version)));
}

/** Who made the active version active, when the newest band is the live one. */
function activeCauseOf(activations: readonly ActivationSpan[], activeVersion: number | null) {
  const current = activations.at(-1);
  return current && current.to === null && current.version === activeVersion ? current.cause : null;
}

export function modelReport(
  input: ModelInput,
  policyLabel: (name: string | null, v: number | null) => string,
): ModelReport {
  const { summary, detail, scheduler } = input;
  const versions = versionPoints(input);
  const decisions = [...(input.decisions ?? [])].reverse().map((d) => decisionView(d, policyLabel));
  const policy = policyViewOf(input.policy);
  const chartMetrics = chartMetricsOf(input.policy?.policy ?? null, versions);
  const trend = trendOf(trendMetricOf(policy?.thresholds ?? [], chartMetrics), versions);
  const activations = activationSpans(detail, versions, decisions);
  const { health, reason } = healthOf(summary, {
    lastDecision: decisions.at(-1)?.outcome ?? null,
    trend: trend.direction,
    policyInvalid: policy?.invalid != null,
  });
  const latest = versions.find((v) => v.version === summary.latestRunVersion);
  return {
    ...summaryReport(summary),
    health,
    healthReason: reason,
    promoteMode: scheduler?.promoteMode ?? null,
    schedulerStatus: scheduler?.status ?? summary.schedulerStatus,
    activeSince: detail?.activatedAt ?? null,
    activeCause: activeCauseOf(activations, summary.activeVersion),
    lastRun: lastRunOf(summary, detail?.latestRunFailedReason ?? latest?.failedReason ?? null),
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
