// Slack incoming-webhook adapter. The webhook URL is a credential (anyone holding it can post to
// the channel), so it never leaves this module: not in errors, not in their causes, not in logs.
// Delivery itself (retries, time bounds, spacing, redaction) is the shared webhook sender's.
import type { SlackMessage } from '../core/messages/slack.js';
import {
  createWebhookSender,
  type PostOptions,
  type WebhookDeliveryDetails,
  type WebhookSenderOptions,
} from './webhook.js';

export { redactSecret } from './webhook-redact.js';

export type SlackNotifierOptions = Omit<WebhookSenderOptions, 'label'>;

export interface SlackNotifier {
  post(message: SlackMessage, options?: PostOptions): Promise<{ attempts: number }>;
}

export interface SlackDeliveryDetails {
  /** HTTP status of the last attempt; null when no response arrived. */
  status: number | null;
  /** Slack's short error body (e.g. `no_service`, `invalid_blocks`), redacted and shortened. */
  slackError: string | null;
  attempts: number;
  /** True when the failure was transient (429, 5xx, network, out of time) and a later try may succeed. */
  retryable: boolean;
}

export class SlackDeliveryError extends Error implements SlackDeliveryDetails {
  readonly status: number | null;
  readonly slackError: string | null;
  readonly attempts: number;
  readonly retryable: boolean;

  constructor(message: string, details: SlackDeliveryDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SlackDeliveryError';
    this.status = details.status;
    this.slackError = details.slackError;
    this.attempts = details.attempts;
    this.retryable = details.retryable;
  }
}

/** Slack takes about one message a second per webhook, with short bursts. */
export const SLACK_MIN_INTERVAL_MS = 1000;

export function createSlackNotifier(options: SlackNotifierOptions): SlackNotifier {
  const sender = createWebhookSender(
    { minIntervalMs: SLACK_MIN_INTERVAL_MS, ...options, label: 'Slack' },
    (message, details: WebhookDeliveryDetails, errorOptions) =>
      new SlackDeliveryError(message, { ...details, slackError: details.errorBody }, errorOptions),
  );
  return {
    post: (message, postOptions) => sender.post(JSON.stringify(message), postOptions),
  };
}
