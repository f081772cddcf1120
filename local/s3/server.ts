// A minimal S3 REST front end on loopback, path-style only (/bucket/key): CreateBucket, HeadBucket,
// PutObject, GetObject, HeadObject and ListObjectsV2, with S3's XML errors (NoSuchBucket, NoSuchKey,
// InvalidArgument) and status codes. Signatures are accepted without checking; aws-chunked bodies (what
// the SDK sends with a trailing checksum) are decoded.

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CallStats } from '../emulator/faults.js';
import type { ObjectStore, StoredObject } from './store.js';
import { errorXml, listObjectsV2Xml, type S3ErrorBody } from './xml.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const DEFAULT_MAX_KEYS = 1000;

export class S3RequestError extends Error {
  readonly status: number;
  readonly body: S3ErrorBody;
  constructor(status: number, body: S3ErrorBody) {
    super(body.message);
    this.name = 'S3RequestError';
    this.status = status;
    this.body = body;
  }
}

const noSuchBucket = (bucket: string): S3RequestError =>
  new S3RequestError(404, {
    code: 'NoSuchBucket',
    message: 'The specified bucket does not exist',
    details: { BucketName: bucket },
  });
const noSuchKey = (key: string): S3RequestError =>
  new S3RequestError(404, {
    code: 'NoSuchKey',
    message: 'The specified key does not exist.',
    details: { Key: key },
  });
const invalidArgument = (name: string, value: string, message: string): S3RequestError =>
  new S3RequestError(400, {
    code: 'InvalidArgument',
    message,
    details: { ArgumentName: name, ArgumentValue: value },
  });

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw new S3RequestError(400, {
        code: 'EntityTooLarge',
        message: 'Your proposed upload exceeds the maximum allowed size',
      });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Decodes an aws-chunked body: `hex-size[;ext]\r\n data \r\n` … `0\r\n` trailers `\r\n`. */
export function decodeAwsChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < raw.length) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(raw.subarray(offset, lineEnd).toString('ascii').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size))
      throw invalidArgument('Content-Encoding', 'aws-chunked', 'Malformed aws-chunked body');
    if (size === 0) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

interface Target {
  bucket: string;
  key: string;
}

function targetOf(url: URL): Target {
  const path = url.pathname.slice(1);
  const slash = path.indexOf('/');
  const bucket = decodeURIComponent(slash < 0 ? path : path.slice(0, slash));
  const key = slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));
  return { bucket, key };
}

function objectHeaders(object: StoredObject): Record<string, string> {
  return {
    'Content-Type': object.contentType,
    'Content-Length': String(object.body.length),
    ETag: object.etag,
    'Last-Modified': new Date(object.lastModified).toUTCString(),
    'Accept-Ranges': 'bytes',
  };
}

const encodeToken = (last: string): string => Buffer.from(last, 'utf8').toString('base64url');
function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (token === '' || encodeToken(text) !== token)
    throw invalidArgument('continuation-token', token, 'The continuation token provided is incorrect');
  return text;
}

function maxKeysOf(url: URL): number {
  const text = url.searchParams.get('max-keys');
  if (text === null) return DEFAULT_MAX_KEYS;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value))
    throw invalidArgument('max-keys', text, 'Provided max-keys not an integer or within integer range');
  return Math.min(value, DEFAULT_MAX_KEYS);
}

function listObjects(store: ObjectStore, bucket: string, url: URL): string {
  if (url.searchParams.get('list-type') !== '2')
    throw invalidArgument(
      'list-type',
      url.searchParams.get('list-type') ?? '',
      'Only ListObjectsV2 (list-type=2) is emulated',
    );
  const param = (name: string): string | undefined => url.searchParams.get(name) ?? undefined;
  const token = param('continuation-token');
  const maxKeys = maxKeysOf(url);
  const request = {
    prefix: param('prefix'),
    delimiter: param('delimiter'),
    startAfter: param('start-after'),
    after: token === undefined ? undefined : decodeToken(token),
    maxKeys,
  };
  const result = store.list(bucket, request);
  return listObjectsV2Xml({
    bucket,
    prefix: request.prefix ?? '',
    delimiter: request.delimiter,
    maxKeys,
    startAfter: request.startAfter,
    continuationToken: token,
    nextContinuationToken:
      result.truncated && result.last !== undefined ? encodeToken(result.last) : undefined,
    encodingType: param('encoding-type'),
    result,
  });
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

function xmlReply(body: string): Reply {
  return { status: 200, headers: { 'Content-Type': 'application/xml' }, body };
}

async function bucketRequest(
  store: ObjectStore,
  request: IncomingMessage,
  target: Target,
  url: URL,
): Promise<Reply> {
  const method = request.method ?? 'GET';
  if (method === 'PUT') {
    await readBody(request);
    store.createBucket(target.bucket);
    return { status: 200, headers: { Location: `/${target.bucket}` } };
  }
  if (!store.hasBucket(target.bucket)) throw noSuchBucket(target.bucket);
  if (method === 'HEAD') return { status: 200 };
  if (method === 'GET') return xmlReply(listObjects(store, target.bucket, url));
  throw new S3RequestError(405, {
    code: 'MethodNotAllowed',
    message: `${method} on a bucket is not emulated`,
  });
}

async function objectRequest(store: ObjectStore, request: IncomingMessage, target: Target): Promise<Reply> {
  const method = request.method ?? 'GET';
  if (!store.hasBucket(target.bucket)) throw noSuchBucket(target.bucket);
  if (method === 'PUT') {
    const raw = await readBody(request);
    const chunked = String(request.headers['content-encoding'] ?? '').includes('aws-chunked');
    const contentType = request.headers['content-type'] ?? 'binary/octet-stream';
    const object = store.put(target.bucket, target.key, chunked ? decodeAwsChunked(raw) : raw, contentType);
    return { status: 200, headers: { ETag: object.etag } };
  }
  const object = store.get(target.bucket, target.key);
  if (object === undefined) throw noSuchKey(target.key);
  if (method === 'HEAD') return { status: 200, headers: objectHeaders(object) };
  if (method === 'GET') return { status: 200, headers: objectHeaders(object), body: object.body };
  throw new S3RequestError(405, {
    code: 'MethodNotAllowed',
    message: `${method} on an object is not emulated`,
  });
}

function send(request: IncomingMessage, response: ServerResponse, reply: Reply, requestId: string): void {
  const body = reply.body ?? '';
  const headers: Record<string, string> = { 'x-amz-request-id': requestId, ...(reply.headers ?? {}) };
  headers['Content-Length'] ??= String(Buffer.byteLength(body));
  response.writeHead(reply.status, headers);
  // HEAD answers carry the object's headers and no body.
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** The S3 operation a path-style request is, named as the SDK names its commands. */
function operationOf(method: string, target: Target, url: URL): string {
  if (target.key === '') {
    if (method === 'GET') return url.searchParams.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    return method === 'PUT' ? 'CreateBucket' : method === 'HEAD' ? 'HeadBucket' : `${method}Bucket`;
  }
  const verbs: Record<string, string> = { GET: 'GetObject', HEAD: 'HeadObject', PUT: 'PutObject' };
  return verbs[method] ?? `${method}Object`;
}

async function handle(
  store: ObjectStore,
  stats: CallStats | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const url = new URL(request.url ?? '/', 'http://localhost');
  try {
    const target = targetOf(url);
    stats?.count(operationOf(request.method ?? 'GET', target, url));
    if (target.bucket === '')
      throw new S3RequestError(400, {
        code: 'InvalidRequest',
        message: 'Path-style requests only: /bucket/key',
      });
    const reply =
      target.key === ''
        ? await bucketRequest(store, request, target, url)
        : await objectRequest(store, request, target);
    send(request, response, reply, requestId);
  } catch (error) {
    if (!(error instanceof S3RequestError)) throw error;
    const body = request.method === 'HEAD' ? '' : errorXml(error.body, requestId);
    send(
      request,
      response,
      { status: error.status, headers: { 'Content-Type': 'application/xml' }, body },
      requestId,
    );
  }
}

/** The S3 front end over `store`; with `stats`, every request is counted by operation as it arrives. */
export function createS3Server(store: ObjectStore, stats?: CallStats): Server {
  return createServer((request, response) => {
    handle(store, stats, request, response).catch((error: unknown) => {
      process.stderr.write(`s3-stand-in: request failed: ${(error as Error).stack ?? String(error)}\n`);
      if (response.headersSent) response.destroy();
      else {
        response.writeHead(500, { 'Content-Type': 'application/xml' });
        response.end(
          errorXml({ code: 'InternalError', message: 'We encountered an internal error.' }, 'internal'),
        );
      }
    });
  });
}
