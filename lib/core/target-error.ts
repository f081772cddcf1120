// A target's failure as an event, a log line or a health record may carry it: short, on one line, and
// with nothing a reader could use to reach the account. SDK and STS errors can quote a presigned URL, a
// request's credential scope or, from a misbehaving proxy, the request itself; none of that leaves here.
import { MAX_TARGET_ERROR_LENGTH } from './contract/fleet-target.js';

const REDACTED = '[redacted]';

/** Key words whose value is a secret wherever they appear: `ExternalId=abc`, `"sessionToken": "…"`. */
const SECRET_KEYS =
  /\b(external[\s_-]?id|session[\s_-]?token|security[\s_-]?token|x-amz-[a-z-]+|secret[\s_-]?access[\s_-]?key|secret|signature|credential|authorization|password|token)(["']?\s*[:=]\s*["']?)(?!\[redacted\])(?:(?:Bearer|Basic|AWS4-HMAC-SHA256)\s+)?[^\s"',;&)}\]]+/gi;

/** The id of an access key, long-term (AKIA) or temporary (ASIA). */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g;

/** A URL's query string and fragment: a presigned URL's signature and token live there. */
const URL_QUERY = /\b([a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi;

/** A run of base64 long enough to be a secret access key or a session token. */
const LONG_BASE64 = /[A-Za-z0-9/+=]{40,}/g;

function looksSecret(run: string): boolean {
  return /[0-9]/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run);
}

/** Each value in `secrets` (e.g. the configured external id), wherever it appears, however quoted. */
function withoutValues(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * The error text a target's health keeps: secrets removed first, then whitespace folded to single
 * spaces, then cut to at most MAX_TARGET_ERROR_LENGTH characters (so a cut never leaves part of one).
 */
export function targetErrorText(error: string, secrets: readonly string[] = []): string {
  const cleaned = withoutValues(error, secrets)
    .replace(URL_QUERY, `$1?${REDACTED}`)
    .replace(SECRET_KEYS, (_all, key: string, separator: string) => `${key}${separator}${REDACTED}`)
    .replace(ACCESS_KEY_ID, REDACTED)
    .replace(LONG_BASE64, (run) => (looksSecret(run) ? REDACTED : run))
    .replace(/\s+/g, ' ')
    .trim();
  const text = cleaned === '' ? 'unknown error' : cleaned;
  return text.length <= MAX_TARGET_ERROR_LENGTH ? text : `${text.slice(0, MAX_TARGET_ERROR_LENGTH - 1)}…`;
}
