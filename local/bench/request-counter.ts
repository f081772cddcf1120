// Counts the HTTP requests an SDK client sends, per operation. The middleware sits in the deserialize
// step, inside the retry loop, so a retried call counts once per attempt: what the service would bill.
import type { MetadataBearer, MiddlewareStack } from '@smithy/types';

export interface RequestCounter {
  /** Requests per operation name (`PutEvents`, `Query`, …) since the last reset. */
  counts(): Record<string, number>;
  total(): number;
  reset(): void;
}

export function countRequests<I extends object, O extends MetadataBearer>(
  client: { middlewareStack: MiddlewareStack<I, O> },
  name = 'benchRequestCounter',
): RequestCounter {
  let counts: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
      counts[operation] = (counts[operation] ?? 0) + 1;
      return next(args);
    },
    { step: 'deserialize', name, priority: 'low' },
  );
  return {
    counts: () => ({ ...counts }),
    total: () => Object.values(counts).reduce((sum, n) => sum + n, 0),
    reset: () => {
      counts = {};
    },
  };
}
