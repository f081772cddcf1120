import { describe, expect, it } from 'vitest';
import type { NormalizedMetrics } from '../../../lib/core/metrics.js';
import { evaluatePolicy, type Policy, parsePolicy, validatePolicy } from '../../../lib/core/policy.js';

const policy = (overrides: Partial<Policy> = {}): Policy => ({
  mode: 'enforce',
  rules: [],
  onMissingMetric: 'reject',
  ...overrides,
});

describe('evaluatePolicy', () => {
  const metrics: NormalizedMetrics = {
    recall: 0.85,
    precision: 0.6,
    unknownEvents: 12,
    availableDataInDays: 120,
  };
  const prior: NormalizedMetrics = { recall: 0.8, precision: 0.65 };

  const cases: Array<[string, Policy['rules'][number], boolean, number | null]> = [
    ['min passes at the threshold', { metric: 'precision', min: 0.6 }, true, 0.6],
    ['min fails below', { metric: 'recall', min: 0.9 }, false, 0.85],
    ['max passes below', { metric: 'unknownEvents', max: 20 }, true, 12],
    ['max fails above', { metric: 'unknownEvents', max: 10 }, false, 12],
    ['minDeltaVsPrior passes on improvement', { metric: 'recall', minDeltaVsPrior: 0 }, true, 0.05],
    ['minDeltaVsPrior fails on regression', { metric: 'precision', minDeltaVsPrior: 0 }, false, -0.05],
    ['maxDeltaVsPrior passes on a small drop', { metric: 'precision', maxDeltaVsPrior: 0 }, true, -0.05],
    ['maxDeltaVsPrior fails on a rise', { metric: 'recall', maxDeltaVsPrior: 0.01 }, false, 0.05],
    ['availableDataInDays min fails', { metric: 'availableDataInDays', min: 180 }, false, 120],
  ];
  it.each(cases)('%s', (_name, rule, passed, actual) => {
    const result = evaluatePolicy({
      policy: policy({ rules: [rule] }),
      metrics,
      priorMetrics: prior,
      modelQuality: null,
    });
    expect(result.passed).toBe(passed);
    expect(result.checks).toHaveLength(1);
    expect(result.checks[0]).toMatchObject({ metric: rule.metric, passed, actual });
    expect(result.failures).toHaveLength(passed ? 0 : 1);
  });

  it('rejects an absent metric under onMissingMetric "reject" and says why', () => {
    const result = evaluatePolicy({
      policy: policy({ rules: [{ metric: 'auc', min: 0.5 }] }),
      metrics,
      priorMetrics: prior,
      modelQuality: null,
    });
    expect(result.passed).toBe(false);
    expect(result.checks[0]).toMatchObject({ actual: null, passed: false });
    expect(result.failures[0]).toMatch(/auc is absent from the candidate metrics \(rejected/);
  });

  it('ignores an absent metric under onMissingMetric "ignore"', () => {
    const result = evaluatePolicy({
      policy: policy({
        onMissingMetric: 'ignore',
        rules: [
          { metric: 'auc', min: 0.5 },
          { metric: 'unknownEvents', minDeltaVsPrior: 0 },
        ],
      }),
      metrics,
      priorMetrics: prior,
      modelQuality: null,
    });
    expect(result.passed).toBe(true);
    expect(result.checks.map((c) => c.note)).toEqual([
      expect.stringMatching(/absent from the candidate metrics \(ignored/),
      expect.stringMatching(/absent from the prior metrics \(ignored/),
    ]);
  });

  it('checks model quality against the allowed values', () => {
    const allowed = policy({ requireModelQuality: ['QUALITY_THRESHOLD_MET'] });
    expect(
      evaluatePolicy({ policy: allowed, metrics, priorMetrics: prior, modelQuality: 'QUALITY_THRESHOLD_MET' })
        .passed,
    ).toBe(true);
    const poor = evaluatePolicy({
      policy: allowed,
      metrics,
      priorMetrics: prior,
      modelQuality: 'POOR_QUALITY_DETECTED',
    });
    expect(poor.passed).toBe(false);
    expect(poor.checks[0]).toMatchObject({
      metric: 'modelQuality',
      threshold: ['QUALITY_THRESHOLD_MET'],
      actual: 'POOR_QUALITY_DETECTED',
    });
    const missing = evaluatePolicy({ policy: allowed, metrics, priorMetrics: prior, modelQuality: null });
    expect(missing.passed).toBe(false);
  });

  it('makes one check per rule key and passes only when all pass', () => {
    const result = evaluatePolicy({
      policy: policy({
        rules: [
          { metric: 'recall', min: 0.8, minDeltaVsPrior: 0 },
          { metric: 'precision', min: 0.5 },
        ],
      }),
      metrics,
      priorMetrics: prior,
      modelQuality: null,
    });
    expect(result.checks.map((c) => c.rule)).toEqual(['min', 'minDeltaVsPrior', 'min']);
    expect(result.passed).toBe(true);
  });
});

describe('policy validation', () => {
  it('accepts the DESIGN example and applies defaults', () => {
    const result = parsePolicy(
      JSON.stringify({
        mode: 'enforce',
        rules: [
          { metric: 'recall', min: 0.8 },
          { metric: 'precision', min: 0.6 },
          { metric: 'recall', minDeltaVsPrior: 0 },
          { metric: 'unknownEvents', max: 20 },
          { metric: 'availableDataInDays', min: 90 },
        ],
        requireModelQuality: ['QUALITY_THRESHOLD_MET'],
      }),
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.policy.onMissingMetric).toBe('reject');
  });

  const invalid: Array<[string, unknown, RegExp]> = [
    ['unknown mode', { mode: 'yolo', rules: [] }, /^mode: /],
    [
      'unknown metric',
      { mode: 'dry-run', rules: [{ metric: 'f1', min: 1 }] },
      /rules\[0\]\.metric: unknown metric "f1"/,
    ],
    [
      'typo in a key',
      { mode: 'dry-run', rules: [{ metric: 'recall', minimum: 0.5 }] },
      /rules\[0\]: Unrecognized key: "minimum"/,
    ],
    [
      'rule without threshold',
      { mode: 'dry-run', rules: [{ metric: 'recall' }] },
      /at least one of min, max/,
    ],
    [
      'min above max',
      { mode: 'dry-run', rules: [{ metric: 'recall', min: 0.9, max: 0.1 }] },
      /min is greater than max/,
    ],
    [
      'threshold as string',
      { mode: 'dry-run', rules: [{ metric: 'recall', min: '0.8' }] },
      /rules\[0\]\.min:/,
    ],
    ['unknown top-level key', { mode: 'off', rules: [], extra: 1 }, /Unrecognized key: "extra"/],
    ['enforce with nothing to check', { mode: 'enforce', rules: [] }, /would activate anything/],
    [
      'bad model quality',
      { mode: 'dry-run', rules: [], requireModelQuality: ['GREAT'] },
      /requireModelQuality\[0\]/,
    ],
  ];
  it.each(invalid)('rejects %s with a message naming the key', (_name, raw, message) => {
    const result = validatePolicy(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join('\n')).toMatch(message);
  });

  it('reports invalid JSON', () => {
    const result = parsePolicy('{"mode": "enforce",');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/not valid JSON/);
  });
});
