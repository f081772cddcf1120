// The control API and the programmatic handle: clock, scenarios, ledger, run specs, reset, speed mode,
// and what the shipped demo scenario does over its 180 days.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Emulator,
  type LedgerEntry,
  type Scenario,
  startEmulator,
} from '../../../local/emulator/index.js';
import { callWire, control } from './support/wire.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

const SMALL_SCENARIO: Scenario = {
  name: 'small',
  startTime: '2025-03-01T00:00:00Z',
  datasets: [{ name: 'plant' }],
  models: [
    {
      name: 'press-1',
      dataset: 'plant',
      retrainingScheduler: { frequency: 'P30D', promoteMode: 'MANUAL' },
      runs: [{ outcome: 'FAILED' }],
    },
  ],
  autopilot: { policies: { default: { mode: 'off' } } },
};

describe('clock', () => {
  it('reads, advances by ISO durations or milliseconds, sets forward and never goes back', async () => {
    // Prepare
    await control(emulator.url, 'POST', 'scenario', SMALL_SCENARIO);

    // Act
    const read = await control(emulator.url, 'GET', 'clock');
    const days = await control(emulator.url, 'POST', 'clock', { advance: 'P3D' });
    const hours = await control(emulator.url, 'POST', 'clock', { advance: 'PT2H30M' });
    const millis = await control(emulator.url, 'POST', 'clock', { advance: 1000 });
    const set = await control(emulator.url, 'POST', 'clock', { set: '2025-04-01T00:00:00Z' });
    const back = await control(emulator.url, 'POST', 'clock', { set: '2025-03-15T00:00:00Z' });
    const nonsense = await control(emulator.url, 'POST', 'clock', { advance: 'three days' });

    // Assess
    expect(read).toEqual({
      status: 200,
      body: { now: '2025-03-01T00:00:00.000Z', epochMs: Date.parse('2025-03-01T00:00:00Z') },
    });
    expect((days.body as { now: string }).now).toBe('2025-03-04T00:00:00.000Z');
    expect((hours.body as { now: string }).now).toBe('2025-03-04T02:30:00.000Z');
    expect((millis.body as { now: string }).now).toBe('2025-03-04T02:30:01.000Z');
    expect((set.body as { now: string }).now).toBe('2025-04-01T00:00:00.000Z');
    expect(back.status).toBe(400);
    expect((back.body as { error: string }).error).toMatch(/never goes backwards/);
    expect(nonsense.status).toBe(400);
    expect(emulator.now()).toBe(Date.parse('2025-04-01T00:00:00Z'));
  });

  it('runs simulated time at real time × speed', async () => {
    // Prepare
    const fast = await startEmulator({ speed: 3600, scenario: SMALL_SCENARIO });
    const before = fast.now();

    // Act
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = fast.now();
    await fast.close();

    // Assess
    expect(after - before).toBeGreaterThanOrEqual(250 * 3600);
    expect(after - before).toBeLessThan(5_000 * 3600);
  });
});

describe('scenarios, ledger and run specs', () => {
  it('loads a scenario over HTTP, ignores its autopilot section and explains an invalid one', async () => {
    // Act
    const loaded = await control(emulator.url, 'POST', 'scenario', SMALL_SCENARIO);
    const models = await callWire(emulator.url, 'ListModels', {});
    const invalid = await control(emulator.url, 'POST', 'scenario', { ...SMALL_SCENARIO, modells: [] });
    const byName = await control(emulator.url, 'POST', 'scenario', 'fleet-15');
    const byPath = await control(emulator.url, 'POST', 'scenario', '/etc/passwd');
    const badFrequency = await control(emulator.url, 'POST', 'scenario', {
      ...SMALL_SCENARIO,
      models: [{ name: 'm', dataset: 'plant', retrainingScheduler: { frequency: 'P20D' } }],
    });

    // Assess
    expect(loaded.body).toMatchObject({ name: 'small', models: 1, now: '2025-03-01T00:00:00.000Z' });
    expect(models.body.ModelSummaries).toMatchObject([
      { ModelName: 'press-1', Status: 'SUCCESS', ActiveModelVersion: 1 },
    ]);
    expect(byName.body).toMatchObject({ name: 'fleet-15', models: 15 });
    expect(byPath.status).toBe(400);
    expect(invalid.status).toBe(400);
    expect((invalid.body as { error: string }).error).toMatch(/Unrecognized key: "modells"/);
    expect((badFrequency.body as { error: string }).error).toMatch(
      /P20D.*20 days[\s\S]*models\[0\]\.retrainingScheduler\.frequency/,
    );
  });

  it('serves the ledger with since and model filters and appends run specs for a model', async () => {
    // Prepare
    await control(emulator.url, 'POST', 'scenario', SMALL_SCENARIO);
    const appended = await control(emulator.url, 'POST', 'models/press-1/runs', {
      runs: [{ outcome: 'CANCELED' }],
    });
    const unknown = await control(emulator.url, 'POST', 'models/ghost/runs', { runs: [] });

    // Act
    await control(emulator.url, 'POST', 'clock', { advance: 'P32D' });
    const all = (await control(emulator.url, 'GET', 'ledger')).body as { entries: LedgerEntry[] };
    const since = (await control(emulator.url, 'GET', `ledger?since=${all.entries.length - 3}&model=press-1`))
      .body as {
      entries: LedgerEntry[];
    };

    // Assess
    expect(appended.body).toEqual({ model: 'press-1', pendingRuns: 2 });
    expect(unknown.status).toBe(404);
    const results = all.entries.filter((e) => e.field === 'AutoPromotionResult').map((e) => e.to);
    expect(results).toEqual(['RETRAINING_CUSTOMER_ERROR', 'RETRAINING_CANCELLED']);
    expect(since.entries.map((e) => e.seq)).toEqual([
      all.entries.length - 2,
      all.entries.length - 1,
      all.entries.length,
    ]);
    expect(all.entries.every((e, i) => e.seq === i + 1)).toBe(true);
  });

  it('resets to the start of the loaded scenario', async () => {
    // Prepare
    await control(emulator.url, 'POST', 'scenario', SMALL_SCENARIO);
    await control(emulator.url, 'POST', 'clock', { advance: 'P60D' });
    await callWire(emulator.url, 'DeleteDataset', { DatasetName: 'plant' });

    // Act
    const reset = await control(emulator.url, 'POST', 'reset');
    const datasets = await callWire(emulator.url, 'ListDatasets', {});

    // Assess
    expect(reset.body).toMatchObject({ now: '2025-03-01T00:00:00.000Z' });
    expect(datasets.body.DatasetSummaries).toMatchObject([{ DatasetName: 'plant' }]);
    expect(emulator.ledger().some((e) => e.resource === 'modelVersion' && e.modelVersion === 2)).toBe(false);
  });

  it('is reproducible: the same scenario and seed give the same identifiers and ledger', async () => {
    // Prepare
    const other = await startEmulator({ scenario: SMALL_SCENARIO });
    emulator.loadScenario(SMALL_SCENARIO);

    // Act
    emulator.advance('P40D');
    other.advance('P40D');
    const mine = await callWire(emulator.url, 'ListModels', {});
    const theirs = await callWire(other.url, 'ListModels', {});
    const ledgers = [emulator.ledger(), other.ledger()];
    await other.close();

    // Assess
    expect(mine.body).toEqual(theirs.body);
    expect(ledgers[0]).toEqual(ledgers[1]);
  });
});

describe('the demo scenario', () => {
  it('shows every behaviour it promises over 180 days', () => {
    // Prepare
    emulator.loadScenario('demo');

    // Act
    emulator.advance('P180D');
    const ledger = emulator.ledger();
    const of = (model: string, field: string) =>
      ledger.filter((e) => e.modelName === model && e.field === field && e.at >= '2025-01-06');

    // Assess
    const results = (model: string) => of(model, 'AutoPromotionResult').map((e) => e.to);
    expect(new Set(results('pump-a-improving'))).toEqual(new Set(['MODEL_NOT_PROMOTED']));
    expect(results('pump-a-improving').length).toBeGreaterThanOrEqual(5);
    expect(results('pump-b-regressing').length).toBeGreaterThanOrEqual(3);
    expect(results('compressor-c-managed')).toEqual(
      expect.arrayContaining(['MODEL_PROMOTED', 'MODEL_NOT_PROMOTED']),
    );
    expect(results('fan-d-failures')).toEqual(
      expect.arrayContaining([
        'RETRAINING_CUSTOMER_ERROR',
        'RETRAINING_CANCELLED',
        'RETRAINING_INTERNAL_ERROR',
      ]),
    );
    expect(results('turbine-e-stopped')).toEqual([]);
    expect(results('conveyor-f-unlabeled').length).toBeGreaterThanOrEqual(4);
    const boiler = of('boiler-g-late-start', 'Status').filter((e) => e.resource === 'retrainingScheduler');
    expect(boiler.map((e) => [e.at.slice(0, 10), e.to])).toEqual([
      ['2025-01-16', 'RUNNING'],
      ['2025-05-06', 'STOPPING'],
      ['2025-05-06', 'STOPPED'],
    ]);
  });
});
