// The awsJson1_1 wire protocol as SDK clients speak it: POST /, `X-Amz-Target: <Prefix>.<Operation>`,
// JSON bodies, errors as `{"__type": code, "message": ...}` with a 4xx/5xx status.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { LocalAwsServiceError } from './errors.js';
import { RequestTooLargeError, readBody, requestId } from './http-server.js';
import { isPlainObject } from './json.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export type JsonInput = Record<string, unknown>;
export type JsonOperation = (input: JsonInput) => unknown;

export interface AwsJsonService {
  /** e.g. `AWSEvents` or `AmazonSSM`. */
  targetPrefix: string;
  operations: Record<string, JsonOperation>;
  /** The code the service uses for its own 500s. */
  internalErrorCode: string;
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
    send(response, id, 200, output ?? {});
  } catch (error) {
    const known = error instanceof LocalAwsServiceError;
    const code = known ? error.code : service.internalErrorCode;
    // A stand-in failure is a local bug: its reason is more useful to the caller than a generic 500.
    const message = known
      ? error.message
      : `Internal error: ${error instanceof Error ? error.message : String(error)}`;
    send(response, id, known ? error.statusCode : 500, { __type: code, message });
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
  return operation(input);
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

function send(response: ServerResponse, id: string, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(payload),
    'x-amzn-RequestId': id,
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
