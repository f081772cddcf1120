import { describe, expect, it } from 'vitest';
import {
  activationOutcome,
  type DecisionInput,
  manualChoiceSentence,
  noPolicySentence,
  planDecision,
  supersedingVersion,
} from '../../../lib/core/decision.js';
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

describe('supersedingVersion', () => {
  const run = (version: number, status = 'SUCCESS', sourceType: string | null = 'RETRAINING') => ({
    version,
    status,
    sourceType,
  });

  it('names the newest successful retraining run newer than the version', () => {
    expect(supersedingVersion(2, [run(1), run(2), run(3), run(4)])).toBe(4);
  });

  it('ignores failed, running and imported versions, and older ones', () => {
    expect(
      supersedingVersion(2, [
        run(1),
        run(2),
        run(3, 'FAILED'),
        run(4, 'IN_PROGRESS'),
        run(5, 'SUCCESS', 'IMPORT'),
      ]),
    ).toBeNull();
  });
});

describe('activationOutcome', () => {
  const decidedAt = '2026-02-01T00:00:00.000Z';
  const model = (activeVersion: number, previousActiveVersion: number | null, activatedAt: string) => ({
    activeVersion,
    previousActiveVersion,
    activatedAt,
  });

  it('landed when the version is active', () => {
    expect(activationOutcome(2, decidedAt, model(2, 1, '2026-02-01T00:00:01.000Z'))).toBe('landed');
  });

  it('landed and replaced when it was made active after the decision and someone switched since', () => {
    expect(activationOutcome(2, decidedAt, model(1, 2, '2026-02-01T00:05:00.000Z'))).toBe(
      'landed-then-replaced',
    );
  });

  it('not landed when the version was last active before the decision, or never', () => {
    expect(activationOutcome(2, decidedAt, model(1, 2, '2026-01-31T00:00:00.000Z'))).toBe('not-landed');
    expect(activationOutcome(2, decidedAt, model(1, null, '2026-01-01T00:00:00.000Z'))).toBe('not-landed');
    expect(activationOutcome(2, decidedAt, null)).toBe('not-landed');
  });
});

describe('manualChoiceSentence', () => {
  const ready = { createdAt: '2026-02-01T00:00:00.000Z', updatedAt: '2026-02-01T01:00:00.000Z' };
  const model = { activeVersion: 2, activatedAt: '2026-02-01T03:00:00.000Z' };

  it('a version made active by hand after the candidate was ready stands', () => {
    expect(manualChoiceSentence(3, ready, model, null)).toMatch(/^v2 was made active by hand at /);
  });

  it('an activation the autopilot confirmed is not a manual choice', () => {
    expect(manualChoiceSentence(3, ready, model, { activatedAt: '2026-02-01T03:00:01.000Z' })).toBeNull();
  });

  it('a version the autopilot activated once and someone made active again later is a manual choice', () => {
    expect(manualChoiceSentence(3, ready, model, { activatedAt: '2026-02-01T02:00:00.000Z' })).toMatch(
      /^v2 was made active by hand at 2026-02-01T03:00:00.000Z/,
    );
  });

  it('a choice made before the candidate was ready does not hold it back', () => {
    expect(
      manualChoiceSentence(3, ready, { ...model, activatedAt: '2026-02-01T00:30:00.000Z' }, null),
    ).toBeNull();
  });
});
