import { describe, expect, it } from 'vitest';
import { type Decision, type DecisionFacts, decide, type OpenDecision } from '../../../lib/core/decide.js';
import { detail, MODEL_ARN, metricsJson, version } from './builders.js';

const POLICY = (mode: string) => JSON.stringify({ mode, rules: [{ metric: 'recall', min: 0.8 }] });
const LOOKED_UP = ['/p/policies/models/pump-1', '/p/policies/default'];
/** After v2 was ready (its updatedAt is 2026-01-01T03:00). */
const LATER = '2026-01-02T00:00:00.000Z';

function facts(overrides: Partial<DecisionFacts> = {}): DecisionFacts {
  return {
    modelName: 'pump-1',
    modelVersion: 2,
    modelArn: MODEL_ARN,
    model: detail({ activeVersion: 1 }),
    version: version(2),
    promoteMode: 'MANUAL',
    versions: [version(1), version(2)],
    versionActivation: null,
    activeVersionActivatedAt: null,
    policy: {
      stored: { parameterName: '/p/policies/default', version: 3, text: POLICY('enforce') },
      lookedUp: LOOKED_UP,
    },
    decidedBefore: false,
    open: null,
    limits: { callsPerInvocation: 4, invocations: 3 },
    ...overrides,
  };
}

/** Facts for a decision no decision was made for yet. */
function fresh(overrides: Partial<DecisionFacts> = {}) {
  return { ...facts(overrides), open: null, decidedBefore: false as const };
}

function open(overrides: Partial<OpenDecision> = {}): OpenDecision {
  return {
    status: 'PENDING',
    decidedAt: '2026-02-01T00:00:00.000Z',
    attempts: 1,
    lastError: null,
    detail: { eventId: 'decision-1', outcome: 'ACTIVATED', reasons: ['all 1 checks passed'] },
    calls: 0,
    lastCall: null,
    ...overrides,
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The outcome (or step) and first reason of a decision, for the tables. */
function summary(decision: Decision): [string, string | undefined] {
  if (decision.kind === 'verdict' || decision.kind === 'complete') {
    return [decision.outcome, decision.reasons[0]];
  }
  return [decision.kind, decision.kind === 'wait' ? decision.error : undefined];
}

describe('decide(facts): a new decision, as a pure table', () => {
  const rows: Array<[string, Partial<DecisionFacts>, string, RegExp]> = [
    ['an enforce policy passes', {}, 'ACTIVATED', /^all 1 checks passed$/],
    [
      'a check fails',
      { version: version(2, { metricsJson: metricsJson(0.8, 0.5) }) },
      'REJECTED',
      /^recall is 0.5; the policy requires at least 0.8$/,
    ],
    [
      'a dry-run policy passes',
      { policy: { stored: { parameterName: '/p/x', version: 1, text: POLICY('dry-run') }, lookedUp: [] } },
      'DRY_RUN',
      /^all 1 checks passed; dry-run policy, so version 2 is not activated$/,
    ],
    [
      'a newer successful retraining exists (newest wins)',
      { versions: [version(1), version(2), version(3)] },
      'SKIPPED',
      /^version 2 is superseded by v3, a newer successful retraining/,
    ],
    [
      'the autopilot activated the version before (never twice)',
      { versionActivation: { decisionId: 'decision-0', activatedAt: '2026-01-05T00:00:00.000Z' } },
      'SKIPPED',
      /^version 2 was activated by the autopilot before \(decision decision-0 at .*a rollback or manual activation stands$/,
    ],
    [
      'someone made v1 active by hand after v2 was ready (a manual choice stands)',
      { model: detail({ activeVersion: 1, activatedAt: LATER }) },
      'SKIPPED',
      /^v1 was made active by hand at 2026-01-02T00:00:00.000Z, after version 2 was ready; a manual choice stands/,
    ],
    [
      'the active version is the autopilot’s own doing, not a manual choice',
      { model: detail({ activeVersion: 1, activatedAt: LATER }), activeVersionActivatedAt: LATER },
      'ACTIVATED',
      /^all 1 checks passed$/,
    ],
    [
      'no policy exists',
      { policy: { stored: null, lookedUp: LOOKED_UP } },
      'SKIPPED',
      /^no policy: neither \/p\/policies\/models\/pump-1 nor \/p\/policies\/default exists$/,
    ],
    [
      'the policy is invalid',
      { policy: { stored: { parameterName: '/p/x', version: 1, text: '{"mode":"bad"}' }, lookedUp: [] } },
      'FAILED',
      /^policy \/p\/x is invalid and was not applied$/,
    ],
    [
      'the policy is off',
      { policy: { stored: { parameterName: '/p/x', version: 1, text: POLICY('off') }, lookedUp: [] } },
      'SKIPPED',
      /^policy \/p\/x is off$/,
    ],
    [
      'the scheduler lets L4E decide',
      { promoteMode: 'MANAGED' },
      'SKIPPED',
      /^the retraining scheduler is in MANAGED promote mode, so L4E decides$/,
    ],
    [
      'the scheduler lets IoT SiteWise decide',
      {
        promoteMode: 'MANAGED',
        model: detail({ origin: { provider: 'iot-sitewise', computationModelId: 'c' } }),
      },
      'SKIPPED',
      /^the retraining scheduler is in MANAGED promote mode, so IoT SiteWise decides$/,
    ],
    [
      'the model of that name is another one now',
      { model: detail({ arn: `${MODEL_ARN}-reborn` }) },
      'SKIPPED',
      /^model pump-1 .* no longer exists; the model named pump-1 now is /,
    ],
  ];

  it.each(rows)('%s', (_name, overrides, outcome, reason) => {
    const decision = decide(deepFreeze(facts(overrides)));
    expect(summary(decision)[0]).toBe(outcome);
    expect(summary(decision)[1]).toMatch(reason);
  });

  it('decides only on the checks of an eligible version, yet runs the policy for `policy evaluate`', () => {
    const skipped = decide(fresh({ versions: [version(2), version(3)] }));
    expect(skipped).toMatchObject({ outcome: 'SKIPPED', checks: [], newer: 3 });
    expect(skipped.policy).toEqual({ parameterName: null, version: null, mode: null });
    expect(skipped.evaluation?.checks).toEqual([
      { metric: 'recall', rule: 'min', threshold: 0.8, actual: 0.9, passed: true },
    ]);
    const activated = decide(fresh());
    expect(activated.checks).toEqual(activated.evaluation?.checks);
    expect(activated.policy).toEqual({ parameterName: '/p/policies/default', version: 3, mode: 'enforce' });
  });

  it('a version no trigger asked for and decided before is not decided again', () => {
    expect(decide(facts({ decidedBefore: true }))).toEqual({ kind: 'none' });
  });

  it('the same facts give the same decision', () => {
    expect(decide(facts({ versions: [version(3)] }))).toEqual(decide(facts({ versions: [version(3)] })));
  });
});

describe('decide(facts): the next step of an open decision, as a pure table', () => {
  const landed = detail({
    activeVersion: 2,
    previousActiveVersion: 1,
    activatedAt: '2026-02-01T00:00:01.000Z',
  });
  const conflict = { ok: false as const, retryable: true, error: 'ConflictException: busy' };
  const rows: Array<[string, Partial<DecisionFacts>, Partial<OpenDecision>, string, RegExp | undefined]> = [
    ['recorded and still applies: act', {}, {}, 'activate', undefined],
    ['complete but unpublished: publish as recorded', {}, { status: 'COMPLETE' }, 'publish', undefined],
    [
      'the call succeeded',
      { model: landed },
      { calls: 1, lastCall: { ok: true } },
      'ACTIVATED',
      /^all 1 checks passed; version 2 is now active$/,
    ],
    [
      'an earlier invocation’s call landed',
      { model: landed },
      {},
      'ACTIVATED',
      /^all 1 checks passed; version 2 is now active$/,
    ],
    [
      'a conflict, calls left: read again and act',
      {},
      { calls: 1, lastCall: conflict },
      'activate',
      undefined,
    ],
    [
      'a conflict, no calls left: the platform retries',
      {},
      { calls: 4, lastCall: conflict },
      'wait',
      /^Conflict/,
    ],
    [
      'a conflict on the last invocation',
      {},
      { calls: 4, attempts: 3, lastCall: conflict },
      'FAILED',
      /^all 1 checks passed but activation failed: ConflictException: busy$/,
    ],
    [
      'an error retrying cannot fix',
      {},
      { calls: 1, lastCall: { ok: false, retryable: false, error: 'AccessDeniedException: no' } },
      'FAILED',
      /but activation failed: AccessDeniedException: no$/,
    ],
    [
      'an operator chose a version meanwhile: it is not undone',
      { model: detail({ activeVersion: 1, activatedAt: '2026-02-01T01:00:00.000Z' }) },
      { calls: 1, lastCall: conflict },
      'SKIPPED',
      /^the activation decided at .* did not take place and no longer applies: v1 was made active by hand/,
    ],
    [
      'every invocation tried',
      {},
      { attempts: 3, lastError: 'ThrottlingException: slow down' },
      'FAILED',
      /but activation did not succeed in 3 attempts: ThrottlingException: slow down$/,
    ],
    [
      'its own activation record does not block it',
      { versionActivation: { decisionId: 'decision-1', activatedAt: null } },
      {},
      'activate',
      undefined,
    ],
  ];

  it.each(rows)('%s', (...[, overrides, state, step, reason]) => {
    const decision = decide(deepFreeze(facts({ ...overrides, open: open(state) })));
    expect(summary(decision)[0]).toBe(step);
    if (reason) expect(summary(decision)[1]).toMatch(reason);
  });
});
