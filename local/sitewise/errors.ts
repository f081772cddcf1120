// The errors the SiteWise emulator answers with, as the API model declares them (rest-json): the HTTP
// status of the error shape, its name in the x-amzn-ErrorType header and a body holding exactly the
// shape's members.

export const ERROR_STATUS = {
  InvalidRequestException: 400,
  ResourceNotFoundException: 404,
  ResourceAlreadyExistsException: 409,
  ConflictingOperationException: 409,
  LimitExceededException: 410,
  ThrottlingException: 429,
  InternalFailureException: 500,
  /** Not a modeled shape: the answer to a path no emulated operation serves. */
  UnknownOperationException: 404,
  /** Not a modeled shape: an access key nobody issued, refused before any operation. */
  UnrecognizedClientException: 403,
} as const;

export type SiteWiseErrorCode = keyof typeof ERROR_STATUS;

export class SiteWiseError extends Error {
  readonly code: SiteWiseErrorCode;
  readonly status: number;
  /** Members beside `message` (resourceId and resourceArn of a conflict). */
  readonly members: Readonly<Record<string, string>>;

  constructor(code: SiteWiseErrorCode, message: string, members: Record<string, string> = {}) {
    super(message);
    this.name = 'SiteWiseError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.members = members;
  }

  toBody(): Record<string, string> {
    return { message: this.message, ...this.members };
  }
}

export const invalidRequest = (message: string): SiteWiseError =>
  new SiteWiseError('InvalidRequestException', message);
export const notFound = (message: string): SiteWiseError =>
  new SiteWiseError('ResourceNotFoundException', message);
export const conflict = (message: string, resource: { id: string; arn: string }): SiteWiseError =>
  new SiteWiseError('ConflictingOperationException', message, {
    resourceId: resource.id,
    resourceArn: resource.arn,
  });
export const alreadyExists = (message: string, resource: { id: string; arn: string }): SiteWiseError =>
  new SiteWiseError('ResourceAlreadyExistsException', message, {
    resourceId: resource.id,
    resourceArn: resource.arn,
  });
