// Ports for what leaves the system (the event bus, alert channels) and what configures it (parameters).
import type { AutopilotEvent } from '../core/events.js';

export interface PublishResult {
  published: string[];
  failed: Array<{ eventId: string; errorCode: string; errorMessage: string }>;
}

export interface EventPublisher {
  publish(events: readonly AutopilotEvent[]): Promise<PublishResult>;
}

/** A webhook channel (Slack, Teams): configured only when its URL parameter exists. */
export interface WebhookChannel<M> {
  configured(): Promise<boolean>;
  post(message: M, options?: { remainingMs?: () => number }): Promise<unknown>;
}

/** A topic channel (SNS, the Amazon Q Developer chat topic). */
export interface TopicChannel<M> {
  publish(message: M): Promise<unknown>;
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
