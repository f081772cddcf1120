// Structural checks EventBridge applies when a rule is created (PutRule rejects the pattern with
// "Event pattern is not valid"), so a bad pattern in serverless.yml fails locally too.
import { parseCidr } from './cidr.js';
import { isPlainObject } from './json.js';

const AFFIX_OPERATORS = new Set(['prefix', 'suffix']);
const LOWER_BOUNDS = new Set(['>', '>=']);
const UPPER_BOUNDS = new Set(['<', '<=']);

/** Problems with a pattern, each prefixed by the path it concerns; empty when the pattern is valid. */
export function validateEventPattern(pattern: unknown): string[] {
  if (!isPlainObject(pattern)) return ['event pattern must be a JSON object'];
  const problems: string[] = [];
  validateObject(pattern, '', problems);
  return problems;
}

function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function validateObject(pattern: Record<string, unknown>, path: string, problems: string[]): void {
  const entries = Object.entries(pattern);
  if (entries.length === 0) problems.push(`${path || 'pattern'}: must contain at least one field`);
  for (const [key, value] of entries) {
    const here = at(path, key);
    if (key === '$or') {
      validateOr(value, here, problems);
    } else if (Array.isArray(value)) {
      validateLeaf(value, here, problems);
    } else if (isPlainObject(value)) {
      validateObject(value, here, problems);
    } else {
      problems.push(`${here}: must be an array of match values or a nested object`);
    }
  }
}

function validateOr(value: unknown, path: string, problems: string[]): void {
  if (!Array.isArray(value) || value.length < 2) {
    problems.push(`${path}: must be an array of at least 2 patterns`);
    return;
  }
  for (const [index, alternative] of value.entries()) {
    if (isPlainObject(alternative)) validateObject(alternative, `${path}[${index}]`, problems);
    else problems.push(`${path}[${index}]: must be a JSON object`);
  }
}

function validateLeaf(values: unknown[], path: string, problems: string[]): void {
  if (values.length === 0) problems.push(`${path}: empty arrays are not allowed`);
  for (const value of values) {
    if (typeof value === 'number' && !Number.isFinite(value))
      problems.push(`${path}: numbers must be finite`);
    else if (Array.isArray(value)) problems.push(`${path}: nested arrays are not allowed`);
    else if (isPlainObject(value)) validateOperator(value, path, problems);
  }
}

function validateOperator(operator: Record<string, unknown>, path: string, problems: string[]): void {
  const entries = Object.entries(operator);
  const [name, operand] = entries[0] ?? [];
  if (entries.length !== 1 || name === undefined) {
    problems.push(`${path}: a match operator object must have exactly one key`);
    return;
  }
  const problem = operatorProblem(name, operand);
  if (problem !== undefined) problems.push(`${path}: ${problem}`);
}

function operatorProblem(name: string, operand: unknown): string | undefined {
  switch (name) {
    case 'prefix':
    case 'suffix':
      return affixProblem(name, operand);
    case 'equals-ignore-case':
    case 'wildcard':
      return typeof operand === 'string' ? undefined : `${name} match pattern must be a string`;
    case 'exists':
      return typeof operand === 'boolean' ? undefined : 'exists match pattern must be either true or false';
    case 'cidr':
      return typeof operand === 'string' && parseCidr(operand) !== undefined
        ? undefined
        : 'cidr match pattern must be a valid IPv4 or IPv6 CIDR block';
    case 'numeric':
      return numericProblem(operand);
    case 'anything-but':
      return anythingButProblem(operand);
    default:
      return `unrecognized match type ${name}`;
  }
}

function affixProblem(name: string, operand: unknown): string | undefined {
  if (typeof operand === 'string') return undefined;
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length === 1 && keys[0] === 'equals-ignore-case' && typeof operand[keys[0]] === 'string') {
      return undefined;
    }
  }
  return `${name} match pattern must be a string or {"equals-ignore-case": string}`;
}

function numericProblem(operand: unknown): string | undefined {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    return 'numeric match pattern must be [op, number] or [lower-op, number, upper-op, number]';
  }
  const [op1, n1, op2, n2] = operand as unknown[];
  if (typeof n1 !== 'number' || (operand.length === 4 && typeof n2 !== 'number')) {
    return 'numeric match values must be numbers';
  }
  if (operand.length === 2) {
    return typeof op1 === 'string' && (op1 === '=' || LOWER_BOUNDS.has(op1) || UPPER_BOUNDS.has(op1))
      ? undefined
      : `unrecognized numeric range operator ${String(op1)}`;
  }
  if (!LOWER_BOUNDS.has(String(op1)) || !UPPER_BOUNDS.has(String(op2))) {
    return 'a numeric range must be a lower bound (> or >=) followed by an upper bound (< or <=)';
  }
  return (n1 as number) < (n2 as number) ? undefined : 'numeric range bottom must be less than its top';
}

function anythingButListProblem(operand: readonly unknown[]): string | undefined {
  const allStrings = operand.every((v) => typeof v === 'string');
  const allNumbers = operand.every((v) => typeof v === 'number');
  return operand.length > 0 && (allStrings || allNumbers)
    ? undefined
    : 'anything-but list must contain only strings or only numbers';
}

function anythingButMatchProblem(operand: Record<string, unknown>): string | undefined {
  const entries = Object.entries(operand);
  const [name, inner] = entries[0] ?? [];
  if (entries.length !== 1 || name === undefined) return 'anything-but match object must have one key';
  if (AFFIX_OPERATORS.has(name)) {
    return typeof inner === 'string' ? undefined : `anything-but ${name} must be a string`;
  }
  if (name === 'equals-ignore-case' || name === 'wildcard') {
    const ok =
      typeof inner === 'string' || (Array.isArray(inner) && inner.every((v) => typeof v === 'string'));
    return ok ? undefined : `anything-but ${name} must be a string or a list of strings`;
  }
  return `unsupported anything-but match type ${name}`;
}

function anythingButProblem(operand: unknown): string | undefined {
  if (typeof operand === 'string' || typeof operand === 'number') return undefined;
  if (Array.isArray(operand)) return anythingButListProblem(operand);
  if (!isPlainObject(operand)) return 'anything-but must be a value, a list or a match object';
  return anythingButMatchProblem(operand);
}
