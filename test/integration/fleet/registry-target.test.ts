// The registry item of each target holds the target as the dispatcher last resolved it (roles, external
// id, providers), parsed when read: poll-target and apply-policy resolve a target other than the home
// one from it with one read, and a target that is not registered, or is being removed, resolves to none.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createFleetRegistry } from '../../../lib/adapters/state-fleet.js';
import { reconcileFleet } from '../../../lib/fleet/registry.js';
import { silentLogger } from '../../../lib/logger.js';
import { spokeTarget } from '../../support/memory-fleet.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const A = spokeTarget('222222222222', 'eu-west-1');
const B = spokeTarget('333333333333', 'us-west-2');
const NOW = new Date('2026-01-01T00:00:00.000Z');
const options = { now: NOW, graceMs: 0, logger: silentLogger };

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function registry() {
  stack = await startTestStack({
    scenario: { startTime: '2026-01-01T00:00:00Z', datasets: [{ name: 'plant-data' }], models: [] },
  });
  return { s: stack, registry: createFleetRegistry(stack.documentClient, { tableName: stack.tableName }) };
}

describe('the resolved target in the fleet registry', () => {
  it('resolves a registered target as it was registered, and none for one not registered or being removed', async () => {
    // Prepare
    const { registry: fleet } = await registry();
    await reconcileFleet(fleet, [A, B], options);

    // Act
    const a = await fleet.resolved(A);
    const unknown = await fleet.resolved({ account: '444444444444', region: 'eu-west-1' });
    await reconcileFleet(fleet, [A], { ...options, graceMs: 60_000 });
    const removed = await fleet.resolved(B);

    // Assess
    expect(a).toEqual(A);
    expect(unknown).toBeNull();
    expect(removed).toBeNull();
  });

  it('keeps the target as the dispatcher last resolved it, without disturbing its health revision', async () => {
    // Prepare
    const { registry: fleet } = await registry();
    await reconcileFleet(fleet, [A], options);
    const stored = await fleet.readHealth(A);
    const changed = { ...A, providers: ['lookout-equipment', 'iot-sitewise'] as typeof A.providers };
    const { externalId: _, ...withoutId } = { ...A, readerRoleArn: undefined, activatorRoleArn: undefined };
    const home = { ...withoutId, home: true };

    // Act
    await reconcileFleet(fleet, [changed], options);
    const afterChange = await fleet.resolved(A);
    const written = await fleet.writeHealth(
      A,
      {
        target: A.key,
        account: A.account,
        region: A.region,
        consecutiveFailures: 0,
        failingSince: null,
        lastError: null,
        lastSuccessAt: NOW.toISOString(),
        alarmed: false,
      },
      stored?.rev ?? -1,
    );
    await reconcileFleet(fleet, [{ ...home, key: A.key }], options);

    // Assess
    expect(afterChange).toEqual(changed);
    expect(written).toBe(true);
    expect(await fleet.resolved(A)).toEqual({
      key: A.key,
      account: A.account,
      region: A.region,
      home: true,
      providers: A.providers,
    });
  });

  it('refuses a stored target that does not parse, and the dispatcher stores it again, as one registered before targets were stored', async () => {
    // Prepare
    const { s, registry: fleet } = await registry();
    const put = (item: Record<string, unknown>) =>
      s.documentClient.send(
        new PutCommand({
          TableName: s.tableName,
          Item: { pk: 'FLEET', addedAt: NOW.toISOString(), rev: 0, ...item },
        }),
      );
    await put({
      sk: `TARGET#${A.key}`,
      account: A.account,
      region: A.region,
      resolved: { home: false, providers: ['no-such-provider'] },
    });
    await put({ sk: `TARGET#${B.key}`, account: B.account, region: B.region });

    // Act
    const malformed = await fleet.resolved(A).catch((error: unknown) => error);
    const before = await fleet.resolved(B);
    const reconciled = await reconcileFleet(fleet, [A, B], options);

    // Assess
    expect(String(malformed)).toMatch(/StoredTargetError: .*222222222222\/eu-west-1.*providers/);
    expect(before).toBeNull();
    expect(reconciled.refreshed).toEqual([A.key, B.key]);
    expect(await fleet.resolved(A)).toEqual(A);
    expect(await fleet.resolved(B)).toEqual(B);
  });
});
