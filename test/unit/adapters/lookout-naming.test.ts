import { describe, expect, it } from 'vitest';
import { lookoutModelNaming } from '../../../lib/adapters/lookout-naming.js';

const { isModelName, modelNameOf } = lookoutModelNaming;

describe('lookoutModelNaming', () => {
  it.each([
    ['arn:aws:lookoutequipment:eu-west-1:111122223333:model/pump-1/7f3c1d2e', 'pump-1'],
    ['arn:aws-cn:lookoutequipment:cn-north-1:111122223333:model/Pump_2/abc', 'Pump_2'],
  ])('reads the model name out of %s', (arn, name) => {
    expect(modelNameOf(arn)).toBe(name);
  });

  it.each([
    ['a version ARN', 'arn:aws:lookoutequipment:eu-west-1:111122223333:model-version/pump-1/7f3c/1'],
    ['another service', 'arn:aws:iotsitewise:eu-west-1:111122223333:asset/pump-1/7f3c'],
    ['no model id', 'arn:aws:lookoutequipment:eu-west-1:111122223333:model/pump-1'],
    ['a bare name', 'pump-1'],
    ['nothing', ''],
  ])('names no model in %s', (_what, arn) => {
    expect(modelNameOf(arn)).toBeNull();
  });

  it('accepts the model names L4E accepts and nothing else', () => {
    expect(['pump-1', 'P_2', 'x'.repeat(200)].map(isModelName)).toEqual([true, true, true]);
    expect(['', 'pump 1', 'pump/1', 'x'.repeat(201), 'pümp'].map(isModelName)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
