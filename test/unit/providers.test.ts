// The enabled providers: built once from PROVIDERS, the trigger's ARN picks the one a decision is for,
// and the report reads every one of them.
import { describe, expect, it } from 'vitest';
import { lookoutModelNaming } from '../../lib/adapters/lookout-naming.js';
import { ConfigurationError } from '../../lib/config.js';
import type { ModelDetail, ModelSummary } from '../../lib/core/model.js';
import type { ModelProvider } from '../../lib/ports.js';
import { type EnabledProvider, enabledProviders } from '../../lib/providers.js';
import { reportAcross } from '../../lib/report/providers.js';
import { InvalidEventError, parseProviderTrigger } from '../../lib/triggers.js';
import { detail } from './core/builders.js';
import { loadFixture } from './messages/fixtures.js';

const CM = 'a1b2c3d4-0000-4000-8000-00000000000a';
const CM_ARN = `arn:aws:iotsitewise:eu-west-1:123456789012:computation-model/${CM}`;

/** A provider that has the given models and answers every read from them. */
function fake(
  naming: Pick<ModelProvider, 'isModelName' | 'modelNameOf'>,
  models: ModelDetail[],
): ModelProvider {
  const find = (name: string) => models.find((m) => m.name === name) ?? null;
  return {
    ...naming,
    async *listModelPages() {
      yield models as ModelSummary[];
    },
    describeModel: async (name) => find(name),
    describeVersion: async () => null,
    describeRetrainingSchedule: async () => null,
    activateVersion: async () => ({ previous: null, current: null }),
    listVersions: async (name) =>
      find(name)
        ? [
            {
              modelName: name,
              version: 1,
              arn: null,
              status: 'SUCCESS',
              sourceType: null,
              createdAt: null,
              modelQuality: null,
            },
          ]
        : [],
    isRetryable: () => false,
  };
}

const sitewiseNaming = {
  isModelName: (name: string) => /^[0-9a-f-]{36}$/.test(name),
  modelNameOf: (arn: string) => (arn.startsWith('arn:aws:iotsitewise:') ? (arn.split('/')[1] ?? null) : null),
};
const l4eModel = detail({ name: 'pump-station-7' });
const sitewiseModel = detail({
  name: CM,
  arn: CM_ARN,
  origin: { provider: 'iot-sitewise', computationModelId: CM },
});
const l4e: EnabledProvider = { name: 'lookout-equipment', provider: fake(lookoutModelNaming, [l4eModel]) };
const sitewise: EnabledProvider = { name: 'iot-sitewise', provider: fake(sitewiseNaming, [sitewiseModel]) };

function sitewiseTrigger(provider = 'iot-sitewise') {
  const event = structuredClone(loadFixture('run-success'));
  Object.assign(event.detail, { provider, modelName: CM, modelArn: CM_ARN, computationModelId: CM });
  return event;
}

describe('enabledProviders', () => {
  it('builds each provider PROVIDERS names, once, in its order', () => {
    // Prepare
    const built: string[] = [];
    const factories = {
      'lookout-equipment': () => {
        built.push('lookout-equipment');
        return l4e.provider;
      },
      'iot-sitewise': () => {
        built.push('iot-sitewise');
        return sitewise.provider;
      },
    };
    // Act
    const enabled = enabledProviders(['iot-sitewise', 'lookout-equipment'], factories);
    // Assess
    expect(enabled.map((e) => e.name)).toEqual(['iot-sitewise', 'lookout-equipment']);
    expect(built).toEqual(['iot-sitewise', 'lookout-equipment']);
  });

  it('refuses a provider the build cannot make, naming the ones it can', () => {
    expect(() => enabledProviders(['iot-sitewise'], { 'lookout-equipment': () => l4e.provider })).toThrow(
      new ConfigurationError(
        'PROVIDERS names iot-sitewise, which this build cannot watch (it can: lookout-equipment)',
      ),
    );
  });
});

describe('parseProviderTrigger', () => {
  it("picks the provider whose naming claims the trigger's model ARN", () => {
    // Act
    const fromL4e = parseProviderTrigger(loadFixture('run-success'), [sitewise, l4e]);
    const fromSitewise = parseProviderTrigger(sitewiseTrigger(), [l4e, sitewise]);
    // Assess
    expect(fromL4e.entry.name).toBe('lookout-equipment');
    expect(fromSitewise.entry.name).toBe('iot-sitewise');
    expect(fromSitewise.request).toMatchObject({
      modelName: CM,
      modelArnHint: CM_ARN,
      origin: { provider: 'iot-sitewise', computationModelId: CM },
    });
  });

  it('refuses a trigger for a provider that is not enabled', () => {
    expect(() => parseProviderTrigger(sitewiseTrigger(), [l4e])).toThrow(InvalidEventError);
    expect(() => parseProviderTrigger(sitewiseTrigger(), [l4e])).toThrow(
      'not a trigger for an enabled provider: detail.modelArn is the ARN of a model of none of lookout-equipment (PROVIDERS); the event says iot-sitewise',
    );
  });

  it('refuses a trigger whose provider is not the one its ARN belongs to', () => {
    expect(() => parseProviderTrigger(sitewiseTrigger('lookout-equipment'), [l4e, sitewise])).toThrow(
      'not a consistent trigger: detail.provider is lookout-equipment but detail.modelArn is the ARN of a iot-sitewise model',
    );
  });
});

describe('reportAcross', () => {
  it("lists every provider's models and reads each from its own provider", async () => {
    // Prepare
    const report = reportAcross([l4e.provider, sitewise.provider]);
    const names: string[] = [];
    // Act
    for await (const page of report.listModelPages()) names.push(...page.map((m) => m.name));
    // Assess
    expect(names).toEqual(['pump-station-7', CM]);
    expect((await report.describeModel(CM))?.origin.provider).toBe('iot-sitewise');
    expect((await report.listVersions('pump-station-7')).map((v) => v.modelName)).toEqual(['pump-station-7']);
  });

  it('finds a model asked for by name in the provider that has it, though another accepts the name', async () => {
    // Prepare: L4E accepts a UUID as a model name too, but has no such model
    const report = reportAcross([l4e.provider, sitewise.provider]);
    // Act
    const model = await report.describeModel(CM);
    const versions = await report.listVersions(CM);
    // Assess
    expect(model?.arn).toBe(CM_ARN);
    expect(versions.map((v) => v.modelName)).toEqual([CM]);
  });
});
