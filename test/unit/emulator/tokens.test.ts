import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../local/emulator/errors.js';
import { paginate } from '../../../local/emulator/pagination.js';
import { PageTokenCodec } from '../../../local/emulator/tokens.js';

const codec = new PageTokenCodec('secret-a');

function rejection(run: () => unknown): ServiceError {
  try {
    run();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('no error was thrown');
}

describe('PageTokenCodec', () => {
  it('round-trips the position for the same operation and filters', () => {
    // Act / Assess
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.integer()),
        fc.dictionary(fc.string(), fc.string()),
        (position, filters) => {
          const token = codec.encode('ListModels', position, filters);
          return /^[\x21-\x7e]+$/.test(token) && codec.decode(token, 'ListModels', filters) === position;
        },
      ),
    );
  });

  it('refuses tampered tokens, foreign operations, other filters and other emulators', () => {
    // Prepare
    const token = codec.encode('ListModels', 'pump-7', { status: 'SUCCESS' });
    const [body, signature] = token.split('.') as [string, string];
    const forgedBody = Buffer.from(JSON.stringify({ o: 'ListModels', p: 'zzz', f: 'x' })).toString(
      'base64url',
    );

    // Act
    const errors = [
      rejection(() => codec.decode(`${forgedBody}.${signature}`, 'ListModels', { status: 'SUCCESS' })),
      rejection(() => codec.decode(`${body}.${signature.slice(1)}A`, 'ListModels', { status: 'SUCCESS' })),
      rejection(() => codec.decode('garbage', 'ListModels', {})),
      rejection(() => codec.decode(token, 'ListDatasets', { status: 'SUCCESS' })),
      rejection(() => codec.decode(token, 'ListModels', { status: 'FAILED' })),
      rejection(() => new PageTokenCodec('secret-b').decode(token, 'ListModels', { status: 'SUCCESS' })),
    ];

    // Assess
    expect(errors.map((e) => e.code)).toEqual(Array(6).fill('ValidationException'));
    expect(errors[3]?.message).toContain('issued by ListModels, not ListDatasets');
    expect(errors[4]?.message).toContain('request parameters differ');
  });
});

describe('paginate', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const request = (nextToken?: string) => ({
    operation: 'ListThings',
    maxResults: 2,
    filters: {},
    nextToken,
  });

  it('walks pages in order and stops with no token', () => {
    // Act
    const first = paginate(codec, request(), items, { keyOf: (x) => x, order: 'asc' });
    const second = paginate(codec, request(first.nextToken), items, { keyOf: (x) => x, order: 'asc' });
    const third = paginate(codec, request(second.nextToken), items, { keyOf: (x) => x, order: 'asc' });

    // Assess
    expect([first.items, second.items, third.items]).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(third.nextToken).toBeUndefined();
  });

  it('resumes after the last key even when items changed between pages', () => {
    // Prepare
    const first = paginate(codec, request(), items, { keyOf: (x) => x, order: 'asc' });

    // Act
    const next = paginate(codec, request(first.nextToken), ['a', 'c', 'd', 'e'], {
      keyOf: (x) => x,
      order: 'asc',
    });
    const descending = paginate(codec, { ...request(), maxResults: 3 }, [9, 7, 5, 3], {
      keyOf: (x) => x,
      order: 'desc',
    });
    const rest = paginate(codec, { ...request(descending.nextToken), maxResults: 3 }, [9, 8, 7, 5, 3], {
      keyOf: (x) => x,
      order: 'desc',
    });

    // Assess
    expect(next.items).toEqual(['c', 'd']);
    expect(rest.items).toEqual([3]);
  });
});
