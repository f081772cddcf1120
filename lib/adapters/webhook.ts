// Posting JSON to a chat webhook (Slack's incoming webhooks, and any channel shaped like them): retries
// with backoff and Retry-After, every wait and every attempt bounded by the time the invocation has left,
// posts to one webhook spaced out to its rate, and the URL, a credential, kept out of every error.

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
    // Signed URLs (Teams Workflows' `sig=…`) carry the secret in one parameter, which a reply may quote alone.
    for (const value of url.searchParams.values()) {
      if (isSecretLike(value)) variants.add(value).add(encodeURIComponent(value));
    }
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

/** Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now: number): number | null {
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

export function createWebhookSender(
  options: WebhookSenderOptions,
  makeError: WebhookErrorFactory,
): WebhookSender {
  const { label } = options;
  const doFetch = options.fetch ?? fetch;
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
  const baseDelayMs = Math.max(0, options.baseDelayMs ?? 500);
  const maxDelayMs = Math.max(baseDelayMs, options.maxDelayMs ?? 8000);
  const maxRetryAfterSeconds = Math.max(0, options.maxRetryAfterSeconds ?? 30);
  const timeoutMs = Math.max(1, options.timeoutMs ?? 10_000);
  const minIntervalMs = Math.max(0, options.minIntervalMs ?? 0);
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => performance.now());
  const random = options.random ?? Math.random;
  let lastPostAt: number | null = null;

  async function webhookUrl(): Promise<string> {
    let url: string;
    try {
      url = await options.getWebhookUrl();
    } catch (error) {
      throw makeError(
        `Could not read the ${label} webhook URL`,
        { status: null, errorBody: null, attempts: 0, retryable: true },
        { cause: error },
      );
    }
    // `new URL` errors carry the input, so the check reports only that it failed.
    if (!isAllowedUrl(url)) {
      throw makeError(`The ${label} webhook URL is not a valid https URL`, {
        status: null,
        errorBody: null,
        attempts: 0,
        retryable: false,
      });
    }
    return url;
  }

  async function attempt(url: string, body: string, limitMs: number): Promise<AttemptResult> {
    let response: Response;
    try {
      response = await doFetch(url, {
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
    const text = await response.text().catch(() => '');
    if (response.ok)
      return { ok: true, status: response.status, errorBody: null, retryable: false, retryAfterMs: null };
    const errorBody = sanitize(text, url) || null;
    if (response.status === 429) {
      const seconds = retryAfterSeconds(response.headers.get('retry-after'), Date.now());
      const retryAfterMs = seconds === null ? null : Math.min(seconds, maxRetryAfterSeconds) * 1000;
      return { ok: false, status: 429, errorBody, retryable: true, retryAfterMs };
    }
    return {
      ok: false,
      status: response.status,
      errorBody,
      retryable: response.status >= 500,
      retryAfterMs: null,
    };
  }

  function backoff(attemptNumber: number): number {
    const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attemptNumber - 1));
    // Equal jitter: spreads concurrent senders while still growing with each attempt.
    return Math.round(step / 2 + random() * (step / 2));
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
      status: null,
      errorBody: null,
      attempts,
      retryable: true,
    });

  /** Waits until `minIntervalMs` after the previous post started, when there is time for that. */
  async function keepInterval(remaining: () => number): Promise<void> {
    const wait = lastPostAt === null ? 0 : lastPostAt + minIntervalMs - now();
    if (wait > 0) {
      if (wait + MIN_ATTEMPT_MS > remaining()) throw outOfTime(0);
      await sleep(wait);
    }
    lastPostAt = now();
  }

  return {
    async post(body: string, postOptions?: PostOptions): Promise<{ attempts: number }> {
      const url = await webhookUrl();
      const remaining = postOptions?.remainingMs ?? (() => Number.POSITIVE_INFINITY);
      await keepInterval(remaining);
      for (let attempts = 1; ; attempts++) {
        const left = remaining();
        if (left < MIN_ATTEMPT_MS) throw outOfTime(attempts - 1);
        const result = await attempt(url, body, Math.min(timeoutMs, left));
        if (result.ok) return { attempts };
        if (!result.retryable || attempts >= maxAttempts) throw failure(result, attempts);
        const delay = result.retryAfterMs ?? backoff(attempts);
        if (delay + MIN_ATTEMPT_MS > remaining()) {
          throw failure(
            result,
            attempts,
            `no time left to wait ${Math.ceil(delay / 1000)} s before retrying`,
          );
        }
        await sleep(delay);
      }
    },
  };
}
