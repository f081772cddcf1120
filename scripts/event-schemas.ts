// The JSON Schema of each detail type, from the zod schemas of lib/core/contract: what
// `npm run schemas` writes to events/schemas/ and what the drift test holds those files to.
import { z } from 'zod/mini';
import { EVENT_SCHEMAS, schemaSlug } from '../lib/core/contract/envelope.js';
import { DETAIL_TYPES } from '../lib/core/contract/names.js';

type JsonSchema = { [key: string]: unknown };

export interface SchemaFile {
  /** File name in events/schemas/, e.g. `model-version-promotion-result.json`. */
  file: string;
  schema: JsonSchema;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Draft-04 as people write it: `{"type": ["string", "null"]}` for a nullable value, no bounds an
 * integer always has, and `format: date-time` without the regular expression zod spells it with.
 */
function simplify(node: JsonSchema): JsonSchema {
  const nullable = nullableAsTypeList(node);
  if (nullable !== null) return simplify(nullable);
  dropImplicitConstraints(node);
  for (const [key, value] of Object.entries(node)) {
    if (isSchema(value)) node[key] = simplify(value);
    else if (Array.isArray(value)) node[key] = value.map((item) => (isSchema(item) ? simplify(item) : item));
  }
  // Whether zod put a description on a value or on its nullable wrapper, it reads best after the value.
  const { description, ...rest } = node;
  return description === undefined ? rest : { ...rest, description };
}

/** `anyOf: [{type: X, …}, {type: "null"}]` as `type: [X, "null"]`; null when the node is not that. */
function nullableAsTypeList(node: JsonSchema): JsonSchema | null {
  const anyOf = node.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2 || !isSchema(anyOf[0]) || !isSchema(anyOf[1])) return null;
  const [value, other] = anyOf;
  if (typeof value.type !== 'string' || other.type !== 'null' || Object.keys(other).length !== 1) return null;
  const { anyOf: _anyOf, ...rest } = node;
  return { ...value, type: [value.type, 'null'], ...rest };
}

/** The bounds every integer has anyway, and zod's date-time pattern beside `format`. */
function dropImplicitConstraints(node: JsonSchema): void {
  if (node.type === 'integer' || (Array.isArray(node.type) && node.type.includes('integer'))) {
    if (node.maximum === Number.MAX_SAFE_INTEGER) delete node.maximum;
    if (node.minimum === Number.MIN_SAFE_INTEGER) delete node.minimum;
  }
  if (node.format === 'date-time') delete node.pattern;
}

/** The identification first, as a reader looks for it; then the rest in the contract's order. */
function ordered(schema: JsonSchema): JsonSchema {
  const { $schema, $id, title, description, ...rest } = schema;
  return { $schema, $id, title, description, ...rest };
}

export function eventSchemaFiles(): SchemaFile[] {
  return DETAIL_TYPES.map((detailType) => {
    // 'input': what a consumer may receive, so keys zod fills in are not required of it.
    const schema = z.toJSONSchema(EVENT_SCHEMAS[detailType], { target: 'draft-4', io: 'input' });
    return { file: `${schemaSlug(detailType)}.json`, schema: ordered(simplify(schema)) };
  });
}
