// EventBridge target: Slack, Teams and SNS alerts for every autopilot event (replays excluded by the rule).
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createParameterSource } from '../lib/adapters/parameters.js';
import { createSlackNotifier } from '../lib/adapters/slack.js';
import { createAlertTopic, createChatTopic } from '../lib/adapters/sns.js';
import { createNotificationLedger } from '../lib/adapters/state-ledger.js';
import { createTeamsNotifier } from '../lib/adapters/teams.js';
import { type AlertReport, sendAlerts } from '../lib/alert.js';
import { dynamoClient } from '../lib/clients/dynamodb.js';
import { snsClient } from '../lib/clients/sns.js';
import { ssmClient } from '../lib/clients/ssm.js';
import { readNotifierConfig } from '../lib/config.js';
import { parseRouting } from '../lib/core/routing.js';
import { createLogger } from '../lib/logger.js';
import { parseDeliveredEvent } from '../lib/triggers.js';

const config = readNotifierConfig();
const logger = createLogger('notify');
const parameters = createParameterSource(ssmClient, { maxAgeSeconds: config.parameterCacheSeconds });

/** A webhook URL kept in a SecureString parameter; undefined while the parameter does not exist. */
function webhook(channel: string, parameter: string | undefined) {
  async function url(): Promise<string | undefined> {
    if (!parameter) return undefined;
    return (await parameters.get(parameter, { decrypt: true }))?.value || undefined;
  }
  return {
    async configured(): Promise<boolean> {
      const configured = (await url()) !== undefined;
      if (!configured) logger.warn(`${channel} is off: the webhook parameter does not exist`, { parameter });
      return configured;
    },
    async getWebhookUrl(): Promise<string> {
      const value = await url();
      if (!value) throw new Error(`${channel} webhook parameter ${parameter} has no value`);
      return value;
    },
  };
}

const slackWebhook = webhook('Slack', config.slackWebhookParameter);
const slackNotifier = config.slackWebhookParameter
  ? createSlackNotifier({
      minIntervalMs: config.slackMinIntervalMs,
      getWebhookUrl: slackWebhook.getWebhookUrl,
    })
  : null;
const teamsWebhook = webhook('Teams', config.teamsWebhookParameter);
const teamsNotifier = config.teamsWebhookParameter
  ? createTeamsNotifier({ getWebhookUrl: teamsWebhook.getWebhookUrl })
  : null;

const deps = {
  ledger: createNotificationLedger(dynamoClient, { tableName: config.stateTableName }),
  routing: async () => parseRouting((await parameters.get(`${config.parameterPrefix}/notifications`))?.value),
  slack: slackNotifier ? { configured: slackWebhook.configured, post: slackNotifier.post } : null,
  teams: teamsNotifier ? { configured: teamsWebhook.configured, post: teamsNotifier.post } : null,
  sns: config.notificationTopicArn ? createAlertTopic(snsClient, config.notificationTopicArn) : null,
  chat: config.chatTopicArn ? createChatTopic(snsClient, config.chatTopicArn) : null,
  logger,
};

/** `remainingMs`: time left in the invocation; it bounds the webhooks' retries and the send leases. */
export async function notify(event: unknown, remainingMs?: () => number): Promise<AlertReport> {
  const delivered = parseDeliveredEvent(event);
  return sendAlerts(deps, delivered, {
    nowMs: Date.now(),
    retentionSeconds: config.retentionDays * 24 * 3600,
    remainingMs,
  });
}

export const handler = middy((event: unknown, context: Context) =>
  notify(event, () => context.getRemainingTimeInMillis()),
).use(injectLambdaContext(logger));
