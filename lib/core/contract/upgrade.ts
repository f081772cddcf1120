// Details written under an earlier schemaVersion, read as the current one. Version 1 had no `provider`:
// every model it spoke of was Amazon Lookout for Equipment's, so a version-1 detail is that detail with
// `provider` set and the version raised. Ids and every other field stay as they were, so an event kept in
// an outbox across the upgrade is published with the id it was claimed under.
import { PROVIDER_NAMES, SCHEMA_VERSION } from './names.js';

const FIRST_PROVIDER = PROVIDER_NAMES[0];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A version-1 detail as version 2 reads it; anything else unchanged (the schema then judges it). */
export function upgradeDetail(detail: unknown): unknown {
  if (!isRecord(detail) || detail.schemaVersion !== '1' || 'provider' in detail) return detail;
  return { ...detail, schemaVersion: SCHEMA_VERSION, provider: FIRST_PROVIDER };
}

/** An event (as delivered, or as the outbox keeps it) whose detail is upgraded; anything else unchanged. */
export function upgradeEvent(event: unknown): unknown {
  if (!isRecord(event) || !('detail' in event)) return event;
  const detail = upgradeDetail(event.detail);
  return detail === event.detail ? event : { ...event, detail };
}
