// The ambiguity knobs: how they are chosen (scenario, model, L4E_EMULATOR_KNOBS mode, seeded draws) and
// what each one's strict and lenient value does where the L4E documentation is silent.

import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../local/emulator/errors.js';
import {
  drawKnobs,
  KNOB_NAMES,
  KnobModeError,
  type KnobSettings,
  LENIENT_KNOBS,
  parseKnobMode,
  resolveKnobs,
  STRICT_KNOBS,
} from '../../../local/emulator/knobs.js';
import { EmulatorRuntime } from '../../../local/emulator/runtime.js';
import type { Scenario } from '../../../local/emulator/scenario.js';

const HOUR = 3_600_000;

function runtimeWith(knobs: KnobSettings, model: Record<string, unknown> = {}): EmulatorRuntime {
  const scenario: Scenario = {
    startTime: '2025-01-01T00:00:00Z',
    datasets: [{ name: 'd' }],
    models: [
      {
        name: 'm',
        dataset: 'd',
        retrainingScheduler: { frequency: 'P30D', startDate: 'P1D', promoteMode: 'MANAGED' },
        runs: [{ metrics: { precision: 0.99, recall: 0.99, auc: 0.99 }, duration: 'PT4H' }],
        ...model,
      },
    ],
  };
  return new EmulatorRuntime({ scenario, knobs, warn: () => undefined });
}

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ServiceError) return error.code;
    throw error;
  }
  return 'OK';
}

describe('choosing knobs', () => {
  it('reads strict, lenient and random:<seed>, and refuses anything else', () => {
    expect(parseKnobMode(undefined)).toEqual({ kind: 'strict' });
    expect(parseKnobMode('lenient')).toEqual({ kind: 'lenient' });
    expect(parseKnobMode('random:42')).toEqual({ kind: 'random', seed: 42 });
    expect(() => parseKnobMode('random')).toThrow(KnobModeError);
  });

  it('draws each knob per model from the seed: the same seed gives the same draws, and both values occur', () => {
    const draws = Array.from({ length: 40 }, (_, i) => drawKnobs(42, `model-${i}`));
    expect(drawKnobs(42, 'model-3')).toEqual(draws[3]);
    for (const knob of KNOB_NAMES) {
      const values = new Set(draws.map((d) => JSON.stringify(d[knob])));
      expect(values).toEqual(
        new Set([JSON.stringify(STRICT_KNOBS[knob]), JSON.stringify(LENIENT_KNOBS[knob])]),
      );
    }
  });

  it('lets a model fix a knob over the scenario, and the scenario over the mode', () => {
    const knobs = resolveKnobs(
      'm',
      { cancelOnStop: false, startSettle: 'PT1M' },
      { startSettle: 'PT5M' },
      () => ({ ...STRICT_KNOBS }),
    );
    expect(knobs).toEqual({ ...STRICT_KNOBS, cancelOnStop: false, startSettle: 'PT5M' });
  });
});

describe('what each knob does', () => {
  it('readAfterWriteLag: a new version is NotFound to DescribeModelVersion for a while (strict), or readable at once', () => {
    const strict = runtimeWith(STRICT_KNOBS);
    const lenient = runtimeWith(LENIENT_KNOBS);
    for (const runtime of [strict, lenient]) runtime.advance('P1DT1M');
    expect(code(() => strict.call('DescribeModelVersion', { ModelName: 'm', ModelVersion: 2 }))).toBe(
      'ResourceNotFoundException',
    );
    expect(code(() => lenient.call('DescribeModelVersion', { ModelName: 'm', ModelVersion: 2 }))).toBe('OK');
    strict.advance('PT10M');
    expect(code(() => strict.call('DescribeModelVersion', { ModelName: 'm', ModelVersion: 2 }))).toBe('OK');
  });

  it('promotionResultLag: the result and the MANAGED activation follow SUCCESS (strict), or come with it', () => {
    for (const [knobs, lagMs] of [
      [STRICT_KNOBS, 2 * HOUR],
      [LENIENT_KNOBS, 0],
    ] as const) {
      const runtime = runtimeWith(knobs);
      runtime.advance('P2D');
      const ledger = runtime
        .ledger({ model: 'm' })
        .filter((e) => e.modelVersion === 2 || e.field === 'ActiveModelVersion');
      const at = (field: string, to: unknown) =>
        Date.parse(ledger.find((e) => e.field === field && e.to === to)?.at ?? '');
      expect(at('AutoPromotionResult', 'MODEL_PROMOTED') - at('Status', 'SUCCESS')).toBe(lagMs);
      expect(at('ActiveModelVersion', 2) - at('Status', 'SUCCESS')).toBe(lagMs);
    }
  });

  it('cancelOnStop: a Stop during a run cancels it (strict), or lets it finish while STOPPING', () => {
    const results = [STRICT_KNOBS, LENIENT_KNOBS].map((knobs) => {
      const runtime = runtimeWith(knobs);
      runtime.advance('P1DT1H');
      runtime.call('StopRetrainingScheduler', { ModelName: 'm' });
      runtime.advance('PT1H');
      const during = runtime.call('DescribeRetrainingScheduler', { ModelName: 'm' }).Status;
      runtime.advance('PT4H');
      const version = runtime.call('DescribeModelVersion', { ModelName: 'm', ModelVersion: 2 });
      return [during, version.Status, version.AutoPromotionResult];
    });
    expect(results).toEqual([
      ['STOPPED', 'CANCELED', 'RETRAINING_CANCELLED'],
      ['STOPPING', 'SUCCESS', 'MODEL_PROMOTED'],
    ]);
  });

  it('startSettle: a start answers PENDING and turns RUNNING after the settle', () => {
    const runtime = runtimeWith(STRICT_KNOBS, {
      retrainingScheduler: { frequency: 'P30D', status: 'STOPPED' },
    });
    const started = runtime.call('StartRetrainingScheduler', { ModelName: 'm' });
    const again = runtime.call('StartRetrainingScheduler', { ModelName: 'm' });
    const stop = code(() => runtime.call('StopRetrainingScheduler', { ModelName: 'm' }));
    runtime.advance('PT14M');
    const before = runtime.call('DescribeRetrainingScheduler', { ModelName: 'm' }).Status;
    runtime.advance('PT1M');
    const after = runtime.call('DescribeRetrainingScheduler', { ModelName: 'm' }).Status;
    expect([started.Status, again.Status, stop, before, after]).toEqual([
      'PENDING',
      'PENDING',
      'ConflictException',
      'PENDING',
      'RUNNING',
    ]);
  });

  it('startDateToday: a start date of today runs today (strict) or one period later', () => {
    const planned = [STRICT_KNOBS, LENIENT_KNOBS].map((knobs) => {
      const runtime = runtimeWith(knobs, { retrainingScheduler: { frequency: 'P30D', status: 'STOPPED' } });
      runtime.advance('PT10H');
      runtime.call('UpdateRetrainingScheduler', {
        ModelName: 'm',
        RetrainingStartDate: Date.parse('2025-01-01T00:00:00Z') / 1000,
      });
      runtime.call('StartRetrainingScheduler', { ModelName: 'm' });
      runtime.advance('PT1H');
      return runtime.call('DescribeModel', { ModelName: 'm' }).LatestScheduledRetrainingStartTime;
    });
    expect(planned).toEqual([Date.parse('2025-01-01T10:15:00Z') / 1000, undefined]);
  });
});
