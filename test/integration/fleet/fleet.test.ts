// The fleet end to end on the local system: 3 accounts × 2 regions × 15 models (the same 15 names in
// every account and region), the real dispatcher and per-target poller through the local STS and the
// SQS event source, and account 333333333333's roles refusing AssumeRole for a simulated day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportsEvent } from '../../../local/feed.js';
import { RECOVERED, UNREACHABLE } from '../../../local/fleet/ledger-check.js';
import { type FleetRun, fleetChecks, publishedEvents, runPolls } from '../../../local/fleet/run.js';
import { generateFleetOrgScenario } from '../../../local/fleet/scenario.js';
import { type LocalSystem, startLocalSystem } from '../../../local/system.js';

const HUB = '123456789012';
const SPOKE = '222222222222';
const CUT_OFF = '333333333333';
const REGIONS = ['us-east-1', 'eu-west-1'];
const DAYS = 8;
const HOUR_MS = 3_600_000;
const OUTAGE = { from: Date.parse('2025-01-04T00:00:00Z'), until: Date.parse('2025-01-05T00:00:00Z') };

const keyOf = (detail: Record<string, unknown>) => `${detail.account}/${detail.region}`;

describe('a fleet of 3 accounts × 2 regions × 15 models', () => {
  let system: LocalSystem;
  let run: FleetRun;

  beforeAll(async () => {
    const scenario = generateFleetOrgScenario({
      accounts: [HUB, SPOKE, CUT_OFF],
      regions: REGIONS,
      modelsPerTarget: 15,
      days: DAYS,
      seed: 3,
      outages: [{ account: CUT_OFF, at: 'P3D', for: 'P1D' }],
    });
    system = await startLocalSystem({ scenario, seed: 3, logLevel: 'CRITICAL' });
    run = await runPolls(system, { days: DAYS, pollIntervalMs: 2 * HOUR_MS });
  }, 120_000);

  afterAll(async () => {
    await system?.close();
  });

  it('publishes exactly one event per true transition of every target, against its own ledger', () => {
    // Act
    const checks = fleetChecks(system, run);

    // Assess
    expect(checks.map((c) => c.target)).toEqual(
      [HUB, SPOKE, CUT_OFF].flatMap((account) => REGIONS.map((region) => `${account}/${region}`)),
    );
    for (const check of checks) {
      expect(check.comparison.lost, `${check.target} lost ${JSON.stringify(check.comparison)}`).toBe(0);
      expect(check.comparison.duplicates, check.target).toEqual([]);
      expect(check.foreign, check.target).toEqual([]);
    }
    const transitions = checks.map((c) => c.comparison.runs.expected + c.comparison.schedulers.expected);
    expect(transitions.every((n) => n > 0)).toBe(true);
    expect(system.deadLetters()).toEqual([]);
  });

  it('never mixes the same model name across accounts: each decision acts in its own target, each alert names it', () => {
    // Prepare
    const events = publishedEvents(system);
    const ledger = system.emulator.fleetLedger();

    // Act: the versions the autopilot activated, per target, from the ledger and from the decisions.
    const activatedInLedger = ledger
      .filter((e) => e.resource === 'model' && e.field === 'ActiveModelVersion' && e.cause === 'API')
      .map((e) => `${e.account}/${e.region} ${e.modelName} v${e.to}`)
      .sort();
    const decided = events
      .filter((e) => e.detailType === 'Model Version Activation Decision' && e.detail.outcome === 'ACTIVATED')
      .map((e) => `${keyOf(e.detail)} ${e.detail.modelName} v${e.detail.modelVersion}`)
      .sort();
    const modelEvents = events.filter((e) => typeof e.detail.modelName === 'string');
    const misaddressed = system.sns.published().flatMap((message) =>
      modelEvents
        .filter((e) => reportsEvent(message.message, String(e.detail.eventId)))
        .filter((e) => !message.message.includes(`${e.detail.account} / ${e.detail.region}`))
        .map((e) => `${e.detail.eventId} in ${keyOf(e.detail)}`),
    );

    // Assess
    expect(decided).toEqual(activatedInLedger);
    // Versions were activated by policy in the spoke accounts too, each in its own account and region.
    expect(new Set(decided.map((d) => d.split('/')[0]))).toEqual(new Set([HUB, SPOKE, CUT_OFF]));
    const names = new Set(modelEvents.map((e) => String(e.detail.modelName)));
    const sharedNames = [...names].filter(
      (name) =>
        new Set(modelEvents.filter((e) => e.detail.modelName === name).map((e) => keyOf(e.detail))).size > 1,
    );
    expect(sharedNames.length).toBeGreaterThan(0);
    expect(misaddressed).toEqual([]);
  });

  it("raises the cut-off targets' alarm once and their recovery once, and they catch up with 0 lost", () => {
    // Prepare
    const events = publishedEvents(system);
    const health = (target: string) =>
      events
        .filter(
          (e) => (e.detailType === UNREACHABLE || e.detailType === RECOVERED) && e.detail.target === target,
        )
        .map((e) => ({ type: e.detailType, at: Date.parse(String(e.detail.observedAt)) }));

    // Act
    const checks = fleetChecks(system, run);

    // Assess
    for (const region of REGIONS) {
      const seen = health(`${CUT_OFF}/${region}`);
      expect(seen.map((h) => h.type)).toEqual([UNREACHABLE, RECOVERED]);
      expect(seen[0]?.at).toBeGreaterThan(OUTAGE.from);
      expect(seen[0]?.at).toBeLessThan(OUTAGE.from + 12 * HOUR_MS);
      expect(seen[1]?.at).toBeGreaterThanOrEqual(OUTAGE.until);
      expect(seen[1]?.at).toBeLessThan(OUTAGE.until + 4 * HOUR_MS);
      const check = checks.find((c) => c.target === `${CUT_OFF}/${region}`);
      expect(check?.ok, JSON.stringify(check)).toBe(true);
    }
    for (const account of [HUB, SPOKE]) {
      for (const region of REGIONS) expect(health(`${account}/${region}`)).toEqual([]);
    }
    // Something happened in the cut-off account while it was unreachable, and was published after.
    const caughtUp = events.filter(
      (e) =>
        e.detail.account === CUT_OFF &&
        typeof e.detail.modelName === 'string' &&
        Date.parse(String(e.detail.observedAt)) >= OUTAGE.until &&
        Date.parse(String(e.detail.observedAt)) < OUTAGE.until + 4 * HOUR_MS,
    );
    expect(caughtUp.length).toBeGreaterThan(0);
  });
});
