import { describe, expect, it } from 'vitest';
import { type DecisionInput, noPolicySentence, planDecision } from '../../../lib/core/decision.js';
import { type Policy, validatePolicy } from '../../../lib/core/policy.js';
import { metricsJson, version } from './builders.js';

const policy = (mode: Policy['mode'], extra: Partial<Policy> = {}) => ({
  parameterName: '/p/policies/default',
  version: 3,
  parsed: validatePolicy({ mode, rules: [{ metric: 'recall', min: 0.8 }], ...extra }),
});

function input(overrides: Partial<DecisionInput> = {}, recall = 0.9): DecisionInput {
  return {
    modelVersion: 4,
    ineligible: null,
    version: version(4, { metricsJson: metricsJson(0.7, recall) }),
    policy: policy('enforce'),
    noPolicy: noPolicySentence('/p', 'm'),
    ...overrides,
  };
}

describe('planDecision', () => {
  it('plans an activation when an enforce policy passes', () => {
    const plan = planDecision(input());
    expect(plan.outcome).toBe('ACTIVATED');
    expect(plan.reasons).toEqual(['all 1 checks passed']);
    expect(plan.policy).toEqual({ parameterName: '/p/policies/default', version: 3, mode: 'enforce' });
    expect(plan.checks).toEqual([
      { metric: 'recall', rule: 'min', threshold: 0.8, actual: 0.9, passed: true },
    ]);
  });

  it('skips an ineligible version before looking at the policy', () => {
    const plan = planDecision(input({ ineligible: 'version 4 is FAILED, not SUCCESS' }));
    expect(plan).toMatchObject({
      outcome: 'SKIPPED',
      reasons: ['version 4 is FAILED, not SUCCESS'],
      checks: [],
    });
    expect(plan.policy.parameterName).toBeNull();
  });

  it('skips without a policy, and says where it looked', () => {
    expect(planDecision(input({ policy: null })).reasons).toEqual([
      'no policy: neither /p/policies/models/m nor /p/policies/default exists',
    ]);
  });

  it('fails on an invalid policy, listing its errors', () => {
    const plan = planDecision(
      input({ policy: { parameterName: '/p/x', version: 1, parsed: validatePolicy({ mode: 'bad' }) } }),
    );
    expect(plan.outcome).toBe('FAILED');
    expect(plan.reasons[0]).toBe('policy /p/x is invalid and was not applied');
    expect(plan.reasons.slice(1).join('\n')).toMatch(/mode:/);
  });

  it('rejects with the failed checks and the metric problems', () => {
    const plan = planDecision(
      input({ version: version(4, { metricsJson: metricsJson(0.7, 0.5), priorMetricsJson: null }) }),
    );
    expect(plan.outcome).toBe('REJECTED');
    expect(plan.reasons).toEqual([
      'recall is 0.5; the policy requires at least 0.8',
      'prior metrics: no metrics reported',
    ]);
  });

  it('reports DRY_RUN for a passing dry-run policy and SKIPPED for an off one', () => {
    expect(planDecision(input({ policy: policy('dry-run') }))).toMatchObject({
      outcome: 'DRY_RUN',
      reasons: ['all 1 checks passed; dry-run policy, so version 4 is not activated'],
    });
    expect(planDecision(input({ policy: policy('off') }))).toMatchObject({
      outcome: 'SKIPPED',
      reasons: ['policy /p/policies/default is off'],
    });
  });
});
