// The AWS CLI (v1) as a second client: every retraining-scheduler command and the model commands,
// parsed from its JSON output.

import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, STRICT_KNOBS, startEmulator } from '../../../local/emulator/index.js';

const run = promisify(execFile);

function findAws(): string | undefined {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return 'aws';
  } catch {
    return undefined;
  }
}

const aws = findAws();
if (aws === undefined) console.log('Skipping the AWS CLI suite: `aws` is not on PATH.');

describe.skipIf(aws === undefined)('AWS CLI against the emulator', () => {
  let emulator: Emulator;

  const cli = async (...args: string[]): Promise<Record<string, unknown>> => {
    const { stdout } = await run(
      aws as string,
      [
        'lookoutequipment',
        ...args,
        '--endpoint-url',
        emulator.url,
        '--region',
        'us-east-1',
        '--output',
        'json',
      ],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'AKIDEMULATOR',
          AWS_SECRET_ACCESS_KEY: 'emulator',
          AWS_PAGER: '',
          AWS_SESSION_TOKEN: '',
        },
        timeout: 30_000,
      },
    );
    return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
  };

  beforeAll(async () => {
    emulator = await startEmulator({
      knobs: STRICT_KNOBS,
      scenario: {
        startTime: '2025-01-01T00:00:00Z',
        datasets: [{ name: 'cli-data' }],
        models: [
          {
            name: 'cli-model',
            dataset: 'cli-data',
            runs: [{ metrics: { precision: 0.95, recall: 0.96, auc: 0.97 } }],
          },
        ],
      },
    });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('lists and describes models and versions', async () => {
    // Act
    const models = await cli('list-models');
    const model = await cli('describe-model', '--model-name', 'cli-model');
    const versions = await cli('list-model-versions', '--model-name', 'cli-model');
    const version = await cli('describe-model-version', '--model-name', 'cli-model', '--model-version', '1');

    // Assess
    expect(models.ModelSummaries).toMatchObject([
      { ModelName: 'cli-model', Status: 'SUCCESS', ActiveModelVersion: 1 },
    ]);
    expect(model).toMatchObject({
      ModelName: 'cli-model',
      ActiveModelVersion: 1,
      ModelQuality: 'QUALITY_THRESHOLD_MET',
    });
    expect(JSON.parse(String(model.ModelMetrics))).toHaveProperty('model_version_metrics.recall');
    expect(versions.ModelVersionSummaries).toMatchObject([{ ModelVersion: 1, SourceType: 'TRAINING' }]);
    expect(version).toMatchObject({ ModelVersion: 1, Status: 'SUCCESS', SourceType: 'TRAINING' });
  });

  it('drives a retraining scheduler through its whole life and activates a version', async () => {
    // Act
    const created = await cli(
      'create-retraining-scheduler',
      '--model-name',
      'cli-model',
      '--retraining-frequency',
      'P1M',
      '--lookback-window',
      'P180D',
      '--promote-mode',
      'MANUAL',
      '--retraining-start-date',
      '2025-01-03T00:00:00Z',
    );
    const described = await cli('describe-retraining-scheduler', '--model-name', 'cli-model');
    const updated = await cli(
      'update-retraining-scheduler',
      '--model-name',
      'cli-model',
      '--retraining-frequency',
      'P30D',
    );
    const started = await cli('start-retraining-scheduler', '--model-name', 'cli-model');
    emulator.advance('PT1H');
    const settled = await cli('describe-retraining-scheduler', '--model-name', 'cli-model');
    emulator.advance('P3D');
    const activated = await cli(
      'update-active-model-version',
      '--model-name',
      'cli-model',
      '--model-version',
      '2',
    );
    const stopped = await cli('stop-retraining-scheduler', '--model-name', 'cli-model');
    emulator.advance('PT10M');
    const deleted = await cli('delete-retraining-scheduler', '--model-name', 'cli-model');
    const after = await cli('describe-model', '--model-name', 'cli-model');

    // Assess
    expect(created).toMatchObject({ ModelName: 'cli-model', Status: 'PENDING' });
    expect(described).toMatchObject({
      RetrainingFrequency: 'P1M',
      LookbackWindow: 'P180D',
      PromoteMode: 'MANUAL',
      Status: 'PENDING',
    });
    expect(described.RetrainingStartDate).toBeDefined();
    expect(updated).toEqual({});
    // AWS's own example (Smithy model): StartRetrainingScheduler answers PENDING; RUNNING follows.
    expect(started).toMatchObject({ Status: 'PENDING' });
    expect(settled).toMatchObject({ Status: 'RUNNING' });
    expect(activated).toMatchObject({ CurrentActiveVersion: 2, PreviousActiveVersion: 1 });
    expect(stopped).toMatchObject({ Status: 'STOPPING' });
    expect(deleted).toEqual({});
    expect(after).toMatchObject({ ActiveModelVersion: 2, PreviousActiveModelVersion: 1 });
    expect(after.RetrainingSchedulerStatus).toBeUndefined();
  });

  it('reports service errors the way the CLI prints them', async () => {
    // Act
    const failure = cli('describe-retraining-scheduler', '--model-name', 'no-such-model');

    // Assess
    await expect(failure).rejects.toThrow(/ResourceNotFoundException/);
  });
});
