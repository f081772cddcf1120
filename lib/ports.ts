// The small interfaces use-cases depend on. Adapters in lib/adapters implement them over AWS services.
import type { ActivationDecisionDetail, AutopilotEvent } from './core/events.js';
import type { ModelDetail, ModelSummary, SchedulerDetail, VersionDetail } from './core/model.js';
import type { ModelSnapshot } from './core/snapshot.js';

export interface ModelProvider {
  /** Every model, one page per provider call. */
  listModelPages(): AsyncGenerator<ModelSummary[]>;
  /** null when the model does not exist. */
  describeModel(name: string): Promise<ModelDetail | null>;
  describeVersion(name: string, version: number): Promise<VersionDetail | null>;
  describeScheduler(name: string): Promise<SchedulerDetail | null>;
  activateVersion(
    name: string,
    version: number,
  ): Promise<{ previous: number | null; current: number | null }>;
}

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

export interface DecisionRecord {
  modelName: string;
  modelVersion: number;
  decidedAt: string;
  triggerEventId: string | null;
  published: boolean;
  detail: ActivationDecisionDetail;
}

export interface StateStore {
  loadModelStates(): Promise<Map<string, StoredModelState>>;
  /** Conditional write: succeeds only if the stored revision is still `expectedRev` (null: no item yet). */
  claim(modelName: string, expectedRev: number | null, next: ModelStateWrite): Promise<boolean>;
  clearPending(modelName: string, eventIds: readonly string[]): Promise<void>;
  recordActivationRequest(
    modelName: string,
    version: number,
    requestedAt: string,
    decisionId: string,
  ): Promise<void>;
  /** version → when apply-policy asked for it, for the versions given. */
  autopilotActivations(modelName: string, versions: readonly number[]): Promise<Map<number, string>>;
  putDecision(record: DecisionRecord): Promise<void>;
  markDecisionPublished(record: DecisionRecord): Promise<void>;
  /** Newest first. */
  listDecisions(modelName: string, options?: { limit?: number }): Promise<DecisionRecord[]>;
  findUnpublishedDecision(modelName: string, triggerEventId: string): Promise<DecisionRecord | null>;
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

export interface NotificationMarkOptions {
  nowMs: number;
  /** How long a send in progress holds the mark before a retry may take it over. */
  leaseMs: number;
  /** How long a completed send is remembered. */
  retentionSeconds: number;
}

export interface PublishResult {
  published: string[];
  failed: Array<{ eventId: string; errorCode: string; errorMessage: string }>;
}

export interface EventPublisher {
  publish(events: readonly AutopilotEvent[]): Promise<PublishResult>;
}

export interface StoredParameter {
  name: string;
  value: string;
  version: number | null;
}

export interface ParameterSource {
  /** undefined when the parameter does not exist. */
  get(name: string, options?: { decrypt?: boolean }): Promise<StoredParameter | undefined>;
}
