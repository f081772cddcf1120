// A loopback stand-in for a Slack incoming webhook: it answers like Slack (200 `ok`, 400
// `invalid_payload` / `no_text` / `invalid_blocks`, 404 `no_service`) and keeps what it accepted,
// so the notify path can run offline and tests can script failures (429, 5xx) in order.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOn } from './listen.js';

export interface SinkResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface ReceivedMessage {
  body: unknown;
  headers: IncomingHttpHeaders;
  at: Date;
}

export interface SinkRequest {
  method: string;
  path: string;
  status: number;
  /** What the sink answered, e.g. `ok` or `invalid_blocks`. */
  reply: string;
  at: Date;
}

export interface WebhookSink {
  /** The webhook URL, secret-looking path included. */
  url: string;
  /** Messages accepted with 200, in arrival order. */
  received(): ReceivedMessage[];
  /** Every request, answered however it was. */
  requests(): SinkRequest[];
  /**
   * Scripts the answers to the next requests, replacing any still pending (so `respondWith([])`
   * clears them); once used up, the sink validates payloads and answers 200 `ok`.
   */
  respondWith(responses: SinkResponse[]): void;
  close(): Promise<void>;
}

export interface WebhookSinkOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to a Slack-shaped path with a random token. */
  path?: string;
  /** How a payload is judged; Slack's rules by default (`validateTeamsPayload` for a Teams webhook). */
  validate?: (raw: string) => { status: number; reply: string; body?: unknown };
}

/** Slack's own limit on an incoming-webhook request body is far lower; this only bounds memory. */
const MAX_BODY_BYTES = 1_000_000;

const LIMITS = {
  blocks: 50,
  header: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
};

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function textLength(value: unknown): number | null {
  const text = record(value)?.text;
  return typeof text === 'string' ? text.length : null;
}

function sectionIsValid(block: Record<string, unknown>): boolean {
  const textLen = block.text === undefined ? null : textLength(block.text);
  if (block.text !== undefined && (textLen === null || textLen === 0 || textLen > LIMITS.sectionText))
    return false;
  if (block.fields === undefined) return textLen !== null;
  if (!Array.isArray(block.fields) || block.fields.length === 0 || block.fields.length > LIMITS.fields)
    return false;
  return block.fields.every((f) => {
    const len = textLength(f);
    return len !== null && len > 0 && len <= LIMITS.fieldText;
  });
}

function blockIsValid(value: unknown): boolean {
  const block = record(value);
  if (block === null) return false;
  switch (block.type) {
    case 'header': {
      const len = textLength(block.text);
      return record(block.text)?.type === 'plain_text' && len !== null && len > 0 && len <= LIMITS.header;
    }
    case 'section':
      return sectionIsValid(block);
    case 'context':
      return (
        Array.isArray(block.elements) &&
        block.elements.length > 0 &&
        block.elements.length <= LIMITS.contextElements &&
        block.elements.every((e) => (textLength(e) ?? 0) <= LIMITS.sectionText)
      );
    case 'divider':
      return true;
    default:
      return false;
  }
}

/** Slack's answer to a payload: `ok` or its error code. */
export function validateSlackPayload(raw: string): { status: number; reply: string; body?: unknown } {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { status: 400, reply: 'invalid_payload' };
  }
  const payload = record(body);
  if (payload === null) return { status: 400, reply: 'invalid_payload' };
  const hasText = typeof payload.text === 'string' && payload.text.trim() !== '';
  if (!hasText && payload.blocks === undefined) return { status: 400, reply: 'no_text' };
  if (payload.blocks !== undefined) {
    const blocks = payload.blocks;
    if (!Array.isArray(blocks) || blocks.length > LIMITS.blocks || !blocks.every(blockIsValid)) {
      return { status: 400, reply: 'invalid_blocks' };
    }
  }
  return { status: 200, reply: 'ok', body };
}

/** A Teams Workflows webhook's message limit, the whole request body included. */
const TEAMS_MAX_BYTES = 28_000;

/** A Teams Workflows webhook's answer: 202 for a message with one Adaptive Card, else 400 or 413. */
export function validateTeamsPayload(raw: string): { status: number; reply: string; body?: unknown } {
  if (Buffer.byteLength(raw, 'utf8') > TEAMS_MAX_BYTES)
    return { status: 413, reply: 'RequestEntityTooLarge' };
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return { status: 400, reply: 'InvalidRequestContent' };
  }
  const payload = record(body);
  const attachments = payload?.attachments;
  const first = Array.isArray(attachments) ? record(attachments[0]) : null;
  const card = record(first?.content);
  const valid =
    payload?.type === 'message' &&
    first?.contentType === 'application/vnd.microsoft.card.adaptive' &&
    card?.type === 'AdaptiveCard' &&
    typeof card.version === 'string' &&
    Array.isArray(card.body);
  return valid ? { status: 202, reply: '', body } : { status: 400, reply: 'InvalidRequestContent' };
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startWebhookSink(options: WebhookSinkOptions = {}): Promise<WebhookSink> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? `/services/T0LOCAL00/B0LOCAL00/${randomBytes(12).toString('hex')}`;
  const accepted: ReceivedMessage[] = [];
  const seen: SinkRequest[] = [];
  const scripted: SinkResponse[] = [];

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const requestPath = (request.url ?? '').split('?')[0] ?? '';
    const answer = (status: number, reply: string, headers: Record<string, string> = {}) => {
      seen.push({ method: request.method ?? '', path: requestPath, status, reply, at: new Date() });
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      response.end(reply);
    };
    if (requestPath !== path) return answer(404, 'no_service');
    if (request.method !== 'POST') return answer(405, 'invalid_method');
    const next = scripted.shift();
    if (next !== undefined) return answer(next.status, next.body ?? '', next.headers);
    if (raw === null) return answer(413, 'request_too_large');
    const verdict = (options.validate ?? validateSlackPayload)(raw);
    if (verdict.status >= 200 && verdict.status < 300)
      accepted.push({ body: verdict.body, headers: request.headers, at: new Date() });
    return answer(verdict.status, verdict.reply);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end('internal_error');
    });
  });
  const listening = await listenOn(server, { host, port: options.port });

  return {
    url: `${listening.url}${path}`,
    received: () => [...accepted],
    requests: () => [...seen],
    respondWith(responses) {
      scripted.splice(0, scripted.length, ...responses);
    },
    close: listening.close,
  };
}
