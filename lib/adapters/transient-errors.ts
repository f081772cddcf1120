// Whether a failed AWS call (or an error it caused, e.g. an AssumeRole refused for a target) is passing:
// throttling, a timeout, a network failure or a fault on the service's side. A refusal (access denied,
// a role that does not trust the hub, a validation error) comes back the same until someone acts.
const PASSING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'RequestThrottled',
  'SlowDown',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'IDPCommunicationError',
]);
const PASSING_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function passing(error: ErrorShape): boolean {
  const status = error.$metadata?.httpStatusCode;
  return (
    (typeof error.name === 'string' && PASSING_NAMES.has(error.name)) ||
    (typeof error.code === 'string' && PASSING_CODES.has(error.code)) ||
    (typeof status === 'number' && (status >= 500 || status === 429)) ||
    (typeof error.$retryable === 'object' && error.$retryable !== null)
  );
}

/** True when the error, or one it was caused by (at most 5 deep), is passing. */
export function isTransientError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    if (passing(current as ErrorShape)) return true;
    current = (current as ErrorShape).cause;
  }
  return false;
}
