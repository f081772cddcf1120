// Model lifecycles through the AWS SDK: training, MANUAL and MANAGED retraining, stopping and deleting
// schedulers, activation, import and inference, each checked in the responses and in the ledger.

import {
  CreateInferenceSchedulerCommand,
  DeleteRetrainingSchedulerCommand,
  DescribeModelCommand,
  DescribeModelVersionCommand,
  DescribeRetrainingSchedulerCommand,
  ImportModelVersionCommand,
  ListInferenceExecutionsCommand,
  ListModelVersionsCommand,
  type LookoutEquipmentClient,
  StopRetrainingSchedulerCommand,
  UpdateActiveModelVersionCommand,
} from '@aws-sdk/client-lookoutequipment';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseModelMetrics } from '../../../lib/core/metrics.js';
import { type Emulator, STRICT_KNOBS, startEmulator } from '../../../local/emulator/index.js';
import { ROLE_ARN, runningScheduler, trainedModel } from './support/fixtures.js';
import { lookoutClient } from './support/sdk.js';

const DAY = 86_400_000;
let emulator: Emulator;
let client: LookoutEquipmentClient;

beforeAll(async () => {
  // These tests pin the strict answers where the docs are silent; the knobs' own tests cover the rest.
  emulator = await startEmulator({ knobs: STRICT_KNOBS });
  client = lookoutClient(emulator.url);
});

afterAll(async () => {
  client?.destroy();
  await emulator?.close();
});

beforeEach(() => {
  emulator.reset();
});

const transitions = (model: string) =>
  emulator
    .ledger({ model })
    .map(
      (e) =>
        `${e.resource}${e.modelVersion === null ? '' : `#${e.modelVersion}`} ${e.field} ${e.from}->${e.to}${e.cause === undefined ? '' : ` (${e.cause})`}`,
    );

describe('training', () => {
  it('creates a model that trains on the simulated clock and activates version 1', async () => {
    // Prepare
    const start = emulator.now();

    // Act
    const arn = await trainedModel(client, emulator, 'pump-1');
    const model = await client.send(new DescribeModelCommand({ ModelName: 'pump-1' }));
    const version = await client.send(
      new DescribeModelVersionCommand({ ModelName: 'pump-1', ModelVersion: 1 }),
    );

    // Assess
    expect(arn).toMatch(/^arn:aws:lookoutequipment:us-east-1:123456789012:model\/pump-1\/[0-9a-f-]{36}$/);
    expect(model).toMatchObject({
      Status: 'SUCCESS',
      ActiveModelVersion: 1,
      ActiveModelVersionArn: `${arn}/model-version/1`,
    });
    expect(model.ModelVersionActivatedAt?.getTime()).toBe(start + 60 * 60_000);
    expect(version).toMatchObject({
      Status: 'SUCCESS',
      SourceType: 'TRAINING',
      ModelQuality: 'QUALITY_THRESHOLD_MET',
    });
    expect(parseModelMetrics(version.ModelMetrics).problems).toEqual([]);
    expect(transitions('pump-1')).toEqual([
      'model Status null->IN_PROGRESS (API)',
      'modelVersion#1 Status null->IN_PROGRESS (TRAINING)',
      'modelVersion#1 Status IN_PROGRESS->SUCCESS (TRAINING)',
      'model Status IN_PROGRESS->SUCCESS (TRAINING)',
      'model#1 ActiveModelVersion null->1 (TRAINING)',
    ]);
  });
});

describe('MANUAL retraining', () => {
  it('makes one RETRAINING version per period, never promotes, and says why', async () => {
    // Prepare
    await trainedModel(client, emulator, 'pump-2');
    const startDate = new Date(Date.UTC(2025, 0, 7, 15, 30));
    await runningScheduler(client, emulator, 'pump-2', { promoteMode: 'MANUAL', startDate });

    // Act
    emulator.advance('P95D');
    const versions = await client.send(
      new ListModelVersionsCommand({ ModelName: 'pump-2', SourceType: 'RETRAINING' }),
    );
    const model = await client.send(new DescribeModelCommand({ ModelName: 'pump-2' }));
    const latest = await client.send(
      new DescribeModelVersionCommand({ ModelName: 'pump-2', ModelVersion: 4 }),
    );

    // Assess
    expect(
      versions.ModelVersionSummaries?.map((v) => [v.ModelVersion, v.Status, v.CreatedAt?.toISOString()]),
    ).toEqual([
      [4, 'SUCCESS', '2025-03-08T00:00:00.000Z'],
      [3, 'SUCCESS', '2025-02-06T00:00:00.000Z'],
      [2, 'SUCCESS', '2025-01-07T00:00:00.000Z'],
    ]);
    expect(model).toMatchObject({
      ActiveModelVersion: 1,
      Status: 'SUCCESS',
      LatestScheduledRetrainingStatus: 'SUCCESS',
      LatestScheduledRetrainingModelVersion: 4,
      LatestScheduledRetrainingStartTime: new Date('2025-03-08T00:00:00Z'),
      NextScheduledRetrainingStartDate: new Date('2025-04-07T00:00:00Z'),
      RetrainingSchedulerStatus: 'RUNNING',
    });
    expect(model.LatestScheduledRetrainingAvailableDataInDays).toBe(latest.RetrainingAvailableDataInDays);
    expect(latest.RetrainingAvailableDataInDays).toBeGreaterThan(100);
    expect(latest).toMatchObject({ AutoPromotionResult: 'MODEL_NOT_PROMOTED', SourceType: 'RETRAINING' });
    expect(latest.AutoPromotionResultReason).toMatch(/MANUAL/);
    expect(parseModelMetrics(latest.PriorModelMetrics).metrics.recall).toBeLessThan(
      parseModelMetrics(latest.ModelMetrics).metrics.recall ?? 0,
    );
    const results = emulator.ledger({ model: 'pump-2' }).filter((e) => e.field === 'AutoPromotionResult');
    expect(results.map((e) => [e.modelVersion, e.to])).toEqual([
      [2, 'MODEL_NOT_PROMOTED'],
      [3, 'MODEL_NOT_PROMOTED'],
      [4, 'MODEL_NOT_PROMOTED'],
    ]);
  });
});

describe('MANAGED retraining', () => {
  it('promotes a version that scores better than the active one on the same data, its result two hours after SUCCESS', async () => {
    // Prepare
    const arn = await trainedModel(client, emulator, 'fan-1');
    emulator.appendRuns('fan-1', [
      { metrics: { precision: 0.96, recall: 0.97, auc: 0.98 }, duration: 'PT4H' },
    ]);
    await runningScheduler(client, emulator, 'fan-1', { promoteMode: 'MANAGED' });
    const v1ActivatedAt = (await client.send(new DescribeModelCommand({ ModelName: 'fan-1' })))
      .ModelVersionActivatedAt;

    // Act
    emulator.setTime('2025-01-02T05:00:00Z');
    const before = await client.send(
      new DescribeModelVersionCommand({ ModelName: 'fan-1', ModelVersion: 2 }),
    );
    emulator.advance('P2D');
    const model = await client.send(new DescribeModelCommand({ ModelName: 'fan-1' }));
    const version = await client.send(
      new DescribeModelVersionCommand({ ModelName: 'fan-1', ModelVersion: 2 }),
    );

    // Assess
    // Strict promotionResultLag: SUCCESS and its metrics first, the result and activation later.
    expect(before.Status).toBe('SUCCESS');
    expect(before.ModelMetrics).toBeDefined();
    expect(before.AutoPromotionResult).toBeUndefined();
    expect(version).toMatchObject({ Status: 'SUCCESS', AutoPromotionResult: 'MODEL_PROMOTED' });
    expect(version.AutoPromotionResultReason).toMatch(/promoted/);
    const successAt = version.TrainingExecutionEndTime?.getTime() ?? 0;
    expect(model).toMatchObject({
      ActiveModelVersion: 2,
      ActiveModelVersionArn: `${arn}/model-version/2`,
      PreviousActiveModelVersion: 1,
      PreviousActiveModelVersionArn: `${arn}/model-version/1`,
      PreviousModelVersionActivatedAt: v1ActivatedAt,
      ModelVersionActivatedAt: new Date(successAt + 2 * 3_600_000),
    });
    const end = emulator
      .ledger({ model: 'fan-1' })
      .filter((e) => e.modelVersion === 2 && e.to !== 'IN_PROGRESS');
    expect(end.map((e) => [e.field, e.to, e.cause, Date.parse(e.at) - successAt])).toEqual([
      ['Status', 'SUCCESS', 'RETRAINING', 0],
      ['AutoPromotionResult', 'MODEL_PROMOTED', 'MANAGED', 2 * 3_600_000],
      ['ActiveModelVersion', 2, 'MANAGED_PROMOTION', 2 * 3_600_000],
    ]);
  });

  it('keeps the active version when the new one scores worse', async () => {
    // Prepare
    await trainedModel(client, emulator, 'fan-2');
    emulator.appendRuns('fan-2', [{ metrics: { precision: 0.4, recall: 0.45, auc: 0.5 } }]);
    await runningScheduler(client, emulator, 'fan-2', { promoteMode: 'MANAGED' });

    // Act
    emulator.advance('P2D');
    const model = await client.send(new DescribeModelCommand({ ModelName: 'fan-2' }));
    const version = await client.send(
      new DescribeModelVersionCommand({ ModelName: 'fan-2', ModelVersion: 2 }),
    );

    // Assess
    expect(model.ActiveModelVersion).toBe(1);
    expect(model.PreviousActiveModelVersion).toBeUndefined();
    expect(version).toMatchObject({
      Status: 'SUCCESS',
      AutoPromotionResult: 'MODEL_NOT_PROMOTED',
      ModelQuality: 'POOR_QUALITY_DETECTED',
    });
    expect(transitions('fan-2')).not.toContain('model#2 ActiveModelVersion 1->2 (MANAGED_PROMOTION)');
  });

  it('reports failed and canceled runs with their promotion results', async () => {
    // Prepare
    await trainedModel(client, emulator, 'fan-3');
    emulator.appendRuns('fan-3', [
      { outcome: 'FAILED', failureKind: 'INTERNAL', failedReason: 'Training cluster lost.' },
      { outcome: 'CANCELED' },
    ]);
    await runningScheduler(client, emulator, 'fan-3', { frequency: 'P30D' });

    // Act
    emulator.advance('P35D');
    const failed = await client.send(
      new DescribeModelVersionCommand({ ModelName: 'fan-3', ModelVersion: 2 }),
    );
    const canceled = await client.send(
      new DescribeModelVersionCommand({ ModelName: 'fan-3', ModelVersion: 3 }),
    );
    const model = await client.send(new DescribeModelCommand({ ModelName: 'fan-3' }));

    // Assess
    expect(failed).toMatchObject({
      Status: 'FAILED',
      FailedReason: 'Training cluster lost.',
      AutoPromotionResult: 'RETRAINING_INTERNAL_ERROR',
    });
    expect(failed.ModelMetrics).toBeUndefined();
    expect(canceled).toMatchObject({ Status: 'CANCELED', AutoPromotionResult: 'RETRAINING_CANCELLED' });
    expect(model).toMatchObject({
      Status: 'SUCCESS',
      ActiveModelVersion: 1,
      LatestScheduledRetrainingStatus: 'CANCELED',
    });
    await expect(
      client.send(new UpdateActiveModelVersionCommand({ ModelName: 'fan-3', ModelVersion: 2 })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('stopping and deleting schedulers', () => {
  it('goes STOPPING then STOPPED a few minutes later when no run is in progress', async () => {
    // Prepare
    await trainedModel(client, emulator, 'valve-1');
    await runningScheduler(client, emulator, 'valve-1');

    // Act
    const stop = await client.send(new StopRetrainingSchedulerCommand({ ModelName: 'valve-1' }));
    const during = await client.send(new DescribeRetrainingSchedulerCommand({ ModelName: 'valve-1' }));
    emulator.advance('PT10M');
    const after = await client.send(new DescribeRetrainingSchedulerCommand({ ModelName: 'valve-1' }));
    const model = await client.send(new DescribeModelCommand({ ModelName: 'valve-1' }));

    // Assess
    expect(stop.Status).toBe('STOPPING');
    expect(during.Status).toBe('STOPPING');
    expect(after.Status).toBe('STOPPED');
    expect(model.RetrainingSchedulerStatus).toBe('STOPPED');
    expect(model.NextScheduledRetrainingStartDate).toBeUndefined();
  });

  it('cancels an in-progress run when stopped, then STOPPED a few minutes later', async () => {
    // Prepare
    await trainedModel(client, emulator, 'valve-2');
    emulator.appendRuns('valve-2', [{ duration: 'PT6H' }]);
    await runningScheduler(client, emulator, 'valve-2', { promoteMode: 'MANUAL' });
    emulator.setTime('2025-01-02T02:00:00Z');

    // Act
    const stop = await client.send(new StopRetrainingSchedulerCommand({ ModelName: 'valve-2' }));
    const version = await client.send(
      new DescribeModelVersionCommand({ ModelName: 'valve-2', ModelVersion: 2 }),
    );
    emulator.advance('PT10M');
    const after = await client.send(new DescribeRetrainingSchedulerCommand({ ModelName: 'valve-2' }));

    // Assess
    // Strict cancelOnStop: the docs do not say a Stop lets a run finish.
    expect(stop.Status).toBe('STOPPING');
    expect(version).toMatchObject({ Status: 'CANCELED', AutoPromotionResult: 'RETRAINING_CANCELLED' });
    expect(version.ModelMetrics).toBeUndefined();
    expect(after.Status).toBe('STOPPED');
    const stopped = emulator.ledger({ model: 'valve-2' }).find((e) => e.to === 'STOPPED');
    expect(stopped?.at).toBe('2025-01-02T02:05:00.000Z');
  });

  it('refuses to delete a RUNNING scheduler and deletes a STOPPED one', async () => {
    // Prepare
    await trainedModel(client, emulator, 'valve-3');
    await runningScheduler(client, emulator, 'valve-3');

    // Act
    const refused = client.send(new DeleteRetrainingSchedulerCommand({ ModelName: 'valve-3' }));
    await expect(refused).rejects.toMatchObject({
      name: 'ConflictException',
      $metadata: { httpStatusCode: 409 },
    });
    await expect(refused).rejects.toThrow(/must be STOPPED/);
    await client.send(new StopRetrainingSchedulerCommand({ ModelName: 'valve-3' }));
    emulator.advance('PT10M');
    await client.send(new DeleteRetrainingSchedulerCommand({ ModelName: 'valve-3' }));

    // Assess
    await expect(
      client.send(new DescribeRetrainingSchedulerCommand({ ModelName: 'valve-3' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(transitions('valve-3').filter((t) => t.startsWith('retrainingScheduler'))).toEqual([
      'retrainingScheduler Status null->PENDING (API)',
      'retrainingScheduler Status PENDING->RUNNING (SCHEDULER)',
      'retrainingScheduler Status RUNNING->STOPPING (API)',
      'retrainingScheduler Status STOPPING->STOPPED (SCHEDULER)',
      'retrainingScheduler Status STOPPED->DELETED (API)',
    ]);
  });
});

describe('activation', () => {
  it('activates a version by API, keeps the previous one and treats re-activation as a no-op', async () => {
    // Prepare
    const arn = await trainedModel(client, emulator, 'mixer-1');
    await runningScheduler(client, emulator, 'mixer-1', { promoteMode: 'MANUAL' });
    emulator.advance('P2D');

    // Act
    const first = await client.send(
      new UpdateActiveModelVersionCommand({ ModelName: 'mixer-1', ModelVersion: 2 }),
    );
    const again = await client.send(
      new UpdateActiveModelVersionCommand({ ModelName: 'mixer-1', ModelVersion: 2 }),
    );
    const model = await client.send(new DescribeModelCommand({ ModelName: 'mixer-1' }));

    // Assess
    expect(first).toMatchObject({
      CurrentActiveVersion: 2,
      PreviousActiveVersion: 1,
      CurrentActiveVersionArn: `${arn}/model-version/2`,
      PreviousActiveVersionArn: `${arn}/model-version/1`,
    });
    expect(again).toMatchObject({ CurrentActiveVersion: 2, PreviousActiveVersion: 1 });
    expect(model).toMatchObject({ ActiveModelVersion: 2, PreviousActiveModelVersion: 1 });
    expect(transitions('mixer-1').filter((t) => t.includes('ActiveModelVersion'))).toEqual([
      'model#1 ActiveModelVersion null->1 (TRAINING)',
      'model#2 ActiveModelVersion 1->2 (API)',
    ]);
  });
});

describe('import', () => {
  it('imports into a new model that becomes active, and into an existing one without activating', async () => {
    // Prepare
    const sourceArn = await trainedModel(client, emulator, 'source-1');
    await client.send(
      new CreateInferenceSchedulerCommand({
        ModelName: 'source-1',
        InferenceSchedulerName: 'source-1-inference',
        DataUploadFrequency: 'PT1H',
        DataInputConfiguration: { S3InputConfiguration: { Bucket: 'input-bucket' } },
        DataOutputConfiguration: { S3OutputConfiguration: { Bucket: 'output-bucket' } },
        RoleArn: ROLE_ARN,
      }),
    );
    emulator.advance('P3D');
    const source = await client.send(new DescribeModelCommand({ ModelName: 'source-1' }));

    // Act
    const created = await client.send(
      new ImportModelVersionCommand({
        SourceModelVersionArn: `${sourceArn}/model-version/1`,
        ModelName: 'copy-1',
        DatasetName: 'source-1-data',
        InferenceDataImportStrategy: 'OVERWRITE',
      }),
    );
    await expect(
      client.send(new UpdateActiveModelVersionCommand({ ModelName: 'copy-1', ModelVersion: 1 })),
    ).rejects.toMatchObject({
      name: 'ConflictException',
    });
    emulator.advance('PT1H');
    const copy = await client.send(new DescribeModelCommand({ ModelName: 'copy-1' }));
    const intoSource = await client.send(
      new ImportModelVersionCommand({
        SourceModelVersionArn: `${sourceArn}/model-version/1`,
        DatasetName: 'source-1-data',
      }),
    );
    emulator.advance('PT1H');
    const sourceAfter = await client.send(new DescribeModelCommand({ ModelName: 'source-1' }));
    const imported = await client.send(
      new DescribeModelVersionCommand({ ModelName: 'source-1', ModelVersion: 2 }),
    );

    // Assess
    expect(created).toMatchObject({ ModelName: 'copy-1', ModelVersion: 1, Status: 'IMPORT_IN_PROGRESS' });
    expect(copy).toMatchObject({
      Status: 'SUCCESS',
      ActiveModelVersion: 1,
      SourceModelVersionArn: `${sourceArn}/model-version/1`,
      AccumulatedInferenceDataStartTime: source.AccumulatedInferenceDataStartTime,
      AccumulatedInferenceDataEndTime: source.AccumulatedInferenceDataEndTime,
    });
    expect(copy.ImportJobEndTime).toBeDefined();
    expect(intoSource).toMatchObject({ ModelName: 'source-1', ModelVersion: 2 });
    expect(imported).toMatchObject({ Status: 'SUCCESS', SourceType: 'IMPORT' });
    expect(sourceAfter.ActiveModelVersion).toBe(1);
    expect(transitions('copy-1')).toEqual([
      'model Status null->IMPORT_IN_PROGRESS (IMPORT)',
      'modelVersion#1 Status null->IMPORT_IN_PROGRESS (IMPORT)',
      'modelVersion#1 Status IMPORT_IN_PROGRESS->SUCCESS (IMPORT)',
      'model Status IMPORT_IN_PROGRESS->SUCCESS (IMPORT)',
      'model#1 ActiveModelVersion null->1 (IMPORT)',
    ]);
  });
});

describe('inference', () => {
  it('makes one execution per upload period, each with the version active at the time, and accumulates data', async () => {
    // Prepare
    await trainedModel(client, emulator, 'line-1');
    emulator.appendRuns('line-1', [{ metrics: { precision: 0.97, recall: 0.97, auc: 0.98 } }]);
    await client.send(
      new CreateInferenceSchedulerCommand({
        ModelName: 'line-1',
        InferenceSchedulerName: 'line-1-inference',
        DataUploadFrequency: 'PT1H',
        DataInputConfiguration: { S3InputConfiguration: { Bucket: 'input-bucket' } },
        DataOutputConfiguration: { S3OutputConfiguration: { Bucket: 'output-bucket', Prefix: 'results/' } },
        RoleArn: ROLE_ARN,
      }),
    );
    await runningScheduler(client, emulator, 'line-1', { promoteMode: 'MANAGED' });

    // Act
    emulator.advance('P2D');
    const pages = await listExecutions('line-1-inference');
    const model = await client.send(new DescribeModelCommand({ ModelName: 'line-1' }));

    // Assess
    const promotedAt = model.ModelVersionActivatedAt?.getTime() ?? 0;
    expect(model.ActiveModelVersion).toBe(2);
    // Running from 02:01 on day 0 (after a minute PENDING) to 02:00 on day 2: executions at 03:00 … 02:00.
    expect(pages.length).toBe(48);
    for (const execution of pages) {
      const expected = (execution.ScheduledStartTime?.getTime() ?? 0) >= promotedAt ? 2 : 1;
      expect(execution.ModelVersion).toBe(expected);
      expect(execution.Status).toBe('SUCCESS');
      expect(execution.CustomerResultObject?.Key).toMatch(/^results\/.+\/results\.jsonl$/);
    }
    expect(new Set(pages.map((e) => e.ModelVersion))).toEqual(new Set([1, 2]));
    expect(model.AccumulatedInferenceDataEndTime).toEqual(pages[0]?.DataEndTime);
    expect(model.AccumulatedInferenceDataStartTime).toEqual(pages[pages.length - 1]?.DataStartTime);
    const startOf = (i: number) => pages[i]?.ScheduledStartTime?.getTime() ?? 0;
    expect(startOf(0) - startOf(1)).toBe(3_600_000);
    expect(emulator.now() - startOf(0)).toBeLessThan(DAY);
  });
});

/** Every execution of an inference scheduler, newest first, over at most ten pages. */
async function listExecutions(schedulerName: string) {
  const executions = [];
  let token: string | undefined;
  for (let i = 0; i < 10; i++) {
    const page = await client.send(
      new ListInferenceExecutionsCommand({
        InferenceSchedulerName: schedulerName,
        MaxResults: 20,
        NextToken: token,
      }),
    );
    executions.push(...(page.InferenceExecutionSummaries ?? []));
    token = page.NextToken;
    if (token === undefined) break;
  }
  return executions;
}
