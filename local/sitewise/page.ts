// Paging for every SiteWise List operation: the L4E emulator's rule (resume strictly after the last item,
// tokens signed and tied to the request's filters), with tokens in standard base64 as the SiteWise
// NextToken pattern ([A-Za-z0-9+/=]+) requires, and a bad token answered as InvalidRequestException.

import { ServiceError } from '../emulator/errors.js';
import { paginate } from '../emulator/pagination.js';
import type { PagePosition } from '../emulator/tokens.js';
import { invalidRequest } from './errors.js';
import { type Input, optionalInteger, optionalString } from './input.js';
import type { SiteWiseSim } from './sim.js';

export interface SiteWisePage<T> {
  items: T[];
  nextToken?: string;
}

function innerToken(wire: string | undefined): string | undefined {
  if (wire === undefined) return undefined;
  const inner = Buffer.from(wire, 'base64').toString('utf8');
  if (Buffer.from(inner, 'utf8').toString('base64') !== wire)
    throw invalidRequest('The nextToken is not valid.');
  return inner;
}

export function pageOf<T>(
  sim: SiteWiseSim,
  request: { operation: string; input: Input; filters: unknown },
  items: readonly T[],
  keyOf: (item: T) => PagePosition,
): SiteWisePage<T> {
  try {
    const page = paginate(
      sim.codec,
      {
        operation: request.operation,
        nextToken: innerToken(optionalString(request.input, 'nextToken')),
        maxResults: optionalInteger(request.input, 'maxResults'),
        filters: request.filters,
      },
      items,
      { keyOf, order: 'asc' },
    );
    return page.nextToken === undefined
      ? { items: page.items }
      : { items: page.items, nextToken: Buffer.from(page.nextToken, 'utf8').toString('base64') };
  } catch (error) {
    if (error instanceof ServiceError) throw invalidRequest(error.message);
    throw error;
  }
}
