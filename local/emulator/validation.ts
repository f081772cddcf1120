// Input validation the way the service reports it: every constraint violation is collected into one
// ValidationException ("2 validation errors detected: Value 'x' at 'a.b' failed to satisfy constraint:
// ..."), while a value of the wrong JSON type is a SerializationException, as the service's front end
// rejects it before validation.

import { ServiceError } from './errors.js';
import { compileJavaPattern } from './java-regex.js';

export interface StringShape {
  kind: 'string';
  min?: number;
  max?: number;
  /** The pattern as the service model writes it (Java syntax); shown in messages. */
  pattern?: string;
  enum?: readonly string[];
}
export interface NumberShape {
  kind: 'integer' | 'long';
  min?: number;
  max?: number;
}
export interface TimestampShape {
  kind: 'timestamp';
}
export interface ListShape {
  kind: 'list';
  member: Shape;
  min?: number;
  max?: number;
}
export interface StructureShape {
  kind: 'structure';
  members: Readonly<Record<string, Shape>>;
  required?: readonly string[];
}
export type Shape = StringShape | NumberShape | TimestampShape | ListShape | StructureShape;

const compiledPatterns = new Map<string, RegExp>();
function patternOf(javaPattern: string): RegExp {
  let regex = compiledPatterns.get(javaPattern);
  if (regex === undefined) {
    regex = compileJavaPattern(javaPattern);
    compiledPatterns.set(javaPattern, regex);
  }
  return regex;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 256 ? `${text.slice(0, 253)}...` : text;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

class Collector {
  readonly problems: string[] = [];
  add(path: string, value: unknown, constraint: string): void {
    const shown = value === undefined || value === null ? 'null' : `'${show(value)}'`;
    this.problems.push(`Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
  }
}

function wrongType(path: string, expected: string, value: unknown): ServiceError {
  return new ServiceError(
    'SerializationException',
    `Expected ${expected} at '${path}' but found ${typeOf(value)}`,
  );
}

/** Length in code points for a string, in members for a list. */
function checkLength(
  path: string,
  value: string | readonly unknown[],
  shape: { min?: number; max?: number },
  out: Collector,
): void {
  const length = typeof value === 'string' ? [...value].length : value.length;
  if (shape.min !== undefined && length < shape.min) {
    out.add(path, value, `Member must have length greater than or equal to ${shape.min}`);
  }
  if (shape.max !== undefined && length > shape.max) {
    out.add(path, value, `Member must have length less than or equal to ${shape.max}`);
  }
}

function checkString(path: string, value: unknown, shape: StringShape, out: Collector): void {
  if (typeof value !== 'string') throw wrongType(path, 'a string', value);
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    out.add(path, value, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
    return;
  }
  checkLength(path, value, shape, out);
  if (shape.pattern !== undefined && !patternOf(shape.pattern).test(value)) {
    out.add(path, value, `Member must satisfy regular expression pattern: ${shape.pattern}`);
  }
}

function checkNumber(path: string, value: unknown, shape: NumberShape, out: Collector): void {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw wrongType(path, `an ${shape.kind === 'long' ? 'integer (long)' : 'integer'}`, value);
  if (shape.min !== undefined && value < shape.min) {
    out.add(path, value, `Member must have value greater than or equal to ${shape.min}`);
  }
  if (shape.max !== undefined && value > shape.max) {
    out.add(path, value, `Member must have value less than or equal to ${shape.max}`);
  }
}

function checkValue(path: string, value: unknown, shape: Shape, out: Collector): void {
  switch (shape.kind) {
    case 'string':
      checkString(path, value, shape, out);
      return;
    case 'integer':
    case 'long':
      checkNumber(path, value, shape, out);
      return;
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw wrongType(path, 'a timestamp in epoch seconds', value);
      }
      return;
    case 'list':
      if (!Array.isArray(value)) throw wrongType(path, 'a list', value);
      checkLength(path, value, shape, out);
      value.forEach((item, index) => {
        const itemPath = `${path}.${index + 1}.member`;
        if (item === null || item === undefined) out.add(itemPath, item, 'Member must not be null');
        else checkValue(itemPath, item, shape.member, out);
      });
      return;
    case 'structure':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw wrongType(path, 'a structure', value);
      }
      checkStructure(`${path}.`, value as Record<string, unknown>, shape, out);
      return;
  }
}

function checkStructure(
  prefix: string,
  value: Record<string, unknown>,
  shape: StructureShape,
  out: Collector,
): void {
  for (const [name, member] of Object.entries(shape.members)) {
    const memberValue = value[name];
    const path = `${prefix}${lowerFirst(name)}`;
    if (memberValue === undefined || memberValue === null) {
      if (shape.required?.includes(name)) out.add(path, null, 'Member must not be null');
      continue;
    }
    checkValue(path, memberValue, member, out);
  }
}

/** Throws a ValidationException listing every violation, or a SerializationException on a type error. */
export function validateInput(shape: StructureShape, input: Record<string, unknown>): void {
  const out = new Collector();
  checkStructure('', input, shape, out);
  if (out.problems.length > 0) {
    const count = out.problems.length;
    const head = `${count} validation error${count === 1 ? '' : 's'} detected: `;
    throw new ServiceError('ValidationException', head + out.problems.join('; '));
  }
}

/** Builds the same message for a semantic check made after shape validation. */
export function constraintViolation(path: string, value: unknown, constraint: string): ServiceError {
  const out = new Collector();
  out.add(path, value, constraint);
  return new ServiceError('ValidationException', `1 validation error detected: ${out.problems[0]}`);
}
