// Who a request is from and where it is sent, as AWS reads it before anything else: the access key and
// the region of the SigV4 credential scope (`Authorization: AWS4-HMAC-SHA256 Credential=<key>/<date>/
// <region>/<service>/aws4_request, …`). Signatures themselves are not checked, as in every stand-in here.
import type { IncomingHttpHeaders } from 'node:http';

export interface SigningScope {
  accessKeyId: string;
  region: string;
  service: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** The access key, region and service a request was signed for; null when it is not signed. */
export function signingScope(headers: IncomingHttpHeaders): SigningScope | null {
  const authorization = headers.authorization;
  if (typeof authorization !== 'string') return null;
  const match = CREDENTIAL.exec(authorization);
  if (!match?.[1] || !match[2] || !match[3]) return null;
  return { accessKeyId: match[1], region: match[2], service: match[3] };
}

/** Which account an access key belongs to; undefined for a key nobody issued. */
export interface AccountDirectory {
  accountOf(accessKeyId: string): string | undefined;
}

/**
 * A directory over long-term keys (access key id → account) and, when given, the STS stand-in's
 * temporary keys (which act as their assumed role's account).
 */
export function accountDirectory(
  keys: Readonly<Record<string, string>>,
  sts?: AccountDirectory,
): AccountDirectory {
  return { accountOf: (key) => (Object.hasOwn(keys, key) ? keys[key] : sts?.accountOf(key)) };
}

/** An (account, region) pair as one map key. */
export const scopeKey = (account: string, region: string): string => `${account}/${region}`;
