// The notify Lambda with Microsoft Teams and the Amazon Q Developer topic configured beside SNS:
// the same severity routing, once-per-channel delivery, retries and secrecy of the webhook URL as Slack.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertReport } from '../../../lib/alert.js';
import {
  type ChatNotification,
  chatNotificationLimits,
} from '../../../lib/core/messages/chat-notification.js';
import {
  createTables,
  type LocalDynamo,
  type LocalSns,
  type LocalSsm,
  loadServerlessConfig,
  startLocalDynamo,
  startLocalSns,
  startLocalSsm,
} from '../../../local/aws/index.js';
import { startWebhookSink, validateTeamsPayload, type WebhookSink } from '../../../local/webhook-sink.js';
import { loadFixture } from '../../unit/messages/fixtures.js';
import { useLocalAwsEnv } from '../support/env.js';

const PREFIX = '/l4e-autopilot/channels-test';
const TEAMS_PARAMETER = `${PREFIX}/teams-webhook`;
const SIGNATURE = 'sig=TeamsS3cretSignature0042';

let dynamo: LocalDynamo;
let ssm: LocalSsm;
let sns: LocalSns;
let teams: WebhookSink;
let teamsUrl: string;
let emailTopic: string;
let chatTopic: string;
let restoreEnv: () => void;
let notify: (event: unknown) => Promise<AlertReport>;
const output: string[] = [];
const originalStdout = process.stdout.write.bind(process.stdout);
const originalStderr = process.stderr.write.bind(process.stderr);

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  ssm = await startLocalSsm();
  sns = await startLocalSns();
  teams = await startWebhookSink({
    path: '/workflows/abc123def456/triggers/manual/paths/invoke',
    validate: validateTeamsPayload,
  });
  teamsUrl = `${teams.url}?api-version=1&${SIGNATURE}`;
  restoreEnv = useLocalAwsEnv({ DYNAMODB: dynamo.url, SSM: ssm.url, SNS: sns.url });
  const table = loadServerlessConfig('serverless.yml', 'test').dynamoTables()[0];
  if (!table) throw new Error('no table in serverless.yml');
  await createTables(new DynamoDBClient({}), [{ ...table, tableName: 'channels-test' }]);
  emailTopic = sns.createTopic('l4e-autopilot-alerts');
  chatTopic = sns.createTopic('l4e-autopilot-chat');
  ssm.put(TEAMS_PARAMETER, teamsUrl, 'SecureString');
  Object.assign(process.env, {
    STATE_TABLE_NAME: 'channels-test',
    PARAMETER_PREFIX: PREFIX,
    NOTIFICATION_TOPIC_ARN: emailTopic,
    CHAT_TOPIC_ARN: chatTopic,
    TEAMS_WEBHOOK_PARAMETER: TEAMS_PARAMETER,
    SLACK_WEBHOOK_PARAMETER: '',
    PARAMETER_CACHE_SECONDS: '0',
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
  });
  const capture =
    (original: typeof process.stdout.write) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    };
  process.stdout.write = capture(originalStdout) as typeof process.stdout.write;
  process.stderr.write = capture(originalStderr) as typeof process.stderr.write;
  ({ notify } = await import('../../../functions/notify.js'));
});

afterAll(async () => {
  process.stdout.write = originalStdout;
  process.stderr.write = originalStderr;
  restoreEnv();
  await Promise.all([dynamo.close(), ssm.close(), sns.close(), teams.close()]);
});

beforeEach(() => {
  teams.respondWith([]);
  ssm.put(`${PREFIX}/notifications`, '{}');
});

let counter = 0;
function freshEvent(name: string): Record<string, unknown> {
  const event = structuredClone(loadFixture(name)) as unknown as { detail: { eventId: string } };
  counter += 1;
  event.detail.eventId = `00000000-0000-4000-9000-${String(counter).padStart(12, '0')}`;
  return event as unknown as Record<string, unknown>;
}

const teamsCount = () => teams.received().length;
const published = (topic: string) => sns.published().filter((m) => m.topicArn === topic);

describe('notify with Teams and the Amazon Q Developer topic', () => {
  it('posts one Adaptive Card to Teams per event, even when delivered twice; the chat topic stays off by default', async () => {
    // Prepare
    const event = freshEvent('run-failed');
    const before = teamsCount();

    // Act
    const first = await notify(event);
    const second = await notify(event);

    // Assess
    expect(first).toMatchObject({
      severity: 'error',
      teams: 'sent',
      sns: 'sent',
      chat: 'not-routed',
      slack: 'not-configured',
    });
    expect(second).toMatchObject({ teams: 'duplicate', sns: 'duplicate' });
    expect(teamsCount() - before).toBe(1);
    const body = teams.received().at(-1)?.body as { attachments: Array<{ content: { type: string } }> };
    expect(body.attachments[0]?.content.type).toBe('AdaptiveCard');
  });

  it('publishes the custom-notification JSON to the chat topic once turned on; email keeps its text', async () => {
    // Prepare
    ssm.put(`${PREFIX}/notifications`, JSON.stringify({ chat: { enabled: true } }));
    const event = freshEvent('decision-rejected');
    const [chatBefore, emailBefore] = [published(chatTopic).length, published(emailTopic).length];

    // Act
    const report = await notify(event);
    const again = await notify(event);

    // Assess
    expect(report).toMatchObject({ chat: 'sent', sns: 'sent', teams: 'sent' });
    expect(again).toMatchObject({ chat: 'duplicate' });
    expect(published(chatTopic).length - chatBefore).toBe(1);
    const notification = JSON.parse(published(chatTopic).at(-1)?.message ?? '{}') as ChatNotification;
    expect(notification).toMatchObject({ version: '1.0', source: 'custom' });
    expect(chatNotificationLimits(notification)).toEqual([]);
    expect(notification.content.title).toMatch(/Autopilot rejected new version/);
    expect(published(emailTopic).length - emailBefore).toBe(1);
    const email = published(emailTopic).at(-1);
    expect(email?.subject).toMatch(/^\[WARNING\]/);
    expect(() => JSON.parse(email?.message ?? '')).toThrow();
  });

  it('applies the routing document to Teams: below its minimum severity nothing is posted', async () => {
    // Prepare
    ssm.put(`${PREFIX}/notifications`, JSON.stringify({ teams: { minSeverity: 'error' } }));
    const before = teamsCount();

    // Act
    const info = await notify(freshEvent('run-success'));
    const error = await notify(freshEvent('run-canceled'));

    // Assess
    expect(info.teams).toBe('not-routed');
    expect(error.teams).toBe('sent');
    expect(teamsCount() - before).toBe(1);
  });

  it('fails the invocation while Teams keeps failing, then posts exactly once when retried', async () => {
    // Prepare
    const event = freshEvent('decision-failed');
    const [teamsBefore, snsBefore] = [teamsCount(), published(emailTopic).length];
    teams.respondWith(Array.from({ length: 4 }, () => ({ status: 503, body: 'Service Unavailable' })));

    // Act
    const failed = await notify(event).catch((e: unknown) => e);
    const retried = await notify(event);

    // Assess
    expect(String(failed)).toMatch(/teams: TeamsDeliveryError/);
    expect(retried).toMatchObject({ teams: 'sent', sns: 'duplicate' });
    expect(teamsCount() - teamsBefore).toBe(1);
    expect(published(emailTopic).length - snsBefore).toBe(1);
  }, 60_000);

  it('never writes the Teams webhook URL or its signature to logs, errors or messages', async () => {
    // Prepare
    teams.respondWith([{ status: 400, body: `Bad request to ${teamsUrl} (${SIGNATURE})` }]);

    // Act
    const error = await notify(freshEvent('promotion-customer-error')).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(Error);
    const text = `${String(error)} ${(error as Error).stack ?? ''} ${JSON.stringify(error)}`;
    const logs = output.join('');
    for (const secret of ['TeamsS3cretSignature0042', 'abc123def456', teamsUrl]) {
      expect(text).not.toContain(secret);
      expect(logs).not.toContain(secret);
      for (const message of sns.published()) expect(message.message).not.toContain(secret);
    }
    expect(logs).toContain('alert');
  });
});
