// apply-policy end to end: the watcher publishes to the local bus, the rule of serverless.yml routes
// SUCCESS runs to the decide use-case, which reads L4E (the emulator) and policies (local SSM).
import { DescribeModelCommand, UpdateActiveModelVersionCommand } from '@aws-sdk/client-lookoutequipment';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActivationDecisionDetail } from '../../../lib/core/events.js';
import { arnLocation } from '../../../lib/core/model.js';
import { decideActivation } from '../../../lib/decide.js';
import { parseDecisionTrigger } from '../../../lib/triggers.js';
import { runWatchCycle } from '../../../lib/watch.js';
import { type DeliveredEnvelope, loadServerlessConfig } from '../../../local/aws/index.js';
import type { Scenario } from '../../../local/emulator/index.js';
import { schemaErrors } from '../support/schemas.js';
import { BUS_NAME, PARAMETER_PREFIX, startTestStack, type TestStack } from '../support/stack.js';

const DAY = 24 * 3600 * 1000;
const DEFAULT_POLICY = {
  mode: 'enforce',
  rules: [
    { metric: 'recall', min: 0.8 },
    { metric: 'precision', min: 0.6 },
    { metric: 'recall', minDeltaVsPrior: 0 },
  ],
  onMissingMetric: 'reject',
};
const better = { metrics: { precision: 0.9, recall: 0.93, auc: 0.95 } };
const worse = { metrics: { precision: 0.45, recall: 0.5, auc: 0.6 } };
const manual = (name: string, runs: Array<Record<string, unknown>>, promoteMode = 'MANUAL') => ({
  name,
  dataset: 'plant-data',
  baseMetrics: { precision: 0.75, recall: 0.82, auc: 0.85 },
  retrainingScheduler: { frequency: 'P30D', promoteMode, startDate: 'P1D' },
  runs,
});

const scenario: Scenario = {
  startTime: '2026-01-01T00:00:00Z',
  datasets: [{ name: 'plant-data' }],
  models: [
    manual('good', [better, { metrics: { precision: 0.92, recall: 0.95, auc: 0.96 } }]),
    manual('bad', [worse]),
    manual('dry', [better]),
    manual('managed', [worse], 'MANAGED'),
    manual('broken', [better]),
    manual('strict', [better]),
  ],
} as Scenario;

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

interface Harness {
  s: TestStack;
  decisions: ActivationDecisionDetail[];
  poll(): Promise<void>;
}

async function harness(): Promise<Harness> {
  const s = await startTestStack({ scenario });
  stack = s;
  s.ssm.put(`${PARAMETER_PREFIX}/policies/default`, JSON.stringify(DEFAULT_POLICY));
  s.ssm.put(
    `${PARAMETER_PREFIX}/policies/models/dry`,
    JSON.stringify({ ...DEFAULT_POLICY, mode: 'dry-run' }),
  );
  s.ssm.put(
    `${PARAMETER_PREFIX}/policies/models/broken`,
    '{"mode": "enforce", "rules": [{"metric": "recal", "min": 0.8}]',
  );
  s.ssm.put(
    `${PARAMETER_PREFIX}/policies/models/strict`,
    JSON.stringify({ mode: 'enforce', rules: [{ metric: 'recall', min: 0.99 }] }),
  );
  const decisions: ActivationDecisionDetail[] = [];
  const rule = loadServerlessConfig('serverless.yml', 'test')
    .eventBridgeRules()
    .find((r) => r.functionName === 'applyPolicy');
  if (!rule) throw new Error('serverless.yml has no rule targeting applyPolicy');
  s.bus.addRule({
    name: 'apply-policy',
    eventBusName: BUS_NAME,
    pattern: rule.pattern,
    targets: [
      {
        id: 'apply-policy',
        // A failed invocation is tried twice more, as Lambda retries apply-policy's (serverless.yml).
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 60 },
        invoke: async (event) => {
          decisions.push(await decide(s, event));
        },
      },
    ],
  });
  let owner = 0;
  return {
    s,
    decisions,
    async poll() {
      owner += 1;
      await runWatchCycle(s, {
        now: new Date(s.emulator.now()),
        owner: `o${owner}`,
        leaseMs: 60_000,
        baselineLookbackMs: DAY,
      });
      await s.bus.drain();
    },
  };
}

function decide(s: TestStack, event: unknown): Promise<ActivationDecisionDetail> {
  return decideActivation(
    { ...s, store: s.decisions },
    {
      parameterPrefix: PARAMETER_PREFIX,
      providerName: 'lookout-equipment',
      now: () => new Date(s.emulator.now()),
      activationRetryDelayMs: 1,
    },
    parseDecisionTrigger(event, s.provider),
  );
}

async function activeVersion(s: TestStack, model: string): Promise<number | undefined> {
  return (await s.lookoutClient.send(new DescribeModelCommand({ ModelName: model }))).ActiveModelVersion;
}

const byModel = (decisions: ActivationDecisionDetail[], model: string) =>
  decisions.filter((d) => d.modelName === model);

describe('apply-policy against the emulator and SSM', () => {
  it('activates, rejects, dry-runs, skips and fails as the policies and L4E say', async () => {
    // Prepare
    const h = await harness();
    await h.poll();
    // Act: every model's first retraining run succeeds on day 1.
    h.s.emulator.advance('P2D');
    await h.poll();
    // Assess
    const [good] = byModel(h.decisions, 'good');
    expect(good).toMatchObject({
      outcome: 'ACTIVATED',
      modelVersion: 2,
      previousActiveVersion: 1,
      activeVersion: 2,
    });
    expect(good?.checks.map((c) => [c.metric, c.rule, c.passed])).toEqual([
      ['recall', 'min', true],
      ['precision', 'min', true],
      ['recall', 'minDeltaVsPrior', true],
    ]);
    expect(good?.policy).toEqual({
      parameterName: `${PARAMETER_PREFIX}/policies/default`,
      version: 1,
      mode: 'enforce',
    });
    expect(await activeVersion(h.s, 'good')).toBe(2);

    const [bad] = byModel(h.decisions, 'bad');
    expect(bad?.outcome).toBe('REJECTED');
    expect(bad?.reasons.join(' ')).toMatch(/recall is 0\.5; the policy requires at least 0\.8/);
    expect(await activeVersion(h.s, 'bad')).toBe(1);

    const [dry] = byModel(h.decisions, 'dry');
    expect(dry).toMatchObject({
      outcome: 'DRY_RUN',
      policy: { parameterName: `${PARAMETER_PREFIX}/policies/models/dry`, mode: 'dry-run' },
    });
    expect(await activeVersion(h.s, 'dry')).toBe(1);

    const [managed] = byModel(h.decisions, 'managed');
    expect(managed?.outcome).toBe('SKIPPED');
    expect(managed?.reasons[0]).toMatch(/MANAGED promote mode/);

    const [broken] = byModel(h.decisions, 'broken');
    expect(broken?.outcome).toBe('FAILED');
    expect(broken?.reasons[0]).toMatch(/policies\/models\/broken is invalid and was not applied/);
    expect(broken?.reasons.slice(1).join('\n')).toMatch(/not valid JSON/);
    expect(await activeVersion(h.s, 'broken')).toBe(1);

    // The per-model policy replaces the default for its model only.
    const [strict] = byModel(h.decisions, 'strict');
    expect(strict?.outcome).toBe('REJECTED');
    expect(strict?.checks).toHaveLength(1);
    expect(strict?.policy.parameterName).toBe(`${PARAMETER_PREFIX}/policies/models/strict`);

    // Every decision is an event on the bus that validates against its schema, and is in the audit trail.
    const decisionEvents = h.s.bus
      .accepted()
      .filter((e) => e['detail-type'] === 'Model Version Activation Decision');
    expect(decisionEvents).toHaveLength(6);
    for (const e of decisionEvents) expect(schemaErrors(e as unknown as Record<string, unknown>)).toEqual([]);
    const goodArn = (await h.s.lookoutClient.send(new DescribeModelCommand({ ModelName: 'good' }))).ModelArn;
    const trail = await h.s.decisions.listDecisions(goodArn ?? '');
    expect(trail.map((r) => r.detail.outcome)).toEqual(['ACTIVATED']);
    expect(trail[0]?.published).toBe(true);

    // The watcher attributes the activation it then sees to the policy.
    await h.poll();
    const changes = h.s.bus
      .accepted()
      .filter(
        (e) =>
          e['detail-type'] === 'Active Model Version Change' &&
          (e.detail as { modelName: string }).modelName === 'good',
      )
      .map((e) => e.detail);
    expect(changes.at(-1)).toMatchObject({
      previousActiveVersion: 1,
      activeVersion: 2,
      cause: 'AUTOPILOT_POLICY',
    });
  });

  it("takes a target's policy for the model over its model policy, from the account and region of its ARN", async () => {
    // Prepare: 'strict' has a model policy no run passes; its target (the emulator's account and
    // region) gets a lenient one, and another target's policy for 'bad' must not apply to this 'bad'.
    const h = await harness();
    await h.poll();
    const strictArn =
      (await h.s.lookoutClient.send(new DescribeModelCommand({ ModelName: 'strict' }))).ModelArn ?? '';
    const { account, region } = arnLocation(strictArn);
    const targetName = `${PARAMETER_PREFIX}/policies/targets/${account}/${region}/models/strict`;
    h.s.ssm.put(targetName, JSON.stringify({ mode: 'enforce', rules: [{ metric: 'recall', min: 0.5 }] }));
    h.s.ssm.put(
      `${PARAMETER_PREFIX}/policies/targets/999999999999/${region}/models/bad`,
      JSON.stringify({ mode: 'enforce', rules: [{ metric: 'recall', min: 0.1 }] }),
    );
    // Act
    h.s.emulator.advance('P2D');
    await h.poll();
    // Assess: the decision names the target's parameter as its source, and the version is live.
    const [strict] = byModel(h.decisions, 'strict');
    expect(strict).toMatchObject({ outcome: 'ACTIVATED', modelVersion: 2 });
    expect(strict?.policy).toEqual({ parameterName: targetName, version: 1, mode: 'enforce' });
    expect(await activeVersion(h.s, 'strict')).toBe(2);
    const [bad] = byModel(h.decisions, 'bad');
    expect(bad).toMatchObject({
      outcome: 'REJECTED',
      policy: { parameterName: `${PARAMETER_PREFIX}/policies/default` },
    });
    const [good] = byModel(h.decisions, 'good');
    expect(good?.policy.parameterName).toBe(`${PARAMETER_PREFIX}/policies/default`);
  });

  it('never trusts the event: forged, stale and replayed triggers change nothing', async () => {
    const h = await harness();
    await h.poll();
    h.s.emulator.advance('P2D');
    await h.poll();
    const successEvent = h.s.bus
      .accepted()
      .find(
        (e) =>
          e['detail-type'] === 'Scheduled Retraining State Change' &&
          (e.detail as { modelName: string }).modelName === 'good',
      );
    if (!successEvent) throw new Error('no SUCCESS event for model good');
    h.s.emulator.resetStats();

    // Forged in the contract's shape (an event that breaks it is refused before any of this).
    const forge = (detail: Record<string, unknown>): DeliveredEnvelope => ({
      ...successEvent,
      detail: { ...successEvent.detail, ...detail },
    });

    // A replay of the event that activated version 2: activated before, no second activation call.
    const replayed = await decide(h.s, { ...successEvent, 'replay-name': 'replay-1' });
    expect(replayed.outcome).toBe('SKIPPED');
    expect(replayed.reasons[0]).toMatch(/version 2 was activated by the autopilot before \(decision /);

    // A version that does not exist.
    const unknown = await decide(
      h.s,
      forge({ modelVersion: 42, eventId: '00000000-0000-4000-8000-00000000f001' }),
    );
    expect(unknown).toMatchObject({ outcome: 'SKIPPED', reasons: ['version 42 of good does not exist'] });

    // A model that does not exist, under another model's ARN: nothing is decided for that model.
    const ghost = await decide(
      h.s,
      forge({ modelName: 'ghost', eventId: '00000000-0000-4000-8000-00000000f002' }),
    );
    expect(ghost.outcome).toBe('SKIPPED');

    // An older version than the active one (after a third run, 3 is active; 2 is older).
    h.s.emulator.advance('P30D');
    await h.poll();
    expect(await activeVersion(h.s, 'good')).toBe(3);
    h.s.emulator.resetStats();
    const stale = await decide(h.s, forge({ eventId: '00000000-0000-4000-8000-00000000f003' }));
    expect(stale.reasons[0]).toMatch(/version 2 was activated by the autopilot before/);

    // A FAILED version claimed as SUCCESS.
    h.s.emulator.appendRuns('bad', [{ outcome: 'FAILED', failedReason: 'no data' }]);
    h.s.emulator.advance('P30D');
    await h.poll();
    const failedVersion = h.s.emulator
      .ledger({ model: 'bad' })
      .find((l) => l.resource === 'modelVersion' && l.field === 'Status' && l.to === 'FAILED')?.modelVersion;
    expect(failedVersion).toBeDefined();
    const forgedFailed = await decide(
      h.s,
      forge({
        modelName: 'bad',
        modelVersion: failedVersion,
        eventId: '00000000-0000-4000-8000-00000000f004',
      }),
    );
    expect(forgedFailed.outcome).toBe('SKIPPED');
    expect(forgedFailed.reasons[0]).toMatch(/is FAILED, not SUCCESS/);

    expect(h.s.emulator.stats().calls.UpdateActiveModelVersion ?? 0).toBe(0);
  });

  it('retries activation through throttling and reports a lasting failure as FAILED', async () => {
    const h = await harness();
    await h.poll();
    h.s.emulator.setFaults({ seed: 1, operations: { UpdateActiveModelVersion: { failNext: 3 } } });
    h.s.emulator.advance('P2D');
    await h.poll();
    expect(byModel(h.decisions, 'good')[0]?.outcome).toBe('ACTIVATED');
    expect(h.s.emulator.stats().faults?.UpdateActiveModelVersion?.throttled).toBe(3);

    // Someone else activates the version first: the next run of 'good' is activated anyway, and an
    // external re-activation of the old version between polls does not confuse the decision.
    await h.s.lookoutClient.send(new UpdateActiveModelVersionCommand({ ModelName: 'good', ModelVersion: 1 }));
    h.s.emulator.setFaults({ seed: 1, operations: { UpdateActiveModelVersion: { error5xx: 1 } } });
    h.s.emulator.advance('P30D');
    await h.poll();
    const second = byModel(h.decisions, 'good')[1];
    expect(second?.outcome).toBe('FAILED');
    expect(second?.reasons[0]).toMatch(/activation failed: InternalServerException/);
    expect(await activeVersion(h.s, 'good')).toBe(1);
  });
});
