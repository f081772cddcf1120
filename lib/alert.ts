// The alert use-case: route one event to Slack, Teams, SNS and the Amazon Q Developer chat topic,
// once per channel, never silently dropped.
import type { DeliveredEvent } from './core/events.js';
import { buildAlertContent } from './core/messages/alert-content.js';
import { type ChatNotification, renderChatNotification } from './core/messages/chat-notification.js';
import type { AlertContent } from './core/messages/content/types.js';
import { renderSlackMessage, type SlackMessage } from './core/messages/slack.js';
import { renderSnsMessage, type SnsMessage } from './core/messages/sns.js';
import { renderTeamsMessage, type TeamsMessage } from './core/messages/teams.js';
import { type ChannelName, type ParsedRouting, routeEvent } from './core/routing.js';
import { type Severity, severityOf } from './core/severity.js';
import type { Logger } from './logger.js';
import type { NotificationLedger, NotificationMarkOptions, TopicChannel, WebhookChannel } from './ports.js';

export type Channel = ChannelName;

export interface AlertDeps {
  ledger: NotificationLedger;
  /** The routing document as read (cached) from SSM, already validated. */
  routing(): Promise<ParsedRouting>;
  /** null when Slack is not configured. */
  slack: WebhookChannel<SlackMessage> | null;
  /** null when Teams is not configured. */
  teams?: WebhookChannel<TeamsMessage> | null;
  /** null when no topic is configured. */
  sns: TopicChannel<SnsMessage> | null;
  /** The Amazon Q Developer topic; null when not configured. */
  chat?: TopicChannel<ChatNotification> | null;
  logger: Logger;
}

export interface AlertOptions {
  nowMs: number;
  retentionSeconds: number;
  /**
   * Time left in the invocation (the Lambda context's getRemainingTimeInMillis). A send lease lasts
   * exactly that long, so the retry of an invocation killed at its timeout finds it expired, and a
   * webhook post may use it all but `reserveMs`.
   */
  remainingMs?: () => number;
  /** Kept back from a webhook post for what follows it: the marks and the other channels. */
  reserveMs?: number;
  /** How long a send in progress is protected from a concurrent duplicate delivery, when no `remainingMs`. */
  leaseMs?: number;
}

const DEFAULT_LEASE_MS = 5 * 60 * 1000;
const DEFAULT_RESERVE_MS = 10_000;

export type ChannelResult = 'sent' | 'duplicate' | 'busy' | 'failed' | 'not-routed' | 'not-configured';

export interface AlertReport {
  eventId: string;
  severity: Severity;
  slack: ChannelResult;
  teams: ChannelResult;
  sns: ChannelResult;
  chat: ChannelResult;
}

export class AlertDeliveryError extends Error {
  override name = 'AlertDeliveryError';
}

export async function sendAlerts(
  deps: AlertDeps,
  event: DeliveredEvent,
  options: AlertOptions,
): Promise<AlertReport> {
  const severity = severityOf(event);
  const parsed = await deps.routing();
  if (parsed.problems.length > 0) {
    deps.logger.warn('notification routing is invalid; the default routing is used', {
      problems: parsed.problems,
    });
  }
  const route = routeEvent(event, severity, parsed.routing);
  const eventId = event.detail.eventId;
  const remainingMs = options.remainingMs;
  const reserveMs = options.reserveMs ?? DEFAULT_RESERVE_MS;
  // A webhook post may take what is left of the invocation but the reserve.
  const postBudget = remainingMs === undefined ? undefined : () => remainingMs() - reserveMs;
  // Exactly as long as the invocation can run from `nowMs`, read once: a lease outliving a killed
  // invocation would make its retries fail `busy` until they are dead-lettered, and one read later (the
  // time left after the first channels, counted from `nowMs`) would end before the invocation does.
  const leaseMs =
    remainingMs === undefined ? (options.leaseMs ?? DEFAULT_LEASE_MS) : Math.max(0, remainingMs());
  const mark = (): NotificationMarkOptions => ({
    nowMs: options.nowMs,
    leaseMs,
    retentionSeconds: options.retentionSeconds,
  });
  const failures: string[] = [];

  async function deliver(channel: Channel, routed: boolean, send: (() => Promise<unknown>) | null) {
    if (!routed) return 'not-routed' as const;
    if (send === null) return 'not-configured' as const;
    const state = await deps.ledger.beginNotification(eventId, channel, mark());
    if (state === 'done') return 'duplicate' as const;
    if (state === 'busy') {
      failures.push(`${channel}: another delivery of event ${eventId} is being sent`);
      return 'busy' as const;
    }
    try {
      await send();
      await deps.ledger.completeNotification(eventId, channel, mark());
      return 'sent' as const;
    } catch (error) {
      await deps.ledger.abandonNotification(eventId, channel);
      // Adapters keep secrets out of their errors; only the name and message are passed on.
      const err = error as Error;
      failures.push(`${channel}: ${err.name}: ${err.message}`);
      return 'failed' as const;
    }
  }

  async function webhook<M>(
    channel: Channel,
    target: WebhookChannel<M> | null | undefined,
    render: () => M,
  ): Promise<ChannelResult> {
    const ready = target && route[channel] ? await target.configured() : false;
    return deliver(
      channel,
      route[channel],
      target && ready ? () => target.post(render(), { remainingMs: postBudget }) : null,
    );
  }

  // One content for every channel, so each tells the same story; built when a channel first sends.
  let built: AlertContent | undefined;
  const content = () => {
    built ??= buildAlertContent(event, severity);
    return built;
  };
  const slackResult = await webhook('slack', deps.slack, () => renderSlackMessage(content()));
  const teamsResult = await webhook('teams', deps.teams, () => renderTeamsMessage(content()));
  const sns = deps.sns;
  const snsResult = await deliver(
    'sns',
    route.sns,
    sns ? () => sns.publish(renderSnsMessage(content())) : null,
  );
  const chat = deps.chat;
  const chatResult = await deliver(
    'chat',
    route.chat,
    chat ? () => chat.publish(renderChatNotification(content())) : null,
  );

  if (failures.length > 0) {
    // Failing the invocation makes EventBridge retry it (then dead-letter it); channels that already
    // succeeded are marked and will not send twice.
    throw new AlertDeliveryError(`alert for event ${eventId} not delivered: ${failures.join('; ')}`);
  }
  const report: AlertReport = {
    eventId,
    severity,
    slack: slackResult,
    teams: teamsResult,
    sns: snsResult,
    chat: chatResult,
  };
  deps.logger.info('alert handled', { ...report });
  return report;
}
