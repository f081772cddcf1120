// The send lease of a notification mark against the real notification ledger adapter (on dynalite): it holds off
// a concurrent duplicate while the invocation that took it can still be running, and never longer, so
// the retry of an invocation killed at its timeout sends the alert instead of failing `busy`.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationLedger } from '../../../lib/adapters/state-ledger.js';
import { type AlertDeps, sendAlerts } from '../../../lib/alert.js';
import type { DeliveredEvent } from '../../../lib/core/events.js';
import { parseRouting } from '../../../lib/core/routing.js';
import { silentLogger } from '../../../lib/logger.js';
import { parseDeliveredEvent } from '../../../lib/triggers.js';
import {
  createTables,
  type LocalDynamo,
  loadServerlessConfig,
  startLocalDynamo,
} from '../../../local/aws/index.js';
import { loadFixture } from '../../unit/messages/fixtures.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const RETENTION_SECONDS = 15 * 86400;
// Lambda's first retry of a failed asynchronous invocation comes about a minute after it failed.
const LAMBDA_RETRY_DELAY_MS = 60_000;

let dynamo: LocalDynamo;
let client: DynamoDBClient;
let ledger: AlertDeps['ledger'];

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  client = new DynamoDBClient({
    endpoint: dynamo.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const table = loadServerlessConfig('serverless.yml', 'test').dynamoTables()[0];
  if (!table) throw new Error('no table in serverless.yml');
  await createTables(client, [{ ...table, tableName: 'alert-lease' }]);
  ledger = createNotificationLedger(DynamoDBDocumentClient.from(client), { tableName: 'alert-lease' });
});

afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

function event(id: string): DeliveredEvent {
  const raw = structuredClone(loadFixture('run-failed')) as unknown as { detail: { eventId: string } };
  raw.detail.eventId = id;
  return parseDeliveredEvent(raw);
}

/** Deps whose Slack post calls `post`; SNS is not routed for these tests' purpose (not configured). */
function deps(post: () => Promise<unknown>): AlertDeps {
  return {
    ledger,
    routing: async () => parseRouting(undefined),
    slack: { configured: async () => true, post },
    sns: null,
    logger: silentLogger,
  };
}

describe('the send lease of a notification', () => {
  it('ends when the invocation that took it would be killed, so the retry after the timeout sends', async () => {
    // Prepare: an invocation with 40 s left takes the lease, then hangs in Slack until Lambda kills it.
    const target = event('00000000-0000-4000-8000-00000000a001');
    let started!: () => void;
    const posting = new Promise<void>((resolve) => {
      started = resolve;
    });
    void sendAlerts(
      deps(() => {
        started();
        return new Promise(() => {});
      }),
      target,
      { nowMs: T0, retentionSeconds: RETENTION_SECONDS, remainingMs: () => 40_000 },
    ).catch(() => undefined);
    await posting;
    const sent: number[] = [];

    // Act: a duplicate delivery while it may still be running, then Lambda's retry after the kill.
    const duplicate = await sendAlerts(
      deps(async () => sent.push(1)),
      target,
      {
        nowMs: T0 + 30_000,
        retentionSeconds: RETENTION_SECONDS,
        remainingMs: () => 60_000,
      },
    ).catch((error: Error) => error.message);
    const retried = await sendAlerts(
      deps(async () => sent.push(2)),
      target,
      {
        nowMs: T0 + 40_000 + LAMBDA_RETRY_DELAY_MS,
        retentionSeconds: RETENTION_SECONDS,
        remainingMs: () => 60_000,
      },
    );

    // Assess
    expect(duplicate).toMatch(/slack: another delivery of event .* is being sent/);
    expect(retried.slack).toBe('sent');
    expect(sent).toEqual([2]);
  });

  it('gives Slack only the time left after what the marks and SNS still need', async () => {
    // Prepare
    const budgets: number[] = [];
    const post = async (_message: unknown, options?: { remainingMs?: () => number }) => {
      budgets.push(options?.remainingMs?.() ?? Number.POSITIVE_INFINITY);
    };

    // Act
    await sendAlerts(
      { ...deps(async () => undefined), slack: { configured: async () => true, post } },
      event('00000000-0000-4000-8000-00000000a002'),
      { nowMs: T0, retentionSeconds: RETENTION_SECONDS, remainingMs: () => 30_000 },
    );

    // Assess
    expect(budgets).toHaveLength(1);
    expect(budgets[0]).toBeLessThan(30_000);
    expect(budgets[0]).toBeGreaterThan(15_000);
  });

  it('the second channel’s lease also lasts until the invocation would be killed, however long the first took', async () => {
    // Prepare: an invocation with 60 s left spends 45 s on Slack, then hangs in SNS until it is killed.
    const target = event('00000000-0000-4000-8000-00000000a003');
    let left = 60_000;
    let started!: () => void;
    const publishing = new Promise<void>((resolve) => {
      started = resolve;
    });
    void sendAlerts(
      {
        ...deps(async () => {
          left = 15_000;
        }),
        sns: {
          publish: () => {
            started();
            return new Promise(() => {});
          },
        },
      },
      target,
      { nowMs: T0, retentionSeconds: RETENTION_SECONDS, remainingMs: () => left },
    ).catch(() => undefined);
    await publishing;
    const published: number[] = [];

    // Act: a duplicate delivery 50 s in, while the first may still be publishing.
    const duplicate = await sendAlerts(
      { ...deps(async () => undefined), sns: { publish: async () => published.push(1) } },
      target,
      { nowMs: T0 + 50_000, retentionSeconds: RETENTION_SECONDS, remainingMs: () => 60_000 },
    ).catch((error: Error) => error.message);

    // Assess
    expect(published).toEqual([]);
    expect(duplicate).toMatch(/sns: another delivery of event .* is being sent/);
  });
});
