import { describe, expect, it } from 'vitest';
import { parseModelMetrics } from '../../../lib/core/metrics.js';
import {
  degradeMetrics,
  generateMetrics,
  modelQualityOf,
  renderMetricsJson,
  scoreMetrics,
} from '../../../local/emulator/metrics-generator.js';

const base = {
  precision: 0.8,
  recall: 0.8,
  auc: 0.9,
  labeledEvents: 10,
  unknownEvents: 10,
  unknownEventHours: 20,
  meanWarningHours: 12,
};
const window = { start: Date.parse('2025-01-01T00:00:00Z'), end: Date.parse('2025-03-01T00:00:00Z') };

describe('generateMetrics', () => {
  it('moves ratio metrics by the trajectory step per run and leaves initial training at the base', () => {
    // Act
    const runs = [0, 1, 3].map((runIndex) =>
      generateMetrics({
        base,
        labeled: true,
        trajectory: { kind: 'improving', step: 0.05 },
        runIndex,
        seedKey: 'k',
      }),
    );
    const regressing = generateMetrics({
      base,
      labeled: true,
      trajectory: { kind: 'regressing', step: 0.05 },
      runIndex: 2,
      seedKey: 'k',
    });

    // Assess
    expect(runs.map((m) => m.recall)).toEqual([0.8, 0.85, 0.95]);
    expect(runs.map((m) => m.unknownEvents)).toEqual([10, 9, 7]);
    expect(runs[1]?.labeledEventsIdentified).toBe(Math.round((runs[1]?.recall ?? 0) * 10));
    expect(regressing).toMatchObject({ precision: 0.7, recall: 0.7, auc: 0.8, unknownEvents: 12 });
  });

  it('keeps noisy trajectories within one step and reproducible', () => {
    // Act
    const draws = Array.from(
      { length: 20 },
      (_, i) =>
        generateMetrics({
          base,
          labeled: true,
          trajectory: { kind: 'noisy', step: 0.04 },
          runIndex: i + 1,
          seedKey: 'seed',
        }).recall ?? 0,
    );
    const again = generateMetrics({
      base,
      labeled: true,
      trajectory: { kind: 'noisy', step: 0.04 },
      runIndex: 1,
      seedKey: 'seed',
    });

    // Assess
    expect(Math.max(...draws)).toBeLessThanOrEqual(0.84);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0.76);
    expect(new Set(draws).size).toBeGreaterThan(5);
    expect(again.recall).toBe(draws[0]);
  });

  it('applies overrides exactly and has no labeled values for unlabeled models', () => {
    // Act
    const overridden = generateMetrics({
      base,
      labeled: true,
      trajectory: { kind: 'improving', step: 0.1 },
      runIndex: 2,
      seedKey: 'k',
      overrides: { recall: 0.5, unknownEvents: 3 },
    });
    const unlabeled = generateMetrics({
      base,
      labeled: false,
      trajectory: { kind: 'stable', step: 0 },
      runIndex: 1,
      seedKey: 'k',
    });

    // Assess
    expect(overridden).toMatchObject({
      recall: 0.5,
      precision: 1,
      unknownEvents: 3,
      labeledEventsIdentified: 5,
    });
    expect(unlabeled).toEqual({ labeled: false, unknownEvents: 10, unknownEventHours: 20 });
  });
});

describe('scores and quality', () => {
  it('degrades an older version with drift and scores by precision, recall and AUC', () => {
    // Prepare
    const fresh = generateMetrics({
      base,
      labeled: true,
      trajectory: { kind: 'stable', step: 0 },
      runIndex: 0,
      seedKey: 'k',
    });

    // Act
    const aged = degradeMetrics(fresh, 0.03, 60);

    // Assess
    expect(aged.recall).toBeCloseTo(0.8 * 0.94, 4);
    expect(aged.unknownEvents).toBe(11);
    expect(scoreMetrics(fresh)).toBeCloseTo((0.8 + 0.8 + 0.9) / 3, 4);
    expect(scoreMetrics(aged)).toBeLessThan(scoreMetrics(fresh));
    expect(scoreMetrics({ labeled: false, unknownEvents: 4, unknownEventHours: 1 })).toBe(0.2);
  });

  it('derives ModelQuality from the score, and cannot determine it without labels', () => {
    // Act / Assess
    expect(
      modelQualityOf(
        { labeled: true, precision: 0.3, recall: 0.4, auc: 0.5, unknownEvents: 0, unknownEventHours: 0 },
        0.5,
      ),
    ).toBe('POOR_QUALITY_DETECTED');
    expect(
      modelQualityOf(
        { labeled: true, precision: 0.7, recall: 0.8, auc: 0.9, unknownEvents: 0, unknownEventHours: 0 },
        0.5,
      ),
    ).toBe('QUALITY_THRESHOLD_MET');
    expect(modelQualityOf({ labeled: false, unknownEvents: 0, unknownEventHours: 0 }, 0.5)).toBe(
      'CANNOT_DETERMINE_QUALITY',
    );
  });
});

describe('renderMetricsJson', () => {
  it('writes the L4E document that the autopilot metrics parser reads without problems', () => {
    // Prepare
    const values = generateMetrics({
      base,
      labeled: true,
      trajectory: { kind: 'stable', step: 0 },
      runIndex: 0,
      seedKey: 'k',
    });

    // Act
    const json = renderMetricsJson(values, window, 'k');
    const document = JSON.parse(json) as Record<string, unknown>;
    const parsed = parseModelMetrics(json);

    // Assess
    expect(Object.keys(document).sort()).toEqual([
      'labeled_event_metrics',
      'labeled_ranges',
      'model_version_metrics',
      'predicted_ranges',
      'unknown_event_metrics',
    ]);
    expect(parsed.problems).toEqual([]);
    expect(parsed.metrics).toMatchObject({
      precision: 0.8,
      recall: 0.8,
      auc: 0.9,
      labeledEvents: 10,
      labeledEventsIdentified: 8,
      unknownEvents: 10,
    });
    expect(parsed.metrics.predictedEvents).toBe(18);
    expect(parsed.metrics.meanWarningHours).toBeCloseTo(12, 5);
    expect((document.labeled_ranges as Array<{ start: string }>)[0]?.start).toMatch(
      /^2025-\d\d-\d\dT\d\d:\d\d:\d\d\.000000$/,
    );
  });

  it('omits labeled sections for unlabeled models and stays under 50,000 characters at the largest counts', () => {
    // Act
    const unlabeled = JSON.parse(
      renderMetricsJson({ labeled: false, unknownEvents: 3, unknownEventHours: 2 }, window, 'k'),
    );
    const largest = renderMetricsJson(
      generateMetrics({
        base: { ...base, labeledEvents: 150, unknownEvents: 150, recall: 1 },
        labeled: true,
        trajectory: { kind: 'stable', step: 0 },
        runIndex: 0,
        seedKey: 'k',
      }),
      window,
      'k',
    );

    // Assess
    expect(Object.keys(unlabeled).sort()).toEqual(['predicted_ranges', 'unknown_event_metrics']);
    expect(largest.length).toBeLessThan(50_000);
  });

  it('shares labeled ranges between a model and its prior scored on the same data', () => {
    // Prepare
    const values = generateMetrics({
      base,
      labeled: true,
      trajectory: { kind: 'stable', step: 0 },
      runIndex: 0,
      seedKey: 'k',
    });

    // Act
    const current = JSON.parse(renderMetricsJson(values, window, 'v2', 'v2:metrics'));
    const prior = JSON.parse(renderMetricsJson(degradeMetrics(values, 0.05, 90), window, 'v2', 'v2:prior'));

    // Assess
    expect(prior.labeled_ranges).toEqual(current.labeled_ranges);
    expect(prior.predicted_ranges).not.toEqual(current.predicted_ranges);
  });
});
