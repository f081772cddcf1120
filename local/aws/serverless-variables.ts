// A small resolver for Serverless Framework v3 variables (`${source:address, fallback}`), enough for a
// local run: param, self, sls:stage, opt:stage/region, aws:region/accountId, env and file(). A variable
// whose source is not available offline (ssm, cf, s3, …) stays as its original text.
import { isPlainObject } from './json.js';

export interface VariableSources {
  stage: string;
  region: string;
  accountId?: string;
  /** Absent: `${env:…}` stays unresolved rather than reading this process's environment. */
  env?: Record<string, string | undefined>;
  param(name: string): unknown;
  self(path: string): unknown;
  file(path: string, address: string | undefined): unknown;
}

/** `missing` lets a fallback apply; `unavailable` keeps the whole variable as written. */
type Lookup = { kind: 'value'; value: unknown } | { kind: 'missing' } | { kind: 'unavailable' };

const MAX_DEPTH = 10;
const MAX_PASSES = 50;
const INNERMOST_VARIABLES = /\$\{([^${}]*)\}/g;
const WHOLE_VARIABLE = /^\$\{([^${}]*)\}$/;

export function resolveVariables(value: unknown, sources: VariableSources, depth = 0): unknown {
  if (typeof value === 'string') return resolveString(value, sources, depth);
  if (Array.isArray(value)) return value.map((item) => resolveVariables(item, sources, depth));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveVariables(item, sources, depth)]),
    );
  }
  return value;
}

function resolveString(text: string, sources: VariableSources, depth: number): unknown {
  let current = text;
  for (let pass = 0; pass < MAX_PASSES && depth <= MAX_DEPTH; pass += 1) {
    const whole = WHOLE_VARIABLE.exec(current);
    if (whole !== null) {
      const value = resolveExpression(whole[1] ?? '', sources, depth);
      if (value === undefined || value === current) return current;
      // A variable that is the whole value keeps its type (number, list, object).
      if (typeof value !== 'string') return resolveVariables(value, sources, depth + 1);
      current = value;
      continue;
    }
    let changed = false;
    // Innermost variables first; an unresolved one stays as written, and so does any variable around it.
    const next = current.replace(INNERMOST_VARIABLES, (match, expression: string) => {
      const value = resolveExpression(expression, sources, depth);
      if (value === undefined) return match;
      changed = true;
      return typeof value === 'string' ? value : JSON.stringify(value);
    });
    if (!changed) return next;
    current = next;
  }
  return current;
}

function resolveExpression(expression: string, sources: VariableSources, depth: number): unknown {
  for (const candidate of splitFallbacks(expression)) {
    const lookup = lookUp(candidate.trim(), sources, depth);
    if (lookup.kind === 'unavailable') return undefined;
    if (lookup.kind === 'value' && lookup.value !== undefined && lookup.value !== null) return lookup.value;
  }
  return undefined;
}

function splitFallbacks(expression: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expression.length; i += 1) {
    const char = expression[i];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === ',') {
      parts.push(expression.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(expression.slice(start));
  return parts;
}

function found(value: unknown): Lookup {
  return value === undefined ? { kind: 'missing' } : { kind: 'value', value };
}

/** Quoted strings, numbers and booleans written as fallbacks. */
function literal(candidate: string): Lookup | undefined {
  const quoted = /^(['"])(.*)\1$/s.exec(candidate);
  if (quoted) return { kind: 'value', value: quoted[2] };
  if (/^-?\d+(\.\d+)?$/.test(candidate)) return { kind: 'value', value: Number(candidate) };
  if (candidate === 'true' || candidate === 'false') return { kind: 'value', value: candidate === 'true' };
  return undefined;
}

type SourceLookup = (address: string, sources: VariableSources, depth: number) => Lookup;

const UNAVAILABLE: Lookup = { kind: 'unavailable' };

/** One resolver per `${source:address}` source Serverless knows; an unlisted source is unavailable. */
const SOURCE_LOOKUPS: Readonly<Record<string, SourceLookup>> = {
  self: (address, sources, depth) => found(resolveVariables(sources.self(address), sources, depth + 1)),
  param: (address, sources) => found(sources.param(address)),
  sls: (address, sources) => (address === 'stage' ? found(sources.stage) : UNAVAILABLE),
  opt: (address, sources) => {
    if (address === 'stage') return found(sources.stage);
    return address === 'region' ? found(sources.region) : { kind: 'missing' };
  },
  aws: (address, sources) => {
    if (address === 'region') return found(sources.region);
    return address === 'accountId' && sources.accountId !== undefined
      ? found(sources.accountId)
      : UNAVAILABLE;
  },
  env: (address, sources) => (sources.env === undefined ? UNAVAILABLE : found(sources.env[address])),
};

function lookUp(candidate: string, sources: VariableSources, depth: number): Lookup {
  const constant = literal(candidate);
  if (constant !== undefined) return constant;
  const file = /^file\(([^)]+)\)(?::(.+))?$/.exec(candidate);
  if (file) return found(sources.file(file[1]?.trim() ?? '', file[2]?.trim()));
  const colon = candidate.indexOf(':');
  if (colon < 0) return UNAVAILABLE;
  const source = candidate.slice(0, colon);
  const lookup = Object.hasOwn(SOURCE_LOOKUPS, source) ? SOURCE_LOOKUPS[source] : undefined;
  return lookup === undefined ? UNAVAILABLE : lookup(candidate.slice(colon + 1).trim(), sources, depth);
}
