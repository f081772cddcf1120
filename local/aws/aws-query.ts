// The awsQuery wire protocol as SDK clients speak it: form-encoded POST with `Action` and `Version`,
// XML `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>` replies and XML `ErrorResponse`s.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { LocalAwsServiceError } from './errors.js';
import { readBody, requestId, signingKeyOf } from './http-server.js';

/** A string map, rendered the way awsQuery returns maps: `<entry><key/><value/></entry>` items. */
export class XmlMap {
  constructor(readonly entries: Record<string, string>) {}
}

/** XML content: text, a map, a list (rendered as `<member>` items), or named children in order. */
export type XmlValue =
  | string
  | number
  | boolean
  | XmlMap
  | XmlValue[]
  | { [element: string]: XmlValue | undefined };

/** Who signed a request: the access key id of its SigV4 `Authorization` header (signatures are not checked). */
export interface QueryCaller {
  accessKeyId: string | undefined;
}

export type QueryOperation = (params: URLSearchParams, caller: QueryCaller) => XmlValue | undefined;

export interface AwsQueryService {
  xmlNamespace: string;
  operations: Record<string, QueryOperation>;
}

export function createAwsQueryHandler(service: AwsQueryService): RequestListener {
  return function handleAwsQuery(request, response) {
    respond(service, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  };
}

async function respond(service: AwsQueryService, request: IncomingMessage, response: ServerResponse) {
  const id = requestId();
  try {
    const body = await readBody(request);
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action') ?? '';
    const operation = request.method === 'POST' ? service.operations[action] : undefined;
    if (operation === undefined) {
      throw new LocalAwsServiceError(
        'InvalidAction',
        `The action ${action || '(none)'} is not valid for this web service.`,
      );
    }
    const result = operation(params, { accessKeyId: signingKeyOf(request) });
    const inner = result === undefined ? '' : element(`${action}Result`, result);
    const metadata = element('ResponseMetadata', { RequestId: id });
    send(
      response,
      200,
      `<${action}Response xmlns="${service.xmlNamespace}">${inner}${metadata}</${action}Response>`,
    );
  } catch (error) {
    const { status, fault } = faultOf(error);
    send(
      response,
      status,
      `<ErrorResponse xmlns="${service.xmlNamespace}">${element('Error', fault)}${element('RequestId', id)}</ErrorResponse>`,
    );
  }
}

/** The HTTP status and the Error element a failed call answers with. */
function faultOf(error: unknown): { status: number; fault: Record<string, string> } {
  if (error instanceof LocalAwsServiceError) {
    const status = error.statusCode;
    return {
      status,
      fault: { Type: status >= 500 ? 'Receiver' : 'Sender', Code: error.code, Message: error.message },
    };
  }
  // A stand-in failure (or a throwing listener) is a local bug: its reason beats a generic 500.
  const reason = error instanceof Error ? error.message : String(error);
  return {
    status: 500,
    fault: { Type: 'Receiver', Code: 'InternalError', Message: `Internal error: ${reason}` },
  };
}

function send(response: ServerResponse, status: number, xml: string): void {
  const payload = `<?xml version="1.0"?>\n${xml}\n`;
  response.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(payload) });
  response.end(payload);
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"\r]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function element(name: string, value: XmlValue): string {
  return `<${name}>${content(value)}</${name}>`;
}

function content(value: XmlValue): string {
  if (value instanceof XmlMap) {
    return Object.entries(value.entries)
      .map(([key, text]) => `<entry><key>${escapeXml(key)}</key><value>${escapeXml(text)}</value></entry>`)
      .join('');
  }
  if (Array.isArray(value)) return value.map((item) => element('member', item)).join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter((entry): entry is [string, XmlValue] => entry[1] !== undefined)
      .map(([name, child]) => element(name, child))
      .join('');
  }
  return escapeXml(String(value));
}

/**
 * Collects a flattened list such as `MessageAttributes.entry.N.*` into one record per index, keyed by the
 * rest of the parameter name (`Name`, `Value.DataType`, …), in index order.
 */
export function indexedEntries(params: URLSearchParams, prefix: string): Array<Record<string, string>> {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [key, value] of params) {
    if (!key.startsWith(prefix)) continue;
    const match = /^(\d+)\.(.+)$/.exec(key.slice(prefix.length));
    if (match === null) continue;
    const index = Number(match[1]);
    const entry = byIndex.get(index) ?? {};
    entry[match[2] ?? ''] = value;
    byIndex.set(index, entry);
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
}
