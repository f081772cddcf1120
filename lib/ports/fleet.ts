// The fleet registry's port: which targets the hub has seen (so one the targets parameter drops is
// cleaned up, not orphaned), each as the dispatcher last resolved it, and each target’s health record.
import type { TargetHealth } from '../core/target-health.js';
import type { Target } from '../targets-entry.js';

export interface FleetMember {
  account: string;
  region: string;
}

export interface RegisteredTarget extends FleetMember {
  /** `<account>/<region>`. */
  key: string;
  addedAt: string;
  /** When the targets parameter stopped listing it; its state is being deleted. */
  removedAt: string | null;
  /** The target as the dispatcher last resolved it; null when none was stored yet. */
  resolved: Target | null;
}

export interface StoredTargetHealth {
  health: TargetHealth | null;
  /** The record's revision, for the conditional write that follows. */
  rev: number;
}

export interface FleetRegistry {
  /** Every target registered, including those whose removal is under way. */
  list(): Promise<RegisteredTarget[]>;
  /** Registers the target (again, when its removal was under way); false when it already was. */
  add(target: Target, at: string): Promise<boolean>;
  /** Stores the target as resolved now, for one registered and not being removed; false when not. */
  refresh(target: Target): Promise<boolean>;
  /** The target as the dispatcher last resolved it; null when not registered, or being removed. */
  resolved(member: FleetMember): Promise<Target | null>;
  /** Marks the target removed; its health can no longer be written. */
  markRemoved(member: FleetMember, at: string): Promise<void>;
  /** Deletes every model state the target has, of every provider; the number of items deleted. */
  deleteState(member: FleetMember): Promise<number>;
  /** Deletes the registry item itself, last. */
  forget(member: FleetMember): Promise<void>;
  /** The target's health record; null when the target is not registered (or is being removed). */
  readHealth(member: FleetMember): Promise<StoredTargetHealth | null>;
  /** Conditional on the revision read and on the target still being registered; false when not written. */
  writeHealth(member: FleetMember, health: TargetHealth, expectedRev: number): Promise<boolean>;
}

/** One message for the fleet queue; `id` is unique within its batch. */
export interface QueuedMessage {
  id: string;
  body: string;
}

export interface SendBatchResult {
  /** Entries the queue did not take, by id; `retryable` is false when the sender was at fault. */
  failed: Array<{ id: string; code: string; retryable: boolean }>;
}

/** The queue each target's cycle goes through. */
export interface TargetQueue {
  /** Sends at most 10 messages in one request. */
  sendBatch(messages: readonly QueuedMessage[]): Promise<SendBatchResult>;
}
