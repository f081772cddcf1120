// Which failed SiteWise and S3 calls may succeed if made again: throttling, an internal failure, a
// conflicting operation still in progress, S3 asking to slow down, or any 5xx.
const RETRYABLE = new Set([
  'ThrottlingException',
  'InternalFailureException',
  'ConflictingOperationException',
  'ServiceUnavailableException',
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
]);

export function isSiteWiseRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, Code, $metadata } = error as {
    name?: unknown;
    Code?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  const status = $metadata?.httpStatusCode;
  return (
    (typeof name === 'string' && RETRYABLE.has(name)) ||
    (typeof Code === 'string' && RETRYABLE.has(Code)) ||
    (typeof status === 'number' && (status >= 500 || status === 429))
  );
}
