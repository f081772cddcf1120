// The SiteWise emulator driven by the AWS SDK as a provider adapter would drive it: training runs on the
// simulated clock (RUNNING → COMPLETED / FAILED), the retraining scheduler's runs and SERVICE_MANAGED
// promotion decided by the L4E emulator's promotion table, inference START with targetModelVersion, and
// the metrics and results each run leaves in the S3 stand-in.

import {
  DescribeComputationModelExecutionSummaryCommand,
  DescribeExecutionCommand,
  type IoTSiteWiseClient,
} from '@aws-sdk/client-iotsitewise';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LENIENT_SITEWISE_KNOBS,
  type SiteWiseEmulator,
  type SiteWiseKnobSettings,
  startSiteWiseEmulator,
} from '../../../local/sitewise/index.js';
import {
  type Bound,
  boundModel,
  DESTINATION,
  execute,
  executions,
  results,
  s3Client,
  siteWiseClient,
} from './support/fixtures.js';

const DAY_S = 86_400;
const START_S = Date.parse('2025-01-01T00:00:00Z') / 1000;
const TRAIN = {
  trainingMode: 'TRAIN_MODEL',
  exportDataStartTime: START_S - 200 * DAY_S,
  exportDataEndTime: START_S,
  modelMetricsDestination: DESTINATION,
};
const LABELED_TRAIN = { ...TRAIN, labelInputConfiguration: { bucketName: 'ad-labels', prefix: 'labels/' } };
const good = { precision: 0.95, recall: 0.95, auc: 0.95 };
const poor = { precision: 0.55, recall: 0.5, auc: 0.5 };

function scheduler(promotion: string, startDay = 2): object {
  return {
    trainingMode: 'START_RETRAINING_SCHEDULER',
    modelMetricsDestination: DESTINATION,
    labelInputConfiguration: { bucketName: 'ad-labels', prefix: 'labels/' },
    retrainingConfiguration: {
      lookbackWindow: 'P180D',
      retrainingFrequency: 'P30D',
      promotion,
      retrainingStartDate: START_S + startDay * DAY_S,
    },
  };
}

describe('SiteWise emulator through the AWS SDK', () => {
  let emulator: SiteWiseEmulator | undefined;
  let client: IoTSiteWiseClient;
  let s3: S3Client;

  async function start(knobs: SiteWiseKnobSettings = LENIENT_SITEWISE_KNOBS): Promise<Bound> {
    emulator = await startSiteWiseEmulator({ knobs });
    client = siteWiseClient(emulator.url);
    s3 = s3Client(emulator.s3.url);
    return boundModel(emulator, client);
  }
  const sim = (): SiteWiseEmulator => {
    if (emulator === undefined) throw new Error('no emulator started');
    return emulator;
  };
  const activeVersions = (): unknown[] =>
    sim()
      .ledger()
      .filter((entry) => entry.resource === 'activeModelVersion')
      .map((entry) => [entry.to, entry.cause]);

  afterEach(async () => {
    client?.destroy();
    s3?.destroy();
    await emulator?.close();
    emulator = undefined;
  });

  it('runs a TRAIN_MODEL execution RUNNING, then COMPLETED two hours later with its metrics and result in S3', async () => {
    // Prepare
    const bound = await start();

    // Act
    await execute(client, bound, 'training', LABELED_TRAIN);
    const running = await executions(client, bound);
    sim().advance('PT2H');
    const done = await executions(client, bound);
    const described = await client.send(new DescribeExecutionCommand({ executionId: done[0]?.executionId }));
    const written = await results(s3);

    // Assess
    expect(running.map((e) => e.executionStatus?.state)).toEqual(['RUNNING']);
    expect(done.map((e) => e.executionStatus?.state)).toEqual(['COMPLETED']);
    expect(described.executionEntityVersion).toBe('1');
    expect(described.executionDetails).toEqual({ trainingMode: 'TRAIN_MODEL' });
    expect(described.executionEndTime?.toISOString()).toBe('2025-01-01T02:10:00.000Z');
    expect(written).toEqual([
      expect.objectContaining({ status: 'COMPLETED', modelVersion: 1, activeModelVersion: 1 }),
    ]);
    expect(sim().s3.store.keys(DESTINATION.bucketName)).toEqual([
      'pump/v1/model_metrics.json',
      'pump/v1/result.json',
    ]);
    expect(activeVersions()).toEqual([[1, 'INITIAL_TRAINING']]);
  });

  it('ends a run planned to fail FAILED, with its reason in executionResult and in the S3 result', async () => {
    // Prepare
    const bound = await start();
    sim().planRuns(bound.computationModelId, [
      { outcome: 'FAILED', failedReason: 'Not enough data: 3 days.' },
    ]);

    // Act
    await execute(client, bound, 'training', TRAIN);
    sim().advance('PT3H');
    const [failed] = await executions(client, bound);
    const described = await client.send(new DescribeExecutionCommand({ executionId: failed?.executionId }));

    // Assess
    expect(described.executionStatus?.state).toBe('FAILED');
    expect(described.executionEntityVersion).toBeUndefined();
    expect(described.executionResult).toEqual({ failureReason: 'Not enough data  3 days' });
    expect(await results(s3)).toEqual([
      expect.objectContaining({ status: 'FAILED', modelVersion: null, reason: 'Not enough data: 3 days.' }),
    ]);
    expect(activeVersions()).toEqual([]);
  });

  it('promotes under SERVICE_MANAGED only a version that beats the active one on the same data', async () => {
    // Prepare
    const bound = await start();
    sim().planRuns(bound.computationModelId, [
      { metrics: poor },
      { metrics: good, priorMetrics: poor },
      { metrics: poor, priorMetrics: good },
    ]);
    await execute(client, bound, 'training', LABELED_TRAIN);
    sim().advance('PT3H');

    // Act
    await execute(client, bound, 'training', scheduler('SERVICE_MANAGED'));
    sim().advance('P40D');

    // Assess
    const written = await results(s3);
    expect(written.map((r) => [r.trainingMode, r.modelVersion, r.reasonCode, r.activeModelVersion])).toEqual([
      ['TRAIN_MODEL', 1, null, 1],
      ['SCHEDULED_RETRAINING', 2, 'AUTO_PROMOTION_SUCCESSFUL', 2],
      ['SCHEDULED_RETRAINING', 3, 'MODEL_METRICS_DIDNT_IMPROVE', 2],
    ]);
    expect(activeVersions()).toEqual([
      [1, 'INITIAL_TRAINING'],
      [2, 'SERVICE_MANAGED_PROMOTION'],
    ]);
    expect(sim().s3.store.keys(DESTINATION.bucketName)).toContain('pump/v3/prior_model_metrics.json');
  });

  it('refuses under SERVICE_MANAGED a labeled version of poor quality when the active one had no labels', async () => {
    // Prepare
    const bound = await start();
    sim().planRuns(bound.computationModelId, [{}, { modelQuality: 'POOR_QUALITY_DETECTED', labeled: true }]);
    await execute(client, bound, 'training', TRAIN);
    sim().advance('PT3H');

    // Act
    await execute(client, bound, 'training', scheduler('SERVICE_MANAGED'));
    sim().advance('P3D');

    // Assess
    expect((await results(s3)).map((r) => [r.modelVersion, r.reasonCode, r.activeModelVersion])).toEqual([
      [1, null, 1],
      [2, 'POOR_MODEL_QUALITY_DETECTED', 1],
    ]);
  });

  it('never promotes under CUSTOMER_MANAGED, however good the version', async () => {
    // Prepare
    const bound = await start();
    sim().planRuns(bound.computationModelId, [{ metrics: poor }, { metrics: good, priorMetrics: poor }]);
    await execute(client, bound, 'training', LABELED_TRAIN);
    sim().advance('PT3H');

    // Act
    await execute(client, bound, 'training', scheduler('CUSTOMER_MANAGED'));
    sim().advance('P3D');

    // Assess
    expect(
      (await results(s3)).map((r) => [r.modelVersion, r.promotion, r.reasonCode, r.activeModelVersion]),
    ).toEqual([
      [1, null, null, 1],
      [2, 'CUSTOMER_MANAGED', null, 1],
    ]);
    expect(activeVersions()).toEqual([[1, 'INITIAL_TRAINING']]);
  });

  it('runs the scheduler at the start date and every retrainingFrequency after it until STOP, and refuses a second START', async () => {
    // Prepare
    const bound = await start();
    await execute(client, bound, 'training', TRAIN);
    sim().advance('PT3H');

    // Act
    await execute(client, bound, 'training', scheduler('SERVICE_MANAGED', 5));
    const second = execute(client, bound, 'training', scheduler('SERVICE_MANAGED', 5));
    await expect(second).rejects.toMatchObject({
      name: 'ConflictingOperationException',
      $metadata: { httpStatusCode: 409 },
    });
    sim().advance('P70D');
    await execute(client, bound, 'training', { trainingMode: 'STOP_RETRAINING_SCHEDULER' });
    sim().advance('P90D');
    const stopAgain = execute(client, bound, 'training', { trainingMode: 'STOP_RETRAINING_SCHEDULER' });

    // Assess
    await expect(stopAgain).rejects.toMatchObject({ name: 'ConflictingOperationException' });
    const scheduled = (await executions(client, bound))
      .filter((e) => e.executionEntityVersion !== undefined)
      .reverse();
    expect(scheduled.map((e) => e.executionStartTime?.toISOString())).toEqual([
      '2025-01-01T00:10:00.000Z',
      '2025-01-06T00:00:00.000Z',
      '2025-02-05T00:00:00.000Z',
      '2025-03-07T00:00:00.000Z',
    ]);
    expect(
      sim()
        .ledger()
        .filter((e) => e.resource === 'retrainingScheduler')
        .map((e) => e.to),
    ).toEqual(['RUNNING', 'STOPPED']);
  });

  it('drops the runs a stopped scheduler had planned when it is started again with another start date', async () => {
    // Prepare
    const bound = await start();
    await execute(client, bound, 'training', TRAIN);
    sim().advance('PT3H');

    // Act
    await execute(client, bound, 'training', scheduler('SERVICE_MANAGED', 5));
    await execute(client, bound, 'training', { trainingMode: 'STOP_RETRAINING_SCHEDULER' });
    await execute(client, bound, 'training', scheduler('SERVICE_MANAGED', 10));
    sim().advance('P15D');

    // Assess
    const scheduled = (await executions(client, bound))
      .filter((e) => e.executionEntityVersion !== undefined)
      .reverse();
    expect(scheduled.map((e) => e.executionStartTime?.toISOString())).toEqual([
      '2025-01-01T00:10:00.000Z',
      '2025-01-11T00:00:00.000Z',
    ]);
  });

  it('hides the scheduler runs from ListExecutions under scheduledRunExecutions=hidden, while their objects still reach S3 after metricsLag', async () => {
    // Prepare
    const bound = await start({
      ...LENIENT_SITEWISE_KNOBS,
      scheduledRunExecutions: 'hidden',
      metricsLag: 'PT30M',
      metricsKeyLayout: 'execution',
    });
    await execute(client, bound, 'training', TRAIN);
    sim().advance('PT3H');
    await execute(client, bound, 'training', scheduler('SERVICE_MANAGED', 1));

    // Act
    sim().setTime('2025-01-02T02:10:00Z');
    const beforeLag = await results(s3);
    sim().setTime('2025-01-02T02:40:00Z');
    const afterLag = await results(s3);

    // Assess
    const listed = await executions(client, bound);
    expect(listed.map((e) => e.executionEntityVersion)).toEqual([undefined, '1']);
    const hiddenRun = sim()
      .ledger()
      .filter((e) => e.resource === 'execution' && e.cause === 'SCHEDULED_RETRAINING')
      .map((e) => [e.from, e.to, e.at]);
    expect(hiddenRun).toEqual([
      [null, 'RUNNING', '2025-01-02T00:00:00.000Z'],
      ['RUNNING', 'COMPLETED', '2025-01-02T02:00:00.000Z'],
    ]);
    expect(beforeLag.map((r) => r.modelVersion)).toEqual([1]);
    expect(afterLag.map((r) => r.modelVersion)).toEqual([1, 2]);
    expect(
      sim()
        .s3.store.keys(DESTINATION.bucketName)
        .every((key) => /^pump\/[0-9a-f-]{36}\//.test(key)),
    ).toBe(true);
  });

  it('switches the running version with inference START and targetModelVersion; under stopFirst only after a STOP', async () => {
    // Prepare
    const bound = await start({ ...LENIENT_SITEWISE_KNOBS, inferenceRestart: 'stopFirst' });
    for (let run = 0; run < 2; run++) {
      await execute(client, bound, 'training', TRAIN);
      sim().advance('PT3H');
    }
    const inferenceStart = (targetModelVersion: number) => ({
      inferenceMode: 'START',
      dataUploadFrequency: 'PT15M',
      dataDelayOffsetInMinutes: '5',
      targetModelVersion,
    });

    // Act
    await execute(client, bound, 'inference', inferenceStart(1));
    const refused = execute(client, bound, 'inference', inferenceStart(2));
    await expect(refused).rejects.toMatchObject({ name: 'ConflictingOperationException' });
    await execute(client, bound, 'inference', { inferenceMode: 'STOP' });
    await execute(client, bound, 'inference', inferenceStart(2));
    const summary = await client.send(
      new DescribeComputationModelExecutionSummaryCommand({ computationModelId: bound.computationModelId }),
    );
    const unknown = execute(client, bound, 'inference', inferenceStart(9));

    // Assess
    await expect(unknown).rejects.toMatchObject({ name: 'InvalidRequestException' });
    expect(activeVersions()).toEqual([
      [1, 'INITIAL_TRAINING'],
      [2, 'INFERENCE_START'],
    ]);
    expect(summary.computationModelExecutionSummary).toEqual({ inferenceTimerActive: 'true' });
  });

  it('switches the running version at once under inferenceRestart=direct', async () => {
    // Prepare
    const bound = await start({ ...LENIENT_SITEWISE_KNOBS, inferenceRestart: 'direct' });
    for (let run = 0; run < 2; run++) {
      await execute(client, bound, 'training', TRAIN);
      sim().advance('PT3H');
    }

    // Act
    await execute(client, bound, 'inference', { inferenceMode: 'START', dataUploadFrequency: 'PT1H' });
    await execute(client, bound, 'inference', {
      inferenceMode: 'START',
      dataUploadFrequency: 'PT1H',
      targetModelVersion: 2,
    });

    // Assess
    expect(activeVersions()).toEqual([
      [1, 'INITIAL_TRAINING'],
      [2, 'INFERENCE_START'],
    ]);
    expect(
      sim()
        .ledger()
        .filter((e) => e.resource === 'inference')
        .map((e) => e.to),
    ).toEqual(['RUNNING']);
  });

  it('keeps a computation model CREATING, and an action execution RUNNING, for the settle knob; no action runs before ACTIVE', async () => {
    // Prepare
    const bound = await start({ ...LENIENT_SITEWISE_KNOBS, settle: 'PT1H' });

    // Act
    const early = execute(client, bound, 'training', TRAIN);
    await expect(early).rejects.toMatchObject({ name: 'ConflictingOperationException' });
    sim().advance('PT1H');
    await execute(client, bound, 'training', TRAIN);
    sim().advance('PT3H');
    await execute(client, bound, 'training', scheduler('SERVICE_MANAGED'));
    const [settling] = await executions(client, bound);
    sim().advance('PT1H');
    const [settled] = await executions(client, bound);

    // Assess
    expect(settling?.executionStatus?.state).toBe('RUNNING');
    expect(settled?.executionStatus?.state).toBe('COMPLETED');
    expect(
      sim()
        .ledger()
        .filter((e) => e.resource === 'computationModel')
        .map((e) => [e.to, e.at]),
    ).toEqual([
      ['CREATING', '2025-01-01T00:00:00.000Z'],
      ['ACTIVE', '2025-01-01T01:00:00.000Z'],
    ]);
  });

  it('answers a throttled call with ThrottlingException (429), which the SDK retries', async () => {
    // Prepare
    const bound = await start();
    sim().setFaults({ operations: { ListExecutions: { failNext: 1 } } });
    const retrying = siteWiseClient(sim().url, 3);

    // Act
    const listed = await retrying.send(
      new (await import('@aws-sdk/client-iotsitewise')).ListExecutionsCommand({
        targetResourceType: 'COMPUTATION_MODEL',
        targetResourceId: bound.computationModelId,
      }),
    );
    retrying.destroy();

    // Assess
    expect(listed.$metadata.attempts).toBe(2);
    expect(sim().stats().faults.ListExecutions).toEqual({ throttled: 1, errors: 0 });
  });
});
