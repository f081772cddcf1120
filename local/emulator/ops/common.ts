// Helpers shared by the operation handlers: typed access to validated input, lookups that raise the
// service's errors, ClientToken idempotency and tag checks.

import { type AccountScope, KMS_KEY_ARN, kmsKeyArn } from '../arns.js';
import { conflictError, notFoundError, validationError } from '../errors.js';
import type { Simulation } from '../simulation.js';
import type { ModelState, Tag } from '../state.js';

export type Input = Record<string, unknown>;
export type Handler = (sim: Simulation, input: Input) => Record<string, unknown>;

/** Input is validated against the operation's shape before a handler runs, so these casts are safe. */
export const text = (input: Input, key: string): string | undefined => input[key] as string | undefined;
export const integer = (input: Input, key: string): number | undefined => input[key] as number | undefined;
export const structure = <T>(input: Input, key: string): T | undefined => input[key] as T | undefined;
/** Epoch-seconds input as epoch milliseconds. */
export const instant = (input: Input, key: string): number | undefined => {
  const value = input[key] as number | undefined;
  return value === undefined ? undefined : Math.round(value * 1000);
};

export function requireModel(sim: Simulation, name: string): ModelState {
  const model = sim.store.models.get(name);
  if (model === undefined) throw notFoundError(`Model '${name}' does not exist.`);
  return model;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Same ClientToken and same input ⇒ the first response again; same token, other input ⇒ conflict. */
export function idempotent(
  sim: Simulation,
  operation: string,
  input: Input,
  run: () => Record<string, unknown>,
): Record<string, unknown> {
  const token = text(input, 'ClientToken') ?? '';
  const key = `${operation}\u0000${token}`;
  const { ClientToken: _ignored, ...rest } = input;
  const fingerprint = stableStringify(rest);
  const prior = sim.idempotency.get(key);
  if (prior !== undefined) {
    if (prior.fingerprint === fingerprint) return structuredClone(prior.response) as Record<string, unknown>;
    throw conflictError(
      `The ClientToken '${token}' was already used for a ${operation} request with different parameters.`,
    );
  }
  const response = run();
  sim.idempotency.set(key, { fingerprint, response: structuredClone(response) });
  return response;
}

export function checkTags(tags: Tag[] | undefined): Tag[] {
  if (tags === undefined) return [];
  const seen = new Set<string>();
  for (const tag of tags) {
    if (seen.has(tag.Key)) throw validationError(`Duplicate tag key '${tag.Key}' in the request.`);
    seen.add(tag.Key);
  }
  return tags.map((tag) => ({ Key: tag.Key, Value: tag.Value }));
}

export function resolveKmsKey(scope: AccountScope, keyId: string | undefined): string | undefined {
  if (keyId === undefined) return undefined;
  const arn = kmsKeyArn(scope, keyId);
  if (!KMS_KEY_ARN.test(arn))
    throw validationError(`The KMS key '${keyId}' does not exist or is not a valid key identifier.`);
  return arn;
}

export function checkInlineSchema(schema: string | undefined): string | undefined {
  if (schema === undefined) return undefined;
  try {
    JSON.parse(schema);
  } catch {
    throw validationError('DatasetSchema.InlineDataSchema is not valid JSON.');
  }
  return schema;
}

export function beginsWith(value: string, prefix: string | undefined): boolean {
  return prefix === undefined || value.startsWith(prefix);
}

export const byName =
  <T>(keyOf: (item: T) => string) =>
  (a: T, b: T): number => {
    const x = keyOf(a);
    const y = keyOf(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
