import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsNotifier, TeamsDeliveryError } from '../../../lib/adapters/teams.js';
import { buildAlertContent } from '../../../lib/core/messages/alert-content.js';
import { renderTeamsMessage } from '../../../lib/core/messages/teams.js';
import { severityOf } from '../../../lib/core/severity.js';
import { startWebhookSink, validateTeamsPayload, type WebhookSink } from '../../../local/webhook-sink.js';
import { loadFixture } from '../../unit/messages/fixtures.js';

const SECRET_SIG = 'sig=S3cr3tSignatureDoNotLeak42';
const SECRET_PATH = '/workflows/0a1b2c3d4e5f/triggers/manual/paths/invoke';

const event = loadFixture('run-failed');
const message = renderTeamsMessage(buildAlertContent(event, severityOf(event)));

async function caught(promise: Promise<unknown>): Promise<TeamsDeliveryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TeamsDeliveryError) return error;
    throw error;
  }
  throw new Error('expected the post to fail');
}

function everythingIn(error: Error): string {
  return [
    error.name,
    error.message,
    error.stack ?? '',
    JSON.stringify(error),
    String(error.cause ?? ''),
  ].join('\n');
}

let sink: WebhookSink;
let url: string;

beforeAll(async () => {
  sink = await startWebhookSink({ path: SECRET_PATH, validate: validateTeamsPayload });
  url = `${sink.url}?api-version=1&${SECRET_SIG}`;
});

afterAll(async () => {
  await sink.close();
});

afterEach(() => {
  sink.respondWith([]);
});

describe('createTeamsNotifier against a local Workflows webhook', () => {
  it('posts the Adaptive Card message as JSON and returns after one attempt', async () => {
    // Prepare
    const before = sink.received().length;
    const notifier = createTeamsNotifier({ getWebhookUrl: async () => url });

    // Act
    const result = await notifier.post(message);

    // Assess
    expect(result).toEqual({ attempts: 1 });
    const received = sink.received().slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]?.body).toEqual(message);
    expect(sink.requests().at(-1)?.status).toBe(202);
  });

  it('honours Retry-After on 429 and retries 5xx, delivering exactly once', async () => {
    // Prepare
    const before = sink.received().length;
    sink.respondWith([
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 502, body: 'Bad Gateway' },
    ]);
    const delays: number[] = [];
    const notifier = createTeamsNotifier({
      getWebhookUrl: async () => url,
      sleep: async (ms) => void delays.push(ms),
      baseDelayMs: 100,
      random: () => 0,
    });

    // Act
    const result = await notifier.post(message);

    // Assess
    expect(result).toEqual({ attempts: 3 });
    expect(delays).toEqual([2000, 100]);
    expect(sink.received().slice(before)).toHaveLength(1);
  });

  it('fails at once, without retrying, when Teams rejects the message', async () => {
    // Prepare
    sink.respondWith([{ status: 400, body: 'InvalidRequestContent' }]);
    const delays: number[] = [];
    const notifier = createTeamsNotifier({
      getWebhookUrl: async () => url,
      sleep: async (ms) => void delays.push(ms),
    });

    // Act
    const error = await caught(notifier.post(message));

    // Assess
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.attempts).toBe(1);
    expect(delays).toEqual([]);
  });

  it('keeps the webhook URL and its signature out of errors, even when the response echoes them', async () => {
    // Prepare
    sink.respondWith(
      Array.from({ length: 2 }, () => ({ status: 500, body: `failed for ${url} (${SECRET_SIG})` })),
    );
    const notifier = createTeamsNotifier({
      getWebhookUrl: async () => url,
      sleep: async () => {},
      maxAttempts: 2,
    });

    // Act
    const error = await caught(notifier.post(message));

    // Assess
    const exposed = everythingIn(error);
    expect(exposed).not.toContain('S3cr3tSignatureDoNotLeak42');
    expect(exposed).not.toContain(SECRET_PATH);
    expect(error.message).toContain('[redacted]');
    expect(error.attempts).toBe(2);
  });

  it.each([
    ['plain http to another host', 'http://prod-00.westeurope.logic.azure.com/workflows/x?sig=abc'],
    ['not a URL', 'sig=abc'],
  ])('refuses %s without quoting it', async (_name, bad) => {
    // Prepare
    const notifier = createTeamsNotifier({ getWebhookUrl: async () => bad });

    // Act
    const error = await caught(notifier.post(message));

    // Assess
    expect(error.retryable).toBe(false);
    expect(everythingIn(error)).not.toContain('sig=abc');
  });

  it('is refused by Teams when larger than its message limit (the renderer keeps under it)', () => {
    // Act
    const verdict = validateTeamsPayload(JSON.stringify({ ...message, padding: 'x'.repeat(30_000) }));

    // Assess
    expect(verdict.status).toBe(413);
  });
});
