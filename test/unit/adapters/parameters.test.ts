import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createParameterSource } from '../../../lib/adapters/parameters.js';
import { readDeciderConfig } from '../../../lib/config.js';
import { DEFAULT_MAX_INVOCATION_ATTEMPTS } from '../../../lib/decide.js';
import { loadServerlessConfig } from '../../../local/aws/index.js';

const ssm = mockClient(SSMClient);
const NAME = '/p/policies/default';

beforeEach(() => {
  ssm.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('policies read fresh for every decision', () => {
  it('reads SSM on every call when nothing may be cached, so a policy change applies to the next decision', async () => {
    // Prepare
    ssm
      .on(GetParameterCommand)
      .resolvesOnce({ Parameter: { Name: NAME, Value: '{"mode":"enforce"}', Version: 1 } })
      .resolvesOnce({ Parameter: { Name: NAME, Value: '{"mode":"off"}', Version: 2 } });
    const source = createParameterSource(new SSMClient({}), { maxAgeSeconds: 0 });
    // Two decisions within the same millisecond: nothing is kept, even for that long.
    vi.useFakeTimers({ toFake: ['Date'] });
    // Act
    const first = await source.get(NAME);
    const second = await source.get(NAME);
    // Assess
    expect([first?.version, second?.version]).toEqual([1, 2]);
    expect(second?.value).toBe('{"mode":"off"}');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  it('apply-policy caches no policy unless told to', () => {
    const config = readDeciderConfig({ EVENT_BUS_NAME: 'b', STATE_TABLE_NAME: 't', PARAMETER_PREFIX: '/p' });
    expect(config.policyCacheSeconds).toBe(0);
  });
});

describe('the decision retry bound matches the deployed retry policy', () => {
  it('counts the first invocation and each of Lambda’s retries of apply-policy, and outlives one invocation with its lease', () => {
    const raw = loadServerlessConfig('serverless.yml', 'test').raw as {
      provider: { timeout: number };
      functions: { applyPolicy: { maximumRetryAttempts: number; timeout?: number } };
    };
    const fn = raw.functions.applyPolicy;
    expect(DEFAULT_MAX_INVOCATION_ATTEMPTS).toBe(fn.maximumRetryAttempts + 1);
    expect(fn.timeout ?? raw.provider.timeout).toBeLessThan(90);
  });
});
