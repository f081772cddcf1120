// Each fleet target's models live in watch partitions of their own: two accounts (or regions) with a
// model of the same name never share its state, and the home target keeps the partitions of releases
// before the fleet, so a deployment upgraded in place reads what it stored.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createModelStateStore } from '../../../lib/adapters/state-model.js';
import { watchPartition } from '../../../lib/adapters/state-table.js';
import type { ModelProvider } from '../../../lib/ports.js';
import { runWatchCycle } from '../../../lib/watch.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const DAY = 24 * 3600 * 1000;
const HOME = { account: '111111111111', region: 'us-east-1', home: true };
const SPOKE = { account: '222222222222', region: 'eu-west-1', home: false };

/** A provider that lists no model at all: every model a shared state held would be reported deleted. */
const emptyProvider: ModelProvider = {
  isModelName: () => true,
  modelNameOf: () => null,
  async *listModelPages() {
    yield [];
  },
  describeModel: async () => null,
  describeVersion: async () => null,
  describeRetrainingSchedule: async () => null,
  activateVersion: async () => ({ previous: null, current: null }),
  listVersions: async () => [],
  isRetryable: () => false,
};

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

let owners = 0;
function cycle(s: TestStack, provider: ModelProvider, target: typeof HOME) {
  owners += 1;
  const store = createModelStateStore(s.documentClient, { tableName: s.tableName, target });
  return runWatchCycle(
    { ...s, provider, store },
    { now: new Date(s.emulator.now()), owner: `cycle-${owners}`, leaseMs: 60_000, baselineLookbackMs: DAY },
  );
}

describe('the watch partition of a fleet target', () => {
  it('is the partition of earlier releases for the home target, and its own for any other', () => {
    expect(watchPartition('lookout-equipment')).toBe('WATCH');
    expect(watchPartition('lookout-equipment', HOME)).toBe('WATCH');
    expect(watchPartition('iot-sitewise', HOME)).toBe('WATCH#iot-sitewise');
    expect(watchPartition('lookout-equipment', SPOKE)).toBe('WATCH#lookout-equipment#222222222222#eu-west-1');
    expect(watchPartition('iot-sitewise', SPOKE)).toBe('WATCH#iot-sitewise#222222222222#eu-west-1');
  });

  it("never reports a target's models deleted because another target with the same names lists none", async () => {
    // Prepare: the spoke's pump-1 is watched and stored
    const s = await start();
    await cycle(s, s.provider, SPOKE);
    const before = s.bus.accepted().length;

    // Act: the home target, which lists no model, runs its cycle
    const home = await cycle(s, emptyProvider, HOME);
    const spokeAgain = await cycle(s, s.provider, SPOKE);

    // Assess
    expect(home.deleted).toBe(0);
    expect(home.models).toBe(0);
    expect(spokeAgain.deleted).toBe(0);
    expect(s.bus.accepted().length).toBe(before);
    const spokeStates = await createModelStateStore(s.documentClient, {
      tableName: s.tableName,
      target: SPOKE,
    }).loadModelStates();
    expect([...spokeStates.keys()]).toEqual(['pump-1']);
  });

  it('reads for the home target the watch item a release before the fleet stored under WATCH', async () => {
    // Prepare
    const s = await start();
    await cycle(s, s.provider, SPOKE);
    const stored = await createModelStateStore(s.documentClient, {
      tableName: s.tableName,
      target: SPOKE,
    }).loadModelStates();
    const snapshot = stored.get('pump-1')?.snapshot;
    await s.documentClient.send(
      new PutCommand({
        TableName: s.tableName,
        Item: { pk: 'WATCH', sk: 'MODEL#pump-1', modelName: 'pump-1', rev: 3, snapshot, pending: {} },
      }),
    );

    // Act
    const legacy = await createModelStateStore(s.documentClient, {
      tableName: s.tableName,
    }).loadModelStates();
    const home = await createModelStateStore(s.documentClient, {
      tableName: s.tableName,
      target: HOME,
    }).loadModelStates();

    // Assess
    expect(home.get('pump-1')?.rev).toBe(3);
    expect(home).toEqual(legacy);
  });
});
