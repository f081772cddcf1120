// The short fleet soak: targets in their own accounts and regions polled by one hub under every fault of
// the soak plus an account whose roles refuse AssumeRole for a day, checked target by target.
import { describe, expect, it } from 'vitest';
import type { EventPublisher } from '../../../lib/ports.js';
import { runFleetSoak } from '../../../local/soak/fleet.js';
import { formatFleetSoakReport } from '../../../local/soak/fleet-report.js';

const SHORT = {
  models: 4,
  seed: 5,
  pollIntervalMs: 6 * 3_600_000,
  faults: true,
  outages: 1,
  outageHours: 24,
};

/** A publisher that says every event went out and sends none. */
const silent = (): EventPublisher => ({
  publish: async (events) => ({ published: events.map((e) => e.detail.eventId), failed: [] }),
});

describe('fleet soak (short)', () => {
  it('loses nothing and activates nothing wrongly in any target, the one whose account had an outage included', async () => {
    // Act
    const report = await runFleetSoak({ ...SHORT, targets: 4, days: 20 });
    // Assess
    const table = formatFleetSoakReport(report);
    expect(report.targets.map((t) => t.target)).toEqual([
      '300000000000/eu-west-1',
      '300000000000/us-west-2',
      '300000000001/eu-west-1',
      '300000000001/us-west-2',
    ]);
    for (const t of report.targets) {
      expect(t.lost, table).toEqual([]);
      expect(t.wrongActivations, table).toEqual([]);
      expect(t.rollbacksUndone, table).toEqual([]);
      expect(t.ok, table).toBe(true);
      expect(t.transitions, table).toBeGreaterThan(0);
    }
    expect(report.deadLetters, table).toBe(0);
    expect(report.ok).toBe(true);
    expect(table).toContain('FLEET SOAK PASSED');
    // The outage happened, to both targets of its account and to no other, and they caught up.
    const [outage] = report.targets.filter((t) => t.outage !== null);
    expect(outage?.assumeRoleRefused, table).toBeGreaterThan(0);
    expect(outage?.failedCycles, table).toBeGreaterThan(0);
    for (const t of report.targets.filter((v) => v.outage === null)) expect(t.assumeRoleRefused).toBe(0);
    // The soak's own faults were there too.
    expect(report.faults.l4eThrottled / report.faults.l4eCalls).toBeGreaterThan(0.15);
    expect(report.faults.putEventsEntriesFailed).toBeGreaterThan(0);
    expect(Object.values(report.faults.crashes).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 120_000);

  it('fails the target whose events never reach the bus, and only that one', async () => {
    // Act
    const report = await runFleetSoak({
      ...SHORT,
      targets: 2,
      days: 10,
      outages: 0,
      tamperTarget: (target, publisher) => (target === '300000000000/us-west-2' ? silent() : publisher),
    });
    // Assess
    const table = formatFleetSoakReport(report);
    const [kept, dropped] = report.targets;
    expect(kept?.ok, table).toBe(true);
    expect(dropped?.target).toBe('300000000000/us-west-2');
    expect(dropped?.lost.length, table).toBeGreaterThan(0);
    expect(dropped?.ok).toBe(false);
    expect(report.ok).toBe(false);
    expect(table).toContain('FLEET SOAK FAILED');
    expect(table).toMatch(/300000000000\/us-west-2 lost: /);
  }, 120_000);
});
