import { createHash } from 'node:crypto';

/**
 * Deterministic event id: the same transition gives the same id across retries, pollers and re-runs,
 * so consumers can de-duplicate. Formatted like a UUID because many tools expect that shape.
 */
export function deterministicId(...parts: ReadonlyArray<string | number | null | undefined>): string {
  const key = parts.map((p) => (p === null || p === undefined ? '\u0000' : String(p))).join('\u001f');
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
