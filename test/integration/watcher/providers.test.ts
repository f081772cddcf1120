// The watcher over two providers: L4E (the emulator) and a second provider's models, each watched in
// its own partition of one state table. Neither cycle sees the other's models as deleted, every event
// names its provider, and a provider that fails leaves the other's cycle whole.
import { afterEach, describe, expect, it } from 'vitest';
import { createModelStateStore } from '../../../lib/adapters/state-model.js';
import type { ModelDetail } from '../../../lib/core/model.js';
import type { ModelProvider } from '../../../lib/ports.js';
import { runProviderCycles } from '../../../lib/watch-providers.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const DAY = 24 * 3600 * 1000;
const CM = 'a1b2c3d4-0000-4000-8000-00000000000a';
const CM_ARN = `arn:aws:iotsitewise:us-east-1:123456789012:computation-model/${CM}`;

/** A SiteWise model as its adapter describes it: idle, one active version, no retraining scheduler. */
const sitewiseModel: ModelDetail = {
  name: CM,
  origin: { provider: 'iot-sitewise', computationModelId: CM },
  arn: CM_ARN,
  status: 'SUCCESS',
  createdAt: '2025-12-01T00:00:00.000Z',
  activeVersion: 1,
  activeVersionArn: null,
  latestRunVersion: null,
  latestRunStatus: null,
  latestRunStartTime: null,
  nextRetrainingDate: null,
  schedulerStatus: null,
  modelQuality: null,
  activatedAt: '2025-12-31T12:00:00.000Z',
  previousActiveVersion: null,
  previousActivatedAt: null,
  latestRunFailedReason: null,
  latestRunAvailableDataInDays: null,
};

/** The second provider, in memory: it knows its one model and nothing else. */
function secondProvider(options: { failList?: boolean } = {}): ModelProvider {
  return {
    isModelName: (name) => name === CM,
    modelNameOf: (arn) => (arn === CM_ARN ? CM : null),
    async *listModelPages() {
      if (options.failList) throw new Error('list refused');
      yield [sitewiseModel];
    },
    describeModel: async (name) => (name === CM ? sitewiseModel : null),
    describeVersion: async () => null,
    describeRetrainingSchedule: async () => null,
    activateVersion: async () => ({ previous: 1, current: 1 }),
    listVersions: async () => [],
    isRetryable: () => false,
  };
}

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function start(): Promise<TestStack> {
  stack = await startTestStack({
    scenario: {
      startTime: '2026-01-01T00:00:00Z',
      datasets: [{ name: 'plant-data' }],
      models: [{ name: 'pump-1', dataset: 'plant-data' }],
    },
  });
  return stack;
}

function watches(s: TestStack, second: ModelProvider) {
  const sitewiseStore = createModelStateStore(s.documentClient, {
    tableName: s.tableName,
    provider: 'iot-sitewise',
  });
  return [
    { name: 'lookout-equipment' as const, deps: s },
    { name: 'iot-sitewise' as const, deps: { ...s, provider: second, store: sitewiseStore } },
  ];
}

let owners = 0;
function cycle(s: TestStack, second: ModelProvider) {
  owners += 1;
  return runProviderCycles(watches(s, second), {
    now: new Date(s.emulator.now()),
    owner: `cycle-${owners}`,
    leaseMs: 60_000,
    baselineLookbackMs: DAY,
  });
}

describe('a watch cycle over two providers', () => {
  it("never reports one provider's models deleted because the other does not list them", async () => {
    // Prepare
    const s = await start();
    await cycle(s, secondProvider());

    // Act
    const second = await cycle(s, secondProvider());

    // Assess
    expect(second.providers.map((p) => [p.provider, p.report?.models, p.report?.deleted])).toEqual([
      ['lookout-equipment', 1, 0],
      ['iot-sitewise', 1, 0],
    ]);
    const gone = s.bus.accepted().filter((e) => (e.detail as Record<string, unknown>).activeVersion === null);
    expect(gone).toEqual([]);
  });

  it('publishes events that name the provider of their model', async () => {
    // Prepare
    const s = await start();

    // Act: a first observation reports the SiteWise model's active version (changed within a day)
    const report = await cycle(s, secondProvider());

    // Assess
    expect(report.errors).toEqual([]);
    const providers = s.bus.accepted().map((e) => {
      const detail = e.detail as Record<string, unknown>;
      return [detail.modelName, detail.provider, detail.computationModelId];
    });
    expect(providers).toContainEqual([CM, 'iot-sitewise', CM]);
    for (const [name, provider] of providers) {
      expect(provider).toBe(name === CM ? 'iot-sitewise' : 'lookout-equipment');
    }
  });

  it("keeps one provider's cycle whole when the other's fails, and counts the failure", async () => {
    // Prepare
    const s = await start();

    // Act
    const report = await cycle(s, secondProvider({ failList: true }));

    // Assess
    const [l4e, sitewise] = report.providers;
    expect(l4e?.report?.models).toBe(1);
    expect(sitewise).toMatchObject({ provider: 'iot-sitewise', report: null, error: 'Error: list refused' });
    expect(report.models).toBe(1);
    expect(report.errors).toEqual([{ model: '(every iot-sitewise model)', message: 'Error: list refused' }]);
  });
});

describe('a watch cycle whose every provider fails', () => {
  it('fails as a whole with the first provider’s error, as a cycle over one provider does', async () => {
    // Prepare
    const s = await start();
    const broken = { ...s, provider: secondProvider({ failList: true }) };

    // Act
    const outcome = runProviderCycles([{ name: 'iot-sitewise', deps: broken }], {
      now: new Date(s.emulator.now()),
      owner: 'cycle-failing',
      leaseMs: 60_000,
      baselineLookbackMs: DAY,
    });

    // Assess
    await expect(outcome).rejects.toThrow('list refused');
  });
});
