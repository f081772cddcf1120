// Synthetic model metrics in the JSON layout L4E reports in ModelMetrics / PriorModelMetrics, plus the
// scoring rule MANAGED promotion and ModelQuality use. Everything is a pure function of its inputs and a
// seed key, so a version renders the same document on every call.

import { noise } from './random.js';

export interface BaseMetrics {
  precision?: number;
  recall?: number;
  auc?: number;
  meanFractionalLeadTime?: number;
  labeledEvents?: number;
  meanWarningHours?: number;
  unknownEvents?: number;
  unknownEventHours?: number;
}

export interface MetricOverrides extends BaseMetrics {
  labeledEventsIdentified?: number;
}

export type TrajectoryKind = 'improving' | 'regressing' | 'stable' | 'noisy';
export interface Trajectory {
  kind: TrajectoryKind;
  step: number;
}

/** The numbers behind one metrics document. Labeled-only values are absent for unlabeled models. */
export interface MetricValues {
  labeled: boolean;
  precision?: number;
  recall?: number;
  auc?: number;
  meanFractionalLeadTime?: number;
  labeledEvents?: number;
  labeledEventsIdentified?: number;
  meanWarningHours?: number;
  unknownEvents: number;
  unknownEventHours: number;
}

export type ModelQuality = 'QUALITY_THRESHOLD_MET' | 'CANNOT_DETERMINE_QUALITY' | 'POOR_QUALITY_DETECTED';

export const DEFAULT_BASE_METRICS: Required<BaseMetrics> = {
  precision: 0.8,
  recall: 0.85,
  auc: 0.9,
  meanFractionalLeadTime: 0.6,
  labeledEvents: 12,
  meanWarningHours: 18,
  unknownEvents: 6,
  unknownEventHours: 14,
};

/** Counts are capped so a rendered document stays well inside the service's 50,000-character limit. */
export const MAX_EVENTS = 150;

const round4 = (value: number): number => Math.round(value * 10_000) / 10_000;
const ratio = (value: number): number => round4(Math.min(1, Math.max(0, value)));
const count = (value: number): number => Math.min(MAX_EVENTS, Math.max(0, Math.round(value)));
const hours = (value: number): number => Math.round(Math.max(0, value) * 100) / 100;

/** The shift a trajectory applies to ratio metrics on retraining run `runIndex` (1-based). */
export function trajectoryShift(trajectory: Trajectory, runIndex: number, seedKey: string): number {
  switch (trajectory.kind) {
    case 'improving':
      return trajectory.step * runIndex;
    case 'regressing':
      return -trajectory.step * runIndex;
    case 'stable':
      return 0;
    case 'noisy':
      return trajectory.step * (2 * noise(seedKey, 'trajectory', runIndex) - 1);
  }
}

function withLabeledCounts(values: MetricValues, identifiedOverride?: number): MetricValues {
  if (!values.labeled) return values;
  const labeledEvents = values.labeledEvents ?? 0;
  const identified = identifiedOverride ?? Math.round((values.recall ?? 0) * labeledEvents);
  return { ...values, labeledEventsIdentified: Math.min(labeledEvents, count(identified)) };
}

/** Metrics of version trained on run `runIndex` (0 = initial training) of a model. */
export function generateMetrics(options: {
  base: BaseMetrics;
  labeled: boolean;
  trajectory: Trajectory;
  runIndex: number;
  seedKey: string;
  overrides?: MetricOverrides;
}): MetricValues {
  const base = { ...DEFAULT_BASE_METRICS, ...options.base, ...(options.overrides ?? {}) };
  const overridden = options.overrides ?? {};
  const shift =
    options.runIndex === 0 ? 0 : trajectoryShift(options.trajectory, options.runIndex, options.seedKey);
  const shifted = (key: keyof BaseMetrics): number =>
    overridden[key] !== undefined ? (base[key] as number) : (base[key] as number) + shift;
  const unknownScale = overridden.unknownEvents !== undefined ? 1 : Math.max(0, 1 - 2 * shift);
  const values: MetricValues = {
    labeled: options.labeled,
    unknownEvents: count(base.unknownEvents * unknownScale),
    unknownEventHours: hours(
      base.unknownEventHours * (overridden.unknownEventHours !== undefined ? 1 : unknownScale),
    ),
  };
  if (options.labeled) {
    values.precision = ratio(shifted('precision'));
    values.recall = ratio(shifted('recall'));
    values.auc = ratio(shifted('auc'));
    values.meanFractionalLeadTime = ratio(shifted('meanFractionalLeadTime'));
    values.labeledEvents = count(base.labeledEvents);
    values.meanWarningHours = hours(base.meanWarningHours * (1 + shift));
  }
  return withLabeledCounts(values, overridden.labeledEventsIdentified);
}

/** How a version scores on newer data: ratios fall and false alarms rise with its age. */
export function degradeMetrics(values: MetricValues, driftPer30Days: number, ageDays: number): MetricValues {
  const loss = Math.min(0.9, Math.max(0, driftPer30Days * (ageDays / 30)));
  const degraded: MetricValues = {
    ...values,
    unknownEvents: count(values.unknownEvents * (1 + loss)),
    unknownEventHours: hours(values.unknownEventHours * (1 + loss)),
  };
  if (values.labeled) {
    for (const key of ['precision', 'recall', 'auc', 'meanFractionalLeadTime'] as const) {
      const value = values[key];
      if (value !== undefined) degraded[key] = ratio(value * (1 - loss));
    }
    if (values.meanWarningHours !== undefined)
      degraded.meanWarningHours = hours(values.meanWarningHours * (1 - loss));
  }
  return withLabeledCounts(degraded);
}

export function applyOverrides(values: MetricValues, overrides: MetricOverrides | undefined): MetricValues {
  if (overrides === undefined) return values;
  const merged: MetricValues = { ...values };
  for (const [key, value] of Object.entries(overrides) as Array<
    [keyof MetricOverrides, number | undefined]
  >) {
    if (value !== undefined && (values.labeled || key === 'unknownEvents' || key === 'unknownEventHours')) {
      merged[key] = value;
    }
  }
  return withLabeledCounts(merged, overrides.labeledEventsIdentified);
}

/**
 * The promotion score. Labeled: mean of precision, recall and AUC. Unlabeled: 1 / (1 + unknown events),
 * so fewer unexplained anomalies score higher.
 */
export function scoreMetrics(values: MetricValues): number {
  if (!values.labeled) return round4(1 / (1 + values.unknownEvents));
  return round4(((values.precision ?? 0) + (values.recall ?? 0) + (values.auc ?? 0)) / 3);
}

export function modelQualityOf(values: MetricValues, poorQualityThreshold: number): ModelQuality {
  if (!values.labeled) return 'CANNOT_DETERMINE_QUALITY';
  return scoreMetrics(values) < poorQualityThreshold ? 'POOR_QUALITY_DETECTED' : 'QUALITY_THRESHOLD_MET';
}

/** L4E writes range bounds as naive UTC timestamps with microseconds. */
function formatRangeTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}.000000`;
}

function range(start: number, end: number): { start: string; end: string } {
  return { start: formatRangeTime(start), end: formatRangeTime(end) };
}

/**
 * Renders the metrics document for an evaluation window. Labeled ranges derive from `seedKey` only, so a
 * version's ModelMetrics and PriorModelMetrics (two models scored on the same data) share them; predicted
 * ranges derive from `predictionKey`.
 */
export function renderMetricsJson(
  values: MetricValues,
  window: { start: number; end: number },
  seedKey: string,
  predictionKey: string = seedKey,
): string {
  const span = Math.max(window.end - window.start, 3_600_000);
  const at = (fraction: number): number =>
    window.start + Math.floor(span * Math.min(0.999, Math.max(0, fraction)));
  const labeledRanges: Array<{ start: string; end: string }> = [];
  const predictedRanges: Array<{ start: number; end: number }> = [];
  const labeledCount = values.labeled ? (values.labeledEvents ?? 0) : 0;
  const identified = values.labeledEventsIdentified ?? 0;
  const warningMs = (values.meanWarningHours ?? 0) * 3_600_000;
  for (let i = 0; i < labeledCount; i++) {
    const start = at((i + 0.5) / (labeledCount + 1));
    const end = start + (2 + Math.floor(6 * noise(seedKey, 'labeled', i))) * 3_600_000;
    labeledRanges.push(range(start, end));
    if (i < identified) predictedRanges.push({ start: Math.max(window.start, start - warningMs), end });
  }
  const unknownMs =
    values.unknownEvents > 0 ? (values.unknownEventHours * 3_600_000) / values.unknownEvents : 0;
  for (let i = 0; i < values.unknownEvents; i++) {
    const start = at(noise(predictionKey, 'unknown', i));
    predictedRanges.push({ start, end: start + Math.max(60_000, Math.round(unknownMs)) });
  }
  predictedRanges.sort((a, b) => a.start - b.start);
  const document: Record<string, unknown> = {};
  if (values.labeled) document.labeled_ranges = labeledRanges;
  document.predicted_ranges = predictedRanges.map((r) => range(r.start, r.end));
  if (values.labeled) {
    document.labeled_event_metrics = {
      num_labeled: labeledCount,
      num_identified: identified,
      total_warning_time_in_seconds: Math.round((identified * warningMs) / 1000),
    };
  }
  document.unknown_event_metrics = {
    num_identified: values.unknownEvents,
    total_duration_in_seconds: Math.round(values.unknownEventHours * 3600),
  };
  if (values.labeled) {
    document.model_version_metrics = {
      precision: values.precision,
      recall: values.recall,
      auc: values.auc,
      mean_fractional_lead_time: values.meanFractionalLeadTime,
    };
  }
  return JSON.stringify(document);
}
