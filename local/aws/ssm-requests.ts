// Request-shape helpers for the SSM operations: required members, version selectors and paging.
import type { JsonInput } from './aws-json.js';
import { optionalNumber, optionalString } from './aws-json.js';
import { LocalAwsServiceError, missingMember } from './errors.js';

export function requiredString(input: JsonInput, member: string): string {
  const value = optionalString(input, member);
  if (value === undefined) throw missingMember(member.charAt(0).toLowerCase() + member.slice(1));
  return value;
}

export function parameterNotFound(name: string): LocalAwsServiceError {
  return new LocalAwsServiceError('ParameterNotFound', `Parameter ${name} not found.`);
}

/** `name:3` selects version 3; names themselves never contain a colon. */
export function splitSelector(requested: string): [string, string | undefined] {
  const at = requested.lastIndexOf(':');
  return at <= 0 ? [requested, undefined] : [requested.slice(0, at), requested.slice(at + 1)];
}

export function boundedMaxResults(input: JsonInput, max: number): number {
  const value = optionalNumber(input, 'MaxResults') ?? max;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new LocalAwsServiceError(
      'ValidationException',
      `1 validation error detected: Value '${value}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
    );
  }
  return value;
}

export function paginate<T>(
  all: T[],
  size: number,
  token: string | undefined,
): { items: T[]; nextToken?: string } {
  let start = 0;
  if (token !== undefined) {
    start = Number(Buffer.from(token, 'base64').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) {
      throw new LocalAwsServiceError('InvalidNextToken', 'The specified token is not valid.');
    }
  }
  const end = start + size;
  const nextToken = end < all.length ? Buffer.from(String(end), 'utf8').toString('base64') : undefined;
  return nextToken === undefined
    ? { items: all.slice(start, end) }
    : { items: all.slice(start, end), nextToken };
}
