// A scenario's `targets`: other accounts and regions, each seeded with its own models in the emulator
// under that account and region, on the same clock as the scenario's own.
import { describe, expect, it } from 'vitest';
import { EmulatorRuntime } from '../../../local/emulator/runtime.js';
import { parseScenario, ScenarioError } from '../../../local/emulator/scenario.js';

const HUB = '111111111111';
const SPOKE = '222222222222';

const section = (model: string, frequency = 'P30D') => ({
  datasets: [{ name: 'd' }],
  models: [
    {
      name: model,
      dataset: 'd',
      retrainingScheduler: { startDate: 'P1D', frequency, promoteMode: 'MANUAL' as const },
    },
  ],
});

const scenario = {
  startTime: '2025-01-01T00:00:00Z',
  accountId: HUB,
  region: 'us-east-1',
  ...section('pump'),
  targets: [
    { account: HUB, region: 'eu-west-1', ...section('fan') },
    {
      account: SPOKE,
      region: 'us-east-1',
      ...section('pump', 'P60D'),
      outages: [{ at: 'P3D', for: 'PT12H' }],
    },
  ],
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

describe('scenario targets', () => {
  it('parses targets with their models and outages, and none by default', () => {
    // Act
    const parsed = parseScenario(scenario);

    // Assess
    expect(parsed.targets.map((t) => [t.account, t.region, t.models.map((m) => m.name)])).toEqual([
      [HUB, 'eu-west-1', ['fan']],
      [SPOKE, 'us-east-1', ['pump']],
    ]);
    expect(parsed.targets[1]?.outages).toEqual([{ at: 'P3D', for: 'PT12H' }]);
    expect(parsed.targets[0]?.quotas).toEqual({ models: 15 });
    expect(parseScenario({ startTime: '2025-01-01T00:00:00Z' }).targets).toEqual([]);
  });

  it("refuses a repeated target, the scenario's own account and region, and a target's broken models", () => {
    // Prepare
    const spoke = scenario.targets[1];
    const broken = { account: SPOKE, region: 'eu-west-1', models: [{ name: 'x', dataset: 'nowhere' }] };

    // Act
    const repeated = problem({ ...scenario, targets: [spoke, spoke] });
    const home = problem({ ...scenario, targets: [{ account: HUB, region: 'us-east-1' }] });
    const unknownDataset = problem({ ...scenario, targets: [broken] });
    const badOutage = problem({
      ...scenario,
      targets: [{ ...spoke, outages: [{ at: 'soon', for: 'PT1H' }] }],
    });

    const hubOutage = problem({
      ...scenario,
      targets: [{ account: HUB, region: 'eu-west-1', outages: [{ at: 'P1D', for: 'PT1H' }] }],
    });

    // Assess
    expect(hubOutage).toMatch(/hub's own credentials/);
    expect(repeated).toMatch(/duplicate target 222222222222\/us-east-1/);
    expect(home).toMatch(/scenario's own account and region/);
    expect(unknownDataset).toMatch(/unknown dataset 'nowhere'[\s\S]*targets\[0\]\.models\[0\]\.dataset/);
    expect(badOutage).toMatch(/targets\[0\]\.outages\[0\]\.at/);
  });

  it('seeds each target in its own account and region: the same model name apart, one clock', () => {
    // Prepare
    const runtime = new EmulatorRuntime({ scenario, seed: 1 });

    // Act
    runtime.advance('P70D');
    const ledger = runtime.fleetLedger();

    // Assess: each scope has its own models, ARNs and retraining runs.
    const arnOf = (account: string, region: string, model: string) =>
      runtime.call('DescribeModel', { ModelName: model }, { account, region }).ModelArn;
    expect(arnOf(HUB, 'us-east-1', 'pump')).toMatch(
      /^arn:aws:lookoutequipment:us-east-1:111111111111:model\/pump\//,
    );
    expect(arnOf(SPOKE, 'us-east-1', 'pump')).toMatch(
      /^arn:aws:lookoutequipment:us-east-1:222222222222:model\/pump\//,
    );
    expect(arnOf(HUB, 'eu-west-1', 'fan')).toMatch(
      /^arn:aws:lookoutequipment:eu-west-1:111111111111:model\/fan\//,
    );
    const runs = (account: string, region: string) =>
      ledger.filter(
        (e) =>
          e.account === account &&
          e.region === region &&
          e.resource === 'modelVersion' &&
          e.field === 'Status' &&
          e.cause === 'RETRAINING' &&
          e.to === 'SUCCESS',
      ).length;
    // P30D from day 1 runs on days 1, 31, 61; P60D from day 1 on days 1 and 61.
    expect(runs(HUB, 'us-east-1')).toBe(3);
    expect(runs(HUB, 'eu-west-1')).toBe(3);
    expect(runs(SPOKE, 'us-east-1')).toBe(2);
    expect(new Set(ledger.map((e) => `${e.account}/${e.region}`))).toEqual(
      new Set([`${HUB}/us-east-1`, `${HUB}/eu-west-1`, `${SPOKE}/us-east-1`]),
    );
  });

  it('seeds the targets again on reset', () => {
    // Prepare
    const runtime = new EmulatorRuntime({ scenario, seed: 1 });
    runtime.advance('P70D');

    // Act
    runtime.reset();

    // Assess: back at the start, with the targets' models and none of their runs.
    const listed = runtime.call('ListModels', {}, { account: HUB, region: 'eu-west-1' });
    expect((listed.ModelSummaries as Array<{ ModelName: string }>).map((m) => m.ModelName)).toEqual(['fan']);
    expect(runtime.fleetLedger().filter((e) => e.cause === 'RETRAINING')).toEqual([]);
  });
});
