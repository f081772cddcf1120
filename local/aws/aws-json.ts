// The awsJson1_0 / awsJson1_1 wire protocols as SDK clients speak them: POST, `X-Amz-Target:
// <Prefix>.<Operation>`, JSON bodies, errors as `{"__type": code, "message": ...}` with a 4xx/5xx status
// (and, for a service that was awsQuery before, the query error code in `x-amzn-query-error`).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { LocalAwsServiceError } from './errors.js';
import { RequestTooLargeError, readBody, requestId, signingKeyOf } from './http-server.js';
import { isPlainObject } from './json.js';

export type JsonInput = Record<string, unknown>;
/** Who signed a request: the access key id of its SigV4 `Authorization` header (signatures are not checked). */
export interface JsonCaller {
  accessKeyId: string | undefined;
}

export type JsonOperation = (input: JsonInput, caller: JsonCaller) => unknown;

/** How an error code travels: its `__type`, and the awsQuery code of a query-compatible service. */
export interface JsonErrorShape {
  type: string;
  queryError?: string;
}

export interface AwsJsonService {
  /** e.g. `AWSEvents` or `AmazonSSM`. */
  targetPrefix: string;
  operations: Record<string, JsonOperation>;
  /** The code the service uses for its own 500s. */
  internalErrorCode: string;
  /** `1.1` unless given. */
  jsonVersion?: '1.0' | '1.1';
  /** Default: the code itself as `__type`. */
  errorShape?: (code: string, status: number) => JsonErrorShape;
  /** The member an error's message travels in: `message` unless the service models `Message`. */
  errorMessageMember?: 'message' | 'Message';
}

export function createAwsJsonHandler(service: AwsJsonService): RequestListener {
  return function handleAwsJson(request, response) {
    respond(service, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  };
}

async function respond(service: AwsJsonService, request: IncomingMessage, response: ServerResponse) {
  const id = requestId();
  try {
    const output = await dispatch(service, request);
    send(response, { id, status: 200, version: service.jsonVersion }, output ?? {});
  } catch (error) {
    const known = error instanceof LocalAwsServiceError;
    const code = known ? error.code : service.internalErrorCode;
    // A stand-in failure is a local bug: its reason is more useful to the caller than a generic 500.
    const message = known
      ? error.message
      : `Internal error: ${error instanceof Error ? error.message : String(error)}`;
    const status = known ? error.statusCode : 500;
    const shape = service.errorShape?.(code, status) ?? { type: code };
    send(
      response,
      { id, status, version: service.jsonVersion, queryError: shape.queryError },
      {
        __type: shape.type,
        [service.errorMessageMember ?? 'message']: message,
        ...(known ? error.members : {}),
      },
    );
  }
}

async function dispatch(service: AwsJsonService, request: IncomingMessage): Promise<unknown> {
  const target = String(request.headers['x-amz-target'] ?? '');
  const [prefix, name] = target.split('.');
  const operation = prefix === service.targetPrefix && name ? service.operations[name] : undefined;
  if (request.method !== 'POST' || operation === undefined) {
    throw new LocalAwsServiceError('UnknownOperationException', `Unknown operation ${target || '(none)'}`);
  }
  const body = await readBody(request).catch((error: unknown) => {
    if (error instanceof RequestTooLargeError) {
      throw new LocalAwsServiceError('RequestEntityTooLarge', error.message, 413, { cause: error });
    }
    throw error;
  });
  const input = parseInput(body);
  return operation(input, { accessKeyId: signingKeyOf(request) });
}

function parseInput(body: Buffer): JsonInput {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new LocalAwsServiceError(
      'SerializationException',
      'Start of structure or map found where not expected.',
      400,
      {
        cause: error,
      },
    );
  }
  if (!isPlainObject(parsed)) {
    throw new LocalAwsServiceError('SerializationException', 'Request body must be a JSON object.');
  }
  return parsed;
}

interface Reply {
  id: string;
  status: number;
  version: '1.0' | '1.1' | undefined;
  queryError?: string | undefined;
}

function send(response: ServerResponse, reply: Reply, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(reply.status, {
    'Content-Type': `application/x-amz-json-${reply.version ?? '1.1'}`,
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': reply.id,
    ...(reply.queryError === undefined ? {} : { 'x-amzn-query-error': reply.queryError }),
  });
  response.end(payload);
}

/** awsJson timestamps travel as epoch seconds (fractions allowed). */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

export function optionalString(input: JsonInput, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new LocalAwsServiceError('SerializationException', `${member} must be a string.`);
  }
  return value;
}

export function optionalNumber(input: JsonInput, member: string): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new LocalAwsServiceError('SerializationException', `${member} must be a number.`);
  }
  return value;
}

export function optionalBoolean(input: JsonInput, member: string): boolean | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw new LocalAwsServiceError('SerializationException', `${member} must be a boolean.`);
  }
  return value;
}
