// The IoT SiteWise API model for tests, read where botocore installed it (never copied into the
// repository), and raw rest-json calls built from the model's own HTTP bindings, so a test exercises the
// emulator's routing against the model rather than against the emulator's route table.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ModelShape, ServiceModel, ShapeRef } from '../../emulator/support/service-model.js';

export interface MemberRef extends ShapeRef {
  location?: 'uri' | 'querystring' | 'header';
  locationName?: string;
}
export interface RestOperation {
  http: { method: string; requestUri: string; responseCode?: number };
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
}
export interface RestServiceModel extends ServiceModel {
  operations: Record<string, RestOperation>;
  shapes: Record<
    string,
    ModelShape & { members?: Record<string, MemberRef>; error?: { httpStatusCode: number } }
  >;
}

function botocoreRoot(): string | undefined {
  try {
    return execFileSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

export function locateSiteWiseModel(): { model: RestServiceModel } | { reason: string } {
  const root = botocoreRoot();
  const base =
    root === undefined ? undefined : join(root, 'data', 'iotsitewise', '2019-12-02', 'service-2.json');
  const path = [base, base === undefined ? undefined : `${base}.gz`].find(
    (p) => p !== undefined && existsSync(p),
  );
  if (path === undefined)
    return { reason: 'no botocore data/iotsitewise/2019-12-02/service-2.json(.gz) on this machine' };
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  // The model is botocore's own JSON; the tests read it as the documented service-2 layout.
  return { model: JSON.parse(text) as RestServiceModel };
}

export interface RestResponse {
  status: number;
  body: Record<string, unknown>;
  errorType: string;
}

/** Places each input member where the model binds it: a path label, a querystring member, or the body. */
function bindInput(
  requestUri: string,
  members: Record<string, MemberRef>,
  input: Record<string, unknown>,
): { path: string; query: URLSearchParams; body: Record<string, unknown> } {
  let path = requestUri;
  const query = new URLSearchParams();
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const ref = members[name];
    if (ref?.location === 'uri')
      path = path.replace(`{${ref.locationName ?? name}}`, encodeURIComponent(String(value)));
    else if (ref?.location === 'querystring') query.set(ref.locationName ?? name, String(value));
    else body[name] = value;
  }
  return { path, query, body };
}

/** Sends `input` as the model binds it: labels into the path, querystring members, the rest as JSON. */
export async function callRest(
  url: string,
  model: RestServiceModel,
  operation: string,
  input: Record<string, unknown>,
): Promise<RestResponse> {
  const op = model.operations[operation];
  if (op === undefined) throw new Error(`no operation ${operation} in the model`);
  const members = model.shapes[op.input?.shape ?? '']?.members ?? {};
  const { path, query, body } = bindInput(op.http.requestUri, members, input);
  const search = query.toString();
  const hasBody = op.http.method !== 'GET' && op.http.method !== 'DELETE';
  const response = await fetch(`${url}${path}${search === '' ? '' : `?${search}`}`, {
    method: op.http.method,
    headers: { 'Content-Type': 'application/json' },
    ...(hasBody ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    errorType: response.headers.get('x-amzn-errortype') ?? '',
  };
}

/** Members of an operation's input bound to the path: a client cannot send a request without them. */
export function uriMembers(model: RestServiceModel, operation: string): string[] {
  const members = model.shapes[model.operations[operation]?.input?.shape ?? '']?.members ?? {};
  return Object.entries(members)
    .filter(([, ref]) => ref.location === 'uri')
    .map(([name]) => name);
}
