/**
 * An error a stand-in answers with, carrying the service's own error code (`__type` / `Code`) and HTTP
 * status, so SDK clients raise the same named exception they would against AWS.
 */
export class LocalAwsServiceError extends Error {
  override readonly name = 'LocalAwsServiceError';
  readonly code: string;
  readonly statusCode: number;

  constructor(code: string, message: string, statusCode = 400, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.statusCode = statusCode;
  }
}

/** The smithy-style message AWS uses for a missing required member. */
export function missingMember(member: string): LocalAwsServiceError {
  return new LocalAwsServiceError(
    'ValidationException',
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );
}
