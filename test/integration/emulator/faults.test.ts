// Fault injection: seeded throttling and 5xx, added latency and "fail the next N calls", with the
// statistics others use to count API calls exactly.

import { ListModelsCommand } from '@aws-sdk/client-lookoutequipment';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../../local/emulator/index.js';
import { lookoutClient } from './support/sdk.js';
import { callWire, control } from './support/wire.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(() => {
  emulator.reset();
});

async function statuses(operation: string, count: number): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await callWire(emulator.url, operation, {})).status);
  return result;
}

describe('probabilistic faults', () => {
  it('throttles and fails with the same sequence for the same seed', async () => {
    // Prepare
    const config = { seed: 7, operations: { ListModels: { throttle: 0.3, error5xx: 0.2 } } };

    // Act
    emulator.setFaults(config);
    const first = await statuses('ListModels', 40);
    emulator.setFaults(config);
    const second = await statuses('ListModels', 40);
    emulator.setFaults({ ...config, seed: 8 });
    const otherSeed = await statuses('ListModels', 40);
    const untouched = await statuses('ListDatasets', 5);

    // Assess
    expect(second).toEqual(first);
    expect(otherSeed).not.toEqual(first);
    expect(first).toContain(429);
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(untouched).toEqual([200, 200, 200, 200, 200]);
    const stats = emulator.stats();
    expect(stats.calls.ListModels).toBe(120);
    const faulted = [...first, ...second, ...otherSeed];
    expect(stats.faults.ListModels).toEqual({
      throttled: faulted.filter((s) => s === 429).length,
      errors: faulted.filter((s) => s === 500).length,
    });
  });

  it('applies default rules to every operation', async () => {
    // Prepare
    emulator.setFaults({ seed: 1, default: { error5xx: 1 } });

    // Act
    const answers = await Promise.all(
      ['ListModels', 'ListDatasets', 'DescribeModel'].map((op) => callWire(emulator.url, op, {})),
    );

    // Assess
    expect(answers.map((a) => [a.status, a.body.__type])).toEqual(
      Array(3).fill([500, 'com.amazonaws.lookoutequipment#InternalServerException']),
    );
  });
});

describe('latency and failNext', () => {
  it('adds latency to the configured operation', async () => {
    // Prepare
    emulator.setFaults({ operations: { ListModels: { latencyMs: 150 } } });

    // Act
    const started = performance.now();
    const answer = await callWire(emulator.url, 'ListModels', {});
    const elapsed = performance.now() - started;

    // Assess
    expect(answer.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(145);
  });

  it('throttles the next N calls, which the SDK retries', async () => {
    // Prepare
    const once = lookoutClient(emulator.url, { maxAttempts: 1 });
    const retrying = lookoutClient(emulator.url, { maxAttempts: 3 });
    emulator.setFaults({ operations: { ListModels: { failNext: 2 } } });

    // Act
    await expect(once.send(new ListModelsCommand({}))).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 429 },
    });
    await expect(once.send(new ListModelsCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException' });
    const third = await once.send(new ListModelsCommand({}));
    emulator.resetStats();
    emulator.setFaults({ operations: { ListModels: { failNext: 2 } } });
    const retried = await retrying.send(new ListModelsCommand({}));

    // Assess
    expect(third.ModelSummaries).toEqual([]);
    expect(retried.$metadata.attempts).toBe(3);
    expect(emulator.stats()).toEqual({
      calls: { ListModels: 3 },
      faults: { ListModels: { throttled: 2, errors: 0 } },
    });
    once.destroy();
    retrying.destroy();
  });

  it('is configured and read back through the control API', async () => {
    // Prepare
    const config = { seed: 3, default: { latencyMs: 1 }, operations: { DescribeModel: { throttle: 0.5 } } };

    // Act
    const set = await control(emulator.url, 'POST', 'faults', config);
    const read = await control(emulator.url, 'GET', 'faults');
    const invalid = await control(emulator.url, 'POST', 'faults', {
      operations: { ListModels: { throttle: 2 } },
    });
    const stats = await control(emulator.url, 'GET', 'stats');
    const cleared = await control(emulator.url, 'POST', 'stats/reset');

    // Assess
    expect(set).toEqual({ status: 200, body: config });
    expect(read.body).toEqual(config);
    expect(invalid.status).toBe(400);
    expect(stats.body).toEqual({ calls: {}, faults: {} });
    expect(cleared.body).toEqual({ calls: {}, faults: {} });
  });
});
