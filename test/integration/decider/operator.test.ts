// apply-policy as an operator meets it: the deployed handler module (functions/apply-policy.ts) with its
// own clients and configuration, a scriptable L4E double (not the emulator), the local DynamoDB, SSM and
// event bus, and the operations CLI as the operator's hand on the model.
import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { UpdateActiveModelVersionCommand } from '@aws-sdk/client-lookoutequipment';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLookoutProvider } from '../../../lib/adapters/lookout.js';
import { createDecisionLog } from '../../../lib/adapters/state-decisions.js';
import { createModelStateStore } from '../../../lib/adapters/state-model.js';
import { lookoutClient } from '../../../lib/clients/lookout.js';
import type { ActivationDecisionDetail } from '../../../lib/core/events.js';
import { silentLogger } from '../../../lib/logger.js';
import type { DecisionLog, EventPublisher, ModelStateStore } from '../../../lib/ports.js';
import { runWatchCycle } from '../../../lib/watch.js';
import {
  createTables,
  type LocalDynamo,
  type LocalEventBus,
  type LocalSsm,
  loadServerlessConfig,
  startLocalDynamo,
  startLocalEventBus,
  startLocalSsm,
} from '../../../local/aws/index.js';
import {
  doubleModel,
  doubleScheduler,
  doubleVersion,
  type LookoutDouble,
  startLookoutDouble,
} from '../../support/lookout-double.js';
import { buildCli, runCli } from '../cli/harness.js';
import { type CrashProxy, startCrashProxy } from '../support/crash-proxy.js';
import { useLocalAwsEnv } from '../support/env.js';

const TABLE = 'apply-policy-operator-test';
const BUS = 'l4e-autopilot-operator-test';
const PREFIX = '/l4e-autopilot/operator-test';
const ARN = 'arn:aws:lookoutequipment:us-east-1:123456789012';
const PASSING = JSON.stringify({ mode: 'enforce', rules: [{ metric: 'recall', min: 0.8 }] });
const STRICT = JSON.stringify({ mode: 'enforce', rules: [{ metric: 'recall', min: 0.99 }] });
const GOOD_METRICS = JSON.stringify({ model_version_metrics: { precision: 0.9, recall: 0.93, auc: 0.95 } });

let double: LookoutDouble;
let dynamo: LocalDynamo;
let proxy: CrashProxy;
let ssm: LocalSsm;
let bus: LocalEventBus;
let restoreEnv: () => void;
let applyPolicy: (event: unknown) => Promise<ActivationDecisionDetail>;
let store: DecisionLog;
let modelStates: ModelStateStore;
const cliEnv: Record<string, string> = {};

beforeAll(async () => {
  [double, dynamo, ssm, bus] = await Promise.all([
    startLookoutDouble(),
    startLocalDynamo(),
    startLocalSsm(),
    startLocalEventBus({ buses: [BUS] }),
    buildCli(),
  ]);
  proxy = await startCrashProxy(dynamo.url);
  restoreEnv = useLocalAwsEnv({
    LOOKOUTEQUIPMENT: double.url,
    DYNAMODB: proxy.url,
    SSM: ssm.url,
    EVENTBRIDGE: bus.url,
  });
  const table = loadServerlessConfig('serverless.yml', 'test').dynamoTables()[0];
  if (!table) throw new Error('no table in serverless.yml');
  await createTables(new DynamoDBClient({ endpoint: dynamo.url }), [{ ...table, tableName: TABLE }]);
  Object.assign(process.env, {
    STATE_TABLE_NAME: TABLE,
    EVENT_BUS_NAME: BUS,
    PARAMETER_PREFIX: PREFIX,
    HUB_ACCOUNT_ID: '123456789012',
    ACTIVATION_RETRY_DELAY_MS: '1',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  ({ applyPolicy } = await import('../../../functions/apply-policy.js'));
  const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamo.url }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  store = createDecisionLog(documentClient, { tableName: TABLE });
  modelStates = createModelStateStore(documentClient, { tableName: TABLE });
  Object.assign(cliEnv, {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTESTING',
    AWS_SECRET_ACCESS_KEY: 'local-testing-secret',
    AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT: double.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ENDPOINT_URL_SSM: ssm.url,
    STATE_TABLE_NAME: TABLE,
    PARAMETER_PREFIX: PREFIX,
    NO_COLOR: '1',
  });
}, 60_000);

afterAll(async () => {
  restoreEnv();
  await Promise.all([double.close(), proxy.close(), dynamo.close(), ssm.close(), bus.close()]);
});

beforeEach(() => {
  ssm.put(`${PREFIX}/policies/default`, PASSING);
  for (const op of Object.keys(double.delays)) delete double.delays[op as keyof typeof double.delays];
});

/** A MANUAL-mode model on v1 with successful retraining runs `versions` (ARN suffix: its incarnation). */
function manualModel(name: string, versions: number[], incarnation = '0a1b2c3d') {
  return double.addModel(
    doubleModel(name, {
      ModelArn: `${ARN}:model/${name}/${incarnation}`,
      ActiveModelVersion: 1,
      ModelVersionActivatedAt: new Date('2026-01-01T00:00:00Z'),
      scheduler: doubleScheduler({ PromoteMode: 'MANUAL' }),
      versions: [
        doubleVersion(1, { SourceType: 'TRAINING', ModelMetrics: GOOD_METRICS }),
        ...versions.map((v) =>
          doubleVersion(v, { ModelMetrics: GOOD_METRICS, RetrainingAvailableDataInDays: 180 }),
        ),
      ],
    }),
  );
}

/** A deterministic event id in the contract's shape, from a readable label (`run-a2`). */
function eventIdOf(label: string): string {
  const hex = createHash('sha256').update(label).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The SUCCESS event the watcher publishes for a run, as EventBridge delivers it. */
function trigger(name: string, version: number, label: string, extra: Record<string, unknown> = {}) {
  const model = double.model(name);
  return {
    version: '0',
    id: `delivery-${label}`,
    source: 'l4e.autopilot',
    account: '123456789012',
    region: 'us-east-1',
    time: '2026-02-01T00:00:00Z',
    resources: [model.ModelArn],
    'detail-type': 'Scheduled Retraining State Change',
    ...extra,
    detail: {
      schemaVersion: '2',
      provider: 'lookout-equipment',
      eventId: eventIdOf(label),
      modelName: name,
      modelArn: model.ModelArn,
      account: '123456789012',
      region: 'us-east-1',
      observedAt: '2026-02-01T00:00:00.000Z',
      modelVersion: version,
      modelVersionArn: null,
      previousStatus: 'IN_PROGRESS',
      status: 'SUCCESS',
      startTime: null,
      failedReason: null,
      availableDataInDays: null,
      promoteMode: 'MANUAL',
    },
  };
}

function published(name: string): ActivationDecisionDetail[] {
  return bus
    .accepted()
    .filter((e) => e['detail-type'] === 'Model Version Activation Decision')
    .map((e) => e.detail as unknown as ActivationDecisionDetail)
    .filter((d) => d.modelName === name);
}

const activationsOf = (name: string, version?: number) =>
  double
    .callsOf('UpdateActiveModelVersion', name)
    .filter((c) => !c.error && (version === undefined || c.input.ModelVersion === version));

describe('apply-policy, tried as an operator would', () => {
  it('activate, roll back, the trigger delivered twice more: the rollback stands', async () => {
    manualModel('pump-a', [2]);
    const first = await applyPolicy(trigger('pump-a', 2, 'run-a2'));
    expect(first).toMatchObject({ outcome: 'ACTIVATED', activeVersion: 2 });

    const rollback = await runCli(['rollback', 'pump-a', '--yes'], cliEnv);
    expect(rollback.code).toBe(0);
    expect(double.model('pump-a').ActiveModelVersion).toBe(1);

    // An archive replay and a DLQ redrive of the very same trigger.
    const replayed = await applyPolicy(trigger('pump-a', 2, 'run-a2', { 'replay-name': 'replay-1' }));
    const redriven = await applyPolicy(trigger('pump-a', 2, 'run-a2'));

    expect(double.model('pump-a').ActiveModelVersion).toBe(1);
    for (const again of [replayed, redriven]) {
      expect(again.outcome).toBe('SKIPPED');
      expect(again.reasons[0]).toContain(`decision ${first.eventId}`);
    }
    // One activation by the autopilot, one by the operator.
    expect(activationsOf('pump-a').map((c) => c.input.ModelVersion)).toEqual([2, 1]);
    const ids = published('pump-a').map((d) => d.eventId);
    expect(ids).toEqual([first.eventId, replayed.eventId, redriven.eventId]);
    expect(new Set(ids).size).toBe(3);

    // The audit trail, as the CLI reads it.
    const trail = await runCli(['decisions', 'pump-a', '--json'], cliEnv);
    expect(trail.code).toBe(0);
    expect(
      JSON.parse(trail.stdout).decisions.map((d: { outcome: string; eventId: string }) => [
        d.outcome,
        d.eventId,
      ]),
    ).toEqual([
      ['SKIPPED', redriven.eventId],
      ['SKIPPED', replayed.eventId],
      ['ACTIVATED', first.eventId],
    ]);
  });

  it('an operator activates a version by hand and rolls it back: its trigger delivered again changes nothing', async () => {
    manualModel('pump-h', [2]);
    expect((await runCli(['activate', 'pump-h', '2', '--yes'], cliEnv)).code).toBe(0);
    expect((await runCli(['rollback', 'pump-h', '--yes'], cliEnv)).code).toBe(0);

    const replayed = await applyPolicy(trigger('pump-h', 2, 'run-h2', { 'replay-name': 'replay-2' }));

    expect(replayed.outcome).toBe('SKIPPED');
    expect(replayed.reasons[0]).toMatch(/^v1 was made active by hand at .*a manual choice stands/);
    expect(double.model('pump-h').ActiveModelVersion).toBe(1);
    expect(activationsOf('pump-h').map((c) => c.input.ModelVersion)).toEqual([2, 1]);
  });

  it('triggers for v2 and v3 at once, v2’s activation the slower: v3 ends active', async () => {
    manualModel('pump-b', [2, 3]);
    // Reads are slow enough that both invocations read "v1 active" before either acts, and v2's
    // activation takes longer than v3's, so without serialisation v2's call lands last.
    double.delays.DescribeModel = 30;
    double.delays.UpdateActiveModelVersion = (call) => (call.input.ModelVersion === 2 ? 400 : 100);

    const [d2, d3] = await Promise.all([
      applyPolicy(trigger('pump-b', 2, 'run-b2')),
      applyPolicy(trigger('pump-b', 3, 'run-b3')),
    ]);

    expect(double.model('pump-b').ActiveModelVersion).toBe(3);
    expect(activationsOf('pump-b', 2)).toEqual([]);
    expect(d2.outcome).toBe('SKIPPED');
    expect(d2.reasons[0]).toMatch(/superseded by v3/);
    const activated = published('pump-b').filter((d) => d.outcome === 'ACTIVATED');
    expect(activated.map((d) => [d.modelVersion, d.activeVersion])).toEqual([[3, 3]]);
    expect(d3.outcome === 'ACTIVATED' || /activated by the autopilot before/.test(d3.reasons[0] ?? '')).toBe(
      true,
    );
  });

  it('a crash between the activation and the record: the retry completes the same decision and publishes it once', async () => {
    manualModel('pump-c', [2]);
    const writes = /DynamoDB_20120810\.(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)$/;
    // The first state-table write after L4E acted never happens: the invocation dies there.
    double.delays.UpdateActiveModelVersion = () => {
      proxy.failNext((target) => writes.test(target));
      return 0;
    };
    const failedBefore = proxy.failed;
    await expect(applyPolicy(trigger('pump-c', 2, 'run-c2'))).rejects.toThrow();
    expect(proxy.failed).toBe(failedBefore + 1);
    expect(double.model('pump-c').ActiveModelVersion).toBe(2);
    expect(published('pump-c')).toEqual([]);
    const recorded = await store.listDecisions(double.model('pump-c').ModelArn);
    expect(recorded.map((r) => [r.status, r.detail.outcome])).toEqual([['PENDING', 'ACTIVATED']]);

    delete double.delays.UpdateActiveModelVersion;
    const retried = await applyPolicy(trigger('pump-c', 2, 'run-c2'));

    expect(retried).toMatchObject({
      outcome: 'ACTIVATED',
      eventId: recorded[0]?.detail.eventId,
      activeVersion: 2,
    });
    expect(activationsOf('pump-c')).toHaveLength(1);
    expect(published('pump-c').map((d) => d.eventId)).toEqual([retried.eventId]);
    const after = await store.listDecisions(double.model('pump-c').ModelArn);
    expect(after.map((r) => [r.status, r.published, r.detail.eventId])).toEqual([
      ['COMPLETE', true, retried.eventId],
    ]);
  });

  it('activation conflicts that outlast the retries fail the invocation; the last retry records FAILED and alerts once', async () => {
    manualModel('pump-d', [2]);
    double.failNext('UpdateActiveModelVersion', 'ConflictException', {
      times: 12,
      when: (input) => input.ModelName === 'pump-d',
    });
    const event = trigger('pump-d', 2, 'run-d2');

    await expect(applyPolicy(event)).rejects.toThrow(/attempt 1 of 3/);
    await expect(applyPolicy(event)).rejects.toThrow(/attempt 2 of 3/);
    expect(published('pump-d')).toEqual([]);
    const last = await applyPolicy(event);

    expect(last.outcome).toBe('FAILED');
    expect(last.reasons[0]).toMatch(/activation failed: ConflictException/);
    expect(published('pump-d').map((d) => [d.eventId, d.outcome])).toEqual([[last.eventId, 'FAILED']]);
    const [record] = await store.listDecisions(double.model('pump-d').ModelArn);
    expect(record).toMatchObject({ status: 'COMPLETE', attempts: 3, published: true });
    expect(double.model('pump-d').ActiveModelVersion).toBe(1);
  });

  it('a policy change applies to the very next decision', async () => {
    manualModel('pump-e', [2]);
    ssm.put(`${PREFIX}/policies/default`, STRICT);
    expect((await applyPolicy(trigger('pump-e', 2, 'run-e2'))).outcome).toBe('REJECTED');
    ssm.put(`${PREFIX}/policies/default`, PASSING);
    expect((await applyPolicy(trigger('pump-e', 2, 'run-e2'))).outcome).toBe('ACTIVATED');
  });

  it('a model re-created under the same name inherits nothing: its own decisions, its own activations', async () => {
    manualModel('pump-f', [2], 'first000');
    const old = await applyPolicy(trigger('pump-f', 2, 'run-f2'));
    expect(old.outcome).toBe('ACTIVATED');

    // Deleted and created again: a new ARN, v1 active, a new v2 — and a watcher that knows the model.
    double.models.delete('pump-f');
    manualModel('pump-f', [2], 'second00');
    const publisher: EventPublisher = {
      publish: async (events) => ({ published: events.map((e) => e.detail.eventId), failed: [] }),
    };
    const watch = {
      provider: createLookoutProvider(lookoutClient),
      store: modelStates,
      activations: store,
      publisher,
      logger: silentLogger,
    };
    const cycle = (owner: string) =>
      runWatchCycle(watch, { now: new Date(), owner, leaseMs: 60_000, baselineLookbackMs: 86_400_000 });
    await cycle('w1');

    // The new model's v2 is decided on its own merits, not skipped as "activated before".
    const reborn = await applyPolicy(trigger('pump-f', 2, 'run-f2-again'));
    expect(reborn).toMatchObject({ outcome: 'ACTIVATED', modelArn: `${ARN}:model/pump-f/second00` });

    const trail = await runCli(['decisions', 'pump-f', '--json'], cliEnv);
    expect(JSON.parse(trail.stdout).decisions.map((d: { eventId: string }) => d.eventId)).toEqual([
      reborn.eventId,
    ]);
  });

  it('the watcher attributes an operator’s activation on a re-created model to the operator', async () => {
    manualModel('pump-g', [2], 'first000');
    expect((await applyPolicy(trigger('pump-g', 2, 'run-g2'))).outcome).toBe('ACTIVATED');
    double.models.delete('pump-g');
    manualModel('pump-g', [2], 'second00');
    const events: Array<{ detailType: string; detail: Record<string, unknown> }> = [];
    const publisher: EventPublisher = {
      publish: async (batch) => {
        for (const e of batch)
          events.push({ detailType: e.detailType, detail: e.detail as unknown as Record<string, unknown> });
        return { published: batch.map((e) => e.detail.eventId), failed: [] };
      },
    };
    const watch = {
      provider: createLookoutProvider(lookoutClient),
      store: modelStates,
      activations: store,
      publisher,
      logger: silentLogger,
    };
    const cycle = (owner: string) =>
      runWatchCycle(watch, { now: new Date(), owner, leaseMs: 60_000, baselineLookbackMs: 86_400_000 });
    await cycle('g1');
    // The operator activates v2 of the new model by hand.
    await lookoutClient.send(new UpdateActiveModelVersionCommand({ ModelName: 'pump-g', ModelVersion: 2 }));
    await cycle('g2');
    const change = events
      .filter((e) => e.detailType === 'Active Model Version Change' && e.detail.modelName === 'pump-g')
      .at(-1);
    expect(change?.detail).toMatchObject({ activeVersion: 2, cause: 'EXTERNAL' });
  });
});

describe('apply-policy, raced by an operator', () => {
  it('a retry after the operator went back by hand to a version the autopilot once activated: the operator’s choice stands', async () => {
    manualModel('pump-r', [2, 3]);
    // v3 is still training while v2 goes live.
    double.version('pump-r', 3).Status = 'IN_PROGRESS';
    expect((await applyPolicy(trigger('pump-r', 2, 'run-r2'))).outcome).toBe('ACTIVATED');
    expect((await runCli(['rollback', 'pump-r', '--yes'], cliEnv)).code).toBe(0);

    // v3 finishes after the rollback, so it may replace it; its activation meets conflicts.
    await new Promise((r) => setTimeout(r, 5));
    Object.assign(double.version('pump-r', 3), { Status: 'SUCCESS', LastUpdatedTime: new Date() });
    double.failNext('UpdateActiveModelVersion', 'ConflictException', {
      times: 4,
      when: (input) => input.ModelName === 'pump-r',
    });
    const event = trigger('pump-r', 3, 'run-r3');
    await expect(applyPolicy(event)).rejects.toThrow(/attempt 1 of 3/);

    // Before the platform retries, the operator puts v2 back by hand: v3 was ready before that choice.
    await new Promise((r) => setTimeout(r, 5));
    expect((await runCli(['activate', 'pump-r', '2', '--yes'], cliEnv)).code).toBe(0);
    const retried = await applyPolicy(event);

    expect(double.model('pump-r').ActiveModelVersion).toBe(2);
    expect(activationsOf('pump-r', 3)).toEqual([]);
    expect(retried.outcome).toBe('SKIPPED');
    expect(retried.reasons[0]).toMatch(
      /did not take place and no longer applies: v2 was made active by hand/,
    );
  });

  it('the operator activates a version while apply-policy decides: the decision does not undo it', async () => {
    manualModel('pump-u', [2, 3]);
    let raced = false;
    // The operator's activation of v2 lands after apply-policy read the model for v3 and before it acts.
    double.delays.ListModelVersions = (call) => {
      if (raced || call.input.ModelName !== 'pump-u') return 0;
      raced = true;
      void lookoutClient.send(new UpdateActiveModelVersionCommand({ ModelName: 'pump-u', ModelVersion: 2 }));
      return 100;
    };

    const decided = await applyPolicy(trigger('pump-u', 3, 'run-u3'));

    expect(raced).toBe(true);
    expect(double.model('pump-u').ActiveModelVersion).toBe(2);
    expect(activationsOf('pump-u', 3)).toEqual([]);
    expect(decided.outcome).toBe('SKIPPED');
    expect(decided.reasons[0]).toMatch(
      /did not take place and no longer applies: v2 was made active by hand/,
    );
  });

  it('the operator activates a version while the autopilot’s activation meets a conflict: no retry undoes it', async () => {
    manualModel('pump-s', [2, 3]);
    let raced = false;
    double.delays.UpdateActiveModelVersion = (call) => {
      if (raced || call.input.ModelName !== 'pump-s') return 0;
      raced = true;
      // The operator's activation of v2 lands while the autopilot's call for v3 is in flight, which
      // L4E answers with a conflict.
      double.failNext('UpdateActiveModelVersion', 'ConflictException', {
        when: (input) => input.ModelName === 'pump-s' && input.ModelVersion === 3,
      });
      void lookoutClient.send(new UpdateActiveModelVersionCommand({ ModelName: 'pump-s', ModelVersion: 2 }));
      return 100;
    };

    const decided = await applyPolicy(trigger('pump-s', 3, 'run-s3'));

    expect(double.model('pump-s').ActiveModelVersion).toBe(2);
    expect(activationsOf('pump-s', 3)).toEqual([]);
    expect(decided.outcome).toBe('SKIPPED');
    expect(decided.reasons[0]).toMatch(
      /did not take place and no longer applies: v2 was made active by hand/,
    );
    expect(published('pump-s').map((d) => [d.eventId, d.outcome])).toEqual([[decided.eventId, 'SKIPPED']]);
  });

  it('a trigger for a deleted model, delivered after a model of the same name was created: the new model is not touched', async () => {
    manualModel('pump-t', [2], 'first000');
    const stale = trigger('pump-t', 2, 'run-t2');
    double.models.delete('pump-t');
    manualModel('pump-t', [2], 'second00');

    const decided = await applyPolicy(stale);

    expect(double.model('pump-t').ActiveModelVersion).toBe(1);
    expect(activationsOf('pump-t')).toEqual([]);
    expect(decided).toMatchObject({ outcome: 'SKIPPED', modelArn: `${ARN}:model/pump-t/first000` });
    expect(decided.reasons[0]).toMatch(/no longer exists/);
    // The new model's own trigger is decided on its merits.
    const own = await applyPolicy(trigger('pump-t', 2, 'run-t2-new'));
    expect(own).toMatchObject({ outcome: 'ACTIVATED', modelArn: `${ARN}:model/pump-t/second00` });
  });

  it('roll back to v1, v3 rejected, v2’s trigger replayed: v1 stays, v3 is not decided again', async () => {
    manualModel('pump-v', [2, 3]);
    double.version('pump-v', 3).Status = 'IN_PROGRESS';
    expect((await applyPolicy(trigger('pump-v', 2, 'run-v2'))).outcome).toBe('ACTIVATED');
    expect((await runCli(['rollback', 'pump-v', '--yes'], cliEnv)).code).toBe(0);
    Object.assign(double.version('pump-v', 3), { Status: 'SUCCESS', LastUpdatedTime: new Date() });
    ssm.put(`${PREFIX}/policies/default`, STRICT);
    expect((await applyPolicy(trigger('pump-v', 3, 'run-v3'))).outcome).toBe('REJECTED');
    ssm.put(`${PREFIX}/policies/default`, PASSING);

    const replayed = await applyPolicy(trigger('pump-v', 2, 'run-v2', { 'replay-name': 'replay-v' }));

    expect(replayed.outcome).toBe('SKIPPED');
    expect(double.model('pump-v').ActiveModelVersion).toBe(1);
    expect(activationsOf('pump-v').map((c) => c.input.ModelVersion)).toEqual([2, 1]);
    expect(published('pump-v').map((d) => [d.modelVersion, d.outcome])).toEqual([
      [2, 'ACTIVATED'],
      [3, 'REJECTED'],
      [2, 'SKIPPED'],
    ]);
  });

  it('a version L4E lists but cannot describe yet: the invocation fails for the platform to retry, and the retry decides it', async () => {
    manualModel('pump-w', [2]);
    double.notFoundNext('pump-w', 2, 1);
    const event = trigger('pump-w', 2, 'run-w2');

    await expect(applyPolicy(event)).rejects.toThrow(/version 2 of pump-w is listed but cannot be read yet/);
    expect(published('pump-w')).toEqual([]);
    const retried = await applyPolicy(event);

    expect(retried).toMatchObject({ outcome: 'ACTIVATED', activeVersion: 2 });
    expect(published('pump-w').map((d) => d.outcome)).toEqual(['ACTIVATED']);
  });
});
