// The policy lookup: a target's parameter for the model, else the model's own, else the default; every
// level answers when the ones before it are missing, and a deployment without target policies reads as
// it always did.
import { describe, expect, it } from 'vitest';
import { arnLocation } from '../../lib/core/model.js';
import { policyLookup, readEffectivePolicy, readPolicyParameter } from '../../lib/policies.js';
import type { ParameterSource, StoredParameter } from '../../lib/ports.js';

const PREFIX = '/l4e-autopilot/prod';
const ARN =
  'arn:aws:lookoutequipment:eu-west-1:222222222222:model/pump-a/0a1b2c3d-0000-4000-8000-000000000000';
const TARGET = arnLocation(ARN);
const TARGET_NAME = `${PREFIX}/policies/targets/222222222222/eu-west-1/models/pump-a`;
const MODEL_NAME = `${PREFIX}/policies/models/pump-a`;
const DEFAULT_NAME = `${PREFIX}/policies/default`;

function source(values: Record<string, string>): ParameterSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async get(name: string): Promise<StoredParameter | undefined> {
      asked.push(name);
      const value = values[name];
      return value === undefined ? undefined : { name, value, version: 3 };
    },
  };
}

const policy = (mode: string) => JSON.stringify({ mode, rules: [{ metric: 'recall', min: 0.8 }] });

describe('policy lookup per target', () => {
  it('reads the account and region of the model ARN into the target level', () => {
    expect(TARGET).toEqual({ account: '222222222222', region: 'eu-west-1' });
    expect(policyLookup(PREFIX, 'pump-a', TARGET)).toEqual([TARGET_NAME, MODEL_NAME, DEFAULT_NAME]);
  });

  it('keeps the two-level lookup without a target, and the default alone without a model', () => {
    expect(policyLookup(PREFIX, 'pump-a')).toEqual([MODEL_NAME, DEFAULT_NAME]);
    expect(policyLookup(PREFIX, 'pump-a', null)).toEqual([MODEL_NAME, DEFAULT_NAME]);
    expect(policyLookup(PREFIX, 'pump-a', { account: '', region: '' })).toEqual([MODEL_NAME, DEFAULT_NAME]);
    expect(policyLookup(PREFIX, null, TARGET)).toEqual([DEFAULT_NAME]);
  });

  it('answers from the target level first, over a model policy and the default', async () => {
    const params = source({
      [TARGET_NAME]: policy('dry-run'),
      [MODEL_NAME]: policy('enforce'),
      [DEFAULT_NAME]: '{}',
    });
    const { found, lookedUp } = await readPolicyParameter(params, PREFIX, 'pump-a', TARGET);
    expect(found).toEqual({
      source: 'target',
      parameterName: TARGET_NAME,
      version: 3,
      text: policy('dry-run'),
    });
    expect(lookedUp).toEqual([TARGET_NAME, MODEL_NAME, DEFAULT_NAME]);
    expect(params.asked).toEqual([TARGET_NAME]);
  });

  it('falls to the model policy when the target has none', async () => {
    const params = source({ [MODEL_NAME]: policy('enforce'), [DEFAULT_NAME]: policy('dry-run') });
    const found = await readEffectivePolicy(params, PREFIX, 'pump-a', TARGET);
    expect(found).toMatchObject({ source: 'model', parameterName: MODEL_NAME });
    expect(found?.parsed.ok && found.parsed.policy.mode).toBe('enforce');
    expect(params.asked).toEqual([TARGET_NAME, MODEL_NAME]);
  });

  it('falls to the default when neither the target nor the model has one', async () => {
    const params = source({ [DEFAULT_NAME]: policy('dry-run') });
    const { found } = await readPolicyParameter(params, PREFIX, 'pump-a', TARGET);
    expect(found).toMatchObject({ source: 'default', parameterName: DEFAULT_NAME });
    expect(params.asked).toEqual([TARGET_NAME, MODEL_NAME, DEFAULT_NAME]);
  });

  it('says every name looked up when no level has a policy', async () => {
    const { found, lookedUp } = await readPolicyParameter(source({}), PREFIX, 'pump-a', TARGET);
    expect(found).toBeNull();
    expect(lookedUp).toEqual([TARGET_NAME, MODEL_NAME, DEFAULT_NAME]);
  });

  it("ignores another target's policy for the same model name", async () => {
    const other = `${PREFIX}/policies/targets/333333333333/eu-west-1/models/pump-a`;
    const params = source({ [other]: policy('dry-run'), [MODEL_NAME]: policy('enforce') });
    const { found } = await readPolicyParameter(params, PREFIX, 'pump-a', TARGET);
    expect(found).toMatchObject({ source: 'model', parameterName: MODEL_NAME });
    const elsewhere = await readPolicyParameter(params, PREFIX, 'pump-a', {
      account: '333333333333',
      region: 'us-east-1',
    });
    expect(elsewhere.found).toMatchObject({ source: 'model' });
  });

  it('reads as before for a deployment without target policies', async () => {
    const params = source({ [MODEL_NAME]: policy('enforce'), [DEFAULT_NAME]: policy('dry-run') });
    const withTarget = await readPolicyParameter(params, PREFIX, 'pump-a', TARGET);
    const without = await readPolicyParameter(params, PREFIX, 'pump-a');
    expect(withTarget.found).toEqual(without.found);
  });
});
