// Fault injection for L4E operations: seeded, per-operation random streams (so one operation's faults do
// not depend on how calls to others interleave), fixed latency and "fail the next N calls".

import { z } from 'zod';
import { createPrng, hashString, type Prng } from './random.js';

const probability = z.number().min(0).max(1);
export const FaultRuleSchema = z.strictObject({
  throttle: probability.optional(),
  error5xx: probability.optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  failNext: z.number().int().min(0).optional(),
});
export const FaultConfigSchema = z.strictObject({
  seed: z.number().int().optional(),
  default: FaultRuleSchema.optional(),
  operations: z.record(z.string(), FaultRuleSchema).optional(),
});

export type FaultRule = z.infer<typeof FaultRuleSchema>;
export type FaultConfig = z.infer<typeof FaultConfigSchema>;

export interface FaultDecision {
  fault: 'none' | 'throttle' | 'error';
  latencyMs: number;
}

export class FaultInjector {
  #config: FaultConfig = {};
  #streams = new Map<string, Prng>();
  #failNext = new Map<string, number>();
  #failNextAny = 0;

  configure(config: FaultConfig): void {
    this.#config = structuredClone(config);
    this.#streams = new Map();
    this.#failNext = new Map(
      Object.entries(config.operations ?? {}).map(([operation, rule]) => [operation, rule.failNext ?? 0]),
    );
    this.#failNextAny = config.default?.failNext ?? 0;
  }

  config(): FaultConfig {
    return structuredClone(this.#config);
  }

  decide(operation: string): FaultDecision {
    const rule = this.#config.operations?.[operation] ?? {};
    const fallback = this.#config.default ?? {};
    const latencyMs = rule.latencyMs ?? fallback.latencyMs ?? 0;
    const pending = this.#failNext.get(operation) ?? 0;
    if (pending > 0) {
      this.#failNext.set(operation, pending - 1);
      return { fault: 'throttle', latencyMs };
    }
    if (this.#failNextAny > 0) {
      this.#failNextAny--;
      return { fault: 'throttle', latencyMs };
    }
    const throttle = rule.throttle ?? fallback.throttle ?? 0;
    const error5xx = rule.error5xx ?? fallback.error5xx ?? 0;
    if (throttle === 0 && error5xx === 0) return { fault: 'none', latencyMs };
    const draw = this.#stream(operation).next();
    if (draw < throttle) return { fault: 'throttle', latencyMs };
    if (draw < throttle + error5xx) return { fault: 'error', latencyMs };
    return { fault: 'none', latencyMs };
  }

  #stream(operation: string): Prng {
    let stream = this.#streams.get(operation);
    if (stream === undefined) {
      stream = createPrng(hashString(`${this.#config.seed ?? 0}:${operation}`));
      this.#streams.set(operation, stream);
    }
    return stream;
  }
}

export interface EmulatorStats {
  calls: Record<string, number>;
  faults: Record<string, { throttled: number; errors: number }>;
}

export class CallStats {
  #stats: EmulatorStats = { calls: {}, faults: {} };

  count(operation: string): void {
    this.#stats.calls[operation] = (this.#stats.calls[operation] ?? 0) + 1;
  }

  fault(operation: string, kind: 'throttle' | 'error'): void {
    const entry = this.#stats.faults[operation] ?? { throttled: 0, errors: 0 };
    if (kind === 'throttle') entry.throttled++;
    else entry.errors++;
    this.#stats.faults[operation] = entry;
  }

  snapshot(): EmulatorStats {
    return structuredClone(this.#stats);
  }

  reset(): void {
    this.#stats = { calls: {}, faults: {} };
  }
}
