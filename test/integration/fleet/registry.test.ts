// The fleet registry over the state table: a target newly listed is registered and its first cycle
// baselines (no flood of its history), a target no longer listed leaves nothing behind (its watch
// partitions of every provider and its registry item), and the health record is written conditionally.
import { BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createFleetRegistry } from '../../../lib/adapters/state-fleet.js';
import { createModelStateStore } from '../../../lib/adapters/state-model.js';
import { watchPartition } from '../../../lib/adapters/state-table.js';
import { PROVIDER_NAMES } from '../../../lib/core/model.js';
import type { TargetHealth } from '../../../lib/core/target-health.js';
import { reconcileFleet } from '../../../lib/fleet/registry.js';
import { silentLogger } from '../../../lib/logger.js';
import { runWatchCycle } from '../../../lib/watch.js';
import type { Scenario } from '../../../local/emulator/index.js';
import { spokeTarget } from '../../support/memory-fleet.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const DAY = 24 * 3600 * 1000;
const A = spokeTarget('222222222222', 'eu-west-1');
const B = spokeTarget('333333333333', 'us-west-2');
const options = (now: Date, graceMs = 0) => ({ now, graceMs, logger: silentLogger });

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function start(models: Scenario['models'] = []): Promise<TestStack> {
  stack = await startTestStack({
    scenario: { startTime: '2026-01-01T00:00:00Z', datasets: [{ name: 'plant-data' }], models },
  });
  return stack;
}

const registryOf = (s: TestStack) => createFleetRegistry(s.documentClient, { tableName: s.tableName });

async function itemsIn(s: TestStack, pk: string): Promise<number> {
  const page = await s.documentClient.send(
    new QueryCommand({
      TableName: s.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      Select: 'COUNT',
    }),
  );
  return page.Count ?? 0;
}

/** `count` model items in the target's partition of every provider, in batches of 25. */
async function fillState(s: TestStack, target: typeof A & { home: boolean }, count: number) {
  for (const provider of PROVIDER_NAMES) {
    const pk = watchPartition(provider, target);
    for (let start = 0; start < count; start += 25) {
      const names = Array.from({ length: Math.min(25, count - start) }, (_, i) => `model-${start + i}`);
      await s.documentClient.send(
        new BatchWriteCommand({
          RequestItems: {
            [s.tableName]: names.map((modelName) => ({
              PutRequest: { Item: { pk, sk: `MODEL#${modelName}`, modelName, rev: 1, pending: {} } },
            })),
          },
        }),
      );
    }
  }
}

const health = (failures: number): TargetHealth => ({
  target: `${A.account}/${A.region}`,
  account: A.account,
  region: A.region,
  consecutiveFailures: failures,
  failingSince: failures > 0 ? '2026-01-01T00:00:00.000Z' : null,
  lastError: failures > 0 ? 'AccessDenied' : null,
  lastSuccessAt: null,
  alarmed: false,
});

describe('reconciling the fleet registry with the targets parameter', () => {
  it('registers each new target once', async () => {
    // Prepare
    const s = await start();
    const registry = registryOf(s);

    // Act
    const first = await reconcileFleet(registry, [A, B], options(new Date('2026-01-01T00:00:00Z')));
    const second = await reconcileFleet(registry, [A, B], options(new Date('2026-01-01T00:05:00Z')));

    // Assess
    expect(first.added).toEqual(['222222222222/eu-west-1', '333333333333/us-west-2']);
    expect(second).toEqual({
      added: [],
      refreshed: [],
      removed: [],
      forgotten: [],
      deletedItems: 0,
      failed: [],
    });
    expect((await registry.list()).map((t) => [t.key, t.addedAt])).toEqual([
      ['222222222222/eu-west-1', '2026-01-01T00:00:00.000Z'],
      ['333333333333/us-west-2', '2026-01-01T00:00:00.000Z'],
    ]);
  });

  it("deletes a removed target's watch partitions of every provider and its registry item, over several pages", async () => {
    // Prepare: 60 models per provider in A (three batches each), 3 in B, and the home partitions
    const s = await start();
    const registry = registryOf(s);
    await reconcileFleet(registry, [A, B], options(new Date('2026-01-01T00:00:00Z')));
    await fillState(s, { ...A, home: false }, 60);
    await fillState(s, { ...B, home: false }, 3);
    await s.documentClient.send(
      new PutCommand({
        TableName: s.tableName,
        Item: { pk: 'WATCH', sk: 'MODEL#model-0', modelName: 'model-0', rev: 1 },
      }),
    );

    // Act
    const removed = await reconcileFleet(registry, [B], options(new Date('2026-01-01T00:05:00Z')));

    // Assess
    expect(removed).toMatchObject({
      removed: ['222222222222/eu-west-1'],
      forgotten: ['222222222222/eu-west-1'],
    });
    expect(removed.deletedItems).toBe(60 * PROVIDER_NAMES.length);
    for (const provider of PROVIDER_NAMES) {
      expect(await itemsIn(s, watchPartition(provider, { ...A, home: false }))).toBe(0);
      expect(await itemsIn(s, watchPartition(provider, { ...B, home: false }))).toBe(3);
    }
    expect(await itemsIn(s, 'WATCH')).toBe(1);
    expect((await registry.list()).map((t) => t.key)).toEqual(['333333333333/us-west-2']);
  });

  it('keeps a removed target marked for the grace period, sweeping its partitions again before forgetting it', async () => {
    // Prepare
    const s = await start();
    const registry = registryOf(s);
    await reconcileFleet(registry, [A], options(new Date('2026-01-01T00:00:00Z')));
    const grace = 15 * 60 * 1000;
    const removed = await reconcileFleet(registry, [], options(new Date('2026-01-01T00:05:00Z'), grace));
    // a cycle that read the targets before the removal writes its state afterwards
    await fillState(s, { ...A, home: false }, 2);

    // Act
    const swept = await reconcileFleet(registry, [], options(new Date('2026-01-01T00:10:00Z'), grace));
    const last = await reconcileFleet(registry, [], options(new Date('2026-01-01T00:20:00Z'), grace));

    // Assess
    expect(removed).toMatchObject({ removed: ['222222222222/eu-west-1'], forgotten: [] });
    expect(swept).toMatchObject({ removed: [], forgotten: [], deletedItems: 2 * PROVIDER_NAMES.length });
    expect(last).toMatchObject({ forgotten: ['222222222222/eu-west-1'] });
    expect(await registry.list()).toEqual([]);
    expect(await registry.readHealth(A)).toBeNull();
  });

  it('takes a target listed again while its removal was under way back, with no health', async () => {
    // Prepare
    const s = await start();
    const registry = registryOf(s);
    await reconcileFleet(registry, [A], options(new Date('2026-01-01T00:00:00Z')));
    await registry.writeHealth(A, health(2), 0);
    await reconcileFleet(registry, [], options(new Date('2026-01-01T00:05:00Z'), 3_600_000));

    // Act
    const again = await reconcileFleet(registry, [A], options(new Date('2026-01-01T00:10:00Z'), 3_600_000));

    // Assess
    expect(again.added).toEqual(['222222222222/eu-west-1']);
    expect(await registry.readHealth(A)).toMatchObject({ health: null });
  });
});

describe("a target's health record", () => {
  it('is written only over the revision it was read at', async () => {
    // Prepare
    const s = await start();
    const registry = registryOf(s);
    await reconcileFleet(registry, [A], options(new Date('2026-01-01T00:00:00Z')));
    const read = await registry.readHealth(A);

    // Act
    const first = await registry.writeHealth(A, health(1), read?.rev ?? -1);
    const stale = await registry.writeHealth(A, health(5), read?.rev ?? -1);

    // Assess
    expect(read).toEqual({ health: null, rev: 0 });
    expect([first, stale]).toEqual([true, false]);
    expect(await registry.readHealth(A)).toEqual({ health: health(1), rev: 1 });
  });

  it('is never written for a target not registered, so a removed target is not brought back', async () => {
    // Prepare
    const s = await start();
    const registry = registryOf(s);

    // Act
    const written = await registry.writeHealth(B, health(1), 0);

    // Assess
    expect(written).toBe(false);
    expect(await registry.list()).toEqual([]);
  });
});

describe('a target newly listed', () => {
  it('publishes no flood of its history on its first cycle: it baselines', async () => {
    // Prepare: three models retrained every 30 days for 200 days before the target joins the fleet
    const s = await start(
      ['pump-1', 'pump-2', 'fan-1'].map((name) => ({
        name,
        dataset: 'plant-data',
        retrainingScheduler: { frequency: 'P30D', promoteMode: 'MANUAL' as const, startDate: 'P1D' },
      })),
    );
    s.emulator.advance('P200D');
    const registry = registryOf(s);
    const added = await reconcileFleet(registry, [A], options(new Date(s.emulator.now())));
    const store = createModelStateStore(s.documentClient, {
      tableName: s.tableName,
      target: { ...A, home: false },
    });

    // Act
    const report = await runWatchCycle(
      { ...s, store },
      { now: new Date(s.emulator.now()), owner: 'first', leaseMs: 60_000, baselineLookbackMs: DAY },
    );

    // Assess: every version is known, and none of the history (all of it older than a day) is reported
    expect(added.added).toEqual(['222222222222/eu-west-1']);
    expect((await s.provider.listVersions('pump-1')).length).toBeGreaterThanOrEqual(7);
    expect(report.errors).toEqual([]);
    expect(report.models).toBe(3);
    expect(report.published).toBe(0);
    expect(s.bus.accepted()).toEqual([]);
  });
});
