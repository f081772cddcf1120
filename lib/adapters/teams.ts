// Microsoft Teams Workflows webhook adapter. The webhook URL carries its own signature (`sig=`):
// anyone holding it can post to the channel, so it never leaves this module. Delivery itself
// (retries, time bounds, https only, redaction) is the shared webhook sender's, as for Slack.
import type { TeamsMessage } from '../core/messages/teams.js';
import {
  createWebhookSender,
  type PostOptions,
  type WebhookDeliveryDetails,
  type WebhookSenderOptions,
} from './webhook.js';

export type TeamsNotifierOptions = Omit<WebhookSenderOptions, 'label'>;

export interface TeamsNotifier {
  post(message: TeamsMessage, options?: PostOptions): Promise<{ attempts: number }>;
}

export class TeamsDeliveryError extends Error {
  readonly status: number | null;
  /** Teams' short error body, redacted and shortened. */
  readonly errorBody: string | null;
  readonly attempts: number;
  readonly retryable: boolean;

  constructor(message: string, details: WebhookDeliveryDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TeamsDeliveryError';
    this.status = details.status;
    this.errorBody = details.errorBody;
    this.attempts = details.attempts;
    this.retryable = details.retryable;
  }
}

export function createTeamsNotifier(options: TeamsNotifierOptions): TeamsNotifier {
  const sender = createWebhookSender(
    { ...options, label: 'Teams' },
    (message, details, errorOptions) => new TeamsDeliveryError(message, details, errorOptions),
  );
  return {
    post: (message, postOptions) => sender.post(JSON.stringify(message), postOptions),
  };
}
