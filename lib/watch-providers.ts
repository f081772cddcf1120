// One watch cycle per enabled provider, side by side. Each provider has its own model state (its own
// partition of the state table), so a cycle over one never sees another's models as deleted, and a
// provider that fails (its list call refused, its endpoint down) never stops the others' cycles.
import type { ProviderName } from './core/model.js';
import { type CycleReport, emptyReport, runWatchCycle, type WatchDeps, type WatchOptions } from './watch.js';

/** What watching one provider needs: its adapter and its own model state, with the shared rest. */
export interface ProviderWatch {
  name: ProviderName;
  deps: WatchDeps;
}

export interface ProviderCycle {
  provider: ProviderName;
  /** null when the cycle failed as a whole (then `error` says why). */
  report: CycleReport | null;
  error: string | null;
}

/** A provider's cycle with what it threw, when it failed. */
type Outcome = ProviderCycle & { thrown?: unknown };

/**
 * The sum of every provider's cycle (what the poller's metrics and health are read from, in a single
 * cycle's shape), with each provider's own.
 */
export interface ProvidersReport extends CycleReport {
  providers: ProviderCycle[];
}

const COUNTS = [
  'models',
  'observed',
  'claimed',
  'repaired',
  'published',
  'failed',
  'conflicts',
  'deleted',
  'deferred',
] as const satisfies ReadonlyArray<keyof CycleReport>;

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function watchOne(watch: ProviderWatch, options: WatchOptions): Promise<Outcome> {
  try {
    return { provider: watch.name, report: await runWatchCycle(watch.deps, options), error: null };
  } catch (error) {
    const message = describeError(error);
    watch.deps.logger.error('provider skipped this cycle', { provider: watch.name, error: message });
    return { provider: watch.name, report: null, error: message, thrown: error };
  }
}

/**
 * The sum of the providers' reports. A provider whose cycle failed counts as one error, named by the
 * provider, so the cycle is not healthy (lib/core/health.ts) while any provider fails.
 */
export function sumReports(cycles: readonly ProviderCycle[]): CycleReport {
  const total = emptyReport();
  for (const cycle of cycles) {
    if (cycle.report === null) {
      total.errors.push({ model: `(every ${cycle.provider} model)`, message: cycle.error ?? 'failed' });
      continue;
    }
    for (const key of COUNTS) total[key] += cycle.report[key];
    total.errors.push(...cycle.report.errors);
  }
  return total;
}

/**
 * Runs one cycle per provider, concurrently, each over its own state; one failing leaves the rest. When
 * every provider failed, the first one's error is thrown: the invocation failed, as with one provider.
 */
export async function runProviderCycles(
  watches: readonly ProviderWatch[],
  options: WatchOptions,
): Promise<ProvidersReport> {
  const outcomes = await Promise.all(watches.map((watch) => watchOne(watch, options)));
  const [first] = outcomes;
  if (first !== undefined && outcomes.every((o) => o.report === null)) throw first.thrown;
  const providers = outcomes.map(({ thrown: _, ...cycle }) => cycle);
  return { ...sumReports(providers), providers };
}
