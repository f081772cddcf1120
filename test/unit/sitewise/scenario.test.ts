import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario, type Scenario, ScenarioError } from '../../../local/emulator/scenario.js';
import { type SiteWiseEmulator, startSiteWiseEmulator } from '../../../local/sitewise/index.js';

const START = '2025-01-06T00:00:00Z';

function sitewise(overrides: Record<string, unknown> = {}): Scenario {
  return {
    startTime: START,
    seed: 7,
    sitewise: {
      knobs: { settle: 'PT5M', metricsLag: 'PT0S' },
      assetModels: [{ name: 'pump', properties: ['vibration', 'temperature'] }],
      assets: [
        { name: 'pump-1', assetModel: 'pump' },
        { name: 'pump-2', assetModel: 'pump' },
      ],
      computationModels: [
        {
          name: 'single',
          asset: 'pump-1',
          inputProperties: ['vibration'],
          inference: {},
          retrainingScheduler: { frequency: 'P30D', startDate: 'P2D' },
          runs: [{ outcome: 'FAILED', failedReason: 'Sensor vibration is flat.' }],
        },
        {
          name: 'fleet',
          assetModel: 'pump',
          baseMetrics: { precision: 0.7, recall: 0.7, auc: 0.8 },
          trajectory: { kind: 'improving', step: 0.05 },
          inference: {},
          retrainingScheduler: { frequency: 'P30D', promotion: 'CUSTOMER_MANAGED', startDate: 'P1D' },
          assets: { 'pump-2': { runs: [{ metrics: { recall: 0.99 } }] } },
        },
      ],
      actions: [
        { at: 'P45D', op: 'STOP_RETRAINING_SCHEDULER', computationModel: 'single' },
        { at: 'P50D', op: 'START_INFERENCE', computationModel: 'fleet', asset: 'pump-1', modelVersion: 2 },
      ],
      ...overrides,
    },
  };
}

function problem(input: unknown): string {
  try {
    parseScenario(input);
  } catch (error) {
    if (error instanceof ScenarioError) return error.message;
    throw error;
  }
  return '';
}

describe('the sitewise section of a scenario', () => {
  it('loads with its defaults filled in', () => {
    // Act
    const parsed = parseScenario(sitewise());

    // Assess
    expect(parsed.sitewise?.metricsBucket).toBe('l4e-autopilot-sitewise-metrics');
    expect(parsed.sitewise?.computationModels[0]).toMatchObject({
      labeled: true,
      trainingMinutes: 120,
      inference: { frequency: 'PT5M', status: 'RUNNING' },
      retrainingScheduler: { lookback: 'P180D', promotion: 'SERVICE_MANAGED', status: 'RUNNING' },
    });
  });

  it('names the path of every broken reference', () => {
    // Act
    const message = problem(
      sitewise({
        assets: [
          { name: 'pump-1', assetModel: 'pump' },
          { name: 'pump-1', assetModel: 'compressor' },
        ],
        computationModels: [
          { name: 'both', asset: 'pump-1', assetModel: 'pump' },
          { name: 'ghost', asset: 'pump-9' },
          { name: 'typo', asset: 'pump-1', inputProperties: ['vibraton'] },
          { name: 'foreign', assetModel: 'pump', assets: { 'pump-7': { runs: [] } } },
        ],
        actions: [
          { at: 'P1D', op: 'STOP_INFERENCE', computationModel: 'nobody' },
          { at: 'P1D', op: 'STOP_INFERENCE', computationModel: 'foreign' },
          { at: 'P1D', op: 'STOP_INFERENCE', computationModel: 'typo', asset: 'pump-1' },
          { at: 'P1D', op: 'STOP_RETRAINING_SCHEDULER', computationModel: 'typo', modelVersion: 2 },
          { at: 'P1D', op: 'START_RETRAINING_SCHEDULER', computationModel: 'typo' },
        ],
      }),
    );

    // Assess
    const expected: Array<[RegExp, string]> = [
      [/duplicate asset 'pump-1'/, 'sitewise.assets[1].name'],
      [/unknown asset model 'compressor'/, 'sitewise.assets[1].assetModel'],
      [/name exactly one of "asset" and "assetModel"/, 'sitewise.computationModels[0]'],
      [/unknown asset 'pump-9'/, 'sitewise.computationModels[1].asset'],
      [/asset model 'pump' has no property 'vibraton'/, 'sitewise.computationModels[2].inputProperties[0]'],
      [/'pump-7' is not an asset of the asset model/, 'sitewise.computationModels[3].assets["pump-7"]'],
      [/unknown computation model 'nobody'/, 'sitewise.actions[0].computationModel'],
      [/bound at asset-model level: name one of its asset model's assets/, 'sitewise.actions[1].asset'],
      [/bound to one asset: leave "asset" out/, 'sitewise.actions[2].asset'],
      [/only START_INFERENCE names a model version/, 'sitewise.actions[3].modelVersion'],
      [/has no retrainingScheduler to start/, 'sitewise.actions[4].op'],
    ];
    for (const [text, path] of expected) {
      expect(message).toMatch(text);
      expect(message).toContain(path);
    }
  });

  it('refuses what SiteWise cannot do: a canceled run, a lookback or frequency it does not offer, unknown keys', () => {
    // Act
    const message = problem(
      sitewise({
        computationModels: [
          {
            name: 'm',
            asset: 'pump-1',
            runs: [{ outcome: 'CANCELED' }],
            retrainingScheduler: { frequency: 'P10D', lookback: 'P90D', promotion: 'MANUAL' },
            inferance: {},
          },
        ],
        actions: [],
      }),
    );

    // Assess
    expect(message).toMatch(/no CANCELED execution[\s\S]*computationModels\[0\]\.runs\[0\]\.outcome/);
    expect(message).toContain('sitewise.computationModels[0].retrainingScheduler.frequency');
    expect(message).toContain('sitewise.computationModels[0].retrainingScheduler.lookback');
    expect(message).toContain('sitewise.computationModels[0].retrainingScheduler.promotion');
    expect(message).toMatch(/Unrecognized key: "inferance"/);
  });

  it('keeps SiteWise knobs to the emulator knobs', () => {
    // Act / Assess
    expect(problem(sitewise({ knobs: { settle: 'soon' } }))).toMatch(/sitewise\.knobs\.settle/);
    expect(problem(sitewise({ knobs: { promotionLag: 'PT1H' } }))).toMatch(
      /Unrecognized key: "promotionLag"/,
    );
  });
});

describe('a SiteWise emulator seeded from a scenario', () => {
  let emulator: SiteWiseEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('starts at startTime with every model trained, inference running on version 1 and its scheduler running', async () => {
    // Act
    emulator = await startSiteWiseEmulator({ scenario: sitewise() });
    const ids = emulator.resources();
    const ledger = emulator.ledger();

    // Assess
    expect(new Date(emulator.now()).toISOString()).toBe('2025-01-06T00:00:00.000Z');
    expect(Object.keys(ids.computationModels).sort()).toEqual(['fleet', 'single']);
    const initial = ledger.filter((e) => e.resource === 'activeModelVersion' && e.to === 1);
    expect(initial.map((e) => [e.computationModelId, e.assetId]).sort()).toEqual(
      [
        [ids.computationModels.single, null],
        [ids.computationModels.fleet, ids.assets['pump-1']],
        [ids.computationModels.fleet, ids.assets['pump-2']],
      ].sort(),
    );
    expect(initial.every((e) => e.at === '2024-12-30T02:00:00.000Z')).toBe(true);
    const schedulers = ledger.filter((e) => e.resource === 'retrainingScheduler').map((e) => e.to);
    expect(schedulers).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);
    expect(ledger.every((e) => Date.parse(e.at) < Date.parse(START))).toBe(true);
  });

  it('plays planned runs, per-asset runs, the trajectory and the operator actions at their instants', async () => {
    // Prepare
    emulator = await startSiteWiseEmulator({ scenario: sitewise() });
    const ids = emulator.resources();
    const fleet = ids.computationModels.fleet;

    // Act
    emulator.advance('P60D');
    const story = emulator.ledger().filter((e) => Date.parse(e.at) >= Date.parse(START));
    const runsOf = (id: string | undefined, assetId: string | null) =>
      story
        .filter((e) => e.computationModelId === id && e.assetId === assetId && e.resource === 'execution')
        .filter((e) => e.cause === 'SCHEDULED_RETRAINING' && e.to !== 'RUNNING')
        .map((e) => `${e.at.slice(0, 10)} ${e.to}`);

    // Assess
    expect(runsOf(ids.computationModels.single, null)).toEqual(['2025-01-08 FAILED', '2025-02-07 COMPLETED']);
    const stopped = story.find((e) => e.resource === 'retrainingScheduler' && e.to === 'STOPPED');
    expect(stopped).toMatchObject({
      at: '2025-02-20T00:00:00.000Z',
      computationModelId: ids.computationModels.single,
    });
    // CUSTOMER_MANAGED: the new version waits; the operator's START on version 2 makes it active.
    const activations = story.filter(
      (e) => e.resource === 'activeModelVersion' && e.computationModelId === fleet,
    );
    expect(activations.map((e) => [e.assetId, e.to, e.cause, e.at.slice(0, 10)])).toEqual([
      [ids.assets['pump-1'], 2, 'INFERENCE_START', '2025-02-25'],
    ]);
    expect(runsOf(fleet, ids.assets['pump-2'] ?? null)).toEqual([
      '2025-01-07 COMPLETED',
      '2025-02-06 COMPLETED',
    ]);
  });

  it('gives the same ids for the same seed, and other ids for another', async () => {
    // Act
    emulator = await startSiteWiseEmulator({ scenario: sitewise() });
    const first = emulator.resources();
    await emulator.close();
    emulator = await startSiteWiseEmulator({ scenario: sitewise() });
    const again = emulator.resources();
    await emulator.close();
    emulator = await startSiteWiseEmulator({ scenario: sitewise(), seed: 8 });
    const other = emulator.resources();

    // Assess
    expect(again).toEqual(first);
    expect(other.computationModels.fleet).not.toBe(first.computationModels.fleet);
  });

  it('scores versions from the scenario: a planned metric for one asset, the improving trajectory for the other', async () => {
    // Prepare
    emulator = await startSiteWiseEmulator({ scenario: sitewise() });
    const ids = emulator.resources();
    const bucket = 'l4e-autopilot-sitewise-metrics';

    // Act
    emulator.advance('P20D');
    const store = emulator.s3.store;
    const recalls = (asset: string) =>
      store
        .keys(bucket)
        .filter((key) => key.startsWith(`fleet/${ids.assets[asset]}/`) && key.endsWith('/model_metrics.json'))
        .map(
          (key) => JSON.parse(store.get(bucket, key)?.body.toString() ?? '{}').model_version_metrics.recall,
        )
        .sort();

    // Assess: version 1 at the base, then one run of each (the planned 0.99; improving by one step).
    expect(recalls('pump-1')).toEqual([0.7, 0.75]);
    expect(recalls('pump-2')).toEqual([0.7, 0.99]);
  });
});
