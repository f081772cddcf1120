// Keeping a webhook's URL, a credential, out of every message: the URL and the parts of it a reply or
// a network error may quote alone (its path, its id and token segments, a signature parameter).

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

/** Printable, short and free of the secret: safe to put in an error message. */
export function sanitize(text: string, secret: string): string {
  const printable = text.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return redactSecret(printable, secret).slice(0, MAX_ERROR_BODY);
}

/**
 * Describes a fetch failure without keeping the original error: undici's messages and causes
 * may quote the URL, and an error kept as `cause` would carry it into logs.
 */
export function describeNetworkFailure(error: unknown, secret: string): { text: string; name: string } {
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
