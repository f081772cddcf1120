// The L4E double speaks the wire protocol the SDK expects: shapes, timestamps, errors, hooks.
import {
  DescribeModelCommand,
  DescribeModelVersionCommand,
  DescribeRetrainingSchedulerCommand,
  ListModelsCommand,
  ListModelVersionsCommand,
  ListRetrainingSchedulersCommand,
  LookoutEquipmentClient,
  ResourceNotFoundException,
  UpdateActiveModelVersionCommand,
  ValidationException,
} from '@aws-sdk/client-lookoutequipment';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  doubleModel,
  doubleScheduler,
  doubleVersion,
  type LookoutDouble,
  startLookoutDouble,
} from '../../support/lookout-double.js';

let double: LookoutDouble;
let client: LookoutEquipmentClient;
beforeEach(async () => {
  double = await startLookoutDouble();
  client = new LookoutEquipmentClient({
    endpoint: double.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDLOCALTESTING', secretAccessKey: 'local-testing-secret' },
    maxAttempts: 1,
  });
});
afterEach(async () => {
  client.destroy();
  await double.close();
});

const t0 = new Date('2026-03-01T02:00:00Z');

interface WireError {
  name: string;
  $metadata: { httpStatusCode?: number };
}
/** The error a call failed with (the test fails if it succeeded). */
async function failureOf(call: Promise<unknown>): Promise<WireError> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error as WireError,
  );
  if (outcome === undefined) throw new Error('expected the call to fail');
  return outcome;
}

describe('the L4E double', () => {
  it('lists and describes models with fields derived from their versions and scheduler', async () => {
    // Prepare
    double.addModel(
      doubleModel('pump-1', {
        ActiveModelVersion: 1,
        versions: [
          doubleVersion(1, { SourceType: 'TRAINING', CreatedAt: t0 }),
          doubleVersion(2, { Status: 'IN_PROGRESS', CreatedAt: t0 }),
        ],
        scheduler: doubleScheduler({ PromoteMode: 'MANAGED' }),
      }),
    );
    double.addModel(doubleModel('fan-1'));
    // Act
    const list = await client.send(new ListModelsCommand({ MaxResults: 1 }));
    const next = await client.send(new ListModelsCommand({ MaxResults: 1, NextToken: list.NextToken }));
    const model = await client.send(new DescribeModelCommand({ ModelName: 'pump-1' }));
    const versions = await client.send(new ListModelVersionsCommand({ ModelName: 'pump-1' }));
    const scheduler = await client.send(new DescribeRetrainingSchedulerCommand({ ModelName: 'pump-1' }));
    const schedulers = await client.send(new ListRetrainingSchedulersCommand({}));
    // Assess
    expect(list.ModelSummaries?.map((m) => m.ModelName)).toEqual(['fan-1']);
    expect(next.ModelSummaries?.map((m) => m.ModelName)).toEqual(['pump-1']);
    expect(next.NextToken).toBeUndefined();
    expect(next.ModelSummaries?.[0]?.LatestScheduledRetrainingModelVersion).toBe(2);
    expect(next.ModelSummaries?.[0]?.LatestScheduledRetrainingStatus).toBe('IN_PROGRESS');
    expect(next.ModelSummaries?.[0]?.RetrainingSchedulerStatus).toBe('RUNNING');
    expect(model.LatestScheduledRetrainingStartTime).toEqual(t0);
    expect(model.ActiveModelVersionArn).toMatch(/model\/pump-1\/.+\/model-version\/1$/);
    expect(versions.ModelVersionSummaries?.map((v) => v.ModelVersion)).toEqual([2, 1]);
    expect(scheduler.PromoteMode).toBe('MANAGED');
    expect(schedulers.RetrainingSchedulerSummaries?.map((s) => s.ModelName)).toEqual(['pump-1']);
  });

  it('answers ResourceNotFound for the next n reads of a version, then the version', async () => {
    double.addModel(doubleModel('pump-1', { versions: [doubleVersion(2, { CreatedAt: t0 })] }));
    double.notFoundNext('pump-1', 2, 2);
    const read = () =>
      client.send(new DescribeModelVersionCommand({ ModelName: 'pump-1', ModelVersion: 2 })).then(
        (v) => v.ModelVersion,
        (error: unknown) => (error instanceof ResourceNotFoundException ? 'not found' : error),
      );
    expect([await read(), await read(), await read()]).toEqual(['not found', 'not found', 2]);
    expect(double.callsOf('DescribeModelVersion', 'pump-1').map((c) => c.error ?? 'ok')).toEqual([
      'ResourceNotFoundException',
      'ResourceNotFoundException',
      'ok',
    ]);
  });

  it('activates a version, refuses one that is not SUCCESS, and holds a call back by its delay', async () => {
    double.addModel(
      doubleModel('pump-1', {
        ActiveModelVersion: 1,
        versions: [doubleVersion(1), doubleVersion(2), doubleVersion(3, { Status: 'FAILED' })],
      }),
    );
    double.now = () => t0;
    double.delays.UpdateActiveModelVersion = (call) => (call.input.ModelVersion === 2 ? 150 : 0);
    const started = Date.now();
    const result = await client.send(
      new UpdateActiveModelVersionCommand({ ModelName: 'pump-1', ModelVersion: 2 }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect([result.PreviousActiveVersion, result.CurrentActiveVersion]).toEqual([1, 2]);
    expect(double.model('pump-1').ModelVersionActivatedAt).toEqual(t0);
    const refused = await client
      .send(new UpdateActiveModelVersionCommand({ ModelName: 'pump-1', ModelVersion: 3 }))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationException);
    expect((refused as ValidationException).$metadata.httpStatusCode).toBe(400);
  });

  it('answers scripted errors with their HTTP status and unknown operations as the service does', async () => {
    double.addModel(doubleModel('pump-1'));
    double.failNext('DescribeModel', 'ThrottlingException');
    const throttled = await failureOf(client.send(new DescribeModelCommand({ ModelName: 'pump-1' })));
    expect([throttled.name, throttled.$metadata.httpStatusCode]).toEqual(['ThrottlingException', 429]);
    const raw = await fetch(double.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.0',
        'X-Amz-Target': 'AWSLookoutEquipmentFrontendService.DeleteModel',
      },
      body: '{}',
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ __type: 'com.amazon.coral.service#UnknownOperationException' });
    const missing = await failureOf(client.send(new DescribeModelCommand({ ModelName: 'nope' })));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['ResourceNotFoundException', 404]);
  });
});
