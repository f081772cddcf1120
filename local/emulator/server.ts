// The HTTP front end: the awsJson1_0 protocol of L4E on POST /, the control API under /_emulator/.
// SigV4 signatures are accepted without checking, as any local emulator does; with an account directory
// the access key and signing region choose the account and region a request reaches.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { signingScope } from '../aws/signing-scope.js';
import { handleControl } from './control.js';
import { ServiceError } from './errors.js';
import { isServiceOperation } from './ops/index.js';
import type { EmulatorRuntime, RequestScope } from './runtime.js';

export const TARGET_PREFIX = 'AWSLookoutEquipmentFrontendService.';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const MAX_BODY_BYTES = 8 * 1024 * 1024;

class BodyTooLargeError extends Error {
  constructor() {
    super(`request body larger than ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

/** An L4E API answer: the service's JSON content type and the request id header. */
function sendApi(response: ServerResponse, status: number, requestId: string, payload: unknown): void {
  response.setHeader('x-amzn-RequestId', requestId);
  send(response, status, JSON_CONTENT_TYPE, JSON.stringify(payload));
}

/** A control-plane or transport answer: plain JSON. */
function sendJson(response: ServerResponse, status: number, payload: unknown): void {
  send(response, status, 'application/json', JSON.stringify(payload));
}

function sendError(response: ServerResponse, requestId: string, error: ServiceError): void {
  sendApi(response, error.status, requestId, error.toBody());
}

function parseInput(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ServiceError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ServiceError('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/**
 * The account and region a request reaches: the home one unless the runtime serves several and the
 * request is signed; a key the directory does not know is refused as AWS refuses it.
 */
export function requestScope(runtime: EmulatorRuntime, request: IncomingMessage): RequestScope | null {
  const signed = runtime.accounts === undefined ? null : signingScope(request.headers);
  if (signed === null || runtime.accounts === undefined) return null;
  const account = runtime.accounts.accountOf(signed.accessKeyId);
  if (account === undefined)
    throw new ServiceError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  return { account, region: signed.region };
}

function scopeOrRefusal(
  runtime: EmulatorRuntime,
  request: IncomingMessage,
): RequestScope | null | ServiceError {
  try {
    return requestScope(runtime, request);
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
}

async function handleApi(
  runtime: EmulatorRuntime,
  request: IncomingMessage,
  body: string,
  response: ServerResponse,
): Promise<void> {
  const requestId = runtime.nextRequestId();
  const target = request.headers['x-amz-target'];
  const operation =
    typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  if (!isServiceOperation(operation)) {
    const shown = typeof target === 'string' ? target : '(missing X-Amz-Target)';
    return sendError(
      response,
      requestId,
      new ServiceError('UnknownOperationException', `Unknown operation ${shown}.`),
    );
  }
  const scope = scopeOrRefusal(runtime, request);
  if (scope instanceof ServiceError) return sendError(response, requestId, scope);
  runtime.sync();
  runtime.stats.count(operation);
  const decision = runtime.faults.decide(operation);
  if (decision.latencyMs > 0) await delay(decision.latencyMs);
  if (decision.fault !== 'none') {
    runtime.stats.fault(operation, decision.fault);
    const error =
      decision.fault === 'throttle'
        ? new ServiceError('ThrottlingException', 'Rate exceeded.')
        : new ServiceError('InternalServerException', 'An internal error occurred. Try again.');
    return sendError(response, requestId, error);
  }
  try {
    const output = runtime.call(operation, parseInput(body), scope);
    sendApi(response, 200, requestId, output);
  } catch (error) {
    if (error instanceof ServiceError) return sendError(response, requestId, error);
    process.stderr.write(`l4e-emulator: ${operation} failed: ${(error as Error).stack ?? String(error)}\n`);
    sendError(
      response,
      requestId,
      new ServiceError('InternalServerException', 'An internal error occurred.', { cause: error }),
    );
  }
}

async function handle(
  runtime: EmulatorRuntime,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  let body: string;
  try {
    body = await readBody(request);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendJson(response, 413, { error: error.message });
    throw error;
  }
  if (url.pathname.startsWith('/_emulator')) {
    const result = handleControl(runtime, request.method ?? 'GET', url, body);
    return sendJson(response, result.status, result.payload);
  }
  if (request.method === 'POST' && url.pathname === '/') return handleApi(runtime, request, body, response);
  sendJson(response, 404, { error: 'POST / for the L4E API, /_emulator/... for control.' });
}

export function createEmulatorServer(runtime: EmulatorRuntime): Server {
  return createServer((request, response) => {
    handle(runtime, request, response).catch((error: unknown) => {
      process.stderr.write(`l4e-emulator: request failed: ${(error as Error).stack ?? String(error)}\n`);
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.destroy();
    });
  });
}
