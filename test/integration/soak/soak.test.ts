// The short soak: the same run as `npm run soak`, bounded, asserting what the long one prints.
import { describe, expect, it } from 'vitest';
import { formatSoakReport } from '../../../local/soak/report.js';
import { runSoak } from '../../../local/soak/run.js';

describe('soak (short)', () => {
  it('loses nothing and activates nothing wrongly under throttling, 5xx, partial PutEvents, races, crashes, operators, replays, redrives and late L4E reads', async () => {
    // Act
    const report = await runSoak({
      days: 150,
      models: 15,
      seed: 3,
      pollIntervalMs: 6 * 3_600_000,
      faults: true,
    });
    // Assess
    const table = formatSoakReport(report);
    expect(report.check.lost, table).toBe(0);
    expect(report.wrongActivations, table).toEqual([]);
    expect(report.missedActivations, table).toEqual([]);
    expect(report.duplicates.unexplained, table).toEqual([]);
    expect(report.deadLetters, table).toBe(0);
    expect(report.runsPromotionsLost, table).toBe(0);
    expect(report.rollbacksUndone, table).toEqual([]);
    expect(report.olderVersionLeftActive, table).toEqual([]);
    expect(report.failingActivations, table).toEqual([]);
    expect(report.ok).toBe(true);
    expect(table).toContain('SOAK PASSED');
    // The faults really happened, at the rates the soak promises.
    const f = report.faults;
    expect(f.l4eThrottled / f.l4eCalls).toBeGreaterThan(0.18);
    expect(f.l4eErrors / f.l4eCalls).toBeGreaterThan(0.04);
    expect(f.putEventsEntriesFailed / f.putEventsEntries).toBeGreaterThan(0.08);
    expect(f.claimConflicts).toBeGreaterThan(0);
    for (const [point, count] of Object.entries(f.crashes)) expect(count, point).toBeGreaterThan(0);
    // The operators and the moodier L4E were there too.
    expect(f.rollbacks).toBeGreaterThan(0);
    expect(f.manualActivations).toBeGreaterThan(0);
    expect(f.promoteModeFlips).toBeGreaterThan(0);
    expect(f.replayedEvents).toBeGreaterThanOrEqual(report.uniqueEvents);
    expect(f.deadLettered).toBeGreaterThan(0);
    expect(f.redrives).toBe(f.deadLettered);
    expect(f.concurrentTriggers).toBeGreaterThan(0);
    expect(f.versionReadsNotFound / f.versionReads).toBeGreaterThan(0.05);
    expect(report.knobs.moody.promotionResultLag ?? 0).toBeGreaterThan(0);
    // A run with real activity: runs, promotions, decisions of several kinds.
    expect(report.check.runs.expected).toBeGreaterThan(30);
    expect(report.decisions.ACTIVATED ?? 0).toBeGreaterThan(0);
    expect(report.decisions.REJECTED ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
