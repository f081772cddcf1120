// The service's API model for tests: located beside the repository or in the installed botocore, never
// copied into the repository. Provides a validator of responses against output shapes and generators of
// invalid requests, both driven by the model's shapes.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export interface ShapeRef {
  shape: string;
}
export interface ModelShape {
  type: string;
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
  exception?: boolean;
}
export interface ServiceModel {
  metadata: { targetPrefix: string; jsonVersion: string };
  operations: Record<string, { input?: ShapeRef; output?: ShapeRef; errors?: ShapeRef[] }>;
  shapes: Record<string, ModelShape>;
}

const REPOSITORY = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

function botocoreModelPath(): string | undefined {
  try {
    const root = execFileSync(
      'python3',
      ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'],
      {
        encoding: 'utf8',
        timeout: 10_000,
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    ).trim();
    const base = join(root, 'data', 'lookoutequipment', '2020-12-15', 'service-2.json');
    if (existsSync(base)) return base;
    if (existsSync(`${base}.gz`)) return `${base}.gz`;
  } catch {
    return undefined;
  }
  return undefined;
}

/** The model and where it came from, or the reason none was found. */
export function locateServiceModel(): { model: ServiceModel; source: string } | { reason: string } {
  const shared = resolve(REPOSITORY, '..', 'shared', 'reference', 'service-2.json');
  const path = existsSync(shared) ? shared : botocoreModelPath();
  if (path === undefined) {
    return {
      reason: `no service model: neither ${shared} nor botocore's data/lookoutequipment/2020-12-15/service-2.json(.gz) exists`,
    };
  }
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return { model: JSON.parse(text) as ServiceModel, source: path };
}

/**
 * Java regular expressions as JavaScript (`u` flag), matched against the whole value as the service
 * does: \p{ASCII} and [\P{M}\p{M}] are valid with `u`; identity escapes of non-syntax characters
 * (\- \_ \: outside a class) are not, so they lose their backslash.
 */
export function javaPatternToRegExp(pattern: string): RegExp {
  let translated = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '\\') {
      const next = pattern.charAt(i + 1);
      i++;
      const isSyntax = '^$\\.*+?()[]{}|/'.includes(next);
      translated += /[A-Za-z0-9]/.test(next) || isSyntax || (inClass && next === '-') ? `\\${next}` : next;
      continue;
    }
    if (ch === '[') inClass = true;
    if (ch === ']') inClass = false;
    translated += ch;
  }
  return new RegExp(`^(?:${translated})$`, 'u');
}

const codePoints = (text: string): number => [...text].length;

type Checker = (model: ServiceModel, shape: ModelShape, value: unknown, path: string) => string[];

function checkStructure(model: ServiceModel, shape: ModelShape, value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`${path}: expected an object`];
  const record = value as Record<string, unknown>;
  const members = shape.members ?? {};
  const problems = Object.keys(record)
    .filter((key) => !(key in members))
    .map((key) => `${path}: member ${key} is not in the shape`);
  for (const key of shape.required ?? [])
    if (record[key] === undefined) problems.push(`${path}: required member ${key} is missing`);
  for (const [key, ref] of Object.entries(members)) {
    if (record[key] !== undefined)
      problems.push(...checkAgainstShape(model, ref.shape, record[key], `${path}.${key}`));
  }
  return problems;
}

function checkList(model: ServiceModel, shape: ModelShape, value: unknown, path: string): string[] {
  if (!Array.isArray(value)) return [`${path}: expected an array`];
  const problems: string[] = [];
  if (shape.min !== undefined && value.length < shape.min)
    problems.push(`${path}: ${value.length} items < min ${shape.min}`);
  if (shape.max !== undefined && value.length > shape.max)
    problems.push(`${path}: ${value.length} items > max ${shape.max}`);
  value.forEach((item, index) => {
    problems.push(...checkAgainstShape(model, shape.member?.shape ?? '', item, `${path}[${index}]`));
  });
  return problems;
}

function checkMap(model: ServiceModel, shape: ModelShape, value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null) return [`${path}: expected a map`];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => [
    ...checkAgainstShape(model, shape.key?.shape ?? '', key, `${path}{key}`),
    ...checkAgainstShape(model, shape.value?.shape ?? '', item, `${path}.${key}`),
  ]);
}

function checkString(_model: ServiceModel, shape: ModelShape, value: unknown, path: string): string[] {
  if (typeof value !== 'string') return [`${path}: expected a string, got ${typeof value}`];
  const problems: string[] = [];
  const length = codePoints(value);
  if (shape.enum !== undefined && !shape.enum.includes(value))
    problems.push(`${path}: '${value}' is not one of ${shape.enum.join('|')}`);
  if (shape.min !== undefined && length < shape.min)
    problems.push(`${path}: length ${length} < min ${shape.min}`);
  if (shape.max !== undefined && length > shape.max)
    problems.push(`${path}: length ${length} > max ${shape.max}`);
  if (shape.pattern !== undefined && !javaPatternToRegExp(shape.pattern).test(value)) {
    problems.push(`${path}: '${value.slice(0, 80)}' does not match ${shape.pattern}`);
  }
  return problems;
}

function checkInteger(_model: ServiceModel, shape: ModelShape, value: unknown, path: string): string[] {
  if (typeof value !== 'number' || !Number.isInteger(value))
    return [`${path}: expected an integer, got ${JSON.stringify(value)}`];
  const problems: string[] = [];
  if (shape.min !== undefined && value < shape.min) problems.push(`${path}: ${value} < min ${shape.min}`);
  if (shape.max !== undefined && value > shape.max) problems.push(`${path}: ${value} > max ${shape.max}`);
  return problems;
}

const checkNumber: Checker = (_model, _shape, value, path) =>
  typeof value === 'number' && Number.isFinite(value) ? [] : [`${path}: expected a number`];
const checkTimestamp: Checker = (_model, _shape, value, path) =>
  typeof value === 'number' && Number.isFinite(value)
    ? []
    : [`${path}: expected epoch seconds, got ${JSON.stringify(value)}`];
const checkBoolean: Checker = (_model, _shape, value, path) =>
  typeof value === 'boolean' ? [] : [`${path}: expected a boolean`];

const CHECKERS: Record<string, Checker> = {
  structure: checkStructure,
  list: checkList,
  map: checkMap,
  string: checkString,
  integer: checkInteger,
  long: checkInteger,
  float: checkNumber,
  double: checkNumber,
  timestamp: checkTimestamp,
  boolean: checkBoolean,
};

/** Every way `value` breaks the shape, as "path: problem" lines (empty when it conforms). */
export function checkAgainstShape(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path = '$',
): string[] {
  const shape = model.shapes[shapeName];
  if (shape === undefined) return [`${path}: unknown shape ${shapeName}`];
  const checker = CHECKERS[shape.type];
  return checker === undefined
    ? [`${path}: unsupported shape type ${shape.type}`]
    : checker(model, shape, value, path);
}

const PATTERN_BREAKERS = [
  '!',
  ' ',
  'é',
  'a\u0301',
  '/',
  'a/',
  '::',
  'aws:key',
  '-',
  'P0Q',
  'x y!',
  '\u0000',
  '\u00e9\u00e9\u00e9/',
];

function invalidString(shape: ModelShape): string | undefined {
  if (shape.enum !== undefined) return 'NOT_A_VALID_ENUM_VALUE';
  const min = shape.min ?? 0;
  const max = shape.max ?? Number.POSITIVE_INFINITY;
  if (shape.pattern !== undefined) {
    const regex = javaPatternToRegExp(shape.pattern);
    const fits = (candidate: string): boolean => codePoints(candidate) >= min && codePoints(candidate) <= max;
    const breaker = PATTERN_BREAKERS.flatMap((seed) => [
      seed,
      seed.padEnd(Math.max(min, seed.length), 'x'),
    ]).find((candidate) => fits(candidate) && !regex.test(candidate));
    if (breaker !== undefined) return breaker;
  }
  if (min > 0) return '';
  return max <= 10_000 ? 'x'.repeat(max + 1) : undefined;
}

/** A value of the member's shape that breaks one of its constraints, or undefined if it has none. */
export function invalidValueFor(model: ServiceModel, shapeName: string, validSample: unknown): unknown {
  const shape = model.shapes[shapeName];
  if (shape === undefined) return undefined;
  if (shape.type === 'string') return invalidString(shape);
  if (shape.type === 'integer' || shape.type === 'long') {
    if (shape.min !== undefined) return shape.min - 1;
    return shape.max === undefined ? undefined : shape.max + 1;
  }
  if (
    shape.type === 'list' &&
    shape.max !== undefined &&
    Array.isArray(validSample) &&
    validSample.length > 0
  ) {
    return Array.from({ length: shape.max + 1 }, () => validSample[0]);
  }
  return undefined;
}

export interface InputMutation {
  description: string;
  input: Record<string, unknown>;
}

function setAt(
  root: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(root);
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (value === undefined) delete cursor[last];
  else cursor[last] = value;
  return copy;
}

/**
 * For a valid request: one mutation per required member (omitted) and one per constrained member (an
 * invalid value), recursing into the structures the request contains.
 */
export function invalidInputs(
  model: ServiceModel,
  shapeName: string,
  valid: Record<string, unknown>,
): InputMutation[] {
  const mutations: InputMutation[] = [];
  const walk = (name: string, value: Record<string, unknown>, path: string[]): void => {
    const shape = model.shapes[name];
    if (shape?.type !== 'structure') return;
    for (const required of shape.required ?? []) {
      mutations.push({
        description: `without ${[...path, required].join('.')}`,
        input: setAt(valid, [...path, required], undefined),
      });
    }
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const current = value[member];
      const invalid = invalidValueFor(model, ref.shape, current);
      if (invalid !== undefined) {
        mutations.push({
          description: `${[...path, member].join('.')} = ${JSON.stringify(invalid).slice(0, 40)}`,
          input: setAt(valid, [...path, member], invalid),
        });
      }
      if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
        walk(ref.shape, current as Record<string, unknown>, [...path, member]);
      }
    }
  };
  walk(shapeName, valid, []);
  return mutations;
}
