// One paging rule for every List operation: results in a fixed order, resumed strictly after the
// position encoded in the NextToken, so items added or deleted between pages never shift the next page.

import type { PagePosition, PageTokenCodec } from './tokens.js';

export const DEFAULT_PAGE_SIZE = 50;

export interface PageRequest {
  operation: string;
  nextToken?: string | undefined;
  maxResults?: number | undefined;
  /** Every filter of the request; a token is only valid with the same filters. */
  filters: unknown;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** How the items handed to `paginate` are sorted: by `keyOf`, in `order`. */
export interface PageOrder<T> {
  keyOf: (item: T) => PagePosition;
  order: 'asc' | 'desc';
}

/**
 * Pages over `items`, already filtered and sorted by `keyOf` in `order`.
 */
export function paginate<T>(
  codec: PageTokenCodec,
  request: PageRequest,
  items: readonly T[],
  { keyOf, order }: PageOrder<T>,
): Page<T> {
  const size = request.maxResults ?? DEFAULT_PAGE_SIZE;
  let start = 0;
  if (request.nextToken !== undefined && request.nextToken !== '') {
    const position = codec.decode(request.nextToken, request.operation, request.filters);
    const after = (key: PagePosition): boolean => (order === 'asc' ? key > position : key < position);
    start = items.findIndex((item) => after(keyOf(item)));
    if (start < 0) start = items.length;
  }
  const pageItems = items.slice(start, start + size);
  const last = pageItems[pageItems.length - 1];
  const more = start + size < items.length && last !== undefined;
  return more
    ? { items: pageItems, nextToken: codec.encode(request.operation, keyOf(last), request.filters) }
    : { items: pageItems };
}
