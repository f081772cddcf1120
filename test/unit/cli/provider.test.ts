// Which provider a command's model argument names, with and without --provider, and PROVIDERS.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../cli/errors.js';
import { enabledProviders, parseModelArgument, parseProvider } from '../../../cli/provider.js';

const CM = '4b1c7e0e-2f3a-4d5b-8c6d-7e8f9a0b1c2d';
const ASSET = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const CM_ARN = `arn:aws:iotsitewise:us-east-1:123456789012:computation-model/${CM}`;
const L4E_ARN =
  'arn:aws:lookoutequipment:us-east-1:123456789012:model/pump-01/0b5c2a34-1f3e-4a8e-9d1c-2f6c7b8a9e0d';

describe('parseModelArgument', () => {
  it.each([
    [CM, 'iot-sitewise', CM],
    [CM.toUpperCase(), 'iot-sitewise', CM],
    [`${CM}/${ASSET}`, 'iot-sitewise', `${CM}/${ASSET}`],
    [CM_ARN, 'iot-sitewise', CM],
    [`${CM_ARN}/asset/${ASSET}`, 'iot-sitewise', `${CM}/${ASSET}`],
    ['pump-01', 'lookout-equipment', 'pump-01'],
    [L4E_ARN, 'lookout-equipment', 'pump-01'],
    [`${CM}-spare`, 'lookout-equipment', `${CM}-spare`],
  ])('infers from %s: %s, model %s', (text, provider, name) => {
    expect(parseModelArgument(text, undefined)).toEqual({ provider, name });
  });

  it('takes --provider when it agrees with the id', () => {
    expect(parseModelArgument(CM, 'iot-sitewise')).toEqual({ provider: 'iot-sitewise', name: CM });
    expect(parseModelArgument('pump-01', 'lookout-equipment')).toEqual({
      provider: 'lookout-equipment',
      name: 'pump-01',
    });
  });

  it('lets --provider lookout-equipment name an L4E model called like a UUID', () => {
    expect(parseModelArgument(CM, 'lookout-equipment')).toEqual({ provider: 'lookout-equipment', name: CM });
  });

  it.each([
    ['pump-01', 'iot-sitewise', /^--provider iot-sitewise contradicts "pump-01"/],
    [L4E_ARN, 'iot-sitewise', /^--provider iot-sitewise contradicts/],
    [
      `${CM}/${ASSET}`,
      'lookout-equipment',
      /contradicts .*a computation model id and asset id of an IoT SiteWise model/,
    ],
    [CM_ARN, 'lookout-equipment', /contradicts .*an IoT SiteWise ARN/],
  ] as const)('refuses %s with --provider %s as a contradiction (exit 2)', (text, provider, message) => {
    const attempt = () => parseModelArgument(text, provider);

    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });

  it('still refuses a name no provider accepts', () => {
    expect(() => parseModelArgument('pump 01', undefined)).toThrow(
      "model name must be 1 to 200 letters, digits, '-' or '_', got \"pump 01\"",
    );
  });
});

describe('providers', () => {
  it('reads --provider and refuses an unknown one', () => {
    expect(parseProvider('IoT-SiteWise')).toBe('iot-sitewise');
    expect(() => parseProvider('sitewise')).toThrow(
      '--provider must be one of lookout-equipment, iot-sitewise, got "sitewise"',
    );
  });

  it('enables lookout-equipment by default and the PROVIDERS list otherwise', () => {
    expect(enabledProviders(undefined)).toEqual(['lookout-equipment']);
    expect(enabledProviders(' ')).toEqual(['lookout-equipment']);
    expect(enabledProviders('iot-sitewise, lookout-equipment,iot-sitewise')).toEqual([
      'iot-sitewise',
      'lookout-equipment',
    ]);
    expect(() => enabledProviders('lookout-equipment,l4e')).toThrow(/^PROVIDERS must be a comma list/);
  });
});
