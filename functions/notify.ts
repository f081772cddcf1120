// EventBridge target: Slack and SNS alerts for every autopilot event (replays excluded by the rule).
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createParameterSource } from '../lib/adapters/parameters.js';
import { createSlackNotifier } from '../lib/adapters/slack.js';
import { createAlertTopic } from '../lib/adapters/sns.js';
import { createStateStore } from '../lib/adapters/state-store.js';
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
const webhookParameter = config.slackWebhookParameter;

async function webhookUrl(): Promise<string | undefined> {
  if (!webhookParameter) return undefined;
  return (await parameters.get(webhookParameter, { decrypt: true }))?.value || undefined;
}

async function slackConfigured(): Promise<boolean> {
  const configured = (await webhookUrl()) !== undefined;
  if (!configured) logger.warn('Slack is off: the webhook parameter does not exist', { webhookParameter });
  return configured;
}

const slackNotifier = webhookParameter
  ? createSlackNotifier({
      minIntervalMs: config.slackMinIntervalMs,
      getWebhookUrl: async () => {
        const url = await webhookUrl();
        if (!url) throw new Error(`Slack webhook parameter ${webhookParameter} has no value`);
        return url;
      },
    })
  : null;

const deps = {
  store: createStateStore(dynamoClient, { tableName: config.stateTableName }),
  routing: async () => parseRouting((await parameters.get(`${config.parameterPrefix}/notifications`))?.value),
  slack: slackNotifier ? { configured: slackConfigured, post: slackNotifier.post } : null,
  sns: config.notificationTopicArn ? createAlertTopic(snsClient, config.notificationTopicArn) : null,
  logger,
};

/** `remainingMs`: time left in the invocation; it bounds Slack's retries and the send leases. */
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
