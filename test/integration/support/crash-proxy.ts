// A loopback HTTP proxy in front of a local service that can make one request fail the way a dying
// invocation would see it: the request never reaches the service and the caller gets a non-retryable
// error, so whatever the caller meant to do next does not happen.
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CrashProxy {
  readonly url: string;
  /** The next request `matches` accepts fails (once) instead of being forwarded. */
  failNext(matches: (target: string, body: string) => boolean): void;
  /** How many requests were failed so far. */
  readonly failed: number;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startCrashProxy(upstream: string): Promise<CrashProxy> {
  const target = new URL(upstream);
  let armed: ((target: string, body: string) => boolean) | null = null;
  let failed = 0;
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => {
        const amzTarget = String(request.headers['x-amz-target'] ?? '');
        if (armed?.(amzTarget, body.toString('utf8'))) {
          armed = null;
          failed += 1;
          const text = JSON.stringify({
            __type: 'com.amazon.coral.validate#ValidationException',
            message: 'injected: the invocation died here',
          });
          response.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.0' });
          response.end(text);
          return;
        }
        const forward = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            method: request.method,
            path: request.url,
            headers: request.headers,
          },
          (upstreamResponse) => {
            response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
            upstreamResponse.pipe(response);
          },
        );
        forward.on('error', () => response.destroy());
        forward.end(body);
      })
      .catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    failNext(matches) {
      armed = matches;
    },
    get failed() {
      return failed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
