// EventBridge event-pattern matching, as documented for event buses (the event-ruler semantics):
// leaf arrays OR their values, nested objects AND their fields, an array in the event matches when any
// element matches, and a field absent from the event only satisfies `{"exists": false}`.
import { cidrContains } from './cidr.js';
import { isPlainObject } from './json.js';

export type PatternScalar = string | number | boolean | null;
/** A content filter such as `{ "prefix": "x" }`, `{ "numeric": [">", 0] }` or `{ "exists": false }`. */
export type PatternOperator = { readonly [operator: string]: unknown };
export type PatternLeaf = readonly (PatternScalar | PatternOperator)[];
export interface EventPattern {
  readonly [field: string]: PatternLeaf | EventPattern | readonly EventPattern[];
}

export { validateEventPattern } from './event-pattern-validate.js';

export function matchesEventPattern(pattern: EventPattern, event: Record<string, unknown>): boolean {
  return matchObject(pattern, event);
}

function matchObject(pattern: EventPattern, value: unknown): boolean {
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      const alternatives = sub as readonly EventPattern[];
      if (!alternatives.some((alternative) => matchObject(alternative, value))) return false;
      continue;
    }
    const field = isPlainObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
    const ok = Array.isArray(sub)
      ? matchLeaf(sub as PatternLeaf, field)
      : matchNested(sub as EventPattern, field);
    if (!ok) return false;
  }
  return true;
}

// EventBridge flattens the event into leaf paths, so a nested pattern over a missing or scalar parent
// sees every child as absent (which `exists: false` accepts), and over an array sees each element.
function matchNested(pattern: EventPattern, field: unknown): boolean {
  if (!Array.isArray(field)) return matchObject(pattern, field);
  if (field.length === 0) return matchObject(pattern, undefined);
  return field.some((element) => matchObject(pattern, element));
}

function leafValues(field: unknown): unknown[] {
  const values = Array.isArray(field) ? field : field === undefined ? [] : [field];
  return values.filter((value) => !isPlainObject(value) && !Array.isArray(value));
}

function matchLeaf(conditions: PatternLeaf, field: unknown): boolean {
  const values = leafValues(field);
  // An object-valued field is an intermediate node: leaf conditions (even `exists`) never match it.
  if (values.length === 0 && field !== undefined && !(Array.isArray(field) && field.length === 0)) {
    return false;
  }
  return conditions.some((condition) => {
    if (!isPlainObject(condition)) return values.some((value) => value === condition);
    if ('exists' in condition) return condition.exists === true ? values.length > 0 : values.length === 0;
    return values.some((value) => matchOperator(condition, value));
  });
}

function matchOperator(condition: PatternOperator, value: unknown): boolean {
  const [name, operand] = Object.entries(condition)[0] ?? [];
  switch (name) {
    case 'prefix':
      return typeof value === 'string' && matchAffix(operand, value, 'prefix');
    case 'suffix':
      return typeof value === 'string' && matchAffix(operand, value, 'suffix');
    case 'equals-ignore-case':
      return typeof value === 'string' && equalsIgnoreCase(operand, value);
    case 'wildcard':
      return typeof value === 'string' && typeof operand === 'string' && wildcardRegExp(operand).test(value);
    case 'numeric':
      return typeof value === 'number' && matchNumeric(operand as readonly unknown[], value);
    case 'cidr':
      return typeof value === 'string' && typeof operand === 'string' && cidrContains(operand, value);
    case 'anything-but':
      return !matchExcluded(operand, value);
    default:
      return false;
  }
}

function matchAffix(operand: unknown, value: string, kind: 'prefix' | 'suffix'): boolean {
  const ignoreCase = isPlainObject(operand);
  const expected = ignoreCase ? operand['equals-ignore-case'] : operand;
  if (typeof expected !== 'string') return false;
  const subject = ignoreCase ? value.toLowerCase() : value;
  const target = ignoreCase ? expected.toLowerCase() : expected;
  return kind === 'prefix' ? subject.startsWith(target) : subject.endsWith(target);
}

function equalsIgnoreCase(operand: unknown, value: string): boolean {
  const candidates = Array.isArray(operand) ? operand : [operand];
  return candidates.some(
    (candidate) => typeof candidate === 'string' && candidate.toLowerCase() === value.toLowerCase(),
  );
}

/** `*` matches any run of characters; `\*` is a literal asterisk. */
export function wildcardRegExp(wildcard: string): RegExp {
  let source = '';
  for (let i = 0; i < wildcard.length; i += 1) {
    const char = wildcard[i] ?? '';
    if (char === '\\' && wildcard[i + 1] === '*') {
      source += '\\*';
      i += 1;
    } else if (char === '*') {
      source += '.*';
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

const NUMERIC_TESTS: Record<string, (actual: number, bound: number) => boolean> = {
  '=': (actual, bound) => actual === bound,
  '<': (actual, bound) => actual < bound,
  '<=': (actual, bound) => actual <= bound,
  '>': (actual, bound) => actual > bound,
  '>=': (actual, bound) => actual >= bound,
};

function matchNumeric(operand: readonly unknown[], value: number): boolean {
  for (let i = 0; i + 1 < operand.length; i += 2) {
    const test = NUMERIC_TESTS[String(operand[i])];
    const bound = operand[i + 1];
    if (test === undefined || typeof bound !== 'number' || !test(value, bound)) return false;
  }
  return true;
}

// `anything-but` takes a value, a list of values, or one of prefix/suffix/equals-ignore-case/wildcard.
function matchExcluded(operand: unknown, value: unknown): boolean {
  if (Array.isArray(operand)) return operand.some((excluded) => excluded === value);
  if (!isPlainObject(operand)) return operand === value;
  if (typeof value !== 'string') return false;
  const [name, inner] = Object.entries(operand)[0] ?? [];
  switch (name) {
    case 'prefix':
    case 'suffix':
      return matchAffix(inner, value, name);
    case 'equals-ignore-case':
      return equalsIgnoreCase(inner, value);
    case 'wildcard': {
      const wildcards = Array.isArray(inner) ? inner : [inner];
      return wildcards.some((w) => typeof w === 'string' && wildcardRegExp(w).test(value));
    }
    default:
      return false;
  }
}
