// Every answer the SiteWise documentation leaves open, with each variant the adapter accepts.
import { describe, expect, it } from 'vitest';
import {
  failureReasonOf,
  folderVersionOf,
  instantOf,
  isBoundPerAsset,
  parseInferencePayload,
  parseRunResult,
  parseTrainingPayload,
  promoteModeOf,
  promotionResultOf,
  reasonCodeOf,
  retrainingErrorOf,
  runObjectKeyOf,
  runStatusOf,
  schedulerStatusOf,
  versionNumberOf,
} from '../../../../lib/adapters/sitewise-assumptions.js';

const ASSET = '5f1c2d3e-0000-4000-8000-00000000000a';

describe('model version numbers', () => {
  it('reads a number, a numeric string, a decimal string and a v-prefixed folder name', () => {
    // Assess
    expect([3, '3', '3.0', 'v3', 'V3', ' 3 '].map(versionNumberOf)).toEqual([3, 3, 3, 3, 3, 3]);
  });

  it('refuses zero, negatives, fractions and words', () => {
    // Assess
    expect([0, -1, 2.5, '2.5', 'three', '', null, undefined, {}].map(versionNumberOf)).toEqual(
      Array(9).fill(null),
    );
  });

  it('reads an executionEntityVersion that is absent as no version', () => {
    // Assess
    expect(versionNumberOf(undefined)).toBeNull();
  });
});

describe('instants', () => {
  it('reads epoch seconds, epoch milliseconds, numeric strings and ISO-8601 texts', () => {
    // Assess
    const ms = Date.parse('2025-01-03T00:00:00Z');
    expect([ms / 1000, ms, String(ms / 1000), '2025-01-03T00:00:00Z'].map(instantOf)).toEqual([
      ms,
      ms,
      ms,
      ms,
    ]);
    expect([undefined, '', 'soon'].map(instantOf)).toEqual([null, null, null]);
  });
});

describe('training payloads', () => {
  it('reads a scheduler START with its destination and retraining configuration', () => {
    // Act
    const payload = parseTrainingPayload(
      JSON.stringify({
        trainingMode: 'START_RETRAINING_SCHEDULER',
        modelMetricsDestination: { bucketName: 'metrics', prefix: 'pump/' },
        retrainingConfiguration: {
          lookbackWindow: 'P180D',
          retrainingFrequency: 'P30D',
          promotion: 'CUSTOMER_MANAGED',
          retrainingStartDate: '1735862400',
        },
      }),
    );

    // Assess
    expect(payload).toEqual({
      mode: 'START_RETRAINING_SCHEDULER',
      destination: { bucket: 'metrics', prefix: 'pump/' },
      promotion: 'CUSTOMER_MANAGED',
      frequency: 'P30D',
      lookbackWindow: 'P180D',
      startDate: Date.parse('2025-01-03T00:00:00Z'),
    });
  });

  it('takes SERVICE_MANAGED when a scheduler START names no promotion, and an empty prefix when none is given', () => {
    // Act
    const payload = parseTrainingPayload(
      JSON.stringify({
        trainingMode: 'start_retraining_scheduler',
        modelMetricsDestination: { bucketName: 'metrics' },
        retrainingConfiguration: { lookbackWindow: 'P180D', retrainingFrequency: 'P30D' },
      }),
    );

    // Assess
    expect(payload).toMatchObject({
      mode: 'START_RETRAINING_SCHEDULER',
      promotion: 'SERVICE_MANAGED',
      destination: { bucket: 'metrics', prefix: '' },
    });
  });

  it('reads a STOP and a TRAIN_MODEL without a destination; refuses what is not a training payload', () => {
    // Assess
    expect(parseTrainingPayload('{"trainingMode":"STOP_RETRAINING_SCHEDULER"}')).toMatchObject({
      mode: 'STOP_RETRAINING_SCHEDULER',
      destination: null,
      promotion: null,
    });
    expect(parseTrainingPayload('{"inferenceMode":"START"}')).toBeNull();
    expect(parseTrainingPayload('not json')).toBeNull();
  });
});

describe('inference payloads', () => {
  it('reads targetModelVersion as a number or a string, and keeps every setting to re-send', () => {
    // Act
    const numeric = parseInferencePayload(
      '{"inferenceMode":"START","dataUploadFrequency":"PT5M","targetModelVersion":2}',
    );
    const text = parseInferencePayload(
      '{"inferenceMode":"START","dataUploadFrequency":"PT5M","targetModelVersion":"2"}',
    );

    // Assess
    expect(numeric?.targetModelVersion).toBe(2);
    expect(text?.targetModelVersion).toBe(2);
    expect(numeric?.fields).toEqual({
      inferenceMode: 'START',
      dataUploadFrequency: 'PT5M',
      targetModelVersion: 2,
    });
  });

  it('reads a START without a target and a STOP', () => {
    // Assess
    expect(
      parseInferencePayload('{"inferenceMode":"START","dataUploadFrequency":"PT5M"}')?.targetModelVersion,
    ).toBeNull();
    expect(parseInferencePayload('{"inferenceMode":"stop"}')?.mode).toBe('STOP');
    expect(parseInferencePayload('{"trainingMode":"TRAIN_MODEL"}')).toBeNull();
  });
});

describe('execution maps', () => {
  it('finds the failure reason under any spelling of its key, in the result or else the details', () => {
    // Assess
    expect(failureReasonOf({ failureReason: 'no data' })).toBe('no data');
    expect(failureReasonOf({ FailureReason: 'no data' })).toBe('no data');
    expect(failureReasonOf({ failure_reason: 'no data' })).toBe('no data');
    expect(failureReasonOf({ errorMessage: 'no data' })).toBe('no data');
    expect(failureReasonOf(undefined, { error: 'no data' })).toBe('no data');
    expect(failureReasonOf({ other: 'x' })).toBeNull();
  });

  it('calls a failure internal only when its reason says so', () => {
    // Assess
    expect(retrainingErrorOf('Training failed because of an internal service error.')).toBe(
      'RETRAINING_INTERNAL_ERROR',
    );
    expect(retrainingErrorOf('The sensor data did not pass validation.')).toBe('RETRAINING_CUSTOMER_ERROR');
    expect(retrainingErrorOf(null)).toBe('RETRAINING_CUSTOMER_ERROR');
  });
});

describe('reason codes and promotion', () => {
  it('reads a reason code in any case or separator spelling', () => {
    // Assess
    expect(
      [
        'AUTO_PROMOTION_SUCCESSFUL',
        'auto_promotion_successful',
        'AutoPromotionSuccessful',
        'auto-promotion-successful',
      ].map(reasonCodeOf),
    ).toEqual(Array(4).fill('AUTO_PROMOTION_SUCCESSFUL'));
    expect(
      ['MODEL_METRICS_DIDNT_IMPROVE', 'model metrics did not improve', 'MODEL_METRICS_DIDN_T_IMPROVE'].map(
        reasonCodeOf,
      ),
    ).toEqual(Array(3).fill('MODEL_METRICS_DIDNT_IMPROVE'));
    expect(reasonCodeOf('PoorModelQualityDetected')).toBe('POOR_MODEL_QUALITY_DETECTED');
    expect([null, '', 3].map(reasonCodeOf)).toEqual([null, null, null]);
  });

  it('maps the promoted code to MODEL_PROMOTED, any other code to MODEL_NOT_PROMOTED, and no code by the promotion mode', () => {
    // Assess
    expect(promotionResultOf('AUTO_PROMOTION_SUCCESSFUL', 'SERVICE_MANAGED')).toBe('MODEL_PROMOTED');
    expect(promotionResultOf('MODEL_METRICS_DIDNT_IMPROVE', 'SERVICE_MANAGED')).toBe('MODEL_NOT_PROMOTED');
    expect(promotionResultOf('SOMETHING_NEW', 'SERVICE_MANAGED')).toBe('MODEL_NOT_PROMOTED');
    expect(promotionResultOf(null, 'CUSTOMER_MANAGED')).toBe('MODEL_NOT_PROMOTED');
    expect(promotionResultOf(null, 'SERVICE_MANAGED')).toBeNull();
  });

  it('maps promotion settings to L4E promote modes', () => {
    // Assess
    expect(['SERVICE_MANAGED', 'CUSTOMER_MANAGED', 'NEW', null].map(promoteModeOf)).toEqual([
      'MANAGED',
      'MANUAL',
      'NEW',
      null,
    ]);
  });
});

describe('statuses', () => {
  it("maps execution states to L4E's run statuses, passing unknown ones through", () => {
    // Assess
    expect(['RUNNING', 'COMPLETED', 'FAILED', 'succeeded', 'PAUSED'].map(runStatusOf)).toEqual([
      'IN_PROGRESS',
      'SUCCESS',
      'FAILED',
      'SUCCESS',
      'PAUSED',
    ]);
  });

  it("rebuilds the scheduler's status from its latest action and that action's execution", () => {
    // Assess
    const start = 'START_RETRAINING_SCHEDULER';
    const stop = 'STOP_RETRAINING_SCHEDULER';
    expect([null, 'RUNNING', 'COMPLETED', 'FAILED'].map((state) => schedulerStatusOf(start, state))).toEqual([
      'PENDING',
      'PENDING',
      'RUNNING',
      'STOPPED',
    ]);
    expect([null, 'RUNNING', 'COMPLETED', 'FAILED'].map((state) => schedulerStatusOf(stop, state))).toEqual([
      'STOPPING',
      'STOPPING',
      'STOPPED',
      'RUNNING',
    ]);
  });
});

describe('data bindings', () => {
  it('tells a binding at asset-model level from one to asset properties', () => {
    // Assess
    expect(
      isBoundPerAsset({ inputs: { list: [{ assetModelProperty: { assetModelId: 'm', propertyId: 'p' } }] } }),
    ).toBe(true);
    expect(
      isBoundPerAsset({ inputs: { list: [{ assetProperty: { assetId: 'a', propertyId: 'p' } }] } }),
    ).toBe(false);
    expect(isBoundPerAsset(undefined)).toBe(false);
  });
});

describe('run objects in S3', () => {
  const assets = new Set([ASSET]);

  it('places a key by execution-id folder or v<n> folder, with or without an asset segment', () => {
    // Assess
    expect(runObjectKeyOf('pump/abc-123/model_metrics.json', 'pump/', assets)).toEqual({
      assetId: null,
      folder: 'abc-123',
      role: 'metrics',
    });
    expect(runObjectKeyOf(`pump/${ASSET}/v2/result.json`, 'pump/', assets)).toEqual({
      assetId: ASSET,
      folder: 'v2',
      role: 'result',
    });
    expect(runObjectKeyOf('pump/v2/prior_model_metrics.json', 'pump/', assets)?.role).toBe('prior');
    expect(runObjectKeyOf('pump/v2/Model-Metrics.json', 'pump/', assets)?.role).toBe('metrics');
  });

  it('ignores keys outside the prefix, unknown files and files with no run folder', () => {
    // Assess
    expect(runObjectKeyOf('other/v2/result.json', 'pump/', assets)).toBeNull();
    expect(runObjectKeyOf('pump/v2/notes.txt', 'pump/', assets)).toBeNull();
    expect(runObjectKeyOf('pump/result.json', 'pump/', assets)).toBeNull();
  });

  it('reads a version from a v<n> folder only', () => {
    // Assess
    expect(['v7', 'V7', 'abc', '7'].map(folderVersionOf)).toEqual([7, 7, null, null]);
  });

  it("reads a run's result whatever the case of its keys, numbers as numbers or strings", () => {
    // Act
    const camel = parseRunResult(
      JSON.stringify({
        computationModelId: 'cm-1',
        executionId: 'e1',
        status: 'COMPLETED',
        modelVersion: 3,
        reasonCode: 'AUTO_PROMOTION_SUCCESSFUL',
        activeModelVersion: 3,
        dataEndTime: '2025-01-03T00:00:00.000Z',
      }),
    );
    const snake = parseRunResult(
      JSON.stringify({
        computation_model_id: 'cm-1',
        execution_id: 'e1',
        Status: 'COMPLETED',
        model_version: '3',
        reason_code: 'auto_promotion_successful',
        active_model_version: '3',
        data_end_time: 1735862400,
      }),
    );

    // Assess
    expect(camel).toEqual({
      computationModelId: 'cm-1',
      executionId: 'e1',
      assetId: null,
      status: 'COMPLETED',
      modelVersion: 3,
      reasonCode: 'AUTO_PROMOTION_SUCCESSFUL',
      reason: null,
      activeModelVersion: 3,
      dataEndTime: Date.parse('2025-01-03T00:00:00Z'),
    });
    expect(snake).toEqual(camel);
  });

  it('reads a result with no version (a failed run) and refuses what is not a JSON object', () => {
    // Assess
    expect(parseRunResult('{"status":"FAILED","modelVersion":null,"reason":"no data"}')).toMatchObject({
      status: 'FAILED',
      modelVersion: null,
      reason: 'no data',
    });
    expect(parseRunResult('[1]')).toBeNull();
    expect(parseRunResult('nope')).toBeNull();
  });
});
