import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLookoutRetryable } from '../../../lib/adapters/lookout-errors.js';
import { lookoutModelNaming } from '../../../lib/adapters/lookout-naming.js';
import type { MetricName } from '../../../lib/core/metrics.js';
import type { ModelDetail, RetrainingSchedule, VersionDetail } from '../../../lib/core/model.js';
import { MODEL_QUALITY_VALUES, parsePolicy } from '../../../lib/core/policy.js';
import { type DecideDeps, decideActivation } from '../../../lib/decide.js';
import { silentLogger } from '../../../lib/logger.js';
import type { ModelProvider } from '../../../lib/ports.js';
import { detail, scheduler, version } from '../core/builders.js';
import { memoryDecisionStore } from '../support/decision-store.js';
import { settings, unknownEnumValue } from './arbitraries.js';
import { malformedMetrics } from './metrics-documents.js';
import { anyPolicyText, brokenPolicy, RULE_KEYS, threshold, validRule } from './policies.js';

const POLICY_PARAMETER = '/p/policies/default';

interface World {
  model: ModelDetail | null;
  version: VersionDetail | null;
  scheduler: RetrainingSchedule | null;
  policyText: string;
}

/** A MANUAL-mode model whose version 2 is a successful retraining run, newer than the active version 1. */
function world(overrides: Partial<World> = {}): World {
  return {
    model: detail({ activeVersion: 1 }),
    version: version(2),
    scheduler: scheduler({ promoteMode: 'MANUAL' }),
    policyText: JSON.stringify({ mode: 'enforce', rules: [{ metric: 'recall', min: 0 }] }),
    ...overrides,
  };
}

/** Runs one decision against in-memory ports and records every attempt to change the active version. */
async function decide(w: World) {
  const activations: number[] = [];
  const provider: ModelProvider = {
    ...lookoutModelNaming,
    isRetryable: isLookoutRetryable,
    async *listModelPages() {
      yield [];
    },
    describeModel: async () => w.model,
    describeVersion: async () => w.version,
    describeRetrainingSchedule: async () => w.scheduler,
    activateVersion: async (_name, v) => {
      activations.push(v);
      return { previous: w.model?.activeVersion ?? null, current: v };
    },
    listVersions: async () => (w.version ? [w.version] : []),
  };
  const store = memoryDecisionStore();
  const deps: DecideDeps = {
    provider,
    store,
    logger: silentLogger,
    sleep: async () => {},
    parameters: {
      get: async (name) =>
        name === POLICY_PARAMETER ? { name, value: w.policyText, version: 4 } : undefined,
    },
    publisher: {
      publish: async (events) => ({ published: events.map((e) => e.detail.eventId), failed: [] }),
    },
  };
  const decision = await decideActivation(
    deps,
    { parameterPrefix: '/p', providerName: 'lookout-equipment', now: () => new Date('2026-02-01T00:00:00Z') },
    { modelName: 'pump-1', modelVersion: 2, triggerEventId: 'trigger-1' },
  );
  return { decision, activations, requests: store.requests };
}

const DELTA_KEYS = ['minDeltaVsPrior', 'maxDeltaVsPrior'] as const;

/**
 * An enforce policy with a rule on `metric` among other valid rules; onMissingMetric is "reject",
 * "ignore" or left to its default. Unreadable data is never ignored, whatever it says.
 */
function policyRuling(
  metric: MetricName,
  key: (typeof RULE_KEYS)[number],
  drawn: { value: number; others: unknown[]; explicit: 'reject' | 'ignore' | undefined },
): string {
  const { value, others, explicit } = drawn;
  return JSON.stringify({
    mode: 'enforce',
    rules: [...others, { metric, [key]: value }],
    ...(explicit ? { onMissingMetric: explicit } : {}),
  });
}

const ruling = fc.record({
  pick: fc.nat(),
  value: threshold,
  others: fc.array(validRule, { maxLength: 3 }),
  explicit: fc.constantFrom('reject', 'ignore', undefined),
});

describe('decideActivation never activates on malformed data', () => {
  it('activates a sound version (the control: the properties below could fail)', async () => {
    // Act
    const { decision, activations } = await decide(world());
    // Assess
    expect(decision.outcome).toBe('ACTIVATED');
    expect(activations).toEqual([2]);
  });

  it('rejects a version whose ModelMetrics are malformed where a rule looks, and says which metric', async () => {
    await fc.assert(
      fc.asyncProperty(malformedMetrics, ruling, fc.constantFrom(...RULE_KEYS), async (malformed, r, key) => {
        // Prepare
        const metric = malformed.affected[r.pick % malformed.affected.length] as MetricName;
        // No document at all is absence, which "ignore" may legitimately ignore; anything else is unreadable.
        const absent = String(malformed.problem).includes('no metrics reported');
        fc.pre(!(absent && r.explicit === 'ignore'));
        const w = world({
          version: version(2, { metricsJson: malformed.json }),
          policyText: policyRuling(metric, key, r),
        });
        // Act
        const { decision, activations, requests } = await decide(w);
        // Assess
        expect(decision.outcome, malformed.what).toBe('REJECTED');
        expect(activations).toEqual([]);
        expect(requests).toEqual([]);
        expect(decision.reasons).toContainEqual(
          absent
            ? `${metric} is absent from the candidate metrics (rejected by onMissingMetric)`
            : `${metric} could not be read from the candidate metrics, and a policy never passes on unreadable data`,
        );
        expect(decision.reasons).toContainEqual(expect.stringMatching(/^candidate metrics: \S/));
      }),
      settings(200),
    );
  });

  it('rejects a version whose PriorModelMetrics are malformed where a change-vs-prior rule looks', async () => {
    await fc.assert(
      fc.asyncProperty(
        malformedMetrics,
        ruling,
        fc.constantFrom(...DELTA_KEYS),
        async (malformed, r, key) => {
          // Prepare
          const metric = malformed.affected[r.pick % malformed.affected.length] as MetricName;
          const absent = String(malformed.problem).includes('no metrics reported');
          fc.pre(!(absent && r.explicit === 'ignore'));
          const w = world({
            version: version(2, { priorMetricsJson: malformed.json }),
            policyText: policyRuling(metric, key, r),
          });
          // Act
          const { decision, activations, requests } = await decide(w);
          // Assess
          expect(decision.outcome, malformed.what).toBe('REJECTED');
          expect(activations).toEqual([]);
          expect(requests).toEqual([]);
          expect(decision.reasons).toContainEqual(
            absent
              ? `${metric} is absent from the prior metrics (rejected by onMissingMetric)`
              : `${metric} could not be read from the prior metrics, and a policy never passes on unreadable data`,
          );
          expect(decision.reasons).toContainEqual(expect.stringMatching(/^prior metrics: \S/));
        },
      ),
      settings(200),
    );
  });

  it('rejects a version whose RetrainingAvailableDataInDays is not a day count when a rule needs it', async () => {
    const notADayCount = fc.oneof(
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
      fc.integer({ max: -1 }),
      fc.double({ noNaN: true }).filter((d) => !Number.isInteger(d)),
    );
    await fc.assert(
      fc.asyncProperty(
        notADayCount,
        ruling,
        fc.constantFrom('min', 'max') as fc.Arbitrary<'min' | 'max'>,
        async (days, r, key) => {
          // Prepare
          const w = world({
            version: version(2, { availableDataInDays: days }),
            policyText: policyRuling('availableDataInDays', key, r),
          });
          // Act
          const { decision, activations } = await decide(w);
          // Assess
          expect(decision.outcome).toBe('REJECTED');
          expect(activations).toEqual([]);
          expect(decision.reasons).toContainEqual(
            expect.stringMatching(/^availableDataInDays could not be read from the candidate metrics/),
          );
          expect(decision.reasons).toContainEqual(
            `candidate metrics: availableDataInDays: not a day count (${days})`,
          );
        },
      ),
      settings(100),
    );
  });

  it('rejects a version whose ModelQuality is unknown or missing when the policy requires a quality', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(unknownEnumValue(MODEL_QUALITY_VALUES), { nil: null }),
        fc.subarray([...MODEL_QUALITY_VALUES], { minLength: 1 }),
        async (quality, allowed) => {
          // Prepare
          const w = world({
            version: version(2, { modelQuality: quality }),
            policyText: JSON.stringify({ mode: 'enforce', rules: [], requireModelQuality: allowed }),
          });
          // Act
          const { decision, activations } = await decide(w);
          // Assess
          expect(decision.outcome).toBe('REJECTED');
          expect(activations).toEqual([]);
          expect(decision.reasons.join('\n')).toContain('modelQuality');
        },
      ),
      settings(100),
    );
  });
});

describe('decideActivation never activates what it may not act on', () => {
  type Twist = { what: string; value: string | null; apply: (w: World) => World };
  const twist: fc.Arbitrary<Twist> = fc.oneof(
    unknownEnumValue(['SUCCESS']).map((status) => ({
      what: 'status',
      value: status,
      apply: (w: World) => ({ ...w, version: version(2, { status }) }),
    })),
    fc.option(unknownEnumValue(['RETRAINING']), { nil: null }).map((sourceType) => ({
      what: 'sourceType',
      value: sourceType,
      apply: (w: World) => ({ ...w, version: version(2, { sourceType }) }),
    })),
    fc.option(unknownEnumValue(['MANUAL']), { nil: null }).map((promoteMode) => ({
      what: 'promoteMode',
      value: promoteMode,
      apply: (w: World) => ({ ...w, scheduler: scheduler({ promoteMode }) }),
    })),
    fc.constant({ what: 'no scheduler', value: null, apply: (w: World) => ({ ...w, scheduler: null }) }),
    fc.integer({ min: 2, max: 1000 }).map((active) => ({
      what: 'active version',
      value: String(active),
      apply: (w: World) => ({ ...w, model: detail({ activeVersion: active }) }),
    })),
  );

  it('skips a version with an unknown status, source, promote mode or an active version as new, and says why', async () => {
    await fc.assert(
      fc.asyncProperty(twist, async (t) => {
        // Prepare
        const w = t.apply(world());
        // Act
        const { decision, activations, requests } = await decide(w);
        // Assess
        expect(decision.outcome, t.what).toBe('SKIPPED');
        expect(activations).toEqual([]);
        expect(requests).toEqual([]);
        expect(decision.reasons).toHaveLength(1);
        expect(decision.reasons[0]).toMatch(/\S/);
        if (t.value !== null) expect(decision.reasons[0]).toContain(t.value);
      }),
      settings(200),
    );
  });

  it('fails with the validation errors when the policy is invalid, whatever the parameter holds', async () => {
    const invalid = fc
      .oneof(
        anyPolicyText,
        brokenPolicy.map((b) => b.text),
      )
      .filter((text) => !parsePolicy(text).ok);
    await fc.assert(
      fc.asyncProperty(invalid, async (policyText) => {
        // Prepare
        const errors = (() => {
          const parsed = parsePolicy(policyText);
          return parsed.ok ? [] : parsed.errors;
        })();
        // Act
        const { decision, activations, requests } = await decide(world({ policyText }));
        // Assess
        expect(decision.outcome).toBe('FAILED');
        expect(activations).toEqual([]);
        expect(requests).toEqual([]);
        expect(decision.reasons).toEqual([
          `policy ${POLICY_PARAMETER} is invalid and was not applied`,
          ...errors,
        ]);
        expect(errors.length).toBeGreaterThan(0);
        expect(decision.policy).toEqual({ parameterName: POLICY_PARAMETER, version: 4, mode: null });
      }),
      settings(200),
    );
  });
});
