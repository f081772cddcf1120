/**
 * An error a stand-in answers with, carrying the service's own error code (`__type` / `Code`) and HTTP
 * status, so SDK clients raise the same named exception they would against AWS.
 */
export class LocalAwsServiceError extends Error {
  override readonly name = 'LocalAwsServiceError';
  readonly code: string;
  readonly statusCode: number;
  /** Members the service's error shape carries besides its message, such as Organizations' `Reason`. */
  readonly members: Record<string, string>;

  constructor(
    code: string,
    message: string,
    statusCode = 400,
    options?: { cause?: unknown; members?: Record<string, string> },
  ) {
    super(message, options);
    this.code = code;
    this.statusCode = statusCode;
    this.members = { ...options?.members };
  }
}

/** The smithy-style message AWS uses for a missing required member. */
export function missingMember(member: string): LocalAwsServiceError {
  return new LocalAwsServiceError(
    'ValidationException',
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}
