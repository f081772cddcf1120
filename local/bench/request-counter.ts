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

export interface CapacityMeter {
  /** Capacity units consumed since the last reset, reads and writes together. */
  units(): number;
  reset(): void;
}

type Consumed = { CapacityUnits?: number };

/** The capacity units one response reports: one entry, or one per table for a batch request. */
function consumedUnits(output: { ConsumedCapacity?: Consumed | Consumed[] }): number {
  const consumed = output.ConsumedCapacity;
  const entries = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return entries.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

/**
 * Asks DynamoDB (here dynalite, which sizes items as the service does: reads per 4 KB, writes per 1 KB) to
 * return the capacity each request consumed, and sums it. The product's requests are otherwise unchanged.
 */
export function meterCapacity<I extends object, O extends MetadataBearer>(
  client: { middlewareStack: MiddlewareStack<I, O> },
  name = 'benchCapacityMeter',
): CapacityMeter {
  let units = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      const asked =
        input.ReturnConsumedCapacity === undefined ? { ...input, ReturnConsumedCapacity: 'TOTAL' } : input;
      const result = await next({ ...args, input: asked as typeof args.input });
      units += consumedUnits(result.output as { ConsumedCapacity?: Consumed | Consumed[] });
      return result;
    },
    { step: 'initialize', name },
  );
  return {
    units: () => units,
    reset: () => {
      units = 0;
    },
  };
}
