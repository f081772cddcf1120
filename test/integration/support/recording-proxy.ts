// A loopback HTTP proxy in front of a local service that records, for every request, the access key it
// was signed with and the operation it asks for (the X-Amz-Target operation of a JSON protocol, else the
// method and path), then forwards it unchanged.
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signingScope } from '../../../local/aws/signing-scope.js';

export interface RecordedRequest {
  accessKeyId: string;
  region: string;
  /** `UpdateActiveModelVersion`, or `POST /actions` for a REST protocol. */
  operation: string;
}

export interface RecordingProxy {
  readonly url: string;
  requests(): RecordedRequest[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function operationOf(request: IncomingMessage): string {
  const target = request.headers['x-amz-target'];
  if (typeof target === 'string') return target.slice(target.lastIndexOf('.') + 1);
  return `${request.method ?? 'GET'} ${(request.url ?? '/').split('?')[0]}`;
}

export async function startRecordingProxy(upstream: string): Promise<RecordingProxy> {
  const target = new URL(upstream);
  const recorded: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => {
        const scope = signingScope(request.headers);
        recorded.push({
          accessKeyId: scope?.accessKeyId ?? '',
          region: scope?.region ?? '',
          operation: operationOf(request),
        });
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
    requests: () => recorded.map((r) => ({ ...r })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
