// Raw awsJson1_0 calls to the emulator (no SDK), for checks on the exact wire shapes and statuses.

export const TARGET_PREFIX = 'AWSLookoutEquipmentFrontendService';

export interface WireResponse {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export async function callWire(
  url: string,
  operation: string,
  input: unknown,
  rawBody?: string,
): Promise<WireResponse> {
  const response = await fetch(`${url}/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': `${TARGET_PREFIX}.${operation}`,
    },
    body: rawBody ?? JSON.stringify(input),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    headers: response.headers,
  };
}

export function errorType(response: WireResponse): string {
  const type = response.body.__type;
  return typeof type === 'string' ? (type.split('#').pop() ?? type) : '';
}

export async function control(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/_emulator/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}
