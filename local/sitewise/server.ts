// The HTTP front end: IoT SiteWise's rest-json protocol for the emulated operations, and a control API
// under /_emulator/ (time, ledger, planned runs, faults, knobs). SigV4 signatures are accepted unchecked;
// with an account directory the access key and signing region choose the account and region reached.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { signingScope } from '../aws/signing-scope.js';
import { FaultConfigSchema } from '../emulator/faults.js';
import { RunSpecSchema } from '../emulator/scenario.js';
import { SiteWiseError } from './errors.js';
import { SiteWiseKnobsSchema } from './knobs.js';
import { findRoute, inputOf, unknownOperation } from './routing.js';
import type { RequestScope, SiteWiseRuntime } from './runtime.js';
import { validateRequest } from './validation.js';

const MAX_BODY_BYTES = 4 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new SiteWiseError('InvalidRequestException', 'The request body is too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

function sendError(response: ServerResponse, requestId: string, error: SiteWiseError): void {
  sendJson(response, error.status, error.toBody(), {
    'x-amzn-RequestId': requestId,
    'x-amzn-ErrorType': error.code,
  });
}

/** The account and region a request reaches (null: the home one); an unknown key is refused. */
function requestScope(runtime: SiteWiseRuntime, request: IncomingMessage): RequestScope | null {
  const signed = runtime.accounts === undefined ? null : signingScope(request.headers);
  if (signed === null || runtime.accounts === undefined) return null;
  const account = runtime.accounts.accountOf(signed.accessKeyId);
  if (account === undefined)
    throw new SiteWiseError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  return { account, region: signed.region };
}

async function handleApi(
  runtime: SiteWiseRuntime,
  request: IncomingMessage,
  url: URL,
  body: string,
): Promise<{ status: number; body: unknown }> {
  const method = request.method ?? 'GET';
  const match = findRoute(method, url.pathname);
  if (match === undefined) throw unknownOperation(method, url.pathname);
  const operation = match.route.operation;
  const scope = requestScope(runtime, request);
  runtime.stats.count(operation);
  const decision = runtime.faults.decide(operation);
  if (decision.latencyMs > 0) await delay(decision.latencyMs);
  if (decision.fault !== 'none') {
    runtime.stats.fault(operation, decision.fault);
    throw decision.fault === 'throttle'
      ? new SiteWiseError('ThrottlingException', 'Rate exceeded.')
      : new SiteWiseError('InternalFailureException', 'An internal failure occurred. Try again.');
  }
  const input = inputOf(match, url.searchParams, body);
  validateRequest(match.route.input, input);
  return { status: match.route.status, body: runtime.call(match.route.operation, input, scope) };
}

const AdvanceSchema = z.strictObject({ by: z.union([z.string(), z.number().nonnegative()]) });
const TimeSchema = z.strictObject({ to: z.string() });
const RunsSchema = z.strictObject({
  computationModelId: z.string(),
  assetId: z.string().optional(),
  runs: z.array(RunSpecSchema),
});

function control(runtime: SiteWiseRuntime, method: string, url: URL, body: string): unknown {
  const route = `${method} ${url.pathname.replace(/^\/_emulator/, '')}`;
  const json = (): unknown => (body.trim() === '' ? {} : JSON.parse(body));
  switch (route) {
    case 'GET /time':
      return { now: new Date(runtime.now()).toISOString() };
    case 'POST /advance':
      return { now: new Date(runtime.advance(AdvanceSchema.parse(json()).by)).toISOString() };
    case 'POST /time':
      return { now: new Date(runtime.setTime(TimeSchema.parse(json()).to)).toISOString() };
    case 'GET /ledger':
      return { entries: runtime.ledger(Number(url.searchParams.get('since') ?? 0)) };
    case 'POST /runs': {
      const request = RunsSchema.parse(json());
      runtime.planRuns(request.computationModelId, request.assetId ?? null, request.runs);
      return { planned: request.runs.length };
    }
    case 'POST /faults':
      runtime.faults.configure(FaultConfigSchema.parse(json()));
      return { faults: runtime.faults.config() };
    case 'GET /stats':
      return runtime.stats.snapshot();
    case 'GET /knobs':
      return { knobs: runtime.sim.knobs };
    case 'POST /knobs':
      runtime.setKnobs(SiteWiseKnobsSchema.parse(json()));
      return { knobs: runtime.sim.knobs };
    default:
      return undefined;
  }
}

function handleControl(
  runtime: SiteWiseRuntime,
  request: { method: string; url: URL; body: string },
  response: ServerResponse,
): void {
  try {
    const result = control(runtime, request.method, request.url, request.body);
    if (result === undefined)
      sendJson(response, 404, { error: `no control route ${request.method} ${request.url.pathname}` });
    else sendJson(response, 200, result);
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
    sendJson(response, 400, { error: message });
  }
}

async function handle(
  runtime: SiteWiseRuntime,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const requestId = runtime.nextRequestId();
  try {
    const body = await readBody(request);
    if (url.pathname.startsWith('/_emulator/'))
      return handleControl(runtime, { method: request.method ?? 'GET', url, body }, response);
    const result = await handleApi(runtime, request, url, body);
    sendJson(response, result.status, result.body, { 'x-amzn-RequestId': requestId });
  } catch (error) {
    if (error instanceof SiteWiseError) return sendError(response, requestId, error);
    process.stderr.write(
      `sitewise-emulator: ${request.method} ${url.pathname} failed: ${(error as Error).stack ?? String(error)}\n`,
    );
    sendError(
      response,
      requestId,
      new SiteWiseError('InternalFailureException', 'An internal failure occurred.'),
    );
  }
}

export function createSiteWiseServer(runtime: SiteWiseRuntime): Server {
  return createServer((request, response) => {
    handle(runtime, request, response).catch((error: unknown) => {
      process.stderr.write(`sitewise-emulator: request failed: ${(error as Error).stack ?? String(error)}\n`);
      if (!response.headersSent) sendJson(response, 500, { message: 'internal failure' });
      else response.destroy();
    });
  });
}
