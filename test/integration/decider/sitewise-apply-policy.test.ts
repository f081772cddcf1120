// apply-policy for IoT SiteWise models: the deployed handler module (functions/apply-policy.ts) with its
// own clients and PROVIDERS=lookout-equipment,iot-sitewise, against the SiteWise emulator and its S3
// stand-in through the AWS SDK, with the local DynamoDB, SSM and bus. Triggers are the events the watcher
// published; every decision re-reads SiteWise and S3, and acts only on a CUSTOMER_MANAGED (MANUAL) model.
import {
  DescribeActionCommand,
  type IoTSiteWiseClient,
  ListActionsCommand,
} from '@aws-sdk/client-iotsitewise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSiteWiseProvider } from '../../../lib/adapters/sitewise.js';
import type { ActivationDecisionDetail } from '../../../lib/core/events.js';
import type { RunSpec } from '../../../local/emulator/scenario.js';
import { PARAMETER_PREFIX } from '../../../local/harness.js';
import { LENIENT_SITEWISE_KNOBS } from '../../../local/sitewise/index.js';
import { type Bound, boundModel, DESTINATION, execute } from '../sitewise/support/fixtures.js';
import { GOOD, INFERENCE, LABELS, POOR, trainPayload } from '../sitewise/support/scenario.js';
import { type SiteWiseWatch, startSiteWiseWatch } from '../sitewise/support/watch.js';
import { useLocalAwsEnv } from '../support/env.js';

const DAY_S = 86_400;
const PASSING = JSON.stringify({ mode: 'enforce', rules: [{ metric: 'recall', min: 0.8 }] });
const STRICT = JSON.stringify({ mode: 'enforce', rules: [{ metric: 'recall', min: 0.99 }] });

let watch: SiteWiseWatch;
let client: IoTSiteWiseClient;
let restoreEnv: () => void;
let applyPolicy: (event: unknown) => Promise<ActivationDecisionDetail>;

beforeAll(async () => {
  watch = await startSiteWiseWatch(LENIENT_SITEWISE_KNOBS);
  client = watch.client;
  const { stack, sitewise } = watch;
  restoreEnv = useLocalAwsEnv({
    LOOKOUTEQUIPMENT: stack.emulator.url,
    IOTSITEWISE: sitewise.url,
    S3: sitewise.s3.url,
    DYNAMODB: stack.dynamo.url,
    SSM: stack.ssm.url,
    EVENTBRIDGE: stack.bus.url,
  });
  Object.assign(process.env, {
    PROVIDERS: 'lookout-equipment,iot-sitewise',
    STATE_TABLE_NAME: stack.tableName,
    EVENT_BUS_NAME: 'l4e-autopilot-harness',
    PARAMETER_PREFIX,
    HUB_ACCOUNT_ID: '123456789012',
    ACTIVATION_RETRY_DELAY_MS: '1',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  ({ applyPolicy } = await import('../../../functions/apply-policy.js'));
}, 60_000);

afterAll(async () => {
  restoreEnv();
  for (const name of [
    'PROVIDERS',
    'STATE_TABLE_NAME',
    'EVENT_BUS_NAME',
    'PARAMETER_PREFIX',
    'HUB_ACCOUNT_ID',
  ])
    delete process.env[name];
  await watch.close();
});

const setPolicy = (text: string) => watch.stack.ssm.put(`${PARAMETER_PREFIX}/policies/default`, text);

/**
 * A model trained (v1) and in service, with a retraining scheduler of `promotion` whose runs start at the
 * next midnight but one. Each model writes its metrics under a prefix of its own, as models in one
 * account do.
 */
async function scheduledModel(
  name: string,
  promotion: string,
  runs: RunSpec[] = [{ metrics: GOOD, priorMetrics: POOR }],
) {
  const bound = await boundModel(watch.sitewise, client, name);
  const destination = { bucketName: DESTINATION.bucketName, prefix: `${name}/` };
  watch.sitewise.planRuns(bound.computationModelId, [{ metrics: POOR }, ...runs]);
  await execute(client, bound, 'training', { ...trainPayload(), modelMetricsDestination: destination });
  watch.sitewise.advance('PT3H');
  await execute(client, bound, 'inference', INFERENCE);
  watch.sitewise.advance('PT10M');
  const tomorrow = Math.ceil(watch.sitewise.now() / 1000 / DAY_S + 1) * DAY_S;
  await execute(client, bound, 'training', {
    trainingMode: 'START_RETRAINING_SCHEDULER',
    modelMetricsDestination: destination,
    labelInputConfiguration: LABELS,
    retrainingConfiguration: {
      lookbackWindow: 'P180D',
      retrainingFrequency: 'P30D',
      promotion,
      retrainingStartDate: tomorrow,
    },
  });
  await watch.cycle();
  return { ...bound, firstRunAt: tomorrow * 1000 };
}

/**
 * Moves the clock to three hours after the scheduler's `runs`-th run started (each takes two), and
 * polls twice: the watcher reports each finished run SUCCESS with its promotion result.
 */
async function pollAfterRuns(bound: { firstRunAt: number }, runs: number): Promise<void> {
  const at = bound.firstRunAt + (runs - 1) * 30 * DAY_S * 1000 + 3 * 3600 * 1000;
  for (const _ of [1, 2]) {
    watch.sitewise.advance(Math.max(0, at - watch.sitewise.now()));
    const report = await watch.cycle();
    expect(report.errors).toEqual([]);
    watch.sitewise.advance('PT1H');
  }
}

/** The SUCCESS event the watcher published for a run of the model, as EventBridge delivered it. */
function triggerOf(bound: Bound, version: number): Record<string, unknown> {
  const event = watch.stack.bus.accepted().find((e) => {
    const detail = e.detail as Record<string, unknown>;
    return (
      e['detail-type'] === 'Scheduled Retraining State Change' &&
      detail.modelName === bound.computationModelId &&
      detail.modelVersion === version &&
      detail.status === 'SUCCESS'
    );
  });
  if (event === undefined) throw new Error(`no SUCCESS event for v${version} of ${bound.computationModelId}`);
  return { ...event };
}

/** The active version as SiteWise tells it now, read by a provider of its own (nothing remembered). */
const activeVersion = async (bound: Bound) =>
  (await createSiteWiseProvider(watch.client, watch.s3).describeModel(bound.computationModelId))
    ?.activeVersion;

/** The emulator's record of the model's active-version changes: [version, cause]. */
const activations = (bound: Bound) =>
  watch.sitewise
    .ledger()
    .filter((e) => e.resource === 'activeModelVersion' && e.computationModelId === bound.computationModelId)
    .map((e) => [e.to, e.cause]);

/** The payloads of the model's inference actions, oldest first, as SiteWise lists them. */
async function inferencePayloads(bound: Bound): Promise<Array<Record<string, unknown>>> {
  const listed = await client.send(
    new ListActionsCommand({
      targetResourceType: 'COMPUTATION_MODEL',
      targetResourceId: bound.computationModelId,
    }),
  );
  const payloads: Array<{ at: number; payload: Record<string, unknown> }> = [];
  for (const summary of listed.actionSummaries ?? []) {
    if (summary.actionDefinitionId !== bound.inference) continue;
    const action = await client.send(new DescribeActionCommand({ actionId: summary.actionId }));
    const payload = JSON.parse(action.actionPayload?.stringValue ?? '{}') as Record<string, unknown>;
    payloads.push({ at: action.executionTime?.getTime() ?? 0, payload });
  }
  return payloads.sort((a, b) => a.at - b.at).map((p) => p.payload);
}

/** The emulator's record of the model's inference status changes. */
const inferenceChanges = (bound: Bound) =>
  watch.sitewise
    .ledger()
    .filter((e) => e.resource === 'inference' && e.computationModelId === bound.computationModelId)
    .map((e) => e.to);

const decisionsOf = (bound: Bound) =>
  watch.stack.bus
    .accepted()
    .filter((e) => e['detail-type'] === 'Model Version Activation Decision')
    .map((e) => e.detail as unknown as ActivationDecisionDetail)
    .filter((d) => d.modelName === bound.computationModelId);

describe('apply-policy for IoT SiteWise models', () => {
  it('activates a CUSTOMER_MANAGED model’s retrained version that passes the policy, in SiteWise', async () => {
    // Prepare
    setPolicy(PASSING);
    const bound = await scheduledModel('sw-activated', 'CUSTOMER_MANAGED');
    await pollAfterRuns(bound, 1);
    const trigger = triggerOf(bound, 2);

    // Act
    const decision = await applyPolicy(trigger);

    // Assess
    expect(decision).toMatchObject({
      provider: 'iot-sitewise',
      computationModelId: bound.computationModelId,
      modelVersion: 2,
      outcome: 'ACTIVATED',
      previousActiveVersion: 1,
      activeVersion: 2,
    });
    expect(await activeVersion(bound)).toBe(2);
    expect(activations(bound).map(([v]) => v)).toEqual([1, 2]);
  });

  it('rejects a version whose metrics, read from S3, fail the policy, and leaves SiteWise as it was', async () => {
    // Prepare
    setPolicy(STRICT);
    const bound = await scheduledModel('sw-rejected', 'CUSTOMER_MANAGED');
    await pollAfterRuns(bound, 1);

    // Act
    const decision = await applyPolicy(triggerOf(bound, 2));

    // Assess
    expect(decision).toMatchObject({ provider: 'iot-sitewise', outcome: 'REJECTED', activeVersion: 1 });
    expect(decision.checks).toEqual([
      expect.objectContaining({
        metric: 'recall',
        rule: 'min',
        threshold: 0.99,
        actual: GOOD.recall,
        passed: false,
      }),
    ]);
    expect(await activeVersion(bound)).toBe(1);
    expect(activations(bound).map(([v]) => v)).toEqual([1]);
  });

  it('skips a SERVICE_MANAGED model, whatever promote mode the trigger claims', async () => {
    // Prepare: a trigger that says MANUAL; SiteWise says SERVICE_MANAGED, and the policy would pass
    setPolicy(PASSING);
    const bound = await scheduledModel('sw-managed', 'SERVICE_MANAGED', [
      { metrics: POOR, priorMetrics: GOOD },
    ]);
    await pollAfterRuns(bound, 1);
    const trigger = triggerOf(bound, 2);
    const forged = { ...trigger, detail: { ...(trigger.detail as object), promoteMode: 'MANUAL' } };

    // Act
    const decision = await applyPolicy(forged);

    // Assess
    expect(decision).toMatchObject({ provider: 'iot-sitewise', outcome: 'SKIPPED' });
    expect(decision.reasons.join(' ')).toMatch(/MANAGED/);
    expect(await activeVersion(bound)).toBe(1);
    expect(activations(bound).map(([v]) => v)).toEqual([1]);
  });

  it('keeps an operator’s rollback: the trigger replayed after it leaves the old version active', async () => {
    // Prepare
    setPolicy(PASSING);
    const bound = await scheduledModel('sw-rollback', 'CUSTOMER_MANAGED');
    await pollAfterRuns(bound, 1);
    const trigger = triggerOf(bound, 2);
    expect((await applyPolicy(trigger)).outcome).toBe('ACTIVATED');
    watch.sitewise.advance('PT1H');
    await execute(client, bound, 'inference', { ...INFERENCE, targetModelVersion: 1 });
    watch.sitewise.advance('PT10M');

    // Act
    const replayed = await applyPolicy({ ...trigger, 'replay-name': 'replay-1' });

    // Assess
    expect(replayed.outcome).toBe('SKIPPED');
    expect(await activeVersion(bound)).toBe(1);
    expect(activations(bound).map(([v]) => v)).toEqual([1, 2, 1]);
  });

  it('activates the newest of two versions triggered at once', async () => {
    // Prepare
    setPolicy(PASSING);
    const good = { metrics: GOOD, priorMetrics: POOR };
    const bound = await scheduledModel('sw-newest', 'CUSTOMER_MANAGED', [good, good]);
    await pollAfterRuns(bound, 2);
    const [v2, v3] = [triggerOf(bound, 2), triggerOf(bound, 3)];

    // Act
    const decisions = await Promise.all([applyPolicy(v2), applyPolicy(v3)]);

    // Assess
    expect(await activeVersion(bound)).toBe(3);
    expect(activations(bound).map(([v]) => v)).toEqual([1, 3]);
    expect(decisions[0]?.outcome).toBe('SKIPPED');
    const activated = decisionsOf(bound).filter((d) => d.outcome === 'ACTIVATED');
    expect(activated.map((d) => [d.modelVersion, d.activeVersion])).toEqual([[3, 3]]);
  });

  it('decides once for a trigger replayed after the activation: one activation, no second decision to act', async () => {
    // Prepare
    setPolicy(PASSING);
    const bound = await scheduledModel('sw-replayed', 'CUSTOMER_MANAGED');
    await pollAfterRuns(bound, 1);
    const trigger = triggerOf(bound, 2);
    const first = await applyPolicy(trigger);

    // Act
    const again = await applyPolicy(trigger);

    // Assess
    expect(first.outcome).toBe('ACTIVATED');
    expect(again.outcome).toBe('SKIPPED');
    expect(again.reasons[0]).toContain(`decision ${first.eventId}`);
    expect(
      decisionsOf(bound)
        .filter((d) => d.outcome === 'ACTIVATED')
        .map((d) => d.eventId),
    ).toEqual([first.eventId]);
    expect(activations(bound).map(([v]) => v)).toEqual([1, 2]);
  });

  it('leaves inference an operator stopped stopped: the decision fails, naming the stopped inference, and activates nothing', async () => {
    // Prepare: the operator stops inference after the version was trained, before its trigger is decided
    setPolicy(PASSING);
    const bound = await scheduledModel('sw-stopped', 'CUSTOMER_MANAGED');
    await pollAfterRuns(bound, 1);
    await execute(client, bound, 'inference', { inferenceMode: 'STOP' });
    watch.sitewise.advance('PT10M');

    // Act
    const decision = await applyPolicy(triggerOf(bound, 2));

    // Assess
    expect(decision).toMatchObject({ provider: 'iot-sitewise', outcome: 'FAILED', activeVersion: 1 });
    expect(decision.reasons.join(' ')).toMatch(/inference .*stopped/i);
    expect(await activeVersion(bound)).toBe(1);
    expect(activations(bound).map(([v]) => v)).toEqual([1]);
    expect(inferenceChanges(bound)).toEqual(['RUNNING', 'STOPPED']);
  });

  it('re-sends the settings of the operator’s latest inference START when it activates', async () => {
    // Prepare: the operator restarts inference with another upload frequency after the first START
    setPolicy(PASSING);
    const bound = await scheduledModel('sw-settings', 'CUSTOMER_MANAGED');
    await pollAfterRuns(bound, 1);
    await execute(client, bound, 'inference', { inferenceMode: 'STOP' });
    watch.sitewise.advance('PT1M');
    await execute(client, bound, 'inference', { ...INFERENCE, dataUploadFrequency: 'PT15M' });
    watch.sitewise.advance('PT10M');

    // Act
    const decision = await applyPolicy(triggerOf(bound, 2));

    // Assess
    expect(decision.outcome).toBe('ACTIVATED');
    expect(await activeVersion(bound)).toBe(2);
    const sent = await inferencePayloads(bound);
    expect(sent.at(-1)).toMatchObject({
      inferenceMode: 'START',
      dataUploadFrequency: 'PT15M',
      targetModelVersion: 2,
    });
  });

  it('after a failed run, activates and rolls back to the SiteWise model versions that were evaluated', async () => {
    // Prepare: runs 2 (SiteWise v2), 3 (failed, no SiteWise version) and 4 (SiteWise v3)
    setPolicy(PASSING);
    const good = { metrics: GOOD, priorMetrics: POOR };
    const bound = await scheduledModel('sw-drift', 'CUSTOMER_MANAGED', [good, { outcome: 'FAILED' }, good]);
    await pollAfterRuns(bound, 3);
    const provider = createSiteWiseProvider(watch.client, watch.s3);
    expect(await provider.describeVersion(bound.computationModelId, 3)).toMatchObject({ status: 'FAILED' });

    // Act
    const decision = await applyPolicy(triggerOf(bound, 4));
    watch.sitewise.advance('PT1H');
    const rollback = await provider.activateVersion(bound.computationModelId, 2);
    watch.sitewise.advance('PT10M');
    const report = await watch.cycle();

    // Assess: the autopilot's v4 is SiteWise's v3; its v2 is SiteWise's v2
    expect(decision).toMatchObject({ outcome: 'ACTIVATED', modelVersion: 4, activeVersion: 4 });
    expect(decision.checks).toEqual([expect.objectContaining({ actual: GOOD.recall, passed: true })]);
    expect(rollback).toEqual({ previous: 4, current: 2 });
    expect(activations(bound).map(([v]) => v)).toEqual([1, 3, 2]);
    expect((await inferencePayloads(bound)).map((p) => p.targetModelVersion)).toEqual([undefined, 3, 2]);
    expect(report.errors).toEqual([]);
    expect(await activeVersion(bound)).toBe(2);
  });

  it('keeps an operator’s rollback made in the same second as the autopilot’s activation', async () => {
    // Prepare
    setPolicy(PASSING);
    const bound = await scheduledModel('sw-same-second', 'CUSTOMER_MANAGED');
    await pollAfterRuns(bound, 1);
    const trigger = triggerOf(bound, 2);

    // Act: the decision activates v2, and the operator starts v1 again without the clock moving
    expect((await applyPolicy(trigger)).outcome).toBe('ACTIVATED');
    await execute(client, bound, 'inference', { ...INFERENCE, targetModelVersion: 1 });
    const replayed = await applyPolicy({ ...trigger, 'replay-name': 'replay-same-second' });
    const report = await watch.cycle();

    // Assess
    expect(activations(bound).map(([v]) => v)).toEqual([1, 2, 1]);
    expect(replayed.outcome).toBe('SKIPPED');
    expect(report.errors).toEqual([]);
    expect(await activeVersion(bound)).toBe(1);
  });

  it('never attributes one computation model’s runs or metrics to another writing under the same prefix', async () => {
    // Prepare: both models write to one prefix; only the second one retrains, to poor metrics
    setPolicy(PASSING);
    const shared = { bucketName: DESTINATION.bucketName, prefix: 'shared/' };
    const quiet = await boundModel(watch.sitewise, client, 'sw-shared-quiet');
    const busy = await boundModel(watch.sitewise, client, 'sw-shared-busy');
    watch.sitewise.planRuns(quiet.computationModelId, [{ metrics: GOOD }]);
    watch.sitewise.planRuns(busy.computationModelId, [
      { metrics: POOR },
      { outcome: 'FAILED' },
      { metrics: POOR },
    ]);
    for (const bound of [quiet, busy]) {
      await execute(client, bound, 'training', { ...trainPayload(), modelMetricsDestination: shared });
      watch.sitewise.advance('PT3H');
    }
    for (const _ of [1, 2]) {
      await execute(client, busy, 'training', { ...trainPayload(), modelMetricsDestination: shared });
      watch.sitewise.advance('PT3H');
    }

    // Act
    const report = await watch.cycle();
    const provider = createSiteWiseProvider(watch.client, watch.s3);
    const versions = await provider.listVersions(quiet.computationModelId);
    const v1 = await provider.describeVersion(quiet.computationModelId, 1);

    // Assess: the quiet model has its one run, with its own metrics
    expect(report.errors).toEqual([]);
    expect(versions.map((v) => [v.version, v.status])).toEqual([[1, 'SUCCESS']]);
    // Under version folders (v1/) the busy model's first run overwrote the quiet one's objects: the quiet
    // model's v1 then has no metrics, rather than the busy model's.
    expect(v1).toMatchObject({ status: 'SUCCESS', metricsJson: null });
    const busyVersions = await provider.listVersions(busy.computationModelId);
    expect(busyVersions.map((v) => v.status).sort()).toEqual(['FAILED', 'SUCCESS', 'SUCCESS']);
  });
});
