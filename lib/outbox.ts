// The outbox of each model: events claimed with its snapshot and kept until published. A cycle takes
// over entries whose lease ran out (a crashed or slow cycle's), publishes what it claimed in claim
// order, and clears from each outbox only what went out.
import type { AutopilotEvent } from './core/events.js';
import type { Logger } from './logger.js';
import type { EventPublisher, ModelStateStore, PendingEvent, StoredModelState } from './ports.js';

/** The events one cycle claimed for one model. */
export interface Claimed {
  modelName: string;
  entries: PendingEvent[];
}

/** Who claims, now, and for how long the claimed events stay reserved to it. */
export interface Lease {
  owner: string;
  nowMs: number;
  leaseMs: number;
}

export function mergePending(
  state: StoredModelState | undefined,
  events: readonly AutopilotEvent[],
  lease: Lease,
): { pending: Record<string, PendingEvent>; mine: PendingEvent[]; repaired: number } {
  const { nowMs, owner } = lease;
  const leaseUntil = nowMs + lease.leaseMs;
  const pending: Record<string, PendingEvent> = {};
  const mine: PendingEvent[] = [];
  let repaired = 0;
  let seq = 0;
  for (const [id, entry] of Object.entries(state?.pending ?? {})) {
    seq = Math.max(seq, entry.seq);
    if (entry.leaseUntil <= nowMs) {
      const taken = { ...entry, owner, leaseUntil };
      pending[id] = taken;
      mine.push(taken);
      repaired++;
    } else {
      pending[id] = entry;
    }
  }
  for (const event of events) {
    const id = event.detail.eventId;
    if (pending[id]) continue;
    seq += 1;
    const entry: PendingEvent = { event, seq, owner, leaseUntil };
    pending[id] = entry;
    mine.push(entry);
  }
  return { pending, mine, repaired };
}

export function hasExpiredPending(state: StoredModelState | undefined, nowMs: number): boolean {
  return Object.values(state?.pending ?? {}).some((entry) => entry.leaseUntil <= nowMs);
}

/** Publishes what a cycle claimed, in claim order per model; null when it claimed nothing. */
export async function publishClaimed(
  deps: { publisher: EventPublisher; store: ModelStateStore; logger: Logger },
  claimed: readonly Claimed[],
): Promise<{ published: number; failed: number } | null> {
  const ordered = claimed.flatMap((c) =>
    [...c.entries].sort((a, b) => a.seq - b.seq).map((entry) => ({ model: c.modelName, entry })),
  );
  if (ordered.length === 0) return null;
  const result = await deps.publisher.publish(ordered.map((o) => o.entry.event));
  for (const failure of result.failed) {
    deps.logger.warn('event not published; it stays in the outbox for the next cycle', failure);
  }
  const publishedIds = new Set(result.published);
  const byModel = new Map<string, string[]>();
  for (const { model, entry } of ordered) {
    const id = entry.event.detail.eventId;
    if (!publishedIds.has(id)) continue;
    byModel.set(model, [...(byModel.get(model) ?? []), id]);
  }
  for (const [model, ids] of byModel) await deps.store.clearPending(model, ids);
  return { published: result.published.length, failed: result.failed.length };
}
