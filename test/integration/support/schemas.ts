// Validates events against the public JSON Schemas in events/schemas (the contract users code against).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { type AutopilotEvent, EVENT_SOURCE } from '../../../lib/core/events.js';

const SCHEMA_DIR = 'events/schemas';

function loadValidators(): Map<string, ValidateFunction> {
  // The files declare draft-04 for the EventBridge Schema Registry; they use only keywords whose
  // meaning is the same in draft-07, which is what Ajv validates.
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats.default(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json'))) {
    const { $schema: _draft, ...schema } = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8'));
    validators.set(schema.title, ajv.compile(schema));
  }
  return validators;
}

const validators = loadValidators();

export function schemaTitles(): string[] {
  return [...validators.keys()];
}

/** The envelope EventBridge would deliver for an event the product built. */
export function envelopeOf(event: AutopilotEvent): Record<string, unknown> {
  return {
    version: '0',
    id: '00000000-0000-0000-0000-000000000000',
    'detail-type': event.detailType,
    source: EVENT_SOURCE,
    account: event.detail.account,
    time: event.time,
    region: event.detail.region,
    resources: event.resources,
    detail: JSON.parse(JSON.stringify(event.detail)),
  };
}

/** Schema errors for a delivered envelope; empty when valid. */
export function schemaErrors(envelope: Record<string, unknown>): string[] {
  const validate = validators.get(String(envelope['detail-type']));
  if (!validate) return [`no schema for detail-type ${String(envelope['detail-type'])}`];
  if (validate(envelope)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
