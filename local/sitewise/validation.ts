// Request validation as the service's front end applies it: every constraint of the API model (required
// members, lengths, patterns, enums, ranges) collected into one InvalidRequestException, and a value of
// the wrong JSON type refused on the spot. Shapes live in shapes.ts, written from the API model.

import { compileJavaPattern } from '../emulator/java-regex.js';
import { invalidRequest } from './errors.js';

export interface StringShape {
  kind: 'string';
  min?: number;
  max?: number;
  /** The pattern as the API model writes it (Java syntax); shown in messages. */
  pattern?: string;
  enum?: readonly string[];
}
export interface IntegerShape {
  kind: 'integer';
  min?: number;
  max?: number;
}
export interface ScalarShape {
  kind: 'timestamp' | 'boolean';
}
export interface ListShape {
  kind: 'list';
  member: Shape;
  min?: number;
  max?: number;
}
export interface MapShape {
  kind: 'map';
  key: StringShape;
  value: Shape;
  min?: number;
  max?: number;
}
export interface StructureShape {
  kind: 'structure';
  /** A getter keeps recursive shapes (a binding value holds a list of binding values) finite. */
  members: () => Readonly<Record<string, Shape>>;
  required?: readonly string[];
}
export type Shape = StringShape | IntegerShape | ScalarShape | ListShape | MapShape | StructureShape;

const compiled = new Map<string, RegExp>();
function patternOf(javaPattern: string): RegExp {
  let regex = compiled.get(javaPattern);
  if (regex === undefined) {
    regex = compileJavaPattern(javaPattern);
    compiled.set(javaPattern, regex);
  }
  return regex;
}

const show = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 128 ? `${text.slice(0, 125)}...` : text;
};

class Problems {
  readonly list: string[] = [];
  add(path: string, value: unknown, constraint: string): void {
    const shown = value === undefined || value === null ? 'null' : `'${show(value)}'`;
    this.list.push(`Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
  }
}

function wrongType(path: string, expected: string): never {
  throw invalidRequest(`Invalid type at '${path}': expected ${expected}.`);
}

/** Length bounds of a string (in code points), a list or a map (`size`). */
function checkSize(
  path: string,
  value: unknown,
  bounds: { size: number; min?: number; max?: number },
  out: Problems,
): void {
  const { size, ...shape } = bounds;
  if (shape.min !== undefined && size < shape.min)
    out.add(path, value, `Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && size > shape.max)
    out.add(path, value, `Member must have length less than or equal to ${shape.max}`);
}

function checkString(path: string, value: unknown, shape: StringShape, out: Problems): void {
  if (typeof value !== 'string') wrongType(path, 'a string');
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    out.add(path, value, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
    return;
  }
  checkSize(path, value, { size: [...value].length, min: shape.min, max: shape.max }, out);
  if (shape.pattern !== undefined && !patternOf(shape.pattern).test(value))
    out.add(path, value, `Member must satisfy regular expression pattern: ${shape.pattern}`);
}

function checkInteger(path: string, value: unknown, shape: IntegerShape, out: Problems): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) wrongType(path, 'an integer');
  if (shape.min !== undefined && value < shape.min)
    out.add(path, value, `Member must have value greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && value > shape.max)
    out.add(path, value, `Member must have value less than or equal to ${shape.max}`);
}

function checkList(path: string, value: unknown, shape: ListShape, out: Problems): void {
  if (!Array.isArray(value)) wrongType(path, 'a list');
  checkSize(path, value, { size: value.length, min: shape.min, max: shape.max }, out);
  value.forEach((item, index) => {
    checkValue(`${path}.${index + 1}.member`, item, shape.member, out);
  });
}

function checkMap(path: string, value: unknown, shape: MapShape, out: Problems): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) wrongType(path, 'a map');
  const entries = Object.entries(value);
  checkSize(path, value, { size: entries.length, min: shape.min, max: shape.max }, out);
  for (const [key, item] of entries) {
    checkString(`${path}.key`, key, shape.key, out);
    checkValue(`${path}.${key}`, item, shape.value, out);
  }
}

function checkValue(path: string, value: unknown, shape: Shape, out: Problems): void {
  if (value === null || value === undefined) {
    out.add(path, value, 'Member must not be null');
    return;
  }
  switch (shape.kind) {
    case 'string':
      checkString(path, value, shape, out);
      return;
    case 'integer':
      checkInteger(path, value, shape, out);
      return;
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value))
        wrongType(path, 'a timestamp in epoch seconds');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrongType(path, 'a boolean');
      return;
    case 'list':
      checkList(path, value, shape, out);
      return;
    case 'map':
      checkMap(path, value, shape, out);
      return;
    case 'structure':
      if (typeof value !== 'object' || Array.isArray(value)) wrongType(path, 'a structure');
      checkStructure(`${path}.`, Object.fromEntries(Object.entries(value)), shape, out);
      return;
  }
}

function checkStructure(
  prefix: string,
  value: Record<string, unknown>,
  shape: StructureShape,
  out: Problems,
): void {
  for (const [name, member] of Object.entries(shape.members())) {
    const memberValue = value[name];
    if (memberValue === undefined || memberValue === null) {
      if (shape.required?.includes(name)) out.add(`${prefix}${name}`, null, 'Member must not be null');
      continue;
    }
    checkValue(`${prefix}${name}`, memberValue, member, out);
  }
}

/** Throws one InvalidRequestException listing every violation of `shape` in `input`. */
export function validateRequest(shape: StructureShape, input: Record<string, unknown>): void {
  const out = new Problems();
  checkStructure('', input, shape, out);
  if (out.list.length === 0) return;
  const count = out.list.length;
  throw invalidRequest(`${count} validation error${count === 1 ? '' : 's'} detected: ${out.list.join('; ')}`);
}
