// The state table behind three narrow ports, one per use-case: the watcher's model state and outbox,
// the decision log (decisions, activation records, the per-model lease) and the notification ledger.
import type { ActivationDecisionDetail, AutopilotEvent } from '../core/events.js';
import type { ModelSnapshot } from '../core/snapshot.js';

export interface PendingEvent {
  event: AutopilotEvent;
  /** Publication order within the model (stored maps keep no order). */
  seq: number;
  owner: string;
  /** Epoch ms after which another cycle may take the event over and publish it. */
  leaseUntil: number;
}

export interface StoredModelState {
  modelName: string;
  rev: number;
  /** null for a model seen deleted (a tombstone kept until its pending events are out). */
  snapshot: ModelSnapshot | null;
  pending: Record<string, PendingEvent>;
}

export interface ModelStateWrite {
  snapshot: ModelSnapshot | null;
  pending: Record<string, PendingEvent>;
  /** Epoch seconds after which the table may drop the item (tombstones). */
  expiresAt?: number;
}

/** The watcher's memory: one snapshot per model with its outbox of events not yet published. */
export interface ModelStateStore {
  loadModelStates(): Promise<Map<string, StoredModelState>>;
  /** Conditional write: succeeds only if the stored revision is still `expectedRev` (null: no item yet). */
  claim(modelName: string, expectedRev: number | null, next: ModelStateWrite): Promise<boolean>;
  clearPending(modelName: string, eventIds: readonly string[]): Promise<void>;
}

/**
 * `PENDING`: recorded before the provider is asked to change anything, completed afterwards (by the
 * same invocation or by whichever retry comes next). `COMPLETE`: the outcome is final.
 */
export type DecisionStatus = 'PENDING' | 'COMPLETE';

export interface DecisionRecord {
  modelName: string;
  /** Decisions and activations are keyed by the model ARN: a re-created model starts with no history. */
  modelArn: string;
  modelVersion: number;
  /** The decision's number within the model (1, 2, …): its id derives from the model ARN and this. */
  seq: number;
  decidedAt: string;
  triggerEventId: string | null;
  status: DecisionStatus;
  /** Invocations that asked the provider to activate for this decision (0 before the first). */
  attempts: number;
  /** Set when the last activation call failed in a way that left the provider unchanged. */
  lastError: string | null;
  published: boolean;
  detail: ActivationDecisionDetail;
}

/** What the autopilot recorded about activating one version of one model. */
export interface ActivationRecord {
  version: number;
  requestedAt: string;
  decisionId: string;
  /** When the provider confirmed the version active for that decision; null while unconfirmed. */
  activatedAt: string | null;
}

/** The per-model decision lease: one decision at a time, with the decision still open, if any. */
export interface DecisionLease {
  /** The number of the model's latest decision (0: none yet); the next one is `seq + 1`. */
  seq: number;
  /** A decision recorded but not yet completed and published, left by an earlier invocation. */
  open: DecisionRecord | null;
}

/**
 * The read side of the decision log's activation records: the watcher tells who activated a version,
 * `policy evaluate` whether the autopilot activated one before.
 */
export interface ActivationHistory {
  /** version → when the autopilot asked for it, for the versions given. */
  autopilotActivations(modelArn: string, versions: readonly number[]): Promise<Map<number, string>>;
  activationRecord(modelArn: string, version: number): Promise<ActivationRecord | null>;
}

/** The read side of the decision log: the audit trail, for the CLI and the report. */
export interface DecisionHistory {
  /** Newest first. */
  listDecisions(modelArn: string, options?: { limit?: number }): Promise<DecisionRecord[]>;
}

/** The decide use-case's log: the audit trail, activation records and the per-model lease. */
export interface DecisionLog extends DecisionHistory, ActivationHistory {
  /**
   * Takes the model's decision lease until `nowMs + leaseMs` unless another owner holds an unexpired
   * one: the lease's state when taken, null when busy.
   */
  acquireDecisionLease(
    modelArn: string,
    owner: string,
    options: { nowMs: number; leaseMs: number },
  ): Promise<DecisionLease | null>;
  /** Stores `record` as the model's open decision (number `seq`); fails unless `owner` holds the lease. */
  openDecision(modelArn: string, owner: string, record: DecisionRecord): Promise<void>;
  /** Forgets the open decision once it is complete and published. */
  closeDecision(modelArn: string, owner: string): Promise<void>;
  releaseDecisionLease(modelArn: string, owner: string): Promise<void>;
  /** Writes the decision's audit record (the same decision overwrites its earlier state). */
  putDecision(record: DecisionRecord): Promise<void>;
  markDecisionPublished(record: DecisionRecord): Promise<void>;
  recordActivationRequest(
    modelArn: string,
    version: number,
    requestedAt: string,
    decisionId: string,
  ): Promise<void>;
  /** Marks the activation of `version` confirmed for `decisionId`. */
  confirmActivation(
    modelArn: string,
    version: number,
    decisionId: string,
    activatedAt: string,
  ): Promise<void>;
}

export interface NotificationMarkOptions {
  nowMs: number;
  /** How long a send in progress holds the mark before a retry may take it over. */
  leaseMs: number;
  /** How long a completed send is remembered. */
  retentionSeconds: number;
}

/** What notify remembers of each (event, channel) send, so a redelivered event is not sent twice. */
export interface NotificationLedger {
  /**
   * Starts sending `eventId` on `channel`: 'proceed' (this caller sends), 'done' (already sent within
   * the retention), or 'busy' (another delivery is sending it right now).
   */
  beginNotification(
    eventId: string,
    channel: string,
    options: NotificationMarkOptions,
  ): Promise<'proceed' | 'done' | 'busy'>;
  completeNotification(eventId: string, channel: string, options: NotificationMarkOptions): Promise<void>;
  /** Forgets an unfinished send so a retry sends again. */
  abandonNotification(eventId: string, channel: string): Promise<void>;
}
