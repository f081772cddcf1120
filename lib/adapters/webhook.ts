// Posting JSON to a chat webhook (Slack's incoming webhooks, and any channel shaped like them): retries
// with backoff and Retry-After, every wait and every attempt bounded by the time the invocation has left,
// posts to one webhook spaced out to its rate, and the URL, a credential, kept out of every error.

import { describeNetworkFailure, sanitize } from './webhook-redact.js';

export interface WebhookSenderOptions {
  /** Names the channel in errors, e.g. `Slack`. */
  label: string;
  fetch?: typeof fetch;
  /** Read on every post so a rotated URL takes effect without a cold start (cache it in the caller). */
  getWebhookUrl: () => Promise<string>;
  /** Attempts in total, first one included. */
  maxAttempts?: number;
  /** First backoff step for 5xx and network errors; doubles per attempt, with jitter. */
  baseDelayMs?: number;
  /** Ceiling for one backoff step. */
  maxDelayMs?: number;
  /** A longer `Retry-After` is cut to this. */
  maxRetryAfterSeconds?: number;
  /** Per attempt; a webhook that never answers must not hold the invocation. */
  timeoutMs?: number;
  /** Least time between two posts to the webhook (Slack takes about one message a second). */
  minIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** A monotonic clock in milliseconds, for spacing posts. */
  now?: () => number;
  /** In [0, 1); replaceable so tests can pin the jitter. */
  random?: () => number;
}

export interface PostOptions {
  /**
   * Milliseconds this post may still take (e.g. the Lambda context's getRemainingTimeInMillis, less
   * what the caller needs afterwards). No attempt outlives it and no wait is started that would end
   * past it: the post fails, retryable, while there is still time to report it.
   */
  remainingMs?: () => number;
}

export interface WebhookDeliveryDetails {
  /** HTTP status of the last attempt; null when no response arrived. */
  status: number | null;
  /** The webhook's short error body (e.g. Slack's `no_service`), redacted and shortened. */
  errorBody: string | null;
  attempts: number;
  /** True when the failure was transient (429, 5xx, network, out of time) and a later try may succeed. */
  retryable: boolean;
}

export type WebhookErrorFactory = (
  message: string,
  details: WebhookDeliveryDetails,
  options?: { cause?: unknown },
) => Error;

export interface WebhookSender {
  post(body: string, options?: PostOptions): Promise<{ attempts: number }>;
}

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

interface AttemptResult {
  ok: boolean;
  status: number | null;
  errorBody: string | null;
  retryable: boolean;
  retryAfterMs: number | null;
  cause?: Error;
}

function pluralAttempts(n: number): string {
  return `${n} attempt${n === 1 ? '' : 's'}`;
}

function failureMessage(label: string, result: AttemptResult, attempts: number, note: string): string {
  const tries = pluralAttempts(attempts);
  const suffix = note === '' ? '' : ` (${note})`;
  if (result.status === null) {
    return `${label} webhook unreachable after ${tries}: ${result.cause?.message ?? 'no response'}${suffix}`;
  }
  const what = `HTTP ${result.status}${result.errorBody ? ` ${result.errorBody}` : ''}`;
  return result.retryable
    ? `${label} webhook failed after ${tries}: ${what}${suffix}`
    : `${label} rejected the message: ${what} (${tries})`;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// An attempt needs at least this long to be worth starting.
const MIN_ATTEMPT_MS = 200;

/** Only https, except on the loopback interface, where nothing crosses a network. */
function isAllowedUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  if (protocol === 'https:') return true;
  return protocol === 'http:' && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(hostname);
}

/** The sender's options with their defaults, clamped to sensible ranges once. */
interface Settings {
  label: string;
  doFetch: typeof fetch;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterSeconds: number;
  timeoutMs: number;
  minIntervalMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
}

function settingsOf(options: WebhookSenderOptions): Settings {
  const baseDelayMs = Math.max(0, options.baseDelayMs ?? 500);
  return {
    label: options.label,
    doFetch: options.fetch ?? fetch,
    maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? 4)),
    baseDelayMs,
    maxDelayMs: Math.max(baseDelayMs, options.maxDelayMs ?? 8000),
    maxRetryAfterSeconds: Math.max(0, options.maxRetryAfterSeconds ?? 30),
    timeoutMs: Math.max(1, options.timeoutMs ?? 10_000),
    minIntervalMs: Math.max(0, options.minIntervalMs ?? 0),
    sleep: options.sleep ?? defaultSleep,
    now: options.now ?? (() => performance.now()),
    random: options.random ?? Math.random,
  };
}

function backoff(s: Settings, attemptNumber: number): number {
  const step = Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** (attemptNumber - 1));
  // Equal jitter: spreads concurrent senders while still growing with each attempt.
  return Math.round(step / 2 + s.random() * (step / 2));
}

/** What one answered attempt means: delivered, rejected for good, or worth another try (429, 5xx). */
async function answered(response: Response, url: string, s: Settings): Promise<AttemptResult> {
  const text = await response.text().catch(() => '');
  if (response.ok)
    return { ok: true, status: response.status, errorBody: null, retryable: false, retryAfterMs: null };
  const errorBody = sanitize(text, url) || null;
  if (response.status === 429) {
    const seconds = retryAfterSeconds(response.headers.get('retry-after'), Date.now());
    const retryAfterMs = seconds === null ? null : Math.min(seconds, s.maxRetryAfterSeconds) * 1000;
    return { ok: false, status: 429, errorBody, retryable: true, retryAfterMs };
  }
  const retryable = response.status >= 500;
  return { ok: false, status: response.status, errorBody, retryable, retryAfterMs: null };
}

async function attempt(s: Settings, url: string, body: string, limitMs: number): Promise<AttemptResult> {
  let response: Response;
  try {
    response = await s.doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
      // A redirect would send the alert somewhere other than the configured webhook.
      redirect: 'manual',
      signal: AbortSignal.timeout(limitMs),
    });
  } catch (error) {
    const failure = describeNetworkFailure(error, url);
    const cause = new Error(failure.text);
    cause.name = failure.name;
    return { ok: false, status: null, errorBody: null, retryable: true, retryAfterMs: null, cause };
  }
  return answered(response, url, s);
}

const NOTHING_SENT = { status: null, errorBody: null } as const;

export function createWebhookSender(
  options: WebhookSenderOptions,
  makeError: WebhookErrorFactory,
): WebhookSender {
  const s = settingsOf(options);
  const { label } = s;
  let lastPostAt: number | null = null;

  async function webhookUrl(): Promise<string> {
    let url: string;
    try {
      url = await options.getWebhookUrl();
    } catch (error) {
      const details = { ...NOTHING_SENT, attempts: 0, retryable: true };
      throw makeError(`Could not read the ${label} webhook URL`, details, { cause: error });
    }
    // `new URL` errors carry the input, so the check reports only that it failed.
    if (!isAllowedUrl(url)) {
      const details = { ...NOTHING_SENT, attempts: 0, retryable: false };
      throw makeError(`The ${label} webhook URL is not a valid https URL`, details);
    }
    return url;
  }

  function failure(result: AttemptResult, attempts: number, note = ''): Error {
    return makeError(
      failureMessage(label, result, attempts, note),
      { status: result.status, errorBody: result.errorBody, attempts, retryable: result.retryable },
      result.cause === undefined ? undefined : { cause: result.cause },
    );
  }

  const outOfTime = (attempts: number) =>
    makeError(`${label} webhook not posted: no time left in this invocation`, {
      ...NOTHING_SENT,
      attempts,
      retryable: true,
    });

  /** Waits until `minIntervalMs` after the previous post started, when there is time for that. */
  async function keepInterval(remaining: () => number): Promise<void> {
    const wait = lastPostAt === null ? 0 : lastPostAt + s.minIntervalMs - s.now();
    if (wait > 0) {
      if (wait + MIN_ATTEMPT_MS > remaining()) throw outOfTime(0);
      await s.sleep(wait);
    }
    lastPostAt = s.now();
  }

  /** After a failed attempt: waits for the next one, or throws when there is none to make in time. */
  async function waitToRetry(result: AttemptResult, attempts: number, remaining: () => number) {
    if (!result.retryable || attempts >= s.maxAttempts) throw failure(result, attempts);
    const delay = result.retryAfterMs ?? backoff(s, attempts);
    if (delay + MIN_ATTEMPT_MS > remaining()) {
      throw failure(result, attempts, `no time left to wait ${Math.ceil(delay / 1000)} s before retrying`);
    }
    await s.sleep(delay);
  }

  return {
    async post(body: string, postOptions?: PostOptions): Promise<{ attempts: number }> {
      const url = await webhookUrl();
      const remaining = postOptions?.remainingMs ?? (() => Number.POSITIVE_INFINITY);
      await keepInterval(remaining);
      for (let attempts = 1; ; attempts++) {
        const left = remaining();
        if (left < MIN_ATTEMPT_MS) throw outOfTime(attempts - 1);
        const result = await attempt(s, url, body, Math.min(s.timeoutMs, left));
        if (result.ok) return { attempts };
        await waitToRetry(result, attempts, remaining);
      }
    },
  };
}
