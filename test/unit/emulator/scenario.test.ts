import { describe, expect, it } from 'vitest';
import { generateFleetScenario, loadScenarioFile } from '../../../local/emulator/index.js';
import { parseScenario, ScenarioError } from '../../../local/emulator/scenario.js';
import { createSimulation } from '../../../local/emulator/seed.js';

const minimal = {
  startTime: '2025-01-01T00:00:00Z',
  datasets: [{ name: 'd' }],
  models: [{ name: 'm', dataset: 'd' }],
};

function problem(input: unknown): string {
  try {
    parseScenario(input);
  } catch (error) {
    if (error instanceof ScenarioError) return error.message;
    throw error;
  }
  return '';
}

describe('scenario schema', () => {
  it('fills defaults for a minimal scenario', () => {
    // Act
    const parsed = parseScenario(minimal);

    // Assess
    expect(parsed).toMatchObject({ accountId: '123456789012', region: 'us-east-1', quotas: { models: 15 } });
    expect(parsed.defaults).toMatchObject({
      trainingMinutes: 60,
      minAvailableDataDays: 14,
      poorQualityThreshold: 0.5,
    });
    expect(parsed.models[0]).toMatchObject({ labeled: true, runs: [] });
  });

  it('rejects unknown top-level keys but ignores the autopilot section', () => {
    // Act / Assess
    expect(problem({ ...minimal, modles: [] })).toMatch(/Unrecognized key: "modles"/);
    expect(problem({ ...minimal, autopilot: { policies: { anything: true } } })).toBe('');
  });

  it('explains bad values with their path', () => {
    // Act
    const message = problem({
      ...minimal,
      models: [
        {
          name: 'm',
          dataset: 'd',
          retrainingScheduler: { frequency: 'P1Y1D', lookback: 'P90D' },
          runs: [{ outcome: 'MAYBE' }],
        },
      ],
      actions: [{ at: 'tomorrow', op: 'StartRetrainingScheduler', model: 'm' }],
    });

    // Assess
    expect(message).toMatch(/P1Y1D' is 366 days[\s\S]*models\[0\]\.retrainingScheduler\.frequency/);
    expect(message).toMatch(/models\[0\]\.retrainingScheduler\.lookback/);
    expect(message).toMatch(/models\[0\]\.runs\[0\]\.outcome/);
    expect(message).toMatch(/ISO-8601 duration[\s\S]*actions\[0\]\.at/);
  });

  it('checks references between datasets, models and actions', () => {
    // Act
    const message = problem({
      ...minimal,
      models: [
        { name: 'm', dataset: 'missing' },
        { name: 'm', dataset: 'd' },
      ],
      actions: [{ at: 'P1D', op: 'StartRetrainingScheduler', model: 'ghost' }],
    });

    // Assess
    expect(message).toMatch(/unknown dataset 'missing'[\s\S]*models\[0\]\.dataset/);
    expect(message).toMatch(/duplicate model 'm'/);
    expect(message).toMatch(/unknown model 'ghost'[\s\S]*actions\[0\]\.model/);
  });

  it('refuses more models than the quota and actions whose parameters break the API shape', () => {
    // Prepare
    const crowded = {
      ...minimal,
      models: Array.from({ length: 16 }, (_, i) => ({ name: `m${i}`, dataset: 'd' })),
    };
    const badAction = parseScenario({
      ...minimal,
      actions: [{ at: 'P1D', op: 'UpdateActiveModelVersion', model: 'm', ModelVersion: 0 }],
    });

    // Act / Assess
    expect(problem(crowded)).toMatch(/16 models exceed the model quota of 15/);
    expect(() => createSimulation(badAction)).toThrow(
      /actions\[0\] \(UpdateActiveModelVersion\): 1 validation error detected: Value '0' at 'modelVersion'/,
    );
  });
});

describe('shipped scenarios', () => {
  it('loads demo with seven models and the autopilot policies, and fleet-15 with fifteen', () => {
    // Act
    const demo = loadScenarioFile('demo');
    const fleet = loadScenarioFile('fleet-15');

    // Assess
    expect(demo.models).toHaveLength(7);
    expect(demo.days).toBe(180);
    const modes = new Set(demo.models.map((m) => m.retrainingScheduler?.promoteMode));
    expect(modes).toEqual(new Set(['MANUAL', 'MANAGED']));
    expect(demo.models.some((m) => !m.labeled)).toBe(true);
    expect(demo.models.map((m) => m.retrainingScheduler?.status)).toEqual(
      expect.arrayContaining(['RUNNING', 'STOPPED', 'PENDING']),
    );
    const policies = (
      demo.autopilot as { policies: { default: { mode: string }; models: Record<string, { mode: string }> } }
    ).policies;
    expect(policies.default.mode).toBe('enforce');
    expect(policies.models['pump-a-improving']?.mode).toBe('dry-run');
    expect(policies.models['pump-b-regressing']).toBeDefined();
    expect(fleet.models).toHaveLength(15);
  });

  it('names a missing scenario clearly', () => {
    // Act / Assess
    expect(() => loadScenarioFile('no-such-scenario')).toThrow(/No scenario 'no-such-scenario'/);
  });
});

describe('generateFleetScenario', () => {
  it('generates a valid, deterministic fleet of any size with the quota raised', () => {
    // Act
    const big = generateFleetScenario({ models: 1500, seed: 9, days: 365 });
    const again = generateFleetScenario({ models: 1500, seed: 9, days: 365 });
    const other = generateFleetScenario({ models: 1500, seed: 10, days: 365 });
    const parsed = parseScenario(big);

    // Assess
    expect(parsed.models).toHaveLength(1500);
    expect(parsed.quotas.models).toBeGreaterThanOrEqual(1500);
    expect(again).toEqual(big);
    expect(other).not.toEqual(big);
    const statuses = new Set(parsed.models.map((m) => m.retrainingScheduler?.status));
    expect(statuses).toEqual(new Set(['RUNNING', 'STOPPED', 'PENDING']));
    expect(parsed.models.some((m) => m.runs.some((r) => r.outcome === 'FAILED'))).toBe(true);
    expect(parsed.actions.length).toBeGreaterThan(0);
  });
});
