// Nothing read late is lost, through the real poll-models handler: its module-scope SDK clients reach a
// scriptable L4E double, dynalite and the local EventBridge through AWS_ENDPOINT_URL_<SERVICE> alone.
// The double (not the emulator) lets each test script exactly what L4E answers and when.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createTables,
  type DeliveredEnvelope,
  type LocalDynamo,
  type LocalEventBus,
  loadServerlessConfig,
  startLocalDynamo,
  startLocalEventBus,
} from '../../../local/aws/index.js';
import {
  type DoubleModel,
  doubleModel,
  doubleScheduler,
  doubleVersion,
  type LookoutDouble,
  startLookoutDouble,
} from '../../support/lookout-double.js';
import { useLocalAwsEnv } from '../support/env.js';
import { schemaErrors } from '../support/schemas.js';

const BUS = 'l4e-autopilot-late-reads';
const TABLE = 'l4e-autopilot-late-reads-state';
const HOUR = 3600 * 1000;
const T0 = Date.parse('2026-03-02T00:00:00Z');

let double: LookoutDouble;
let dynamo: LocalDynamo;
let bus: LocalEventBus;
let restoreEnv: () => void;
let handler: (event: unknown, context: Context) => Promise<unknown>;

beforeAll(async () => {
  double = await startLookoutDouble();
  dynamo = await startLocalDynamo();
  bus = await startLocalEventBus({ buses: [BUS], accountId: '123456789012', region: 'us-east-1' });
  restoreEnv = useLocalAwsEnv({ LOOKOUTEQUIPMENT: double.url, DYNAMODB: dynamo.url, EVENTBRIDGE: bus.url });
  const definition = loadServerlessConfig('serverless.yml', 'test').dynamoTables()[0];
  if (!definition) throw new Error('serverless.yml declares no DynamoDB table');
  const raw = new DynamoDBClient({});
  await createTables(raw, [{ ...definition, tableName: TABLE }]);
  raw.destroy();
  vi.stubEnv('EVENT_BUS_NAME', BUS);
  vi.stubEnv('STATE_TABLE_NAME', TABLE);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  ({ handler } = await import('../../../functions/poll-models.js'));
});

afterAll(async () => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  restoreEnv();
  await Promise.all([double.close(), dynamo.close(), bus.close()]);
});

beforeEach(() => {
  // Only Date is faked: sockets and timers run for real, the watcher's clock moves when a test says so.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(T0);
});

const context = {
  functionName: 'l4e-autopilot-test-pollModels',
  awsRequestId: 'late-reads',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

async function poll(): Promise<void> {
  await handler({}, context);
}

function later(hours: number): void {
  vi.setSystemTime(Date.now() + hours * HOUR);
}

const eventsOf = (model: string, type?: string): DeliveredEnvelope[] =>
  bus
    .accepted()
    .filter((e) => (e.detail as { modelName?: string }).modelName === model)
    .filter((e) => type === undefined || e['detail-type'] === type);
const envelopeErrors = (event: DeliveredEnvelope) => schemaErrors({ ...event });
const detailsOf = (model: string, type: string) =>
  eventsOf(model, type).map((e) => e.detail as Record<string, unknown>);

/** A model with its trained v1 active and a running scheduler, first observed by one poll. */
async function watched(name: string, fields: Partial<DoubleModel> = {}): Promise<DoubleModel> {
  const model = double.addModel(
    doubleModel(name, {
      ActiveModelVersion: 1,
      ModelVersionActivatedAt: new Date(T0 - 40 * 24 * HOUR),
      NextScheduledRetrainingStartDate: new Date(T0 + 30 * 24 * HOUR),
      versions: [doubleVersion(1, { SourceType: 'TRAINING', CreatedAt: new Date(T0 - 40 * 24 * HOUR) })],
      scheduler: doubleScheduler({ PromoteMode: 'MANUAL' }),
      ...fields,
    }),
  );
  await poll();
  return model;
}

describe('poll-models against an L4E that answers late', () => {
  it('reports a version that was unreadable for two polls exactly once, when it reads', async () => {
    // Prepare
    const model = await watched('late-1');
    model.versions.push(doubleVersion(2, { AutoPromotionResult: 'MODEL_NOT_PROMOTED' }));
    double.notFoundNext('late-1', 2, 2);
    // Act
    await poll();
    await poll();
    expect(eventsOf('late-1')).toEqual([]);
    await poll();
    await poll();
    // Assess
    const v2Reads = double
      .callsOf('DescribeModelVersion', 'late-1')
      .filter((c) => c.input.ModelVersion === 2);
    expect(v2Reads.map((c) => c.error ?? 'read')).toEqual([
      'ResourceNotFoundException',
      'ResourceNotFoundException',
      'read',
    ]);
    expect(
      eventsOf('late-1').map((e) => [e['detail-type'], (e.detail as Record<string, unknown>).modelVersion]),
    ).toEqual([
      ['Scheduled Retraining State Change', 2],
      ['Model Version Promotion Result', 2],
    ]);
    expect(detailsOf('late-1', 'Scheduled Retraining State Change')[0]).toMatchObject({
      status: 'SUCCESS',
      promoteMode: 'MANUAL',
    });
    for (const event of eventsOf('late-1')) expect(envelopeErrors(event)).toEqual([]);
  });

  it('reports a promotion result that L4E sets after the run read SUCCESS', async () => {
    const model = await watched('late-2');
    model.versions.push(doubleVersion(2));
    await poll();
    expect(detailsOf('late-2', 'Scheduled Retraining State Change').map((d) => d.status)).toEqual([
      'SUCCESS',
    ]);
    await poll();
    expect(eventsOf('late-2', 'Model Version Promotion Result')).toEqual([]);
    const v2 = double.version('late-2', 2);
    v2.AutoPromotionResult = 'MODEL_NOT_PROMOTED';
    v2.AutoPromotionResultReason = 'Retraining scheduler is in MANUAL promote mode';
    await poll();
    await poll();
    expect(detailsOf('late-2', 'Model Version Promotion Result')).toEqual([
      expect.objectContaining({
        modelVersion: 2,
        autoPromotionResult: 'MODEL_NOT_PROMOTED',
        autoPromotionResultReason: 'Retraining scheduler is in MANUAL promote mode',
      }),
    ]);
  });

  it('reports exactly one "no result" event when no promotion result comes within the window', async () => {
    const model = await watched('late-3');
    model.versions.push(doubleVersion(2));
    await poll();
    later(23);
    await poll();
    expect(eventsOf('late-3', 'Model Version Promotion Result')).toEqual([]);
    later(1);
    await poll();
    later(1);
    await poll();
    // A result after the window closed is not a second report.
    double.version('late-3', 2).AutoPromotionResult = 'MODEL_NOT_PROMOTED';
    await poll();
    const results = eventsOf('late-3', 'Model Version Promotion Result');
    expect(results.map((e) => (e.detail as Record<string, unknown>).autoPromotionResult)).toEqual([
      'NO_RESULT_WITHIN_WINDOW',
    ]);
    expect(results[0]?.detail).toMatchObject({ autoPromotionResultReason: expect.stringMatching(/24 h/) });
    for (const event of results) expect(envelopeErrors(event)).toEqual([]);
  });

  it('gives a run that ends after a MANAGED → MANUAL switch the MANUAL promote mode', async () => {
    const model = await watched('late-4', {
      versions: [
        doubleVersion(1, { SourceType: 'TRAINING', CreatedAt: new Date(T0 - 40 * 24 * HOUR) }),
        doubleVersion(2, { Status: 'IN_PROGRESS' }),
      ],
      scheduler: doubleScheduler({ PromoteMode: 'MANAGED' }),
    });
    expect(detailsOf('late-4', 'Scheduled Retraining State Change').map((d) => d.promoteMode)).toEqual([
      'MANAGED',
    ]);
    if (!model.scheduler) throw new Error('the model has a scheduler');
    model.scheduler.PromoteMode = 'MANUAL';
    model.scheduler.UpdatedAt = new Date();
    later(2);
    Object.assign(double.version('late-4', 2), {
      Status: 'SUCCESS',
      LastUpdatedTime: new Date(),
      AutoPromotionResult: 'MODEL_NOT_PROMOTED',
    });
    await poll();
    const run = detailsOf('late-4', 'Scheduled Retraining State Change');
    expect(run.map((d) => [d.status, d.promoteMode])).toEqual([
      ['IN_PROGRESS', 'MANAGED'],
      ['SUCCESS', 'MANUAL'],
    ]);
    expect(detailsOf('late-4', 'Model Version Promotion Result').map((d) => d.promoteMode)).toEqual([
      'MANUAL',
    ]);
  });

  it('reports a SUCCESS that ListModels showed before DescribeModelVersion did', async () => {
    const model = await watched('late-5', {
      versions: [
        doubleVersion(1, { SourceType: 'TRAINING', CreatedAt: new Date(T0 - 40 * 24 * HOUR) }),
        doubleVersion(2, { Status: 'IN_PROGRESS' }),
      ],
    });
    later(2);
    model.LatestScheduledRetrainingStatus = 'SUCCESS';
    await poll();
    await poll();
    Object.assign(double.version('late-5', 2), {
      Status: 'SUCCESS',
      AutoPromotionResult: 'MODEL_NOT_PROMOTED',
    });
    await poll();
    expect(detailsOf('late-5', 'Scheduled Retraining State Change').map((d) => d.status)).toEqual([
      'IN_PROGRESS',
      'SUCCESS',
    ]);
    expect(eventsOf('late-5', 'Model Version Promotion Result')).toHaveLength(1);
  });

  it('keeps an idle cycle to one ListModels call when nothing is open', async () => {
    await poll();
    const before = double.calls.length;
    await poll();
    expect(double.calls.slice(before).map((c) => c.op)).toEqual(['ListModels']);
  });

  it('reports the promotion result L4E gives at the very poll the wait ends, not "no result"', async () => {
    const model = await watched('late-6');
    model.versions.push(doubleVersion(2));
    await poll();
    later(24);
    double.version('late-6', 2).AutoPromotionResult = 'MODEL_NOT_PROMOTED';
    await poll();
    later(1);
    await poll();
    expect(detailsOf('late-6', 'Model Version Promotion Result').map((d) => d.autoPromotionResult)).toEqual([
      'MODEL_NOT_PROMOTED',
    ]);
  });

  it('two polls at once while a version is unreadable, then it reads: its run is reported once', async () => {
    const model = await watched('late-7');
    model.versions.push(doubleVersion(2, { AutoPromotionResult: 'MODEL_NOT_PROMOTED' }));
    double.notFoundNext('late-7', 2, 2);
    await Promise.all([poll(), poll()]);
    expect(eventsOf('late-7')).toEqual([]);
    await Promise.all([poll(), poll()]);
    await Promise.all([poll(), poll()]);
    expect(
      eventsOf('late-7').map((e) => [e['detail-type'], (e.detail as Record<string, unknown>).modelVersion]),
    ).toEqual([
      ['Scheduled Retraining State Change', 2],
      ['Model Version Promotion Result', 2],
    ]);
  });

  it('a version never readable, then the model deleted: the deletion is reported and the poll stays healthy', async () => {
    const model = await watched('late-8');
    model.versions.push(doubleVersion(2));
    double.notFoundNext('late-8', 2, 1000);
    await poll();
    await poll();
    double.models.delete('late-8');
    const result = (await handler({}, context)) as Record<string, unknown>;
    await poll();
    expect(eventsOf('late-8', 'Scheduled Retraining State Change')).toEqual([]);
    expect(detailsOf('late-8', 'Retraining Scheduler State Change').map((d) => d.status)).toContain(
      'DELETED',
    );
    expect(detailsOf('late-8', 'Active Model Version Change').map((d) => d.activeVersion)).toEqual([null]);
    expect(result).toMatchObject({ deleted: 1, failed: 0, errors: [] });
  });

  it('a MANUAL → MANAGED switch while a run waits for its result: the promotion is reported under MANAGED', async () => {
    const model = await watched('late-9');
    model.versions.push(doubleVersion(2));
    await poll();
    if (!model.scheduler) throw new Error('the model has a scheduler');
    later(1);
    model.scheduler.PromoteMode = 'MANAGED';
    model.scheduler.UpdatedAt = new Date();
    Object.assign(double.version('late-9', 2), { AutoPromotionResult: 'MODEL_PROMOTED' });
    Object.assign(model, {
      PreviousActiveModelVersion: 1,
      ActiveModelVersion: 2,
      ModelVersionActivatedAt: new Date(),
    });
    await poll();
    expect(
      detailsOf('late-9', 'Model Version Promotion Result').map((d) => [
        d.autoPromotionResult,
        d.promoteMode,
      ]),
    ).toEqual([['MODEL_PROMOTED', 'MANAGED']]);
    expect(detailsOf('late-9', 'Active Model Version Change').map((d) => [d.activeVersion, d.cause])).toEqual(
      [[2, 'MANAGED_PROMOTION']],
    );
  });
});
