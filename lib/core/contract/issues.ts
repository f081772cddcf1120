// Sentences for what a parse refused, each naming the field: `detail.modelVersion: must be an integer`.
// zod/mini carries no messages of its own, so the words are here.
import type * as z from 'zod/mini';
import { DETAIL_TYPES } from './names.js';

type Issue = z.core.$ZodIssue;

/** A value as a reader sees it, short: an event may hold anything, of any size. */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // A bigint, a cycle, or nested too deeply to print before the stack runs out: say what it is.
    text = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `detail.checks[0].metric`; `event` for the whole value. */
export function fieldPath(path: readonly PropertyKey[]): string {
  const text = path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      return index === 0 ? name : `.${name}`;
    })
    .join('');
  return text === '' ? 'event' : text;
}

const ARTICLE: Record<string, string> = {
  int: 'an integer',
  object: 'an object',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
};

function sizeBound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const at = issue.code === 'too_small' ? 'at least' : 'at most';
  const bound = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  if (issue.origin === 'string') return `must have ${at} ${bound} characters`;
  if (issue.origin === 'array') return `must have ${at} ${bound} items`;
  return `must be ${at} ${bound}`;
}

function oneOf(values: readonly unknown[]): string {
  return `${values.length === 1 ? '' : 'one of '}${values.map((v) => shown(v)).join(', ')}`;
}

function why(issue: Issue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      return `must be ${ARTICLE[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `${input === undefined ? 'is required: ' : 'must be '}${oneOf(issue.values)}`;
    case 'invalid_union':
      return isUnknownDetailType(issue) ? `must be ${oneOf(DETAIL_TYPES)}` : 'has none of the allowed types';
    case 'invalid_format':
      return issue.format === 'regex'
        ? `must match ${issue.pattern ?? 'its pattern'}`
        : `must be a ${issue.format}`;
    case 'too_small':
    case 'too_big':
      return sizeBound(issue);
    default:
      return issue.message;
  }
}

/** The union over 'detail-type' found no variant: the value at fault is that key of the input. */
function isUnknownDetailType(issue: Issue): boolean {
  return issue.code === 'invalid_union' && 'note' in issue && issue.note === 'No matching discriminator';
}

/** The value an issue is about; for an unknown detail type, the detail type rather than the event. */
function inputOf(issue: Issue): unknown {
  const input = 'input' in issue ? issue.input : undefined;
  if (!isUnknownDetailType(issue) || typeof input !== 'object' || input === null) return input;
  const key = issue.path.at(-1);
  return key === undefined ? undefined : (input as Record<PropertyKey, unknown>)[key];
}

/** One sentence per problem; an unknown key is a problem of its own, named by its full path. */
export function describeIssues(issues: readonly Issue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${fieldPath([...issue.path, key])}: is not part of the contract`);
    }
    const input = inputOf(issue);
    const got = input === undefined ? '' : ` (got ${shown(input)})`;
    return [`${fieldPath(issue.path)}: ${why(issue, input)}${got}`];
  });
}
