// SiteWise model names and ARNs (docs/sitewise.md, "Identity"), retryable errors, and a timeline in the
// autopilot's words.
import { describe, expect, it } from 'vitest';
import { parseTrainingPayload } from '../../../../lib/adapters/sitewise-assumptions.js';
import { isSiteWiseRetryable } from '../../../../lib/adapters/sitewise-errors.js';
import { parseSiteWiseModelName, siteWiseModelNaming } from '../../../../lib/adapters/sitewise-naming.js';
import type { Run, Timeline } from '../../../../lib/adapters/sitewise-timeline.js';
import {
  identityOf,
  toModelDetail,
  toRetrainingSchedule,
  toVersionDetail,
} from '../../../../lib/adapters/sitewise-views.js';

const MODEL = '6cafac23-d2b1-4dd1-aab8-d4e446943d2f';
const ASSET = '0b7e3a51-9f4c-4f7e-8a55-1d2b3c4d5e6f';
const ARN = `arn:aws:iotsitewise:eu-west-1:123456789012:computation-model/${MODEL}`;

describe('SiteWise model names', () => {
  it('names a model by its computation model id, or id/asset id for a model per asset', () => {
    // Assess
    expect(identityOf({ id: MODEL, arn: ARN }, null)).toEqual({
      name: MODEL,
      arn: ARN,
      origin: { provider: 'iot-sitewise', computationModelId: MODEL },
    });
    expect(identityOf({ id: MODEL, arn: ARN }, ASSET)).toEqual({
      name: `${MODEL}/${ASSET}`,
      arn: `${ARN}/asset/${ASSET}`,
      origin: { provider: 'iot-sitewise', computationModelId: MODEL, assetId: ASSET },
    });
  });

  it('reads the model name back from either ARN, without a call', () => {
    // Assess
    expect(siteWiseModelNaming.modelNameOf(ARN)).toBe(MODEL);
    expect(siteWiseModelNaming.modelNameOf(`${ARN}/asset/${ASSET}`)).toBe(`${MODEL}/${ASSET}`);
    expect(siteWiseModelNaming.modelNameOf(ARN.replace('aws:', 'aws-cn:'))).toBe(MODEL);
  });

  it("refuses L4E's ARNs and names, other SiteWise resources, and the nil id", () => {
    // Assess
    expect(
      siteWiseModelNaming.modelNameOf('arn:aws:lookoutequipment:eu-west-1:123456789012:model/pump/abc'),
    ).toBeNull();
    expect(
      siteWiseModelNaming.modelNameOf(`arn:aws:iotsitewise:eu-west-1:123456789012:asset/${ASSET}`),
    ).toBeNull();
    expect(siteWiseModelNaming.modelNameOf(`${ARN}/asset/not-an-id`)).toBeNull();
    expect(siteWiseModelNaming.isModelName('pump-a')).toBe(false);
    expect(siteWiseModelNaming.isModelName('00000000-0000-0000-0000-000000000000')).toBe(false);
    expect(siteWiseModelNaming.isModelName(MODEL)).toBe(true);
    expect(parseSiteWiseModelName(`${MODEL}/${ASSET}`)).toEqual({
      computationModelId: MODEL,
      assetId: ASSET,
    });
    expect(parseSiteWiseModelName(`${MODEL}/`)).toBeNull();
  });
});

describe('retryable SiteWise and S3 errors', () => {
  it('retries throttling, internal failures, conflicting operations, S3 SlowDown and 5xx', () => {
    // Assess
    for (const name of [
      'ThrottlingException',
      'InternalFailureException',
      'ConflictingOperationException',
      'SlowDown',
    ])
      expect(isSiteWiseRetryable({ name })).toBe(true);
    expect(isSiteWiseRetryable({ name: 'Other', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isSiteWiseRetryable({ Code: 'SlowDown' })).toBe(true);
  });

  it('does not retry a refused request, a missing resource or a non-error', () => {
    // Assess
    expect(isSiteWiseRetryable({ name: 'InvalidRequestException', $metadata: { httpStatusCode: 400 } })).toBe(
      false,
    );
    expect(
      isSiteWiseRetryable({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } }),
    ).toBe(false);
    expect(isSiteWiseRetryable('ThrottlingException')).toBe(false);
    expect(isSiteWiseRetryable(null)).toBe(false);
  });
});

const T0 = Date.parse('2025-01-03T00:00:00Z');
const H = 3600 * 1000;

function run(fields: Partial<Run>): Run {
  return {
    number: 2,
    modelVersion: 2,
    scheduled: true,
    status: 'SUCCESS',
    start: T0,
    end: T0 + 2 * H,
    executionId: 'e2',
    objects: null,
    promotion: 'SERVICE_MANAGED',
    ...fields,
  };
}

const objects = (reasonCode: string | null, reason: string | null = null) => ({
  bucket: 'metrics',
  folder: 'e2',
  result: {
    executionId: 'e2',
    assetId: null,
    status: 'COMPLETED',
    modelVersion: 2,
    reasonCode,
    reason,
    activeModelVersion: null,
    dataEndTime: T0,
  },
  metricsKey: 'pump/e2/model_metrics.json',
  priorKey: null,
  writtenAt: T0 + 2 * H,
  etags: {},
});

const extras = { metricsJson: '{}', priorMetricsJson: null, failedReason: null };

describe('versions', () => {
  it('gives a scheduled run its promotion result once its result is written, with the reason code as reason', () => {
    // Assess
    expect(toVersionDetail(MODEL, run({}), extras)).toMatchObject({
      version: 2,
      status: 'SUCCESS',
      sourceType: 'RETRAINING',
      autoPromotionResult: null,
    });
    expect(
      toVersionDetail(MODEL, run({ objects: objects('AUTO_PROMOTION_SUCCESSFUL') }), extras),
    ).toMatchObject({
      autoPromotionResult: 'MODEL_PROMOTED',
      autoPromotionResultReason: 'AUTO_PROMOTION_SUCCESSFUL',
      metricsJson: '{}',
      trainingStartTime: '2025-01-03T00:00:00.000Z',
    });
    expect(
      toVersionDetail(MODEL, run({ objects: objects('POOR_MODEL_QUALITY_DETECTED') }), extras),
    ).toMatchObject({
      autoPromotionResult: 'MODEL_NOT_PROMOTED',
      autoPromotionResultReason: 'POOR_MODEL_QUALITY_DETECTED',
    });
    expect(
      toVersionDetail(MODEL, run({ promotion: 'CUSTOMER_MANAGED', objects: objects(null) }), extras),
    ).toMatchObject({
      autoPromotionResult: 'MODEL_NOT_PROMOTED',
      autoPromotionResultReason: 'CUSTOMER_MANAGED',
    });
  });

  it('reports a failed run as a retraining error at once, with the reason the execution or its result gives', () => {
    // Act
    const fromExecution = toVersionDetail(MODEL, run({ status: 'FAILED', modelVersion: null }), {
      ...extras,
      failedReason: 'Training failed because of an internal service error.',
    });
    const fromResult = toVersionDetail(
      MODEL,
      run({ status: 'FAILED', modelVersion: null, objects: objects(null, 'Not enough data.') }),
      { ...extras, failedReason: null },
    );

    // Assess
    expect(fromExecution).toMatchObject({
      failedReason: 'Training failed because of an internal service error.',
      autoPromotionResult: 'RETRAINING_INTERNAL_ERROR',
    });
    expect(fromResult).toMatchObject({
      failedReason: 'Not enough data.',
      autoPromotionResult: 'RETRAINING_CUSTOMER_ERROR',
    });
  });

  it('gives a manual training run no promotion result', () => {
    // Assess
    expect(toVersionDetail(MODEL, run({ scheduled: false, promotion: null }), extras)).toMatchObject({
      sourceType: 'TRAINING',
      autoPromotionResult: null,
    });
  });
});

describe('model and schedule', () => {
  const start = {
    id: 'a-start',
    time: T0 - 24 * H,
    training: parseTrainingPayload(
      JSON.stringify({
        trainingMode: 'START_RETRAINING_SCHEDULER',
        modelMetricsDestination: { bucketName: 'metrics' },
        retrainingConfiguration: {
          lookbackWindow: 'P360D',
          retrainingFrequency: 'P30D',
          promotion: 'CUSTOMER_MANAGED',
          retrainingStartDate: T0 / 1000,
        },
      }),
    ),
    inference: null,
  };
  const timeline: Timeline = {
    runs: [
      run({ number: 1, scheduled: false, modelVersion: 1 }),
      run({ status: 'IN_PROGRESS', end: null, modelVersion: null }),
    ],
    active: { number: 1, at: T0 - 20 * H, previous: null, previousAt: null },
    scheduler: { action: start, start, executionState: 'COMPLETED' },
    inferenceStart: null,
  };

  it('fills the summary fields the watcher compares: active version, latest run, scheduler status', () => {
    // Act
    const detail = toModelDetail(
      { id: MODEL, arn: ARN, status: 'ACTIVE', createdAt: T0 - 48 * H },
      identityOf({ id: MODEL, arn: ARN }, null),
      timeline,
    );

    // Assess
    expect(detail).toMatchObject({
      name: MODEL,
      status: 'ACTIVE',
      activeVersion: 1,
      activatedAt: '2025-01-02T04:00:00.000Z',
      latestRunVersion: 2,
      latestRunStatus: 'IN_PROGRESS',
      latestRunStartTime: '2025-01-03T00:00:00.000Z',
      schedulerStatus: 'RUNNING',
    });
  });

  it('rebuilds the retraining schedule from the START settings, in L4E words', () => {
    // Assess
    expect(toRetrainingSchedule(MODEL, timeline)).toEqual({
      modelName: MODEL,
      status: 'RUNNING',
      promoteMode: 'MANUAL',
      frequency: 'P30D',
      lookbackWindow: 'P360D',
      startDate: '2025-01-03T00:00:00.000Z',
      createdAt: '2025-01-02T00:00:00.000Z',
      updatedAt: '2025-01-02T00:00:00.000Z',
    });
    expect(toRetrainingSchedule(MODEL, { ...timeline, scheduler: null })).toBeNull();
  });
});
