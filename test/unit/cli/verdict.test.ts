import { describe, expect, it } from 'vitest';
import { type VerdictInput, wouldDecide } from '../../../lib/cli/verdict.js';
import { evaluatePolicy, type Policy } from '../../../lib/core/policy.js';

const policy = (mode: Policy['mode']): Policy => ({
  mode,
  rules: [{ metric: 'recall', min: 0.8 }],
  onMissingMetric: 'reject',
});

function input(
  overrides: Partial<VerdictInput>,
  recall = 0.9,
  mode: Policy['mode'] = 'enforce',
): VerdictInput {
  const p = policy(mode);
  return {
    version: 4,
    ineligible: null,
    policy: { name: '/p/policies/default', policy: p, errors: [] },
    evaluation: evaluatePolicy({ policy: p, metrics: { recall }, priorMetrics: {}, modelQuality: null }),
    metricProblems: [],
    lookedUp: 'neither /p/policies/models/m nor /p/policies/default exists',
    ...overrides,
  };
}

describe('wouldDecide', () => {
  it('activates when an enforce policy passes', () => {
    // Act / Assess
    expect(wouldDecide(input({}))).toEqual({
      outcome: 'ACTIVATED',
      reasons: ['all 1 checks pass; version 4 would be activated'],
    });
  });

  it('skips an ineligible version before looking at the policy', () => {
    // Act / Assess
    expect(wouldDecide(input({ ineligible: 'version 4 is FAILED, not SUCCESS', policy: null }))).toEqual({
      outcome: 'SKIPPED',
      reasons: ['version 4 is FAILED, not SUCCESS'],
    });
  });

  it('skips without a policy, and says where it looked', () => {
    // Act / Assess
    expect(wouldDecide(input({ policy: null, evaluation: null })).reasons).toEqual([
      'no policy: neither /p/policies/models/m nor /p/policies/default exists',
    ]);
  });

  it('fails on an invalid policy, listing its errors', () => {
    // Act
    const verdict = wouldDecide(
      input({
        policy: { name: '/p/policies/default', policy: null, errors: ['mode: bad'] },
        evaluation: null,
      }),
    );

    // Assess
    expect(verdict).toEqual({
      outcome: 'FAILED',
      reasons: ['policy /p/policies/default is invalid and would not be applied', 'mode: bad'],
    });
  });

  it('rejects with the failed checks and metric problems', () => {
    // Act
    const verdict = wouldDecide(input({ metricProblems: ['prior metrics: no metrics reported'] }, 0.5));

    // Assess
    expect(verdict.outcome).toBe('REJECTED');
    expect(verdict.reasons).toEqual([
      'recall is 0.5; the policy requires at least 0.8',
      'prior metrics: no metrics reported',
    ]);
  });

  it('reports DRY_RUN for a passing dry-run policy and SKIPPED for an off one', () => {
    // Act / Assess
    expect(wouldDecide(input({}, 0.9, 'dry-run')).outcome).toBe('DRY_RUN');
    expect(wouldDecide(input({}, 0.9, 'off'))).toEqual({
      outcome: 'SKIPPED',
      reasons: ['policy /p/policies/default is off'],
    });
  });
});
