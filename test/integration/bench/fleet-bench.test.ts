// Section 5 of the benchmark on T = 10 targets × 15 models: the hub's dispatcher and per-target poller
// through the local SQS queue, STS and the multi-account L4E emulator, against 10 separate stacks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CYCLES_PER_HOUR, type FleetBenchResult } from '../../../local/bench/fleet-bench.js';
import { totalCalls } from '../../../local/bench/poll-cycles.js';
import { FLEET_SECTION_TITLE, fleetSection, hourFigures } from '../../../local/bench/report-fleet.js';
import { benchFleetPlan, QUICK_PLAN } from '../../../local/bench/run.js';
import { type PackagedService, packageService } from '../support/package-service.js';

const T = 10;
const ROOT = new URL('../../../', import.meta.url).pathname;
let packaged: PackagedService | undefined;
let result: FleetBenchResult;

beforeAll(async () => {
  packaged = await packageService('bench');
  result = await benchFleetPlan(QUICK_PLAN, {
    root: ROOT,
    templateFile: packaged.templateFile,
    maxTargets: T,
    progress: () => {},
  });
}, 240_000);

afterAll(() => {
  packaged?.remove();
});

const rowOfT = () => {
  const row = result.rows.find((r) => r.targets === T);
  if (!row) throw new Error(`no row for T = ${T}`);
  return row;
};

describe('npm run bench -- --fleet --fleet-max 10', () => {
  it('makes one ListModels per target in every idle hub cycle, whatever the poller concurrency', () => {
    // Act
    const row = rowOfT();
    // Assess
    expect(row.models).toBe(T * 15);
    expect(row.hours.map((h) => h.containers)).toEqual([result.defaultConcurrency, 1]);
    for (const hour of row.hours) {
      expect(hour.cycles).toHaveLength(CYCLES_PER_HOUR);
      for (const cycle of hour.cycles) {
        expect(cycle.l4eCalls).toEqual({ ListModels: T });
        expect(cycle.received).toBe(T);
        expect(cycle.targetMs).toHaveLength(T);
      }
    }
    // The first hour's warm-up is the fleet's baseline: every model described once.
    const baseline = row.hours[0]?.warmUp.l4eCalls ?? {};
    expect(baseline.DescribeModel).toBe(T * 15);
    expect(baseline.ListModels).toBe(T);
  });

  it('assumes each reader role at most once an hour with one poller container: STS calls ≤ T', () => {
    // Act
    const [concurrent, single] = rowOfT().hours.map(hourFigures);
    // Assess: one session per account's reader role serves its regions, renewed 5 minutes before expiry.
    expect(single?.assumeRolePerHour).toBeLessThanOrEqual(T);
    expect(single?.assumeRolePerHour).toBe(rowOfT().accounts);
    expect(single?.pollerInvocationsPerHour).toBe(CYCLES_PER_HOUR * Math.ceil(T / result.batchSize));
    // Each container keeps its own sessions: more containers, more AssumeRole calls, never more than C × T.
    expect(concurrent?.assumeRolePerHour).toBeGreaterThanOrEqual(single?.assumeRolePerHour ?? 0);
    expect(concurrent?.assumeRolePerHour).toBeLessThanOrEqual(result.defaultConcurrency * T);
  });

  it('runs T separate stacks at one poll-models each per cycle and as many L4E calls as the hub', () => {
    // Act
    const { first, idle } = rowOfT().stacks;
    // Assess
    expect(first.observed).toBe(T * 15);
    expect(idle.invocations).toBe(T);
    expect(idle.l4eCalls).toEqual({ ListModels: T });
    expect(totalCalls(idle.l4eCalls)).toBe(T);
    expect(result.resources.stack.byType['AWS::Lambda::Function']).toBeGreaterThan(0);
    expect(result.resources.spokeRoles.byType['AWS::IAM::Role']).toBe(2);
    // Ten targets' parameter fits SSM's Standard tier, and the dispatcher read it from there.
    expect(rowOfT().targetsParameter.tier).toBe('Standard');
  });

  it('renders the fleet section with the hub rows and the separate stacks', () => {
    // Act
    const text = fleetSection(result).join('\n');
    // Assess
    expect(text.startsWith(FLEET_SECTION_TITLE)).toBe(true);
    expect(text).toMatch(/^\| 10 +\| 150 +\| 1 +\| 10 +\| 3 +\| 12 \+ 24 +\|/m);
    expect(text).toMatch(/^\| 10 +\| 120 +\| 10 +\| 0 +\|/m);
  });
});
