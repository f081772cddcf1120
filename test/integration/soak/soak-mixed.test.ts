// The short soak over a mixed fleet: L4E models and IoT SiteWise models (computation models bound to an
// asset, and one bound at asset-model level on five assets) watched side by side on one bus and one state
// table, each provider under its own emulator's faults, reported per provider.
import { describe, expect, it } from 'vitest';
import { formatSoakReport } from '../../../local/soak/report.js';
import { runSoak } from '../../../local/soak/run.js';

describe('soak (short, mixed L4E and IoT SiteWise)', () => {
  it('loses nothing, activates nothing wrongly and undoes no rollback, per provider, under faults, crashes, operators and replays', async () => {
    // Act
    const report = await runSoak({
      days: 60,
      models: 4,
      sitewiseModels: 10,
      seed: 3,
      pollIntervalMs: 12 * 3_600_000,
      faults: true,
    });
    // Assess
    const table = formatSoakReport(report);
    const sw = report.sitewise;
    expect(report.check.lost, table).toBe(0);
    expect(report.wrongActivations, table).toEqual([]);
    expect(report.rollbacksUndone, table).toEqual([]);
    expect(sw?.lost, table).toEqual([]);
    expect(sw?.wrongActivations, table).toEqual([]);
    expect(sw?.rollbacksUndone, table).toEqual([]);
    expect(report.ok, table).toBe(true);
    expect(table).toContain('SOAK PASSED');
    // SiteWise under its own faults, with operators moving versions through inference STARTs.
    expect((sw?.throttled ?? 0) / (sw?.calls ?? 1)).toBeGreaterThan(0.18);
    expect((sw?.errors ?? 0) / (sw?.calls ?? 1)).toBeGreaterThan(0.04);
    expect((sw?.operators.rollbacks ?? 0) + (sw?.operators.manualActivations ?? 0), table).toBeGreaterThan(0);
    expect(sw?.transitions.runs, table).toBeGreaterThanOrEqual(15);
    expect(sw?.decisions.ACTIVATED ?? 0, table).toBeGreaterThan(0);
    expect(sw?.decisions.REJECTED ?? 0, table).toBeGreaterThan(0);
    // Each provider's events and decisions counted apart: L4E's table saw L4E's models only.
    expect(report.check.runs.expected, table).toBeGreaterThan(0);
    expect(sw?.events ?? 0).toBeGreaterThan(0);
  }, 300_000);
});
