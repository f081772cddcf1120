import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, type NormalizedMetrics } from '../../../lib/core/metrics.js';
import {
  evaluatePolicy,
  MODEL_QUALITY_VALUES,
  parsePolicy,
  validatePolicy,
} from '../../../lib/core/policy.js';
import { enumValue, settings } from './arbitraries.js';
import { anyPolicyText, brokenPolicy, RULE_KEYS, TOP_LEVEL_KEYS, validPolicy } from './policies.js';

const ERROR_PATH = new RegExp(
  `^(policy|(${TOP_LEVEL_KEYS.join('|')})(\\[\\d+\\]|\\.[A-Za-z]+)*)( is not valid JSON)?: \\S`,
);

/** An error names where the mistake is: a path into the document, or a key of the policy. */
function namesAKey(error: string): boolean {
  return ERROR_PATH.test(error) || TOP_LEVEL_KEYS.some((key) => error.includes(key));
}

/** The error is about `where` or something inside it (`rules[0]` covers `rules[0].min`). */
function pointsAt(error: string, where: string | null): boolean {
  if (where === null) return true;
  return [': ', '.', '['].some((next) => error.startsWith(`${where}${next}`));
}

describe('parsePolicy and validatePolicy', () => {
  it('never throw, and every rejection names where the mistake is', () => {
    fc.assert(
      fc.property(anyPolicyText, (text) => {
        // Act
        const result = parsePolicy(text);
        // Assess
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) expect(namesAKey(error), error).toBe(true);
        }
      }),
      settings(400),
    );
  });

  it('point at the one mistake in an otherwise valid policy', () => {
    fc.assert(
      fc.property(brokenPolicy, (broken) => {
        // Act
        const result = parsePolicy(broken.text);
        // Assess
        expect(result.ok, broken.what).toBe(false);
        const errors = result.ok ? [] : result.errors;
        const pointing = errors.filter((e) => pointsAt(e, broken.where) && broken.says.test(e));
        expect(pointing, `${broken.what}: ${errors.join(' | ')}`).not.toEqual([]);
        for (const error of errors) expect(namesAKey(error), error).toBe(true);
      }),
      settings(500),
    );
  });

  it('accept every valid policy, and what they accept validates again to the same policy', () => {
    fc.assert(
      fc.property(validPolicy, (doc) => {
        // Prepare
        const text = JSON.stringify(doc);
        // Act
        const result = parsePolicy(text);
        // Assess
        expect(result).toEqual({ ok: true, policy: { onMissingMetric: 'reject', ...JSON.parse(text) } });
        if (!result.ok) return;
        expect(validatePolicy(result.policy)).toEqual(result);
        expect(parsePolicy(JSON.stringify(result.policy))).toEqual(result);
      }),
      settings(300),
    );
  });

  it('reject thresholds that are not finite numbers, whatever produced them', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METRIC_NAMES),
        fc.constantFrom(...RULE_KEYS),
        fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
        (metric, key, value) => {
          // Act
          const result = validatePolicy({ mode: 'enforce', rules: [{ metric, [key]: value }] });
          // Assess
          expect(result.ok).toBe(false);
          expect(result.ok ? [] : result.errors).toContainEqual(
            expect.stringMatching(`^rules\\[0\\]\\.${key}: `),
          );
        },
      ),
      settings(60),
    );
  });
});

// Metrics as the parser produces them: every value finite and within its domain, any subset present.
const metricValue = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.nat(500),
  fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }).map(Math.floor),
);
const metrics: fc.Arbitrary<NormalizedMetrics> = fc.record(
  Object.fromEntries(METRIC_NAMES.map((name) => [name, metricValue])),
  { requiredKeys: [] },
);

const evaluation = fc.record({
  policy: validPolicy.map((doc) => {
    const parsed = validatePolicy(doc);
    if (!parsed.ok) throw new Error(`generated policy is invalid: ${parsed.errors.join('; ')}`);
    return parsed.policy;
  }),
  metrics,
  priorMetrics: metrics,
  modelQuality: fc.option(enumValue(MODEL_QUALITY_VALUES), { nil: null }),
});

describe('evaluatePolicy', () => {
  it('never throws; passes exactly when every check passes, and says why each failed check failed', () => {
    fc.assert(
      fc.property(evaluation, (input) => {
        // Act
        const result = evaluatePolicy(input);
        // Assess
        const ruleChecks = input.policy.rules.flatMap((rule) =>
          RULE_KEYS.filter((k) => rule[k] !== undefined),
        );
        expect(result.checks).toHaveLength(ruleChecks.length + (input.policy.requireModelQuality ? 1 : 0));
        expect(result.passed).toBe(result.checks.every((c) => c.passed));
        const failed = result.checks.filter((c) => !c.passed);
        expect(result.failures).toHaveLength(failed.length);
        for (const [i, check] of failed.entries()) expect(result.failures[i]).toContain(check.metric);
      }),
      settings(400),
    );
  });

  it('reports every actual value as a finite number, a model quality or null', () => {
    fc.assert(
      fc.property(evaluation, (input) => {
        // Act
        const { checks } = evaluatePolicy(input);
        // Assess
        for (const check of checks) {
          const actual = check.actual;
          const readable =
            actual === null ||
            (check.rule === 'modelQuality' ? typeof actual === 'string' : Number.isFinite(actual));
          expect(readable, `${check.metric} ${check.rule}: ${actual}`).toBe(true);
        }
      }),
      settings(400),
    );
  });

  it('never passes under onMissingMetric "reject" when a metric a rule needs is absent', () => {
    fc.assert(
      fc.property(evaluation, (input) => {
        // Prepare
        const policy = { ...input.policy, onMissingMetric: 'reject' as const };
        const needsAbsent = policy.rules.flatMap((rule) =>
          RULE_KEYS.filter((key) => rule[key] !== undefined)
            .filter((key) => {
              const delta = key === 'minDeltaVsPrior' || key === 'maxDeltaVsPrior';
              return (
                input.metrics[rule.metric] === undefined ||
                (delta && input.priorMetrics[rule.metric] === undefined)
              );
            })
            .map(() => rule.metric),
        );
        // Act
        const result = evaluatePolicy({ ...input, policy });
        // Assess
        if (needsAbsent.length > 0) expect(result.passed).toBe(false);
        for (const metric of needsAbsent) {
          expect(result.failures).toContainEqual(expect.stringMatching(new RegExp(`^${metric} is absent`)));
        }
      }),
      settings(400),
    );
  });
});
