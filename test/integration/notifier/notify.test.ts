// The notify Lambda as deployed: the handler module reads its configuration from the environment and
// reaches SSM, SNS and DynamoDB through the SDK's standard endpoint variables, here pointed at local
// stand-ins, and posts to a local webhook sink standing in for Slack.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AlertReport } from '../../../lib/alert.js';
import {
  createTables,
  type LocalDynamo,
  type LocalSns,
  type LocalSsm,
  loadServerlessConfig,
  startLocalDynamo,
  startLocalEventBus,
  startLocalSns,
  startLocalSsm,
} from '../../../local/aws/index.js';
import { startWebhookSink, type WebhookSink } from '../../../local/webhook-sink.js';
import { loadFixture } from '../../unit/messages/fixtures.js';
import { useLocalAwsEnv } from '../support/env.js';

const PREFIX = '/l4e-autopilot/notify-test';
const WEBHOOK_PARAMETER = `${PREFIX}/slack-webhook`;

let dynamo: LocalDynamo;
let ssm: LocalSsm;
let sns: LocalSns;
let sink: WebhookSink;
let restoreEnv: () => void;
let notify: (event: unknown, remainingMs?: () => number) => Promise<AlertReport>;
const output: string[] = [];
const originalStdout = process.stdout.write.bind(process.stdout);
const originalStderr = process.stderr.write.bind(process.stderr);

function captureOutput() {
  const capture =
    (original: typeof process.stdout.write) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (original as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    };
  process.stdout.write = capture(originalStdout) as typeof process.stdout.write;
  process.stderr.write = capture(originalStderr) as typeof process.stderr.write;
}

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  ssm = await startLocalSsm();
  sns = await startLocalSns();
  sink = await startWebhookSink();
  restoreEnv = useLocalAwsEnv({ DYNAMODB: dynamo.url, SSM: ssm.url, SNS: sns.url });
  const table = loadServerlessConfig('serverless.yml', 'test').dynamoTables()[0];
  if (!table) throw new Error('no table in serverless.yml');
  await createTables(new DynamoDBClient({}), [{ ...table, tableName: 'notify-test' }]);
  const topicArn = sns.createTopic('l4e-autopilot-alerts');
  ssm.put(WEBHOOK_PARAMETER, sink.url, 'SecureString');
  Object.assign(process.env, {
    STATE_TABLE_NAME: 'notify-test',
    PARAMETER_PREFIX: PREFIX,
    NOTIFICATION_TOPIC_ARN: topicArn,
    SLACK_WEBHOOK_PARAMETER: WEBHOOK_PARAMETER,
    PARAMETER_CACHE_SECONDS: '0',
    // Pacing is proven on the sender itself; here it would only slow the suite down.
    SLACK_MIN_INTERVAL_MS: '0',
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
  });
  captureOutput();
  ({ notify } = await import('../../../functions/notify.js'));
});

afterAll(async () => {
  process.stdout.write = originalStdout;
  process.stderr.write = originalStderr;
  restoreEnv();
  await Promise.all([dynamo.close(), ssm.close(), sns.close(), sink.close()]);
});

beforeEach(() => {
  sink.respondWith([]);
});

/** A fixture event under a fresh id, so tests do not share notification marks. */
let counter = 0;
function freshEvent(name: string): Record<string, unknown> {
  const event = structuredClone(loadFixture(name)) as unknown as { detail: { eventId: string } };
  counter += 1;
  event.detail.eventId = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  return event as unknown as Record<string, unknown>;
}

const slackCount = () => sink.received().length;
const snsCount = () => sns.published().length;

describe('notify', () => {
  it('sends one Slack message and one SNS publish per event, even when delivered twice', async () => {
    // Prepare
    const event = freshEvent('run-failed');
    const [slackBefore, snsBefore] = [slackCount(), snsCount()];
    // Act
    const first = await notify(event);
    const second = await notify(event);
    // Assess
    expect(first).toMatchObject({ severity: 'error', slack: 'sent', sns: 'sent' });
    expect(second).toMatchObject({ slack: 'duplicate', sns: 'duplicate' });
    expect(slackCount() - slackBefore).toBe(1);
    expect(snsCount() - snsBefore).toBe(1);
    const published = sns.published().at(-1);
    expect(published?.attributes.severity?.StringValue).toBe('error');
    expect(published?.attributes.detailType?.StringValue).toBe('Scheduled Retraining State Change');
    expect(published?.subject?.length).toBeLessThan(100);
    const message = sink.received().at(-1)?.body as { text: string; blocks: unknown[] };
    expect(message.blocks.length).toBeGreaterThan(1);
    expect(message.text).toMatch(/FAILED/);
  });

  it('routes an info event to Slack only with the default routing', async () => {
    const [slackBefore, snsBefore] = [slackCount(), snsCount()];
    const report = await notify(freshEvent('run-success'));
    expect(report).toMatchObject({ severity: 'info', slack: 'sent', sns: 'not-routed' });
    expect(slackCount() - slackBefore).toBe(1);
    expect(snsCount() - snsBefore).toBe(0);
  });

  it("sends a fleet target's alarm once to Slack and SNS, and its recovery to both", async () => {
    // Prepare
    const alarm = freshEvent('fleet-target-unreachable');
    const recovery = freshEvent('fleet-target-recovered');
    const [slackBefore, snsBefore] = [slackCount(), snsCount()];
    // Act: the alarm delivered twice (a retried cycle raises the same id), then the recovery
    const first = await notify(alarm);
    const again = await notify(structuredClone(alarm));
    const back = await notify(recovery);
    // Assess
    expect(first).toMatchObject({ severity: 'error', slack: 'sent', sns: 'sent' });
    expect(again).toMatchObject({ slack: 'duplicate', sns: 'duplicate' });
    expect(back).toMatchObject({ severity: 'info', slack: 'sent', sns: 'sent' });
    expect(slackCount() - slackBefore).toBe(2);
    expect(snsCount() - snsBefore).toBe(2);
    const [down, up] = sns.published().slice(-2);
    expect(down?.subject).toBe('[ERROR] Fleet target unreachable for 3 cycles: 222222222222/eu-west-1');
    expect(down?.attributes.detailType?.StringValue).toBe('Fleet Target Unreachable');
    expect(up?.subject).toContain('Fleet target reachable again after 1 h 30 min');
    const message = sink.received().at(-2)?.body as { text: string };
    expect(message.text).toContain('222222222222/eu-west-1');
  });

  it.each([
    [
      'an unknown detail type',
      (e: Record<string, unknown>) => ({ ...e, 'detail-type': 'Model Deleted' }),
      'detail-type: must be one of',
    ],
    [
      'a run whose status is not a string',
      (e: Record<string, unknown>) => ({ ...e, detail: { ...(e.detail as object), status: 7 } }),
      'detail.status: must be a string (got 7)',
    ],
    [
      'a run without its model version',
      (e: Record<string, unknown>) => ({
        ...e,
        detail: { ...(e.detail as object), modelVersion: undefined },
      }),
      'detail.modelVersion: is required',
    ],
  ])('refuses %s at the edge, naming the field, and sends nothing', async (_name, change, problem) => {
    // Prepare
    const event = change(freshEvent('run-failed'));
    const [slackBefore, snsBefore] = [slackCount(), snsCount()];
    // Act
    const outcome = notify(event);
    // Assess: the invocation fails (EventBridge retries it, then dead-letters it); nothing is sent.
    await expect(outcome).rejects.toThrow(expect.objectContaining({ name: 'InvalidEventError' }));
    await expect(outcome).rejects.toThrow(problem);
    expect(slackCount() - slackBefore).toBe(0);
    expect(snsCount() - snsBefore).toBe(0);
  });

  it('fails the invocation when Slack keeps failing, and sends exactly once when retried', async () => {
    const event = freshEvent('decision-rejected');
    const [slackBefore, snsBefore] = [slackCount(), snsCount()];
    sink.respondWith(Array.from({ length: 4 }, () => ({ status: 500, body: 'internal_error' })));
    await expect(notify(event)).rejects.toThrow(/slack: SlackDeliveryError/);
    expect(snsCount() - snsBefore).toBe(1);
    expect(slackCount() - slackBefore).toBe(0);

    // EventBridge retries the invocation: Slack now succeeds, SNS is not sent again.
    const retried = await notify(event);
    expect(retried).toMatchObject({ slack: 'sent', sns: 'duplicate' });
    expect(slackCount() - slackBefore).toBe(1);
    expect(snsCount() - snsBefore).toBe(1);
  });

  it('fails at once in a Slack burst instead of sleeping past its timeout, and the retry sends once', async () => {
    // Prepare: Slack asks for 30 s of quiet; the invocation has 15 s left.
    const event = freshEvent('run-failed');
    const slackBefore = slackCount();
    sink.respondWith([{ status: 429, headers: { 'retry-after': '30' }, body: 'rate_limited' }]);
    const started = performance.now();

    // Act
    const failure = await notify(event, () => 15_000).catch((error: Error) => error.message);
    const elapsed = performance.now() - started;
    const retried = await notify(event, () => 60_000);

    // Assess
    expect(failure).toMatch(
      /slack: SlackDeliveryError: Slack webhook failed after 1 attempt: HTTP 429 rate_limited/,
    );
    expect(elapsed).toBeLessThan(5_000);
    expect(retried).toMatchObject({ slack: 'sent', sns: 'duplicate' });
    expect(slackCount() - slackBefore).toBe(1);
  }, 20_000);

  it('never writes the webhook URL to logs, errors or events, even when Slack fails', async () => {
    const secretPath = new URL(sink.url).pathname;
    sink.respondWith([{ status: 404, body: 'no_service' }]);
    const notFound = await notify(freshEvent('promotion-customer-error')).catch((e: unknown) => e);
    ssm.put(WEBHOOK_PARAMETER, `http://127.0.0.1:9${secretPath}`, 'SecureString');
    const refused = await notify(freshEvent('decision-failed')).catch((e: unknown) => e);
    ssm.put(WEBHOOK_PARAMETER, sink.url, 'SecureString');

    for (const error of [notFound, refused]) {
      expect(error).toBeInstanceOf(Error);
      const text = `${String(error)} ${(error as Error).stack ?? ''} ${JSON.stringify(error)}`;
      expect(text).not.toContain(secretPath);
    }
    const logs = output.join('');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain('alert');
    expect(logs).not.toContain(secretPath);
    expect(logs).not.toContain('hooks.slack.com');
    for (const message of sns.published()) expect(message.message).not.toContain(secretPath);
  });

  it('falls back to the default routing when the routing document is invalid, and says so', async () => {
    ssm.put(`${PREFIX}/notifications`, '{"slack": {"minSeverty": "error"}}');
    const before = output.length;
    const report = await notify(freshEvent('run-success'));
    expect(report.slack).toBe('sent');
    expect(output.slice(before).join('')).toMatch(/notification routing is invalid.*minSeverty/s);
    ssm.put(`${PREFIX}/notifications`, JSON.stringify({ slack: { modelPrefixes: ['nothing-matches-'] } }));
    const narrowed = await notify(freshEvent('run-failed'));
    expect(narrowed).toMatchObject({ slack: 'not-routed', sns: 'sent' });
  });

  it('is not invoked for replays: the rule of serverless.yml excludes them', async () => {
    const bus = await startLocalEventBus({ buses: ['l4e-autopilot-test'] });
    try {
      const rule = loadServerlessConfig('serverless.yml', 'test')
        .eventBridgeRules()
        .find((r) => r.functionName === 'notify');
      if (!rule) throw new Error('serverless.yml has no rule targeting notify');
      const invoked: string[] = [];
      bus.addRule({
        name: 'notify',
        eventBusName: 'l4e-autopilot-test',
        pattern: rule.pattern,
        targets: [
          {
            id: 'notify',
            invoke: async (e) => void invoked.push(String((e.detail as { eventId: string }).eventId)),
          },
        ],
      });
      const event = freshEvent('scheduler-stopped') as { detail: { eventId: string }; 'detail-type': string };
      bus.putEvents([
        {
          EventBusName: 'l4e-autopilot-test',
          Source: 'l4e.autopilot',
          DetailType: event['detail-type'],
          Detail: JSON.stringify(event.detail),
        },
      ]);
      await bus.drain();
      const replay = bus.replay({
        from: new Date(0),
        to: new Date(Date.now() + 60_000),
        eventBusName: 'l4e-autopilot-test',
      });
      await bus.drain();
      expect(replay.eventCount).toBe(1);
      expect(invoked).toEqual([event.detail.eventId]);
    } finally {
      await bus.close();
    }
  });
});
