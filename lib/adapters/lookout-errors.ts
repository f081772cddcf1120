// Which failed L4E calls may succeed if made again: a conflicting update still in progress, throttling,
// or a fault on L4E's side (its own error names, or any 5xx).
const RETRYABLE = new Set(['ConflictException', 'ThrottlingException', 'InternalServerException']);

export function isLookoutRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata } = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = $metadata?.httpStatusCode;
  return (typeof name === 'string' && RETRYABLE.has(name)) || (typeof status === 'number' && status >= 500);
}
