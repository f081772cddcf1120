// The per-target poller: one cycle per queue record, with the target's own state and providers. A
// malformed record is reported failed (it ends in the dead-letter queue), a target no longer listed is
// dropped, a target that cannot be reached has its health recorded and is retried only when a retry can
// help, its unreachable event goes out before the health that says it went out, and records run side by
// side within a bound without one failing the others.
import { describe, expect, it } from 'vitest';
import { pollTargets, type TargetPollDeps } from '../../../lib/fleet/poll-target.js';
import { encodeTargetMessage } from '../../../lib/fleet/target-message.js';
import { silentLogger } from '../../../lib/logger.js';
import type { ModelProvider } from '../../../lib/ports.js';
import type { Target } from '../../../lib/targets.js';
import { memoryPublisher, memoryRegistry, memoryStore, spokeTarget } from '../../support/memory-fleet.js';

const NOW = new Date('2026-01-01T00:05:00.000Z');
const HOME_KEY = '111111111111/us-east-1';
const A = spokeTarget('222222222222', 'eu-west-1');
const B = spokeTarget('333333333333', 'us-west-2');
const home = spokeTarget('111111111111', 'us-east-1');

class Refused extends Error {
  override name = 'AccessDenied';
  $metadata = { httpStatusCode: 403 };
}
class Throttled extends Error {
  override name = 'Throttling';
  $metadata = { httpStatusCode: 400 };
}

/** A provider with no models, or whose every call fails with `error`; `delayMs` holds its list call. */
function provider(error?: Error, delayMs = 0, inFlight?: { now: number; max: number }): ModelProvider {
  return {
    isModelName: () => true,
    modelNameOf: () => null,
    async *listModelPages() {
      if (inFlight) inFlight.max = Math.max(inFlight.max, ++inFlight.now);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (inFlight) inFlight.now -= 1;
      if (error) throw error;
      yield [];
    },
    describeModel: async () => null,
    describeVersion: async () => null,
    describeRetrainingSchedule: async () => null,
    activateVersion: async () => ({ previous: null, current: null }),
    listVersions: async () => [],
    isRetryable: () => false,
  };
}

const message = (target: Target, cycleAt = NOW.toISOString()) => ({
  id: `m-${target.account}`,
  body: encodeTargetMessage({ account: target.account, region: target.region, cycleAt }),
});

interface Setup {
  targets?: Target[];
  errors?: Partial<Record<string, Error>>;
  publishFails?: () => boolean;
  inFlight?: { now: number; max: number };
}

async function setup(options: Setup = {}) {
  const registry = memoryRegistry();
  const targets = options.targets ?? [A, B];
  for (const target of targets) await registry.add(target, NOW.toISOString());
  const { publisher, published } = memoryPublisher(options.publishFails);
  const stores = new Map<string, ReturnType<typeof memoryStore>>();
  const deps: TargetPollDeps = {
    providersFor: (target) => [
      { name: 'lookout-equipment', provider: provider(options.errors?.[target.key], 5, options.inFlight) },
    ],
    storeFor: (target, name) => {
      const key = `${target.key}#${name}`;
      const store = stores.get(key) ?? memoryStore();
      stores.set(key, store);
      return store;
    },
    retryable: (error) => error instanceof Throttled,
    activations: { autopilotActivations: async () => new Map(), activationRecord: async () => null },
    publisher,
    registry,
    logger: silentLogger,
  };
  return { deps, registry, published };
}

const options = (now = NOW, concurrency = 4) => ({
  now,
  homeKey: HOME_KEY,
  cycle: { leaseMs: 60_000, baselineLookbackMs: 86_400_000 },
  owner: () => 'owner',
  concurrency,
  alarmAfter: 2,
  secrets: ['fleet-external-id'],
});

describe('polling fleet targets from queue records', () => {
  it('runs each listed target once and reports nothing to retry', async () => {
    // Prepare
    const { deps, registry } = await setup();

    // Act
    const results = await pollTargets(deps, [message(A), message(B)], options());

    // Assess
    expect(results.map((r) => [r.target, r.status, r.retry])).toEqual([
      [A.key, 'polled', false],
      [B.key, 'polled', false],
    ]);
    expect((await registry.readHealth(A))?.health).toMatchObject({
      consecutiveFailures: 0,
      lastSuccessAt: NOW.toISOString(),
    });
  });

  it('reports a malformed record failed, never dropping it, and still runs the others', async () => {
    // Prepare
    const { deps } = await setup();

    // Act
    const results = await pollTargets(deps, [{ id: 'bad', body: '{"account":1}' }, message(B)], options());

    // Assess
    expect(results.map((r) => [r.id, r.status, r.retry])).toEqual([
      ['bad', 'malformed', true],
      [`m-${B.account}`, 'polled', false],
    ]);
  });

  it('drops a record of a target the registry does not hold, or holds as removed', async () => {
    // Prepare
    const { deps, registry } = await setup({ targets: [B] });
    await registry.markRemoved(B, NOW.toISOString());

    // Act
    const results = await pollTargets(deps, [message(A), message(B)], options());

    // Assess
    expect(results.map((r) => [r.target, r.status, r.retry])).toEqual([
      [A.key, 'dropped', false],
      [B.key, 'dropped', false],
    ]);
  });

  it('runs a target as the registry holds it, reading only that target’s item', async () => {
    // Prepare: the registry holds A with other roles and external id than the list it was made from
    const { deps, registry } = await setup();
    const other = {
      ...A,
      readerRoleArn: `arn:aws:iam::${A.account}:role/plant-reader`,
      externalId: 'another-external-id',
    };
    await registry.refresh(other);
    const reached: Target[] = [];
    const read: string[] = [];
    const resolved = registry.resolved.bind(registry);
    const traced = {
      ...deps,
      providersFor: (target: Target) => {
        reached.push(target);
        return deps.providersFor(target);
      },
      registry: {
        ...registry,
        resolved: async (member: { account: string; region: string }) => {
          read.push(`${member.account}/${member.region}`);
          return resolved(member);
        },
      },
    };

    // Act
    const results = await pollTargets(traced, [message(A), message(home)], options());

    // Assess
    expect(results.map((r) => [r.target, r.status])).toEqual([
      [A.key, 'polled'],
      [HOME_KEY, 'dropped'],
    ]);
    expect(reached).toEqual([other]);
    expect(read).toEqual([A.key]);
  });

  it('reports a record whose target could not be read from the registry failed, so it comes back', async () => {
    // Prepare
    const { deps, registry } = await setup();
    const failing = {
      ...deps,
      registry: {
        ...registry,
        resolved: async () => {
          throw new Throttled('Rate exceeded');
        },
      },
    };

    // Act
    const [result] = await pollTargets(failing, [message(A)], options());

    // Assess
    expect(result).toMatchObject({ target: A.key, status: 'unresolved', retry: true });
    expect(result?.error).toContain('Rate exceeded');
  });

  it('records a refused role in the health and does not retry it; the other target is polled', async () => {
    // Prepare
    const refused = new Refused('not authorized to perform sts:AssumeRole with ExternalId=fleet-external-id');
    const { deps, registry } = await setup({ errors: { [A.key]: refused } });

    // Act
    const results = await pollTargets(deps, [message(A), message(B)], options());

    // Assess
    expect(results.map((r) => [r.target, r.status, r.retry])).toEqual([
      [A.key, 'unreachable', false],
      [B.key, 'polled', false],
    ]);
    const health = (await registry.readHealth(A))?.health;
    expect(health).toMatchObject({ consecutiveFailures: 1, alarmed: false });
    expect(health?.lastError).toContain('AccessDenied');
    expect(JSON.stringify([health, results])).not.toContain('fleet-external-id');
  });

  it('reports a cycle that failed on throttling failed, so the record comes back', async () => {
    // Prepare
    const { deps, registry } = await setup({ errors: { [A.key]: new Throttled('Rate exceeded') } });

    // Act
    const [result] = await pollTargets(deps, [message(A)], options());

    // Assess
    expect(result).toMatchObject({ status: 'unreachable', retry: true });
    expect((await registry.readHealth(A))?.health?.consecutiveFailures).toBe(1);
  });

  it('publishes the unreachable event before recording it raised, and again next cycle when the publish failed', async () => {
    // Prepare: the second failure in a row raises the alarm; the bus is down for that cycle
    let busDown = false;
    const { deps, registry, published } = await setup({
      errors: { [A.key]: new Refused('denied') },
      publishFails: () => busDown,
    });
    await pollTargets(deps, [message(A)], options(new Date('2026-01-01T00:00:00Z')));
    busDown = true;

    // Act
    await pollTargets(deps, [message(A)], options(new Date('2026-01-01T00:05:00Z')));
    const unsent = await registry.readHealth(A);
    busDown = false;
    await pollTargets(deps, [message(A)], options(new Date('2026-01-01T00:10:00Z')));
    await pollTargets(deps, [message(A)], options(new Date('2026-01-01T00:15:00Z')));

    // Assess
    expect(unsent?.health).toMatchObject({ consecutiveFailures: 1, alarmed: false });
    expect(published.map((e) => e.detailType)).toEqual(['Fleet Target Unreachable']);
    expect((await registry.readHealth(A))?.health).toMatchObject({ consecutiveFailures: 3, alarmed: true });
  });

  it('runs at most `concurrency` records at once', async () => {
    // Prepare
    const targets = Array.from({ length: 7 }, (_, i) => spokeTarget(String(400000000000 + i), 'eu-west-1'));
    const inFlight = { now: 0, max: 0 };
    const { deps } = await setup({ targets, inFlight });

    // Act
    const results = await pollTargets(
      deps,
      targets.map((t) => message(t)),
      options(NOW, 3),
    );

    // Assess
    expect(results.every((r) => r.status === 'polled')).toBe(true);
    expect(inFlight.max).toBe(3);
  });
});
