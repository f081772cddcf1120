// Slack incoming-webhook adapter. The webhook URL is a credential (anyone holding it can post to
// the channel), so it never leaves this module: not in errors, not in their causes, not in logs.
import type { SlackMessage } from '../core/messages/slack.js';

export interface SlackNotifierOptions {
  fetch?: typeof fetch;
  /** Read on every post so a rotated URL takes effect without a cold start (cache it in the caller). */
  getWebhookUrl: () => Promise<string>;
  /** Attempts in total, first one included. */
  maxAttempts?: number;
  /** First backoff step for 5xx and network errors; doubles per attempt, with jitter. */
  baseDelayMs?: number;
  /** Ceiling for one backoff step. */
  maxDelayMs?: number;
  /** A longer `Retry-After` is cut to this, so a Lambda never sleeps past its timeout. */
  maxRetryAfterSeconds?: number;
  /** Per attempt; a webhook that never answers must not hold the invocation. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); replaceable so tests can pin the jitter. */
  random?: () => number;
}

export interface SlackNotifier {
  post(message: SlackMessage): Promise<{ attempts: number }>;
}

export interface SlackDeliveryDetails {
  /** HTTP status of the last attempt; null when no response arrived. */
  status: number | null;
  /** Slack's short error body (e.g. `no_service`, `invalid_blocks`), redacted and shortened. */
  slackError: string | null;
  attempts: number;
  /** True when the failure was transient (429, 5xx, network) and a later try may succeed. */
  retryable: boolean;
}

export class SlackDeliveryError extends Error implements SlackDeliveryDetails {
  readonly status: number | null;
  readonly slackError: string | null;
  readonly attempts: number;
  readonly retryable: boolean;

  constructor(message: string, details: SlackDeliveryDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SlackDeliveryError';
    this.status = details.status;
    this.slackError = details.slackError;
    this.attempts = details.attempts;
    this.retryable = details.retryable;
  }
}

const REDACTED = '[redacted]';
const MAX_ERROR_BODY = 200;
const MAX_CAUSE_DEPTH = 5;

/** A path segment that looks like an id or a token rather than a word such as `services`. */
function isSecretLike(segment: string): boolean {
  return segment.length >= 8 && /[0-9A-Z]/.test(segment);
}

function secretVariants(secret: string): string[] {
  const variants = new Set<string>([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  try {
    const url = new URL(secret);
    variants.add(url.href);
    if (url.pathname.length > 1) {
      variants.add(url.pathname);
      variants.add(encodeURIComponent(url.pathname));
    }
    for (const segment of url.pathname.split('/')) if (isSecretLike(segment)) variants.add(segment);
    if (url.search.length > 1) variants.add(url.search);
  } catch {
    // Not a URL: the literal and its encodings are all there is to hide.
  }
  return [...variants].filter((v) => v !== '').sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of `secret` in `text`. When the secret is a URL, its path and its
 * id/token segments are replaced too, since messages often quote only the path or a segment.
 */
export function redactSecret(text: string, secret: string): string {
  if (secret === '') return text;
  let result = text;
  for (const variant of secretVariants(secret)) result = result.split(variant).join(REDACTED);
  return result;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
function retryAfterSeconds(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Printable, short and free of the secret: safe to put in an error message. */
function sanitize(text: string, secret: string): string {
  const printable = text.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return redactSecret(printable, secret).slice(0, MAX_ERROR_BODY);
}

/**
 * Describes a fetch failure without keeping the original error: undici's messages and causes
 * may quote the URL, and an error kept as `cause` would carry it into logs.
 */
function describeNetworkFailure(error: unknown, secret: string): { text: string; name: string } {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    const piece =
      typeof code === 'string' && !current.message.includes(code)
        ? `${current.message} (${code})`
        : current.message;
    parts.push(piece);
    current = current.cause;
  }
  const name = error instanceof Error ? error.name : 'Error';
  if (name === 'TimeoutError' || name === 'AbortError') return { text: 'timed out', name };
  return { text: sanitize(parts.join(': ') || String(error), secret), name };
}

interface AttemptResult {
  ok: boolean;
  status: number | null;
  slackError: string | null;
  retryable: boolean;
  retryAfterMs: number | null;
  cause?: Error;
}

function pluralAttempts(n: number): string {
  return `${n} attempt${n === 1 ? '' : 's'}`;
}

function failureMessage(result: AttemptResult, attempts: number): string {
  const tries = pluralAttempts(attempts);
  if (result.status === null) {
    return `Slack webhook unreachable after ${tries}: ${result.cause?.message ?? 'no response'}`;
  }
  const what = `HTTP ${result.status}${result.slackError ? ` ${result.slackError}` : ''}`;
  return result.retryable
    ? `Slack webhook failed after ${tries}: ${what}`
    : `Slack rejected the message: ${what} (${tries})`;
}

export function createSlackNotifier(options: SlackNotifierOptions): SlackNotifier {
  const doFetch = options.fetch ?? fetch;
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
  const baseDelayMs = Math.max(0, options.baseDelayMs ?? 500);
  const maxDelayMs = Math.max(baseDelayMs, options.maxDelayMs ?? 8000);
  const maxRetryAfterSeconds = Math.max(0, options.maxRetryAfterSeconds ?? 30);
  const timeoutMs = Math.max(1, options.timeoutMs ?? 10_000);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  async function webhookUrl(): Promise<string> {
    let url: string;
    try {
      url = await options.getWebhookUrl();
    } catch (error) {
      throw new SlackDeliveryError(
        'Could not read the Slack webhook URL',
        { status: null, slackError: null, attempts: 0, retryable: true },
        { cause: error },
      );
    }
    // `new URL` errors carry the input, so the check reports only that it failed.
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new SlackDeliveryError('The Slack webhook URL is not a valid http(s) URL', {
        status: null,
        slackError: null,
        attempts: 0,
        retryable: false,
      });
    }
    return url;
  }

  async function attempt(url: string, body: string): Promise<AttemptResult> {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        // A redirect would send the alert somewhere other than the configured webhook.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const failure = describeNetworkFailure(error, url);
      const cause = new Error(failure.text);
      cause.name = failure.name;
      return { ok: false, status: null, slackError: null, retryable: true, retryAfterMs: null, cause };
    }
    const text = await response.text().catch(() => '');
    if (response.ok)
      return { ok: true, status: response.status, slackError: null, retryable: false, retryAfterMs: null };
    const slackError = sanitize(text, url) || null;
    if (response.status === 429) {
      const seconds = retryAfterSeconds(response.headers.get('retry-after'), Date.now());
      const retryAfterMs = seconds === null ? null : Math.min(seconds, maxRetryAfterSeconds) * 1000;
      return { ok: false, status: 429, slackError, retryable: true, retryAfterMs };
    }
    return {
      ok: false,
      status: response.status,
      slackError,
      retryable: response.status >= 500,
      retryAfterMs: null,
    };
  }

  function backoff(attemptNumber: number): number {
    const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attemptNumber - 1));
    // Equal jitter: spreads concurrent senders while still growing with each attempt.
    return Math.round(step / 2 + random() * (step / 2));
  }

  return {
    async post(message: SlackMessage): Promise<{ attempts: number }> {
      const url = await webhookUrl();
      const body = JSON.stringify(message);
      for (let attempts = 1; ; attempts++) {
        const result = await attempt(url, body);
        if (result.ok) return { attempts };
        if (!result.retryable || attempts >= maxAttempts) {
          throw new SlackDeliveryError(
            failureMessage(result, attempts),
            { status: result.status, slackError: result.slackError, attempts, retryable: result.retryable },
            result.cause === undefined ? undefined : { cause: result.cause },
          );
        }
        await sleep(result.retryAfterMs ?? backoff(attempts));
      }
    },
  };
}
