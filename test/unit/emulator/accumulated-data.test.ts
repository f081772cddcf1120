// Accumulated inference data: the guide says L4E accumulates the data it successfully processes, so
// failed executions and the time a scheduler was stopped add nothing, and a retraining run counts the
// union of what was processed (AccumulatedInferenceData*, RetrainingAvailableDataInDays).

import { describe, expect, it } from 'vitest';
import { STRICT_KNOBS } from '../../../local/emulator/knobs.js';
import { EmulatorRuntime } from '../../../local/emulator/runtime.js';
import type { Scenario } from '../../../local/emulator/scenario.js';

const seconds = (iso: string): number => Date.parse(iso) / 1000;

/** A dataset far older than the lookback window, so a run's data is the inference data alone. */
function scenario(inference: { failureRate?: number }, actions: Scenario['actions'] = []): Scenario {
  return {
    startTime: '2025-01-01T00:00:00Z',
    datasets: [{ name: 'd', dataStartTime: '2023-01-01T00:00:00Z', dataEndTime: '2023-12-01T00:00:00Z' }],
    defaults: { minAvailableDataDays: 1 },
    models: [
      {
        name: 'm',
        dataset: 'd',
        inferenceScheduler: { frequency: 'PT1H', ...inference },
        retrainingScheduler: { frequency: 'P120D', startDate: 'P120D', promoteMode: 'MANUAL' },
      },
    ],
    actions,
  };
}

describe('accumulated inference data', () => {
  it('leaves out the time the inference scheduler was stopped (Developer Guide, Retraining your model)', () => {
    // Prepare
    const runtime = new EmulatorRuntime({
      knobs: STRICT_KNOBS,
      scenario: scenario({}, [
        { at: 'P30D', op: 'StopInferenceScheduler', model: 'm' },
        { at: 'P100D', op: 'StartInferenceScheduler', model: 'm' },
      ]),
    });

    // Act
    runtime.advance('P121D');
    const model = runtime.call('DescribeModel', { ModelName: 'm' });
    const version = runtime.call('DescribeModelVersion', { ModelName: 'm', ModelVersion: 2 });

    // Assess
    // The scenario's scheduler has run since version 1 was trained, a week before the story starts.
    expect(model.AccumulatedInferenceDataStartTime).toBe(seconds('2024-12-25T00:00:00Z'));
    // 2024-12-25 to day 30 (37 days) and day 100 to day 120 (20 days), not the whole span of 127 days.
    expect(version.RetrainingAvailableDataInDays).toBe(57);
    expect(model.LatestScheduledRetrainingAvailableDataInDays).toBe(57);
  });

  it('accumulates nothing from failed executions', () => {
    // Prepare
    const runtime = new EmulatorRuntime({ knobs: STRICT_KNOBS, scenario: scenario({ failureRate: 1 }) });

    // Act
    runtime.advance('P121D');
    const model = runtime.call('DescribeModel', { ModelName: 'm' });
    const version = runtime.call('DescribeModelVersion', { ModelName: 'm', ModelVersion: 2 });

    // Assess
    expect(model.AccumulatedInferenceDataStartTime).toBeUndefined();
    expect(model.AccumulatedInferenceDataEndTime).toBeUndefined();
    expect(version).toMatchObject({ Status: 'FAILED', RetrainingAvailableDataInDays: 0 });
  });

  it('counts only the successful executions when some fail', () => {
    // Prepare
    const runtime = new EmulatorRuntime({ knobs: STRICT_KNOBS, scenario: scenario({ failureRate: 0.5 }) });

    // Act
    runtime.advance('P121D');
    const version = runtime.call('DescribeModelVersion', { ModelName: 'm', ModelVersion: 2 });

    // Assess
    const days = version.RetrainingAvailableDataInDays as number;
    expect(days).toBeGreaterThan(45);
    expect(days).toBeLessThan(75);
  });
});
