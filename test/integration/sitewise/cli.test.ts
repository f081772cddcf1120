// The AWS CLI (v1) as a second client of the SiteWise emulator and its S3 stand-in: a computation model's
// lifecycle from asset model to a finished training run and the objects it left, parsed from JSON output.

import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LENIENT_SITEWISE_KNOBS,
  type SiteWiseEmulator,
  startSiteWiseEmulator,
} from '../../../local/sitewise/index.js';

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
if (aws === undefined) console.log('Skipping the SiteWise AWS CLI suite: `aws` is not on PATH.');

const variable = (name: string): string => `$${'{'}${name}}`;

describe.skipIf(aws === undefined)('AWS CLI against the SiteWise emulator', () => {
  let emulator: SiteWiseEmulator;
  let scratch: string;

  const cli = async (endpoint: string, ...args: string[]): Promise<Record<string, unknown>> => {
    const { stdout } = await run(
      aws as string,
      [...args, '--endpoint-url', endpoint, '--region', 'us-east-1', '--output', 'json'],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'AKIDEMULATOR',
          AWS_SECRET_ACCESS_KEY: 'emulator',
          AWS_SESSION_TOKEN: '',
          AWS_PAGER: '',
          // Every SiteWise control-plane operation carries the host prefix "api."; a local endpoint has none.
          AWS_DISABLE_HOST_PREFIX_INJECTION: 'true',
        },
        timeout: 30_000,
      },
    );
    return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
  };
  const sitewise = (...args: string[]) => cli(emulator.url, 'iotsitewise', ...args);

  beforeAll(async () => {
    emulator = await startSiteWiseEmulator({ knobs: LENIENT_SITEWISE_KNOBS });
    scratch = await mkdtemp(join(tmpdir(), 'sitewise-cli-'));
  });

  afterAll(async () => {
    await emulator?.close();
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  });

  it('creates a bound computation model, trains it and reads the run back, its metrics from S3 with s3api', async () => {
    // Prepare
    const assetModel = await sitewise(
      'create-asset-model',
      '--asset-model-name',
      'cli pumps',
      '--asset-model-properties',
      JSON.stringify([
        { name: 'vibration', dataType: 'DOUBLE', type: { measurement: {} } },
        { name: 'anomaly', dataType: 'STRING', type: { measurement: {} } },
      ]),
    );
    const described = await sitewise(
      'describe-asset-model',
      '--asset-model-id',
      String(assetModel.assetModelId),
    );
    const properties = described.assetModelProperties as Array<{ id: string; name: string }>;
    const [vibration, anomaly] = ['vibration', 'anomaly'].map(
      (name) => properties.find((p) => p.name === name)?.id,
    );
    const asset = await sitewise(
      'create-asset',
      '--asset-name',
      'cli-pump-1',
      '--asset-model-id',
      String(assetModel.assetModelId),
    );
    const assetId = String(asset.assetId);

    // Act
    const created = await sitewise(
      'create-computation-model',
      '--computation-model-name',
      'cli-anomaly',
      '--computation-model-configuration',
      JSON.stringify({
        anomalyDetection: { inputProperties: variable('inputs'), resultProperty: variable('result') },
      }),
      '--computation-model-data-binding',
      JSON.stringify({
        inputs: { list: [{ assetProperty: { assetId, propertyId: vibration } }] },
        result: { assetProperty: { assetId, propertyId: anomaly } },
      }),
    );
    const modelId = String(created.computationModelId);
    emulator.advance('PT1M');
    const model = await sitewise('describe-computation-model', '--computation-model-id', modelId);
    const training = (
      model.actionDefinitions as Array<{ actionDefinitionId: string; actionType: string }>
    ).find((a) => a.actionType === 'AWS/ANOMALY_DETECTION_TRAINING');
    const payload = {
      trainingMode: 'TRAIN_MODEL',
      exportDataStartTime: 1_704_067_200,
      exportDataEndTime: 1_735_603_200,
      modelMetricsDestination: { bucketName: 'cli-metrics', prefix: 'runs/' },
    };
    await sitewise(
      'execute-action',
      '--target-resource',
      JSON.stringify({ computationModelId: modelId }),
      '--action-definition-id',
      String(training?.actionDefinitionId),
      '--action-payload',
      JSON.stringify({ stringValue: JSON.stringify(payload) }),
    );
    emulator.advance('PT3H');
    const listed = await sitewise(
      'list-executions',
      '--target-resource-type',
      'COMPUTATION_MODEL',
      '--target-resource-id',
      modelId,
    );
    const objects = await cli(
      emulator.s3.url,
      's3api',
      'list-objects-v2',
      '--bucket',
      'cli-metrics',
      '--prefix',
      'runs/',
    );
    const resultKey =
      (objects.Contents as Array<{ Key: string }>).find((o) => o.Key.endsWith('result.json'))?.Key ?? '';
    const outfile = join(scratch, 'result.json');
    await cli(emulator.s3.url, 's3api', 'get-object', '--bucket', 'cli-metrics', '--key', resultKey, outfile);
    const missing = await cli(
      emulator.url,
      'iotsitewise',
      'describe-execution',
      '--execution-id',
      '11111111-1111-4111-8111-111111111111',
    ).catch((error: Error) => error.message);

    // Assess
    expect(model.computationModelStatus).toEqual({ state: 'ACTIVE' });
    expect(listed.executionSummaries).toEqual([
      expect.objectContaining({
        actionType: 'AWS/ANOMALY_DETECTION_TRAINING',
        executionStatus: { state: 'COMPLETED' },
        executionEntityVersion: '1',
        targetResource: { computationModelId: modelId },
      }),
    ]);
    expect((objects.Contents as Array<{ Key: string }>).map((o) => o.Key)).toEqual([
      'runs/v1/model_metrics.json',
      'runs/v1/result.json',
    ]);
    expect(JSON.parse(await readFile(outfile, 'utf8'))).toMatchObject({
      status: 'COMPLETED',
      modelVersion: 1,
    });
    expect(missing).toMatch(/ResourceNotFoundException/);
  });
});
