import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackNotifier, redactSecret, SlackDeliveryError } from '../../../lib/adapters/slack.js';
import type { SlackMessage } from '../../../lib/core/messages/slack.js';
import { startWebhookSink, type WebhookSink } from '../../../local/webhook-sink.js';

const SECRET_TOKEN = 'xS3cr3tT0kenDoNotLeak42';
const SECRET_PATH = `/services/T0FAKE0001/B0FAKE0002/${SECRET_TOKEN}`;

const message: SlackMessage = {
  text: 'Retraining failed · pump-station-7 v13',
  blocks: [
    {
      type: 'header',
      text: { type: 'plain_text', text: 'Retraining failed · pump-station-7 v13', emoji: true },
    },
    { type: 'section', text: { type: 'mrkdwn', text: 'The run moved `IN_PROGRESS → FAILED`.' } },
  ],
};

function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

async function caught(promise: Promise<unknown>): Promise<SlackDeliveryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SlackDeliveryError) return error;
    throw error;
  }
  throw new Error('expected the post to fail');
}

/** Everything an error exposes to a logger: message, stack, own properties, causes, JSON. */
function everythingIn(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      parts.push(current.name, current.message, current.stack ?? '', JSON.stringify(current));
      parts.push(
        JSON.stringify(Object.getOwnPropertyNames(current).map((k) => String((current as never)[k]))),
      );
      current = current.cause;
    } else {
      parts.push(String(current), JSON.stringify(current));
      break;
    }
  }
  return parts.join('\n');
}

let sink: WebhookSink;

beforeAll(async () => {
  sink = await startWebhookSink({ path: SECRET_PATH });
});

afterAll(async () => {
  await sink.close();
});

describe('createSlackNotifier against a local webhook', () => {
  let before: { received: number; requests: number };

  afterEach(() => {
    // Answers a test scripted but did not use must not answer the next test.
    sink.respondWith([]);
  });

  function mark() {
    before = { received: sink.received().length, requests: sink.requests().length };
  }
  const newlyReceived = () => sink.received().slice(before.received);
  const newRequests = () => sink.requests().slice(before.requests);

  it('posts the message as JSON and returns after one attempt', async () => {
    // Prepare
    mark();
    const notifier = createSlackNotifier({ getWebhookUrl: async () => sink.url });

    // Act
    const result = await notifier.post(message);

    // Assess
    expect(result).toEqual({ attempts: 1 });
    const received = newlyReceived();
    expect(received).toHaveLength(1);
    expect(received[0]?.body).toEqual(message);
    expect(received[0]?.headers['content-type']).toMatch(/^application\/json/);
  });

  it('honours Retry-After on 429 and delivers exactly once', async () => {
    // Prepare
    mark();
    sink.respondWith([{ status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' }]);
    const { delays, sleep } = recordingSleep();
    const notifier = createSlackNotifier({ getWebhookUrl: async () => sink.url, sleep, baseDelayMs: 5 });

    // Act
    const result = await notifier.post(message);

    // Assess
    expect(result).toEqual({ attempts: 2 });
    expect(delays).toEqual([1000]);
    expect(newlyReceived()).toHaveLength(1);
    expect(newRequests().map((r) => r.status)).toEqual([429, 200]);
  });

  it('caps a long Retry-After', async () => {
    // Prepare
    mark();
    sink.respondWith([{ status: 429, headers: { 'retry-after': '3600' }, body: 'rate_limited' }]);
    const { delays, sleep } = recordingSleep();
    const notifier = createSlackNotifier({
      getWebhookUrl: async () => sink.url,
      sleep,
      maxRetryAfterSeconds: 20,
    });

    // Act
    await notifier.post(message);

    // Assess
    expect(delays).toEqual([20_000]);
    expect(newlyReceived()).toHaveLength(1);
  });

  it('backs off exponentially on 5xx and gives up after maxAttempts', async () => {
    // Prepare
    mark();
    sink.respondWith(Array.from({ length: 5 }, () => ({ status: 500, body: 'internal_error' })));
    const { delays, sleep } = recordingSleep();
    const notifier = createSlackNotifier({
      getWebhookUrl: async () => sink.url,
      sleep,
      maxAttempts: 3,
      baseDelayMs: 100,
      random: () => 0.5,
    });

    // Act
    const error = await caught(notifier.post(message));

    // Assess
    expect(error).toMatchObject({
      name: 'SlackDeliveryError',
      status: 500,
      slackError: 'internal_error',
      attempts: 3,
    });
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('Slack webhook failed after 3 attempts: HTTP 500 internal_error');
    expect(delays).toEqual([75, 150]);
    expect(newRequests()).toHaveLength(3);
    expect(newlyReceived()).toHaveLength(0);
  });

  it('fails at once, without retrying, on 404 no_service', async () => {
    // Prepare
    mark();
    sink.respondWith([{ status: 404, body: 'no_service' }]);
    const { delays, sleep } = recordingSleep();
    const notifier = createSlackNotifier({ getWebhookUrl: async () => sink.url, sleep, maxAttempts: 5 });

    // Act
    const error = await caught(notifier.post(message));

    // Assess
    expect(error).toMatchObject({ status: 404, slackError: 'no_service', attempts: 1, retryable: false });
    expect(error.message).toBe('Slack rejected the message: HTTP 404 no_service (1 attempt)');
    expect(delays).toEqual([]);
    expect(newRequests()).toHaveLength(1);
  });

  it('fails at once when Slack rejects the blocks themselves', async () => {
    // Prepare
    mark();
    const tooMany: SlackMessage = {
      text: 'x',
      blocks: Array.from({ length: 51 }, () => ({ type: 'divider' as const })),
    };
    const { delays, sleep } = recordingSleep();
    const notifier = createSlackNotifier({ getWebhookUrl: async () => sink.url, sleep, maxAttempts: 5 });

    // Act
    const error = await caught(notifier.post(tooMany));

    // Assess
    expect(error).toMatchObject({ status: 400, slackError: 'invalid_blocks', attempts: 1 });
    expect(delays).toEqual([]);
    expect(newlyReceived()).toHaveLength(0);
  });

  it('keeps the webhook URL out of errors, even when the response echoes it', async () => {
    // Prepare
    mark();
    sink.respondWith([{ status: 403, body: `action_prohibited for ${sink.url} (${SECRET_PATH})` }]);
    const notifier = createSlackNotifier({ getWebhookUrl: async () => sink.url, sleep: async () => {} });

    // Act
    const error = await caught(notifier.post(message));

    // Assess
    const exposed = everythingIn(error);
    expect(exposed).not.toContain(SECRET_TOKEN);
    expect(exposed).not.toContain(SECRET_PATH);
    expect(error.slackError).toBe('action_prohibited for [redacted] ([redacted])');
  });

  it.each([
    ['404', [{ status: 404, body: 'no_service' }]],
    ['500', Array.from({ length: 3 }, () => ({ status: 500, body: 'internal_error' }))],
  ])('never exposes the webhook URL in the error for a %s', async (_name, responses) => {
    // Prepare
    sink.respondWith(responses);
    const notifier = createSlackNotifier({
      getWebhookUrl: async () => sink.url,
      sleep: async () => {},
      maxAttempts: 3,
    });

    // Act
    const error = await caught(notifier.post(message));

    // Assess
    const exposed = everythingIn(error);
    expect(exposed).not.toContain(sink.url);
    expect(exposed).not.toContain(SECRET_PATH);
    expect(exposed).not.toContain(SECRET_TOKEN);
  });
});

describe('createSlackNotifier when nothing listens', () => {
  it('retries a refused connection, then fails without exposing the URL', async () => {
    // Prepare
    const closed = await startWebhookSink({ path: SECRET_PATH });
    const url = closed.url;
    await closed.close();
    const { delays, sleep } = recordingSleep();
    const notifier = createSlackNotifier({
      getWebhookUrl: async () => url,
      sleep,
      maxAttempts: 2,
      random: () => 0,
    });

    // Act
    const error = await caught(notifier.post(message));

    // Assess
    expect(error).toMatchObject({ status: null, attempts: 2, retryable: true });
    expect(error.message).toMatch(/^Slack webhook unreachable after 2 attempts: .*ECONNREFUSED/);
    expect(delays).toHaveLength(1);
    const exposed = everythingIn(error);
    expect(exposed).not.toContain(url);
    expect(exposed).not.toContain(SECRET_PATH);
    expect(exposed).not.toContain(SECRET_TOKEN);
  });

  it('strips the URL from a fetch failure that quotes it', async () => {
    // Prepare
    const url = `https://hooks.slack.example${SECRET_PATH}`;
    const leaky = async (input: string | URL | Request) => {
      throw new TypeError(`fetch failed for ${String(input)}`, {
        cause: Object.assign(new Error(`getaddrinfo ENOTFOUND while requesting ${String(input)}`), {
          code: 'ENOTFOUND',
        }),
      });
    };
    const notifier = createSlackNotifier({
      getWebhookUrl: async () => url,
      fetch: leaky as typeof fetch,
      maxAttempts: 1,
    });

    // Act
    const error = await caught(notifier.post(message));

    // Assess
    const exposed = everythingIn(error);
    expect(exposed).not.toContain(SECRET_PATH);
    expect(exposed).not.toContain(SECRET_TOKEN);
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toBe(
      'fetch failed for [redacted]: getaddrinfo ENOTFOUND while requesting [redacted]',
    );
  });

  it('reports a malformed webhook URL without quoting it', async () => {
    // Prepare
    const notifier = createSlackNotifier({ getWebhookUrl: async () => `not a url ${SECRET_TOKEN}` });

    // Act
    const error = await caught(notifier.post(message));

    // Assess
    expect(error.message).toBe('The Slack webhook URL is not a valid https URL');
    expect(everythingIn(error)).not.toContain(SECRET_TOKEN);
    expect(error.attempts).toBe(0);
  });

  it('gives up on a webhook that never answers, after the per-attempt timeout', async () => {
    // Prepare
    const stalled = async (_input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const notifier = createSlackNotifier({
      getWebhookUrl: async () => `https://hooks.slack.example${SECRET_PATH}`,
      fetch: stalled as typeof fetch,
      timeoutMs: 20,
      maxAttempts: 2,
      sleep: async () => {},
    });

    // Act
    const error = await caught(notifier.post(message));

    // Assess
    expect(error.message).toBe('Slack webhook unreachable after 2 attempts: timed out');
  });
});

describe('a post bounded by the time the invocation has left', () => {
  afterEach(() => {
    sink.respondWith([]);
  });

  it('refuses an http: webhook, which would send the alert and its URL in the clear', async () => {
    // Prepare
    const calls: string[] = [];
    const recording = async (input: string | URL | Request) => {
      calls.push(String(input));
      return new Response('ok');
    };
    const notifier = createSlackNotifier({
      getWebhookUrl: async () => `http://hooks.slack.com${SECRET_PATH}`,
      fetch: recording as typeof fetch,
    });

    // Act
    const error = await caught(notifier.post(message));

    // Assess
    expect(error.message).toBe('The Slack webhook URL is not a valid https URL');
    expect(error.retryable).toBe(false);
    expect(everythingIn(error)).not.toContain(SECRET_TOKEN);
    expect(calls).toEqual([]);
  });

  it('gives up at once when Retry-After asks for more time than is left, instead of sleeping past the timeout', async () => {
    // Prepare
    const before = sink.requests().length;
    sink.respondWith([{ status: 429, headers: { 'retry-after': '20' }, body: 'rate_limited' }]);
    const { delays, sleep } = recordingSleep();
    const notifier = createSlackNotifier({ getWebhookUrl: async () => sink.url, sleep });

    // Act
    const error = await caught(notifier.post(message, { remainingMs: () => 5_000 }));

    // Assess
    expect(delays).toEqual([]);
    expect(error.retryable).toBe(true);
    expect(error.attempts).toBe(1);
    expect(error.message).toBe(
      'Slack webhook failed after 1 attempt: HTTP 429 rate_limited (no time left to wait 20 s before retrying)',
    );
    expect(
      sink
        .requests()
        .slice(before)
        .map((r) => r.status),
    ).toEqual([429]);
  });

  it('cuts an attempt short when the invocation has less time left than the per-attempt timeout', async () => {
    // Prepare
    const stalled = async (_input: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    const notifier = createSlackNotifier({
      getWebhookUrl: async () => `https://hooks.slack.example${SECRET_PATH}`,
      fetch: stalled as typeof fetch,
      timeoutMs: 5_000,
      maxAttempts: 3,
      sleep: async () => {},
    });
    const started = performance.now();

    // Act
    const error = await caught(notifier.post(message, { remainingMs: () => 300 }));

    // Assess
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^Slack webhook unreachable after 1 attempt: timed out/);
  });

  it('spaces posts to one webhook at least minIntervalMs apart', async () => {
    // Prepare
    let clock = 1_000_000;
    const delays: number[] = [];
    const notifier = createSlackNotifier({
      getWebhookUrl: async () => sink.url,
      minIntervalMs: 1_000,
      now: () => clock,
      sleep: async (ms) => {
        delays.push(ms);
        clock += ms;
      },
    });

    // Act
    await notifier.post(message);
    clock += 250;
    await notifier.post(message);
    clock += 5_000;
    await notifier.post(message);

    // Assess
    expect(delays).toEqual([750]);
  });
});

describe('redactSecret', () => {
  const url = `https://hooks.slack.com${SECRET_PATH}`;

  it.each([
    [`posting to ${url} failed`, 'posting to [redacted] failed'],
    [`POST ${SECRET_PATH} 404`, 'POST [redacted] 404'],
    [`token ${SECRET_TOKEN} rejected`, 'token [redacted] rejected'],
    [`encoded ${encodeURIComponent(url)}`, 'encoded [redacted]'],
    ['Slack services are fine', 'Slack services are fine'],
  ])('redacts %j', (text, expected) => {
    expect(redactSecret(text, url)).toBe(expected);
  });

  it('leaves text alone when there is no secret', () => {
    expect(redactSecret('anything', '')).toBe('anything');
  });
});
