// The fleet registry use-case: which targets the hub watches through the queue, kept equal to the
// targets parameter. A target newly listed is registered and needs nothing else: its watch partitions
// are empty, so its first cycle baselines like any first cycle. A target no longer listed is marked
// removed and its model state deleted; its registry item goes once a grace period has passed, after a
// second sweep of its partitions catches what a cycle already under way wrote meanwhile.
import type { Logger } from '../logger.js';
import type { FleetMember, FleetRegistry } from '../ports.js';

export interface ReconcileOptions {
  now: Date;
  /** How long a removed target's item stays before it is forgotten (longer than one poll of a target). */
  graceMs: number;
  logger: Logger;
}

export interface Reconciled {
  /** Keys of the targets registered now. */
  added: string[];
  /** Keys of the targets no longer listed, whose state this reconcile deleted. */
  removed: string[];
  /** Keys of the removed targets whose registry item is gone too. */
  forgotten: string[];
  /** Model state items deleted. */
  deletedItems: number;
  /** Targets whose cleanup failed this time; the next reconcile tries again. */
  failed: Array<{ target: string; error: string }>;
}

const keyOf = (member: FleetMember) => `${member.account}/${member.region}`;

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Registers the listed targets and cleans up the ones the list no longer names. */
export async function reconcileFleet(
  registry: FleetRegistry,
  targets: readonly FleetMember[],
  options: ReconcileOptions,
): Promise<Reconciled> {
  const at = options.now.toISOString();
  const result: Reconciled = { added: [], removed: [], forgotten: [], deletedItems: 0, failed: [] };
  const registered = await registry.list();
  const listed = new Map(targets.map((target) => [keyOf(target), target]));
  const known = new Map(registered.map((entry) => [entry.key, entry]));
  for (const [key, target] of listed) {
    const entry = known.get(key);
    if (entry !== undefined && entry.removedAt === null) continue;
    if (await registry.add({ account: target.account, region: target.region }, at)) result.added.push(key);
  }
  for (const entry of registered.filter((e) => !listed.has(e.key))) {
    const member = { account: entry.account, region: entry.region };
    try {
      if (entry.removedAt === null) {
        await registry.markRemoved(member, at);
        result.removed.push(entry.key);
      }
      result.deletedItems += await registry.deleteState(member);
      const since = entry.removedAt === null ? options.now.getTime() : Date.parse(entry.removedAt);
      if (options.now.getTime() - since >= options.graceMs) {
        await registry.forget(member);
        result.forgotten.push(entry.key);
      }
    } catch (error) {
      const message = describeError(error);
      result.failed.push({ target: entry.key, error: message });
      options.logger.error('could not clean up a target no longer listed', {
        target: entry.key,
        error: message,
      });
    }
  }
  return result;
}
