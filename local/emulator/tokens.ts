// Opaque NextTokens: the operation, the position after the last item returned and a digest of the
// request's filters, signed with an HMAC so a tampered token, a token from another operation or a token
// reused with different filters is refused as the service refuses it.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { validationError } from './errors.js';

export type PagePosition = string | number;

interface TokenPayload {
  o: string;
  p: PagePosition;
  f: string;
}

function digest(filters: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(filters ?? null))
    .digest('base64url')
    .slice(0, 16);
}

export class PageTokenCodec {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  encode(operation: string, position: PagePosition, filters: unknown): string {
    const payload: TokenPayload = { o: operation, p: position, f: digest(filters) };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.#sign(body)}`;
  }

  /** Returns the position, or throws a ValidationException naming what is wrong with the token. */
  decode(token: string, operation: string, filters: unknown): PagePosition {
    const [body, signature, extra] = token.split('.');
    if (
      body === undefined ||
      signature === undefined ||
      extra !== undefined ||
      !this.#verify(body, signature)
    ) {
      throw validationError('Invalid NextToken: the pagination token is malformed or has been modified.');
    }
    let payload: TokenPayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenPayload;
    } catch (error) {
      throw new Error('a signed NextToken did not decode', { cause: error });
    }
    if (payload.o !== operation) {
      throw validationError(`Invalid NextToken: the token was issued by ${payload.o}, not ${operation}.`);
    }
    if (payload.f !== digest(filters)) {
      throw validationError(
        'Invalid NextToken: the request parameters differ from those of the request that issued it.',
      );
    }
    return payload.p;
  }

  #sign(body: string): string {
    return createHmac('sha256', this.#secret).update(body).digest('base64url').slice(0, 22);
  }

  #verify(body: string, signature: string): boolean {
    const expected = Buffer.from(this.#sign(body));
    const actual = Buffer.from(signature);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
