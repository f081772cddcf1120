// A trained model's history rebuilt from actions, executions and run objects, under each answer the
// SiteWise documentation leaves open: listing order, scheduled runs listed or only in S3, the version
// named by the execution, the result, the folder or by counting.
import { describe, expect, it } from 'vitest';
import {
  INFERENCE_ACTION_TYPE,
  parseInferencePayload,
  parseTrainingPayload,
  type RunResult,
  TRAINING_ACTION_TYPE,
} from '../../../../lib/adapters/sitewise-assumptions.js';
import type {
  ActionRead,
  ExecutionRead,
  RunObjects,
  TrainedReads,
} from '../../../../lib/adapters/sitewise-history.js';
import { buildTimeline } from '../../../../lib/adapters/sitewise-timeline.js';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const H = 3600 * 1000;
const D = 24 * H;

function training(id: string, at: number, payload: object): ActionRead {
  return { id, time: at, training: parseTrainingPayload(JSON.stringify(payload)), inference: null };
}
function inference(id: string, at: number, payload: object): ActionRead {
  return { id, time: at, training: null, inference: parseInferencePayload(JSON.stringify(payload)) };
}
function execution(id: string, at: number, fields: Partial<ExecutionRead> = {}): ExecutionRead {
  return {
    id,
    actionType: TRAINING_ACTION_TYPE,
    start: at,
    end: at + 2 * H,
    state: 'COMPLETED',
    entityVersion: null,
    ...fields,
  };
}
function objects(folder: string, result: Partial<RunResult> | null, writtenAt: number): RunObjects {
  return {
    bucket: 'metrics',
    folder,
    result:
      result === null
        ? null
        : {
            executionId: null,
            assetId: null,
            status: 'COMPLETED',
            modelVersion: null,
            reasonCode: null,
            reason: null,
            activeModelVersion: null,
            dataEndTime: null,
            ...result,
          },
    metricsKey: `pump/${folder}/model_metrics.json`,
    priorKey: null,
    writtenAt,
    etags: {},
  };
}

const DESTINATION = { bucketName: 'metrics', prefix: 'pump/' };
const TRAIN = { trainingMode: 'TRAIN_MODEL', exportDataStartTime: 1, exportDataEndTime: 2 };
const START = {
  trainingMode: 'START_RETRAINING_SCHEDULER',
  modelMetricsDestination: DESTINATION,
  retrainingConfiguration: {
    lookbackWindow: 'P180D',
    retrainingFrequency: 'P30D',
    promotion: 'SERVICE_MANAGED',
  },
};
const RUN_AT = T0 + 2 * D;

/** A trained version 1, inference on it, a scheduler START, and one scheduled run promoted to version 2. */
function history(variant: {
  listed: boolean;
  byVersionFolder: boolean;
  entityVersion: boolean;
}): TrainedReads {
  const actions = [
    training('a-train', T0, TRAIN),
    inference('a-infer', T0 + 3 * H, { inferenceMode: 'START', dataUploadFrequency: 'PT5M' }),
    training('a-start', T0 + 4 * H, START),
  ];
  const executions = [
    execution('e-train', T0, variant.entityVersion ? { entityVersion: 1 } : {}),
    execution('e-infer', T0 + 3 * H, { actionType: INFERENCE_ACTION_TYPE, end: T0 + 3 * H }),
    execution('e-start', T0 + 4 * H, { end: T0 + 4 * H }),
    ...(variant.listed
      ? [execution('e-run', RUN_AT, variant.entityVersion ? { entityVersion: 2 } : {})]
      : []),
  ];
  const runResult = {
    executionId: variant.byVersionFolder ? null : 'e-run',
    modelVersion: 2,
    reasonCode: 'AUTO_PROMOTION_SUCCESSFUL',
    activeModelVersion: 2,
    dataEndTime: RUN_AT,
  };
  return {
    actions,
    executions,
    objects: [
      objects(
        variant.byVersionFolder ? 'v1' : 'e-train',
        { executionId: variant.byVersionFolder ? null : 'e-train', modelVersion: 1, activeModelVersion: 1 },
        T0 + 2 * H,
      ),
      objects(variant.byVersionFolder ? 'v2' : 'e-run', runResult, RUN_AT + 2.5 * H),
    ],
  };
}

const VARIANTS = [
  { listed: true, byVersionFolder: false, entityVersion: true },
  { listed: true, byVersionFolder: true, entityVersion: false },
  { listed: false, byVersionFolder: false, entityVersion: false },
  { listed: false, byVersionFolder: true, entityVersion: true },
];

describe('timeline', () => {
  it.each(VARIANTS)('finds the same runs, versions and active version (%o)', (variant) => {
    // Act
    const timeline = buildTimeline(history(variant));

    // Assess
    expect(timeline.runs.map((r) => [r.number, r.modelVersion, r.scheduled, r.status, r.promotion])).toEqual([
      [1, 1, false, 'SUCCESS', null],
      [2, 2, true, 'SUCCESS', 'SERVICE_MANAGED'],
    ]);
    expect(timeline.active).toMatchObject({ number: 2, previous: 1 });
    expect(timeline.scheduler?.action.id).toBe('a-start');
    expect(timeline.scheduler?.executionState).toBe('COMPLETED');
    expect(timeline.inferenceStart?.id).toBe('a-infer');
  });

  it.each(VARIANTS)('does not depend on the order actions and executions are listed in (%o)', (variant) => {
    // Prepare
    const reads = history(variant);
    const reversed = {
      actions: [...reads.actions].reverse(),
      executions: [...reads.executions].reverse(),
      objects: [...reads.objects].reverse(),
    };

    // Assess
    expect(buildTimeline(reversed)).toEqual(buildTimeline(reads));
  });

  it('counts completed trainings when nothing names a version, and numbers a failed run without taking a version', () => {
    // Prepare
    const reads: TrainedReads = {
      actions: [training('a1', T0, TRAIN), training('a2', T0 + D, TRAIN), training('a3', T0 + 2 * D, TRAIN)],
      executions: [
        execution('e1', T0),
        execution('e2', T0 + D, { state: 'FAILED' }),
        execution('e3', T0 + 2 * D),
      ],
      objects: [],
    };

    // Act
    const timeline = buildTimeline(reads);

    // Assess
    expect(timeline.runs.map((r) => [r.number, r.modelVersion, r.status])).toEqual([
      [1, 1, 'SUCCESS'],
      [2, null, 'FAILED'],
      [3, 2, 'SUCCESS'],
    ]);
    // The first trained version is the active one; run 3 is SiteWise's version 2.
    expect(timeline.active.number).toBe(1);
  });

  it('reports a listed run still running, not yet versioned, as in progress', () => {
    // Prepare
    const reads = history({ listed: true, byVersionFolder: false, entityVersion: false });
    const running = {
      ...reads,
      executions: reads.executions.map((e) => (e.id === 'e-run' ? { ...e, state: 'RUNNING', end: null } : e)),
      objects: reads.objects.slice(0, 1),
    };

    // Act
    const timeline = buildTimeline(running);

    // Assess
    expect(timeline.runs.at(-1)).toMatchObject({
      number: 2,
      modelVersion: null,
      status: 'IN_PROGRESS',
      scheduled: true,
    });
    expect(timeline.active.number).toBe(1);
  });

  it('takes the target of the latest inference START as the active version, after a promotion', () => {
    // Prepare
    const reads = history({ listed: false, byVersionFolder: false, entityVersion: false });
    reads.actions = [
      ...reads.actions,
      inference('a-back', RUN_AT + 3 * D, {
        inferenceMode: 'START',
        dataUploadFrequency: 'PT5M',
        targetModelVersion: '1',
      }),
    ];
    reads.executions = [
      ...reads.executions,
      execution('e-back', RUN_AT + 3 * D, { actionType: INFERENCE_ACTION_TYPE }),
    ];

    // Act
    const timeline = buildTimeline(reads);

    // Assess
    expect(timeline.active).toEqual({
      number: 1,
      at: RUN_AT + 3 * D,
      previous: 2,
      previousAt: RUN_AT + 2.5 * H,
    });
    expect(timeline.inferenceStart?.id).toBe('a-back');
  });

  it('ignores an inference START whose execution failed', () => {
    // Prepare
    const reads = history({ listed: false, byVersionFolder: false, entityVersion: false });
    reads.actions = [
      ...reads.actions,
      inference('a-bad', RUN_AT + 3 * D, {
        inferenceMode: 'START',
        dataUploadFrequency: 'PT5M',
        targetModelVersion: 1,
      }),
    ];
    reads.executions = [
      ...reads.executions,
      execution('e-bad', RUN_AT + 3 * D, { actionType: INFERENCE_ACTION_TYPE, state: 'FAILED' }),
    ];

    // Act
    const timeline = buildTimeline(reads);

    // Assess
    expect(timeline.active.number).toBe(2);
    expect(timeline.inferenceStart?.id).toBe('a-infer');
  });

  it('keeps a not-promoted run out of the active version, whatever active version its result names', () => {
    // Prepare
    const reads = history({ listed: false, byVersionFolder: false, entityVersion: false });
    reads.objects = [
      reads.objects[0] as RunObjects,
      objects(
        'e-run',
        {
          executionId: 'e-run',
          modelVersion: 2,
          reasonCode: 'MODEL_METRICS_DIDNT_IMPROVE',
          activeModelVersion: 1,
          dataEndTime: RUN_AT,
        },
        RUN_AT + 3 * H,
      ),
    ];

    // Act
    const timeline = buildTimeline(reads);

    // Assess
    expect(timeline.active.number).toBe(1);
  });

  it('rebuilds a stopped scheduler from a STOP after the START, with the START settings', () => {
    // Prepare
    const reads = history({ listed: true, byVersionFolder: false, entityVersion: true });
    reads.actions = [
      ...reads.actions,
      training('a-stop', RUN_AT + 5 * D, { trainingMode: 'STOP_RETRAINING_SCHEDULER' }),
    ];
    reads.executions = [
      ...reads.executions,
      execution('e-stop', RUN_AT + 5 * D, { state: 'RUNNING', end: null }),
    ];

    // Act
    const timeline = buildTimeline(reads);

    // Assess
    expect(timeline.scheduler).toMatchObject({
      action: { id: 'a-stop' },
      start: { id: 'a-start' },
      executionState: 'RUNNING',
    });
    // The STOP's execution is the scheduler's, not a run.
    expect(timeline.runs).toHaveLength(2);
  });
});
