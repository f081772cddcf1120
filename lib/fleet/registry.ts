// The fleet registry use-case: which targets the hub watches through the queue, kept equal to the
// targets parameter. A target newly listed is registered with the target as resolved now, and needs
// nothing else: its watch partitions are empty, so its first cycle baselines like any first cycle. A
// registered target resolved otherwise than stored (roles, external id, providers) is stored anew. A target no longer listed is marked
// removed and its model state deleted; its registry item goes once a grace period has passed, after a
// second sweep of its partitions catches what a cycle already under way wrote meanwhile.
import type { Logger } from '../logger.js';
import type { FleetMember, FleetRegistry, RegisteredTarget } from '../ports.js';
import type { Target } from '../targets.js';

export interface ReconcileOptions {
  now: Date;
  /** How long a removed target's item stays before it is forgotten (longer than one poll of a target). */
  graceMs: number;
  logger: Logger;
}

export interface Reconciled {
  /** Keys of the targets registered now. */
  added: string[];
  /** Keys of the registered targets whose stored resolution changed. */
  refreshed: string[];
  /** Keys of the targets no longer listed, whose state this reconcile deleted. */
  removed: string[];
  /** Keys of the removed targets whose registry item is gone too. */
  forgotten: string[];
  /** Model state items deleted. */
  deletedItems: number;
  /** Targets whose cleanup failed this time; the next reconcile tries again. */
  failed: Array<{ target: string; error: string }>;
}

/** Whether the stored resolution reaches the target the same way and watches the same providers. */
function sameResolution(stored: Target | null, target: Target): boolean {
  if (stored === null) return false;
  const reach = (t: Target) => [t.home, t.readerRoleArn, t.activatorRoleArn, t.externalId, ...t.providers];
  const [a, b] = [reach(stored), reach(target)];
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

const keyOf = (member: FleetMember) => `${member.account}/${member.region}`;

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Registers the listed targets and cleans up the ones the list no longer names. */
export async function reconcileFleet(
  registry: FleetRegistry,
  targets: readonly Target[],
  options: ReconcileOptions,
): Promise<Reconciled> {
  const at = options.now.toISOString();
  const result: Reconciled = {
    added: [],
    refreshed: [],
    removed: [],
    forgotten: [],
    deletedItems: 0,
    failed: [],
  };
  const registered = await registry.list();
  const listed = new Map(targets.map((target) => [keyOf(target), target]));
  const known = new Map(registered.map((entry) => [entry.key, entry]));
  for (const [key, target] of listed) {
    const entry = known.get(key);
    if (entry === undefined || entry.removedAt !== null) {
      if (await registry.add(target, at)) result.added.push(key);
    } else if (!sameResolution(entry.resolved, target) && (await registry.refresh(target))) {
      result.refreshed.push(key);
    }
  }
  for (const entry of registered.filter((e) => !listed.has(e.key))) {
    try {
      await cleanUp(registry, entry, options, result);
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

/** Marks a target no longer listed removed, deletes its state, and forgets it after the grace period. */
async function cleanUp(
  registry: FleetRegistry,
  entry: RegisteredTarget,
  options: ReconcileOptions,
  result: Reconciled,
): Promise<void> {
  const member = { account: entry.account, region: entry.region };
  if (entry.removedAt === null) {
    await registry.markRemoved(member, options.now.toISOString());
    result.removed.push(entry.key);
  }
  result.deletedItems += await registry.deleteState(member);
  const since = entry.removedAt === null ? options.now.getTime() : Date.parse(entry.removedAt);
  if (options.now.getTime() - since >= options.graceMs) {
    await registry.forget(member);
    result.forgotten.push(entry.key);
  }
}
