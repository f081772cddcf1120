// The dispatcher: one message per target other than the home one, in batches of ten, the entries the
// queue refuses sent again a bounded number of times, and the registry kept equal to the fleet.
import { describe, expect, it } from 'vitest';
import { dispatchTargets } from '../../../lib/fleet/dispatch.js';
import { parseTargetMessage } from '../../../lib/fleet/target-message.js';
import { silentLogger } from '../../../lib/logger.js';
import type { SendBatchResult } from '../../../lib/ports.js';
import type { Target } from '../../../lib/targets.js';
import { memoryQueue, memoryRegistry, spokeTarget } from '../../support/memory-fleet.js';

const HOME: Target = {
  key: '111111111111/us-east-1',
  account: '111111111111',
  region: 'us-east-1',
  home: true,
  providers: ['lookout-equipment'],
};
const NOW = new Date('2026-01-01T00:05:00.000Z');
const spokes = (count: number) =>
  Array.from({ length: count }, (_, i) => spokeTarget(String(200000000000 + i), 'eu-west-1'));

function deps(targets: Target[], queue = memoryQueue(), registry = memoryRegistry()) {
  return { targets: async () => targets, registry, queue, logger: silentLogger };
}
const options = { now: NOW, homeKey: HOME.key, removalGraceMs: 0, sleep: async () => {} };

describe('dispatching the fleet', () => {
  it('sends one message per target but the home one, in batches of ten', async () => {
    // Prepare
    const queue = memoryQueue();

    // Act
    const report = await dispatchTargets(deps([HOME, ...spokes(23)], queue), options);

    // Assess
    expect(queue.batches.map((batch) => batch.length)).toEqual([10, 10, 3]);
    const messages = queue.accepted.map(parseTargetMessage);
    expect(messages).toHaveLength(23);
    expect(messages.map((m) => `${m.account}/${m.region}`)).not.toContain(HOME.key);
    expect(new Set(messages.map((m) => m.cycleAt))).toEqual(new Set([NOW.toISOString()]));
    expect(report).toMatchObject({ targets: 23, dispatched: 23, undispatched: [] });
    expect(report.registry.added).toHaveLength(23);
  });

  it('sends again the entries the queue failed, until they are taken', async () => {
    // Prepare: the first send fails two entries, the second one of them
    const queue = memoryQueue((batch, call) => ({
      failed: (call === 1 ? batch.slice(0, 2) : call === 2 ? batch.slice(0, 1) : []).map((m) => ({
        id: m.id,
        code: 'ServiceUnavailable',
        retryable: true,
      })),
    }));

    // Act
    const report = await dispatchTargets(deps(spokes(5), queue), options);

    // Assess
    expect(queue.batches.map((batch) => batch.length)).toEqual([5, 2, 1]);
    expect(report).toMatchObject({ dispatched: 5, undispatched: [] });
    expect(queue.accepted).toHaveLength(5);
  });

  it('gives up on an entry after the attempts, and never resends one refused as malformed', async () => {
    // Prepare: t0 always fails for the queue, t1 is refused as the sender's fault
    const queue = memoryQueue((batch) => ({
      failed: batch.flatMap((m): SendBatchResult['failed'] =>
        m.id === 't0'
          ? [{ id: m.id, code: 'InternalError', retryable: true }]
          : m.id === 't1'
            ? [{ id: m.id, code: 'InvalidMessageContents', retryable: false }]
            : [],
      ),
    }));
    const targets = spokes(3);

    // Act
    const report = await dispatchTargets(deps(targets, queue), { ...options, maxAttempts: 3 });

    // Assess
    expect(queue.batches.map((batch) => batch.map((m) => m.id))).toEqual([
      ['t0', 't1', 't2'],
      ['t0'],
      ['t0'],
    ]);
    expect(report.dispatched).toBe(1);
    expect(report.undispatched.sort()).toEqual([targets[0]?.key, targets[1]?.key].sort());
  });

  it('sends again a batch whose request failed as a whole', async () => {
    // Prepare
    let calls = 0;
    const queue = memoryQueue();
    const flaky = {
      ...queue,
      async sendBatch(messages: Parameters<typeof queue.sendBatch>[0]) {
        calls += 1;
        if (calls === 1) throw new Error('socket hang up');
        return queue.sendBatch(messages);
      },
    };

    // Act
    const report = await dispatchTargets(deps(spokes(2), flaky), options);

    // Assess
    expect(calls).toBe(2);
    expect(report.dispatched).toBe(2);
  });

  it('cleans up a target the targets parameter no longer lists, and sends it nothing', async () => {
    // Prepare
    const registry = memoryRegistry();
    const [kept, dropped] = spokes(2) as [Target, Target];
    await dispatchTargets(deps([kept, dropped], memoryQueue(), registry), options);
    const queue = memoryQueue();

    // Act
    const report = await dispatchTargets(deps([kept], queue, registry), options);

    // Assess
    expect(report.registry).toMatchObject({ removed: [dropped.key], forgotten: [dropped.key] });
    expect(registry.deleted).toEqual([dropped.key]);
    expect([...registry.entries.keys()]).toEqual([kept.key]);
    expect(queue.accepted.map(parseTargetMessage).map((m) => m.account)).toEqual([kept.account]);
  });
});
