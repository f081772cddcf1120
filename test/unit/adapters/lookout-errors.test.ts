import { describe, expect, it } from 'vitest';
import { isLookoutRetryable } from '../../../lib/adapters/lookout-errors.js';

const failure = (name: string, httpStatusCode?: number) =>
  Object.assign(new Error('failed'), { name, $metadata: { httpStatusCode } });

describe('isLookoutRetryable', () => {
  it.each([
    ['a conflicting update', failure('ConflictException', 409)],
    ['throttling', failure('ThrottlingException', 400)],
    ['an internal error', failure('InternalServerException')],
    ['any 5xx', failure('ServiceUnavailable', 503)],
  ])('retries %s', (_what, error) => {
    expect(isLookoutRetryable(error)).toBe(true);
  });

  it.each([
    ['a validation error', failure('ValidationException', 400)],
    ['a missing model', failure('ResourceNotFoundException', 404)],
    ['access denied', failure('AccessDeniedException', 403)],
    ['a non-error', 'ConflictException'],
    ['nothing', null],
  ])('does not retry %s', (_what, error) => {
    expect(isLookoutRetryable(error)).toBe(false);
  });
});
