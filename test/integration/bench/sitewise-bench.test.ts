// The SiteWise section of the benchmark on a small fleet: an idle cycle stays within the SiteWise
// provider's documented per-model budget, the naive poller always makes more calls, and no transition of
// the changed cycles is missed against the emulator's ledger.
import { beforeAll, describe, expect, it } from 'vitest';
import { createSiteWiseProvider } from '../../../lib/adapters/sitewise.js';
import { sampleCalls } from '../../../local/bench/report-sitewise.js';
import {
  benchSiteWiseCycles,
  naiveSiteWiseCalls,
  type SiteWiseBenchResult,
  type SiteWiseRow,
  siteWiseIdleBudget,
} from '../../../local/bench/sitewise-cycles.js';
import { fleetShape } from '../../../local/bench/sitewise-fleet.js';

const MODELS = 15;
let result: SiteWiseBenchResult;

beforeAll(async () => {
  result = await benchSiteWiseCycles({
    fleets: [MODELS],
    // stop, settle, start, settle: each kind of change once.
    repetitions: () => 4,
    naiveRepetitions: () => 1,
    latencyMs: 0,
    provider: ({ sitewise, s3 }) => createSiteWiseProvider(sitewise, s3),
    progress: () => {},
  });
}, 120_000);

const rowOf = (kind: SiteWiseRow['kind']): SiteWiseRow => {
  const row = result.rows.find((r) => r.kind === kind);
  if (!row) throw new Error(`no ${kind} row`);
  return row;
};

describe('npm run bench: SiteWise section on a small fleet', () => {
  it('observes every model of the fleet once in the first cycle', () => {
    // Act
    const first = rowOf('first');
    // Assess
    const shape = fleetShape(MODELS);
    expect(shape.assetLevel + 5 * shape.assetModelLevel).toBe(MODELS);
    expect(first.autopilot[0]?.observed).toBe(MODELS);
  });

  it('stays within the SiteWise provider budget in an idle cycle, observing and publishing nothing', () => {
    // Act
    const idle = rowOf('idle');
    // Assess
    expect(idle.autopilot).toHaveLength(4);
    const budget = siteWiseIdleBudget(fleetShape(MODELS));
    expect(budget).toBeLessThanOrEqual(1 + 3 * MODELS);
    for (const sample of idle.autopilot) {
      expect(sample.observed).toBe(0);
      expect(sample.published).toBe(0);
      expect(sampleCalls(sample)).toBeLessThanOrEqual(budget);
      // Nothing changed, so nothing is described and no object is read.
      expect(Object.keys(sample.sitewise).filter((op) => op.startsWith('Describe'))).toEqual([]);
      expect(sample.s3.GetObject ?? 0).toBe(0);
    }
  });

  it('counts the naive poller exactly: every model, action, execution and metrics object, every cycle', () => {
    // Act
    const [naive] = rowOf('idle').naive;
    // Assess
    // Each model: a training run, inference started, a scheduler started; two objects from its run.
    const expected = naiveSiteWiseCalls(fleetShape(MODELS), { actions: 3, executions: 3, objects: 2 });
    expect(naive && Object.values(naive.sitewise).reduce((a, b) => a + b, 0)).toBe(expected.sitewise);
    expect(naive && Object.values(naive.s3).reduce((a, b) => a + b, 0)).toBe(expected.s3);
  });

  it('makes more calls in the naive poller than in l4e-autopilot, idle or changed', () => {
    for (const row of [rowOf('idle'), rowOf('changed')]) {
      // Act
      const naive = Math.min(...row.naive.map(sampleCalls));
      const autopilot = Math.max(...row.autopilot.map(sampleCalls));
      // Assess
      expect(naive, row.kind).toBeGreaterThan(autopilot);
    }
  });

  it('misses no transition of the changed cycles against the emulator ledger', () => {
    // Act
    const changed = rowOf('changed');
    // Assess
    expect(changed.changed).toBe(2);
    // Each changed model: its scheduler stopped, then started again.
    expect(changed.transitions).toBe(4);
    expect(changed.missed).toEqual([]);
    for (const sample of changed.autopilot) expect(sample.observed).toBe(2);
  });
});
