import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../local/emulator/index.js';
import { type SiteWiseEmulator, startSiteWiseEmulator } from '../../../local/sitewise/index.js';
import { providerParams, scenarioModels, scenarioProviders } from '../../../local/system.js';

describe('the providers a scenario runs with', () => {
  it('keeps an L4E scenario on the stage defaults, and turns SiteWise on for SiteWise models', () => {
    // Act
    const demo = loadScenarioFile('demo');
    const sitewise = loadScenarioFile('demo-sitewise');
    const mixed = loadScenarioFile('demo-mixed');

    // Assess
    expect(scenarioProviders(demo)).toEqual(['lookout-equipment']);
    expect(providerParams(demo)).toEqual({});
    expect(providerParams(sitewise)).toMatchObject({ providers: 'iot-sitewise' });
    expect(providerParams(mixed).providers).toBe('lookout-equipment,iot-sitewise');
    expect(providerParams(mixed).sitewiseMetricsBuckets?.split(',')).toEqual([
      'l4e-autopilot-sitewise-metrics/compressor-managed/',
      'l4e-autopilot-sitewise-metrics/pump-improving/',
      'l4e-autopilot-sitewise-metrics/conveyor/',
    ]);
  });
});

describe('the models of a mixed scenario', () => {
  let sitewise: SiteWiseEmulator;
  beforeAll(async () => {
    sitewise = await startSiteWiseEmulator({ scenario: 'demo-mixed' });
  });
  afterAll(() => sitewise.close());

  it('names SiteWise models as the autopilot does, labelled as the scenario does, one per asset at asset-model level', () => {
    // Act
    const models = scenarioModels(loadScenarioFile('demo-mixed'), sitewise);
    const ids = sitewise.resources();

    // Assess
    expect(models.map((m) => [m.label, m.provider, m.promoteMode])).toEqual([
      ['pump-a-improving', 'lookout-equipment', 'MANUAL'],
      ['compressor-c-managed', 'lookout-equipment', 'MANAGED'],
      ['fan-d-failures', 'lookout-equipment', 'MANUAL'],
      ['compressor-managed', 'iot-sitewise', 'MANAGED'],
      ['pump-improving', 'iot-sitewise', 'MANUAL'],
      ['conveyor/belt-1', 'iot-sitewise', 'MANAGED'],
      ['conveyor/belt-2', 'iot-sitewise', 'MANAGED'],
      ['conveyor/belt-3', 'iot-sitewise', 'MANAGED'],
    ]);
    expect(models.find((m) => m.label === 'conveyor/belt-2')?.name).toBe(
      `${ids.computationModels.conveyor}/${ids.assets['belt-2']}`,
    );
    expect(models.find((m) => m.label === 'pump-improving')?.name).toBe(
      ids.computationModels['pump-improving'],
    );
  });
});
