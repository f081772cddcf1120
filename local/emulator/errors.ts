// Errors the emulator returns on the wire. Modeled errors carry the HTTP status from the service's Smithy
// model; the two protocol-level errors (serialization, unknown operation) use the Coral namespace as the
// service does.

const SERVICE_NAMESPACE = 'com.amazonaws.lookoutequipment';
const CORAL_NAMESPACE = 'com.amazon.coral.service';

export const ERROR_STATUS = {
  AccessDeniedException: 403,
  ConflictException: 409,
  InternalServerException: 500,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 402,
  ThrottlingException: 429,
  ValidationException: 400,
  SerializationException: 400,
  UnknownOperationException: 400,
  /** An access key nobody issued: refused before any operation, as AWS's front end does. */
  UnrecognizedClientException: 400,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Message limit of the service's BoundedLengthString. */
const MAX_MESSAGE_LENGTH = 5000;

export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(
      message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 3)}...` : message,
      options,
    );
    this.name = 'ServiceError';
    this.code = code;
    this.status = ERROR_STATUS[code];
  }

  get typeName(): string {
    const protocolLevel =
      this.code === 'SerializationException' ||
      this.code === 'UnknownOperationException' ||
      this.code === 'UnrecognizedClientException';
    return `${protocolLevel ? CORAL_NAMESPACE : SERVICE_NAMESPACE}#${this.code}`;
  }

  toBody(): { __type: string; Message: string } {
    return { __type: this.typeName, Message: this.message };
  }
}

export const validationError = (message: string): ServiceError =>
  new ServiceError('ValidationException', message);
export const conflictError = (message: string): ServiceError =>
  new ServiceError('ConflictException', message);
export const notFoundError = (message: string): ServiceError =>
  new ServiceError('ResourceNotFoundException', message);
export const quotaError = (message: string): ServiceError =>
  new ServiceError('ServiceQuotaExceededException', message);

/** A problem with a request to the control API (`/_emulator/...`); answered with HTTP 400. */
export class ControlRequestError extends Error {
  readonly status: number;
  constructor(message: string, status = 400, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ControlRequestError';
    this.status = status;
  }
}
