// The simulation without HTTP: scheduling on the calendar, data availability, inference executions
// computed lazily, import strategies, deletion rules and the cost of a large fleet over a year.

import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../local/emulator/errors.js';
import { generateFleetScenario } from '../../../local/emulator/fleet.js';
import { type KnobSettings, STRICT_KNOBS } from '../../../local/emulator/knobs.js';
import { EmulatorRuntime } from '../../../local/emulator/runtime.js';
import type { Scenario } from '../../../local/emulator/scenario.js';

const DAY = 86_400_000;
const seconds = (iso: string): number => Date.parse(iso) / 1000;

/** Knobs pinned strict (the defaults) unless a test asks otherwise, whatever L4E_EMULATOR_KNOBS says. */
function runtimeWith(
  scenario: Scenario,
  warnings: string[] = [],
  knobs: KnobSettings = STRICT_KNOBS,
): EmulatorRuntime {
  return new EmulatorRuntime({ scenario, knobs, warn: (message) => warnings.push(message) });
}

function failure(run: () => unknown): ServiceError {
  try {
    run();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

const oneModel = (overrides: Record<string, unknown> = {}): Scenario => ({
  startTime: '2025-01-01T00:00:00Z',
  datasets: [{ name: 'd' }],
  models: [{ name: 'm', dataset: 'd', inferenceScheduler: { frequency: 'PT5M' }, ...overrides }],
});

describe('retraining on the calendar', () => {
  it('runs monthly from a month-end anchor without drifting', () => {
    // Prepare
    const runtime = runtimeWith(oneModel());
    runtime.call('CreateRetrainingScheduler', {
      ModelName: 'm',
      RetrainingFrequency: 'P1M',
      LookbackWindow: 'P180D',
      PromoteMode: 'MANUAL',
      RetrainingStartDate: seconds('2025-01-31T18:00:00Z'),
      ClientToken: 't',
    });
    runtime.call('StartRetrainingScheduler', { ModelName: 'm' });

    // Act
    runtime.advance('P100D');
    const versions = runtime.call('ListModelVersions', { ModelName: 'm', SourceType: 'RETRAINING' });

    // Assess
    const created = (versions.ModelVersionSummaries as Array<{ CreatedAt: number }>).map((v) =>
      new Date(v.CreatedAt * 1000).toISOString(),
    );
    expect(created).toEqual([
      '2025-03-31T00:00:00.000Z',
      '2025-02-28T00:00:00.000Z',
      '2025-01-31T00:00:00.000Z',
    ]);
  });

  it('starts a scheduler with a past start date at the next occurrence, and re-plans on update', () => {
    // Prepare
    const runtime = runtimeWith(oneModel());
    runtime.advance('P20D');
    runtime.call('CreateRetrainingScheduler', {
      ModelName: 'm',
      RetrainingFrequency: 'P30D',
      LookbackWindow: 'P180D',
      RetrainingStartDate: seconds('2024-12-01T00:00:00Z'),
      ClientToken: 't',
    });

    // Act
    const started = runtime.call('StartRetrainingScheduler', { ModelName: 'm' });
    const pending = runtime.call('DescribeModel', { ModelName: 'm' }).NextScheduledRetrainingStartDate;
    runtime.advance('PT1H');
    const planned = runtime.call('DescribeModel', { ModelName: 'm' }).NextScheduledRetrainingStartDate;
    runtime.call('UpdateRetrainingScheduler', { ModelName: 'm', RetrainingFrequency: 'P45D' });
    const replanned = runtime.call('DescribeModel', { ModelName: 'm' }).NextScheduledRetrainingStartDate;

    // Assess
    expect(started.Status).toBe('PENDING');
    expect(pending).toBeUndefined();
    expect(planned).toBe(seconds('2025-01-30T00:00:00Z'));
    // Same anchor, new cadence: 2024-12-01, 2025-01-15, 2025-03-01.
    expect(replanned).toBe(seconds('2025-03-01T00:00:00Z'));
  });

  it('fails a run with a customer error when the lookback window holds too little data', () => {
    // Prepare
    const runtime = runtimeWith({
      startTime: '2025-01-01T00:00:00Z',
      datasets: [{ name: 'old', dataStartTime: '2024-01-01T00:00:00Z', dataEndTime: '2024-07-10T00:00:00Z' }],
      models: [{ name: 'm', dataset: 'old', retrainingScheduler: { frequency: 'P30D', startDate: 'P1D' } }],
    });

    // Act
    runtime.advance('P2D');
    const version = runtime.call('DescribeModelVersion', { ModelName: 'm', ModelVersion: 2 });
    const model = runtime.call('DescribeModel', { ModelName: 'm' });

    // Assess
    expect(version).toMatchObject({
      Status: 'FAILED',
      AutoPromotionResult: 'RETRAINING_CUSTOMER_ERROR',
      RetrainingAvailableDataInDays: 4,
    });
    expect(String(version.FailedReason)).toMatch(/Insufficient data: 4 days/);
    expect(model).toMatchObject({
      LatestScheduledRetrainingStatus: 'FAILED',
      LatestScheduledRetrainingFailedReason: version.FailedReason,
    });
  });

  it('promotes a poor-quality version that beats a labeled active version on the new data (MANAGED)', () => {
    // Prepare
    const runtime = runtimeWith(
      oneModel({
        baseMetrics: { precision: 0.3, recall: 0.3, auc: 0.3 },
        runs: [{ metrics: { precision: 0.4, recall: 0.4, auc: 0.4 } }],
        retrainingScheduler: { frequency: 'P30D', startDate: 'P1D', promoteMode: 'MANAGED' },
      }),
    );

    // Act
    runtime.advance('P2D');
    const version = runtime.call('DescribeModelVersion', { ModelName: 'm', ModelVersion: 2 });

    // Assess
    // The guide: with a labeled old model the quality assessment does not affect the comparison.
    expect(version).toMatchObject({
      ModelQuality: 'POOR_QUALITY_DETECTED',
      AutoPromotionResult: 'MODEL_PROMOTED',
    });
    expect(runtime.call('DescribeModel', { ModelName: 'm' }).ActiveModelVersion).toBe(2);
  });
});

describe('inference executions', () => {
  it.each([
    ['inclusive', 288],
    ['exclusive', 286],
  ] as const)(
    'computes a year at PT5M lazily: one execution per five minutes, newest first, filterable by time (%s bounds)',
    (bounds, perDay) => {
      // Prepare
      const runtime = runtimeWith(oneModel(), [], { ...STRICT_KNOBS, listFilterBounds: bounds });

      // Act
      runtime.advance('P365D');
      const newest = runtime.call('ListInferenceExecutions', {
        InferenceSchedulerName: 'm-inference',
        MaxResults: 2,
      });
      const oneDay = runtime.call('ListInferenceExecutions', {
        InferenceSchedulerName: 'm-inference',
        DataStartTimeAfter: seconds('2025-06-01T00:00:00Z'),
        DataEndTimeBefore: seconds('2025-06-02T00:00:00Z'),
        MaxResults: 500,
      });

      // Assess
      const [first, second] = newest.InferenceExecutionSummaries as Array<{
        ScheduledStartTime: number;
        DataEndTime: number;
      }>;
      expect(first?.ScheduledStartTime).toBe(runtime.now() / 1000);
      expect((first?.ScheduledStartTime ?? 0) - (second?.ScheduledStartTime ?? 0)).toBe(300);
      expect(oneDay.InferenceExecutionSummaries).toHaveLength(perDay);
      expect(oneDay.NextToken).toBeUndefined();
      expect(runtime.simulation.store.inferenceSchedulers.get('m-inference')?.periods).toHaveLength(1);
      expect(runtime.call('DescribeModel', { ModelName: 'm' }).AccumulatedInferenceDataEndTime).toBe(
        first?.DataEndTime,
      );
    },
  );

  it('leaves a gap while stopped and resumes at the new cadence after an update', () => {
    // Prepare
    const runtime = runtimeWith(oneModel(), [], { ...STRICT_KNOBS, listFilterBounds: 'inclusive' });
    runtime.advance('PT1H');
    runtime.call('StopInferenceScheduler', { InferenceSchedulerName: 'm-inference' });
    runtime.advance('PT2H');
    runtime.call('UpdateInferenceScheduler', {
      InferenceSchedulerName: 'm-inference',
      DataUploadFrequency: 'PT30M',
    });
    runtime.call('StartInferenceScheduler', { InferenceSchedulerName: 'm-inference' });

    // Act
    runtime.advance('PT2H');
    const listed = runtime.call('ListInferenceExecutions', {
      InferenceSchedulerName: 'm-inference',
      DataStartTimeAfter: seconds('2025-01-01T00:00:00Z'),
      MaxResults: 500,
    });

    // Assess
    const times = (listed.InferenceExecutionSummaries as Array<{ ScheduledStartTime: number }>).map((e) =>
      new Date(e.ScheduledStartTime * 1000).toISOString().slice(11, 16),
    );
    // PT5M from 00:05 (data from midnight) until the stop at 01:00; PT30M from 03:01 (a minute PENDING) to 05:00.
    expect(times.slice(0, 5)).toEqual(['05:00', '04:30', '04:00', '03:30', '00:55']);
    expect(times).toHaveLength(4 + 11);
  });
});

describe('imports and deletion', () => {
  it('applies InferenceDataImportStrategy to the accumulated inference data', () => {
    // Prepare
    const runtime = runtimeWith({
      startTime: '2025-01-01T00:00:00Z',
      datasets: [{ name: 'd' }],
      models: [
        { name: 'source', dataset: 'd', inferenceScheduler: { frequency: 'PT1H' } },
        { name: 'busy', dataset: 'd', inferenceScheduler: { frequency: 'PT1H', name: 'busy-inference' } },
      ],
    });
    runtime.advance('P10D');
    runtime.call('StopInferenceScheduler', { InferenceSchedulerName: 'busy-inference' });
    runtime.advance('P5D');
    const source = runtime.call('DescribeModel', { ModelName: 'source' });
    const busyBefore = runtime.call('DescribeModel', { ModelName: 'busy' });
    const arn = `${source.ModelArn}/model-version/1`;

    // Act
    for (const [ModelName, strategy] of [
      ['busy', 'ADD_WHEN_EMPTY'],
      ['empty', 'ADD_WHEN_EMPTY'],
      ['none', 'NO_IMPORT'],
    ] as const) {
      runtime.call('ImportModelVersion', {
        SourceModelVersionArn: arn,
        ModelName,
        DatasetName: 'd',
        ClientToken: ModelName,
        InferenceDataImportStrategy: strategy,
      });
    }
    runtime.advance('PT1H');
    const busy = runtime.call('DescribeModel', { ModelName: 'busy' });
    const empty = runtime.call('DescribeModel', { ModelName: 'empty' });
    const none = runtime.call('DescribeModel', { ModelName: 'none' });

    // Assess
    expect(busy.AccumulatedInferenceDataEndTime).toBe(busyBefore.AccumulatedInferenceDataEndTime);
    expect(busy.ActiveModelVersion).toBe(1);
    expect(empty.AccumulatedInferenceDataStartTime).toBe(source.AccumulatedInferenceDataStartTime);
    expect(empty.AccumulatedInferenceDataEndTime).toBe(source.AccumulatedInferenceDataEndTime);
    expect(none.AccumulatedInferenceDataStartTime).toBeUndefined();
  });

  it('refuses to delete a model while its inference scheduler exists or its retraining scheduler is not STOPPED (API reference, DeleteModel)', () => {
    // Prepare
    const runtime = runtimeWith(oneModel({ retrainingScheduler: { frequency: 'P30D', status: 'PENDING' } }));
    const pending = failure(() => runtime.call('DeleteModel', { ModelName: 'm' }));
    runtime.call('StartRetrainingScheduler', { ModelName: 'm' });
    runtime.advance('PT1H');
    const running = failure(() => runtime.call('DeleteModel', { ModelName: 'm' }));
    runtime.call('StopRetrainingScheduler', { ModelName: 'm' });
    runtime.advance('PT10M');
    const inference = failure(() => runtime.call('DeleteModel', { ModelName: 'm' }));
    runtime.call('StopInferenceScheduler', { InferenceSchedulerName: 'm-inference' });
    runtime.advance('PT2M');
    const stoppedInference = failure(() => runtime.call('DeleteModel', { ModelName: 'm' }));
    runtime.call('DeleteInferenceScheduler', { InferenceSchedulerName: 'm-inference' });

    // Act
    runtime.call('DeleteModel', { ModelName: 'm' });

    // Assess
    expect([pending, running, inference, stoppedInference].map((e) => e.code)).toEqual([
      'ConflictException',
      'ConflictException',
      'ConflictException',
      'ConflictException',
    ]);
    expect(inference.message).toMatch(/inference scheduler 'm-inference'/);
    expect(failure(() => runtime.call('DescribeModel', { ModelName: 'm' })).status).toBe(404);
    const ends = runtime
      .ledger({ model: 'm' })
      .filter((e) => e.to === 'DELETED' || e.cause === 'MODEL_DELETED');
    expect(ends.map((e) => `${e.resource} ${e.from}->${e.to} ${e.cause}`)).toEqual([
      'inferenceScheduler STOPPED->DELETED API',
      'retrainingScheduler STOPPED->DELETED MODEL_DELETED',
      'model SUCCESS->DELETED API',
    ]);
  });

  it('runs scenario actions that take a model apart in the order the service needs', () => {
    // Prepare
    const warnings: string[] = [];
    const runtime = runtimeWith(
      {
        ...oneModel({ retrainingScheduler: { frequency: 'P30D' } }),
        actions: [
          { at: 'P1D', op: 'StopRetrainingScheduler', model: 'm' },
          { at: 'P1D', op: 'StopInferenceScheduler', model: 'm' },
          { at: 'P2D', op: 'DeleteInferenceScheduler', model: 'm' },
          { at: 'P2D', op: 'DeleteModel', model: 'm' },
        ],
      },
      warnings,
    );

    // Act
    runtime.advance('P3D');

    // Assess
    expect(warnings).toEqual([]);
    expect(failure(() => runtime.call('DescribeModel', { ModelName: 'm' })).status).toBe(404);
  });

  it('reports a scenario action the API refuses instead of stopping the simulation', () => {
    // Prepare
    const warnings: string[] = [];
    const runtime = runtimeWith(
      { ...oneModel(), actions: [{ at: 'P1D', op: 'DeleteRetrainingScheduler', model: 'm' }] },
      warnings,
    );

    // Act
    runtime.advance('P2D');

    // Assess
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /DeleteRetrainingScheduler on 'm' at \+P1D failed: ResourceNotFoundException/,
    );
  });
});

describe('scale', () => {
  it('simulates 1,500 models for a year in a few seconds', () => {
    // Prepare
    const runtime = runtimeWith(generateFleetScenario({ models: 1500, seed: 5, days: 365 }));
    const started = performance.now();

    // Act
    runtime.advance('P365D');
    const elapsed = performance.now() - started;

    // Assess
    const runs = runtime.ledger().filter((e) => e.field === 'AutoPromotionResult');
    expect(runs.length).toBeGreaterThan(1500 * 5);
    expect(elapsed).toBeLessThan(15_000);
    expect(runtime.now() - Date.parse('2025-01-01T00:00:00Z')).toBe(365 * DAY);
  }, 20_000);
});
