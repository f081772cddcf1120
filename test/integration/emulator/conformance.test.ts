// Conformance with the service model: one session calls every emulated operation successfully (list
// operations with filters and pagination) and each response must fit its output shape; then every
// request shape is probed with omitted required members and invalid values, which must be rejected.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../local/emulator/index.js';
import {
  checkAgainstShape,
  invalidInputs,
  locateServiceModel,
  type ServiceModel,
} from './support/service-model.js';
import { callWire, errorType } from './support/wire.js';

const located = locateServiceModel();
if ('reason' in located) console.log(`Skipping the conformance suite: ${located.reason}`);
const model = 'model' in located ? located.model : undefined;

const ROLE = 'arn:aws:iam::123456789012:role/L4ERole';
const at = (iso: string): number => Date.parse(iso) / 1000;

interface Call {
  operation: string;
  input: Record<string, unknown>;
  output: Record<string, unknown>;
}

describe.skipIf(model === undefined)('conformance with the service model', () => {
  const service = model as ServiceModel;
  let emulator: Emulator;
  const calls: Call[] = [];
  /** The first successful request of each operation: the valid baseline for the input probes. */
  const baselines = new Map<string, Record<string, unknown>>();

  async function call(operation: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await callWire(emulator.url, operation, input);
    if (response.status !== 200) {
      throw new Error(`${operation} failed with ${response.status}: ${JSON.stringify(response.body)}`);
    }
    calls.push({ operation, input, output: response.body });
    if (!baselines.has(operation)) baselines.set(operation, input);
    return response.body;
  }

  async function allPages(
    operation: string,
    input: Record<string, unknown>,
    listKey: string,
  ): Promise<unknown[]> {
    const items: unknown[] = [];
    let token: string | undefined;
    for (let page = 0; page < 50; page++) {
      const output = await call(operation, {
        ...input,
        MaxResults: 1,
        ...(token === undefined ? {} : { NextToken: token }),
      });
      items.push(...(output[listKey] as unknown[]));
      token = output.NextToken as string | undefined;
      if (token === undefined) break;
    }
    return items;
  }

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 11 });
    const tags = [{ Key: 'team', Value: 'reliability' }];
    await call('CreateDataset', {
      DatasetName: 'conf-ds',
      ClientToken: 'conf-ds-token',
      DatasetSchema: { InlineDataSchema: '{"Components":[{"ComponentName":"pump","Columns":[]}]}' },
      ServerSideKmsKeyId: 'alias/conf-key',
      Tags: tags,
    });
    await call('CreateDataset', { DatasetName: 'conf-ds-spare', ClientToken: 'conf-ds-spare-token' });
    await call('DescribeDataset', { DatasetName: 'conf-ds' });
    await allPages('ListDatasets', {}, 'DatasetSummaries');
    await call('ListDatasets', { DatasetNameBeginsWith: 'conf-ds-' });
    await call('DeleteDataset', { DatasetName: 'conf-ds-spare' });
    await call('CreateModel', {
      ModelName: 'conf-model',
      DatasetName: 'conf-ds',
      ClientToken: 'conf-model-token',
      LabelsInputConfiguration: {
        S3InputConfiguration: { Bucket: 'conf-labels', Prefix: 'labels/' },
        LabelGroupName: 'conf-labels',
      },
      TrainingDataStartTime: at('2024-01-02T00:00:00Z'),
      TrainingDataEndTime: at('2024-09-01T00:00:00Z'),
      EvaluationDataStartTime: at('2024-09-01T00:00:00Z'),
      EvaluationDataEndTime: at('2024-12-31T00:00:00Z'),
      RoleArn: ROLE,
      DataPreProcessingConfiguration: { TargetSamplingRate: 'PT5M' },
      ServerSideKmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
      Tags: tags,
      OffCondition: 'pump\\motor_current < 10',
      ModelDiagnosticsOutputConfiguration: {
        S3OutputConfiguration: { Bucket: 'conf-diagnostics', Prefix: 'diag/' },
      },
    });
    await call('CreateModel', {
      ModelName: 'conf-unlabeled',
      DatasetName: 'conf-ds',
      ClientToken: 'conf-unlabeled-token',
    });
    await call('DescribeModel', { ModelName: 'conf-model' });
    emulator.advance('PT2H');
    await call('UpdateModel', {
      ModelName: 'conf-model',
      RoleArn: ROLE,
      LabelsInputConfiguration: { S3InputConfiguration: { Bucket: 'conf-labels', Prefix: 'labels/v2/' } },
      ModelDiagnosticsOutputConfiguration: {
        S3OutputConfiguration: { Bucket: 'conf-diagnostics', Prefix: 'diag/' },
        KmsKeyId: 'alias/diag',
      },
    });
    await call('CreateRetrainingScheduler', {
      ModelName: 'conf-model',
      RetrainingStartDate: at('2025-01-03T10:00:00Z'),
      RetrainingFrequency: 'P1M',
      LookbackWindow: 'P360D',
      PromoteMode: 'MANAGED',
      ClientToken: 'conf-retraining-token',
    });
    await call('CreateRetrainingScheduler', {
      ModelName: 'conf-unlabeled',
      RetrainingFrequency: 'P30D',
      LookbackWindow: 'P180D',
      ClientToken: 'conf-retraining-unlabeled',
    });
    await call('UpdateRetrainingScheduler', {
      ModelName: 'conf-model',
      RetrainingStartDate: at('2025-01-02T00:00:00Z'),
      RetrainingFrequency: 'P30D',
      LookbackWindow: 'P180D',
      PromoteMode: 'MANAGED',
    });
    await call('StartRetrainingScheduler', { ModelName: 'conf-model' });
    await call('StartRetrainingScheduler', { ModelName: 'conf-unlabeled' });
    await call('DescribeRetrainingScheduler', { ModelName: 'conf-model' });
    await allPages(
      'ListRetrainingSchedulers',
      { ModelNameBeginsWith: 'conf-', Status: 'RUNNING' },
      'RetrainingSchedulerSummaries',
    );
    await call('CreateInferenceScheduler', {
      ModelName: 'conf-model',
      InferenceSchedulerName: 'conf-inference',
      DataDelayOffsetInMinutes: 5,
      DataUploadFrequency: 'PT15M',
      DataInputConfiguration: {
        S3InputConfiguration: { Bucket: 'conf-input', Prefix: 'input/' },
        InputTimeZoneOffset: '+01:00',
        InferenceInputNameConfiguration: {
          TimestampFormat: 'yyyyMMddHHmmss',
          ComponentTimestampDelimiter: '_',
        },
      },
      DataOutputConfiguration: {
        S3OutputConfiguration: { Bucket: 'conf-output', Prefix: 'output/' },
        KmsKeyId: 'alias/out',
      },
      RoleArn: ROLE,
      ServerSideKmsKeyId: 'alias/inference',
      ClientToken: 'conf-inference-token',
      Tags: tags,
    });
    emulator.advance('P65D');
    await call('ListModelVersions', {
      ModelName: 'conf-model',
      Status: 'SUCCESS',
      SourceType: 'RETRAINING',
      CreatedAtStartTime: at('2025-01-01T00:00:00Z'),
      CreatedAtEndTime: at('2025-12-31T00:00:00Z'),
      MinModelVersion: 1,
      MaxModelVersion: 10,
    });
    await allPages('ListModelVersions', { ModelName: 'conf-model' }, 'ModelVersionSummaries');
    await call('DescribeModelVersion', { ModelName: 'conf-model', ModelVersion: 1 });
    await call('DescribeModelVersion', { ModelName: 'conf-model', ModelVersion: 2 });
    await call('DescribeModelVersion', { ModelName: 'conf-unlabeled', ModelVersion: 2 });
    await call('UpdateActiveModelVersion', { ModelName: 'conf-model', ModelVersion: 1 });
    await call('DescribeModel', { ModelName: 'conf-model' });
    await call('DescribeModel', { ModelName: 'conf-unlabeled' });
    await allPages('ListModels', {}, 'ModelSummaries');
    await call('ListModels', {
      Status: 'SUCCESS',
      ModelNameBeginsWith: 'conf-',
      DatasetNameBeginsWith: 'conf-',
    });
    await call('DescribeInferenceScheduler', { InferenceSchedulerName: 'conf-inference' });
    await allPages(
      'ListInferenceSchedulers',
      { ModelName: 'conf-model', InferenceSchedulerNameBeginsWith: 'conf-', Status: 'RUNNING' },
      'InferenceSchedulerSummaries',
    );
    await call('ListInferenceExecutions', {
      InferenceSchedulerName: 'conf-inference',
      DataStartTimeAfter: at('2025-02-01T00:00:00Z'),
      DataEndTimeBefore: at('2025-02-02T00:00:00Z'),
      Status: 'SUCCESS',
    });
    const executions = await call('ListInferenceExecutions', {
      InferenceSchedulerName: 'conf-inference',
      MaxResults: 3,
    });
    await call('ListInferenceExecutions', {
      InferenceSchedulerName: 'conf-inference',
      MaxResults: 3,
      NextToken: executions.NextToken,
    });
    await call('UpdateInferenceScheduler', {
      InferenceSchedulerName: 'conf-inference',
      DataDelayOffsetInMinutes: 10,
      DataUploadFrequency: 'PT30M',
      DataInputConfiguration: { S3InputConfiguration: { Bucket: 'conf-input', Prefix: 'input/v2/' } },
      DataOutputConfiguration: { S3OutputConfiguration: { Bucket: 'conf-output' } },
      RoleArn: ROLE,
    });
    await call('StopInferenceScheduler', { InferenceSchedulerName: 'conf-inference' });
    emulator.advance('PT5M');
    await call('StartInferenceScheduler', { InferenceSchedulerName: 'conf-inference' });
    emulator.advance('PT5M');
    await call('StopInferenceScheduler', { InferenceSchedulerName: 'conf-inference' });
    emulator.advance('PT5M');
    await call('DeleteInferenceScheduler', { InferenceSchedulerName: 'conf-inference' });
    await call('StopRetrainingScheduler', { ModelName: 'conf-unlabeled' });
    emulator.advance('PT3H');
    await call('DeleteRetrainingScheduler', { ModelName: 'conf-unlabeled' });
    const models = (await call('ListModels', { ModelNameBeginsWith: 'conf-model' })).ModelSummaries as Array<{
      ModelArn: string;
    }>;
    const modelArn = models[0]?.ModelArn as string;
    await call('ImportModelVersion', {
      SourceModelVersionArn: `${modelArn}/model-version/2`,
      ModelName: 'conf-imported',
      DatasetName: 'conf-ds',
      LabelsInputConfiguration: { LabelGroupName: 'conf-labels' },
      ClientToken: 'conf-import-token',
      RoleArn: ROLE,
      ServerSideKmsKeyId: 'alias/imported',
      Tags: tags,
      InferenceDataImportStrategy: 'OVERWRITE',
    });
    emulator.advance('PT1H');
    await call('DescribeModel', { ModelName: 'conf-imported' });
    await call('DescribeModelVersion', { ModelName: 'conf-imported', ModelVersion: 1 });
    await call('TagResource', { ResourceArn: modelArn, Tags: [{ Key: 'owner', Value: 'ml-platform' }] });
    await call('ListTagsForResource', { ResourceArn: modelArn });
    await call('UntagResource', { ResourceArn: modelArn, TagKeys: ['owner'] });
    await call('DeleteModel', { ModelName: 'conf-imported' });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('calls every operation of the model: emulated ones succeed, the others say they are not emulated', async () => {
    // Prepare
    const called = new Set(calls.map((c) => c.operation));
    const others = Object.keys(service.operations).filter((operation) => !called.has(operation));

    // Act
    const answers = await Promise.all(others.map((operation) => callWire(emulator.url, operation, {})));

    // Assess
    expect(called.size).toBeGreaterThanOrEqual(31);
    answers.forEach((answer, index) => {
      expect(answer.status, others[index]).toBe(400);
      expect(errorType(answer), others[index]).toBe('ValidationException');
      expect(String(answer.body.Message)).toContain('not emulated by this emulator');
    });
  });

  it('returns responses that fit the output shapes: types, required members, enums, patterns, lengths, ranges, no extra members', () => {
    // Prepare
    const problems: string[] = [];

    // Act
    for (const { operation, output } of calls) {
      const shapeName = service.operations[operation]?.output?.shape;
      if (shapeName === undefined) {
        if (Object.keys(output).length > 0) problems.push(`${operation}: expected an empty body`);
        continue;
      }
      problems.push(
        ...checkAgainstShape(service, shapeName, output).map((problem) => `${operation} ${problem}`),
      );
    }

    // Assess
    expect(calls.length).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });

  it('has a shape checker that notices extra members, wrong types and pattern violations', () => {
    // Prepare
    const good = calls.find((c) => c.operation === 'DescribeRetrainingScheduler')?.output ?? {};
    const bad = { ...good, CreatedAt: '2025-01-01T00:00:00Z', Extra: 1, ModelArn: 'arn:aws:s3:::bucket' };

    // Act
    const problems = checkAgainstShape(service, 'DescribeRetrainingSchedulerResponse', bad);

    // Assess
    expect(checkAgainstShape(service, 'DescribeRetrainingSchedulerResponse', good)).toEqual([]);
    expect(problems.join('\n')).toMatch(/Extra is not in/);
    expect(problems.join('\n')).toMatch(/CreatedAt: expected epoch seconds/);
    expect(problems.join('\n')).toMatch(/ModelArn: 'arn:aws:s3:::bucket' does not match/);
  });

  it('fills the members that have meaning in the richest responses', () => {
    // Prepare
    const describeVersion = calls.find(
      (c) => c.operation === 'DescribeModelVersion' && c.input.ModelVersion === 2,
    )?.output;
    const describeModel = calls
      .filter((c) => c.operation === 'DescribeModel' && c.input.ModelName === 'conf-model')
      .pop()?.output;

    // Act
    const versionKeys = Object.keys(describeVersion ?? {});
    const modelKeys = Object.keys(describeModel ?? {});

    // Assess
    for (const key of [
      'ModelMetrics',
      'PriorModelMetrics',
      'RetrainingAvailableDataInDays',
      'AutoPromotionResult',
      'AutoPromotionResultReason',
      'ModelQuality',
      'ModelDiagnosticsResultsObject',
      'TrainingExecutionEndTime',
    ]) {
      expect(versionKeys).toContain(key);
    }
    for (const key of [
      'ActiveModelVersionArn',
      'PreviousActiveModelVersionArn',
      'PreviousModelVersionActivatedAt',
      'LatestScheduledRetrainingStatus',
      'LatestScheduledRetrainingAvailableDataInDays',
      'NextScheduledRetrainingStartDate',
      'AccumulatedInferenceDataStartTime',
      'AccumulatedInferenceDataEndTime',
      'RetrainingSchedulerStatus',
      'ModelQuality',
    ]) {
      expect(modelKeys).toContain(key);
    }
  });

  it('rejects, for every emulated operation, each omitted required member and each invalid enum, pattern, length or range', async () => {
    // Prepare
    const probes = [...baselines].flatMap(([operation, valid]) => {
      const shapeName = service.operations[operation]?.input?.shape as string;
      return invalidInputs(service, shapeName, valid).map((mutation) => ({ operation, ...mutation }));
    });

    // Act
    const answers = await Promise.all(
      probes.map((probe) => callWire(emulator.url, probe.operation, probe.input)),
    );

    // Assess
    expect(probes.length).toBeGreaterThan(150);
    const accepted = probes
      .map((probe, index) => ({ probe, answer: answers[index] }))
      .filter(
        ({ answer }) =>
          answer === undefined || answer.status !== 400 || errorType(answer) !== 'ValidationException',
      )
      .map(
        ({ probe, answer }) =>
          `${probe.operation} ${probe.description}: ${answer?.status} ${JSON.stringify(answer?.body).slice(0, 160)}`,
      );
    expect(accepted).toEqual([]);
  });
});
