import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, Server } from 'node:http';
import { createServer } from 'node:http';
import { listenOn } from '../listen.js';

/** Requests above this are refused before parsing: every service here caps payloads far below it. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export class RequestTooLargeError extends Error {
  override readonly name = 'RequestTooLargeError';
}

export interface ListeningServer {
  readonly url: string;
  close(): Promise<void>;
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST_BYTES) {
        reject(new RequestTooLargeError(`request body exceeds ${MAX_REQUEST_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** The access key id a request's SigV4 `Authorization` header names (signatures are not checked). */
export function signingKeyOf(request: IncomingMessage): string | undefined {
  const authorization = String(request.headers.authorization ?? '');
  return /Credential=([^/,\s]+)\//.exec(authorization)?.[1];
}

export function requestId(): string {
  return randomUUID();
}

/** Listens on loopback (port 0 picks a free port) and resolves with the base URL. */
export async function listen(
  handler: RequestListener,
  options: { host?: string; port?: number },
): Promise<ListeningServer & { server: Server }> {
  const server = createServer(handler);
  const listening = await listenOn(server, options);
  return { server, url: listening.url, close: listening.close };
}
