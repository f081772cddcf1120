// The watcher end to end: real adapters and SDK clients against the L4E emulator, dynalite and the
// local EventBridge. The emulator's ledger is the truth the published events are compared with.
import {
  CreateRetrainingSchedulerCommand,
  DeleteModelCommand,
  DeleteRetrainingSchedulerCommand,
  StartRetrainingSchedulerCommand,
  StopRetrainingSchedulerCommand,
  UpdateActiveModelVersionCommand,
} from '@aws-sdk/client-lookoutequipment';
import { afterEach, describe, expect, it } from 'vitest';
import type { PendingEvent } from '../../../lib/ports.js';
import { type CycleReport, runWatchCycle } from '../../../lib/watch.js';
import type { DeliveredEnvelope } from '../../../local/aws/index.js';
import { generateFleetScenario, type Scenario } from '../../../local/emulator/index.js';
import { compareWithLedger } from '../../../local/ledger-check.js';
import { schemaErrors } from '../support/schemas.js';
import { startTestStack, type TestStack } from '../support/stack.js';

const DAY = 24 * 3600 * 1000;

function scenario(models: Scenario['models'], extra: Partial<Scenario> = {}): Scenario {
  return { startTime: '2026-01-01T00:00:00Z', datasets: [{ name: 'plant-data' }], models, ...extra };
}

let stack: TestStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function start(s: Scenario): Promise<TestStack> {
  stack = await startTestStack({ scenario: s });
  return stack;
}

let owners = 0;
async function cycle(
  s: TestStack,
  overrides: Partial<Parameters<typeof runWatchCycle>[1]> = {},
): Promise<CycleReport> {
  owners += 1;
  return runWatchCycle(s, {
    now: new Date(s.emulator.now()),
    owner: `cycle-${owners}`,
    leaseMs: 60_000,
    baselineLookbackMs: DAY,
    ...overrides,
  });
}

/** Events published after the first cycle's baseline (what the scenario's start looked like). */
const baselines = new WeakMap<TestStack, number>();
async function baseline(s: TestStack): Promise<void> {
  await cycle(s);
  baselines.set(s, s.bus.accepted().length);
}
const published = (s: TestStack, type?: string): DeliveredEnvelope[] =>
  s.bus
    .accepted()
    .slice(baselines.get(s) ?? 0)
    .filter((e) => type === undefined || e['detail-type'] === type);
const runEvents = (s: TestStack) => published(s, 'Scheduled Retraining State Change');
const detailOf = (e: DeliveredEnvelope) => e.detail as Record<string, unknown>;

describe('watcher against the emulator', () => {
  it('reports two runs that both succeeded between polls as two events, each first seen', async () => {
    // Prepare
    const s = await start(
      scenario([
        {
          name: 'pump-1',
          dataset: 'plant-data',
          retrainingScheduler: { frequency: 'P30D', promoteMode: 'MANUAL', startDate: 'P1D' },
        },
      ]),
    );
    await baseline(s);
    expect(published(s)).toEqual([]);
    // Act
    s.emulator.advance('P32D');
    await cycle(s);
    // Assess
    const runs = runEvents(s).map(detailOf);
    expect(runs.map((d) => [d.modelVersion, d.previousStatus, d.status, d.promoteMode])).toEqual([
      [2, null, 'SUCCESS', 'MANUAL'],
      [3, null, 'SUCCESS', 'MANUAL'],
    ]);
    const promotions = published(s, 'Model Version Promotion Result').map(detailOf);
    expect(promotions.map((d) => [d.modelVersion, d.autoPromotionResult])).toEqual([
      [2, 'MODEL_NOT_PROMOTED'],
      [3, 'MODEL_NOT_PROMOTED'],
    ]);
    expect(promotions[0]?.metrics).toHaveProperty('recall');
  });

  it('follows a run from IN_PROGRESS to SUCCESS, and reports FAILED and CANCELED runs', async () => {
    const s = await start(
      scenario([
        {
          name: 'fan-1',
          dataset: 'plant-data',
          retrainingScheduler: { frequency: 'P30D', promoteMode: 'MANUAL', startDate: 'P1D' },
          runs: [
            { outcome: 'SUCCESS', duration: 'PT6H' },
            {
              outcome: 'FAILED',
              failedReason: 'Insufficient sensor data in the lookback window',
              failureKind: 'CUSTOMER',
            },
            { outcome: 'CANCELED' },
          ],
        },
      ]),
    );
    await baseline(s);
    s.emulator.advance('P1DT1H');
    await cycle(s);
    s.emulator.advance('PT6H');
    await cycle(s);
    s.emulator.advance('P61D');
    await cycle(s);
    const runs = runEvents(s).map(detailOf);
    expect(runs.map((d) => [d.modelVersion, d.previousStatus, d.status])).toEqual([
      [2, null, 'IN_PROGRESS'],
      [2, 'IN_PROGRESS', 'SUCCESS'],
      [3, null, 'FAILED'],
      [4, null, 'CANCELED'],
    ]);
    expect(runs[2]?.failedReason).toBe('Insufficient sensor data in the lookback window');
    const results = published(s, 'Model Version Promotion Result').map(
      (e) => detailOf(e).autoPromotionResult,
    );
    expect(results).toEqual(['MODEL_NOT_PROMOTED', 'RETRAINING_CUSTOMER_ERROR', 'RETRAINING_CANCELLED']);
  });

  it('follows a scheduler PENDING → RUNNING → STOPPING → STOPPED → deleted', async () => {
    const s = await start(scenario([{ name: 'belt-1', dataset: 'plant-data' }]));
    const client = s.lookoutClient;
    await baseline(s);
    await client.send(
      new CreateRetrainingSchedulerCommand({
        ModelName: 'belt-1',
        RetrainingFrequency: 'P30D',
        LookbackWindow: 'P180D',
        PromoteMode: 'MANUAL',
        ClientToken: 'c1',
      }),
    );
    await cycle(s);
    await client.send(new StartRetrainingSchedulerCommand({ ModelName: 'belt-1' }));
    // A start answers PENDING; the scheduler turns RUNNING once the start settles.
    s.emulator.advance('PT1H');
    await cycle(s);
    await client.send(new StopRetrainingSchedulerCommand({ ModelName: 'belt-1' }));
    await cycle(s);
    s.emulator.advance('PT1H');
    await cycle(s);
    await client.send(new DeleteRetrainingSchedulerCommand({ ModelName: 'belt-1' }));
    await cycle(s);
    const transitions = published(s, 'Retraining Scheduler State Change').map((e) => [
      detailOf(e).previousStatus,
      detailOf(e).status,
    ]);
    expect(transitions).toEqual([
      [null, 'PENDING'],
      ['PENDING', 'RUNNING'],
      ['RUNNING', 'STOPPING'],
      ['STOPPING', 'STOPPED'],
      ['STOPPED', 'DELETED'],
    ]);
    const ledger = s.emulator.ledger({ model: 'belt-1' }).filter((l) => l.resource === 'retrainingScheduler');
    expect(ledger.map((l) => l.to)).toEqual(['PENDING', 'RUNNING', 'STOPPING', 'STOPPED', 'DELETED']);
  });

  it('reports the final events of a model that is deleted', async () => {
    const s = await start(
      scenario([
        {
          name: 'old-1',
          dataset: 'plant-data',
          retrainingScheduler: { frequency: 'P30D', promoteMode: 'MANUAL', status: 'STOPPED' },
        },
        { name: 'keep-1', dataset: 'plant-data' },
      ]),
    );
    await baseline(s);
    await s.lookoutClient.send(new DeleteModelCommand({ ModelName: 'old-1' }));
    const report = await cycle(s);
    expect(report.deleted).toBe(1);
    expect(
      published(s).map((e) => [
        e['detail-type'],
        detailOf(e).modelName,
        detailOf(e).status ?? detailOf(e).activeVersion,
      ]),
    ).toEqual([
      ['Retraining Scheduler State Change', 'old-1', 'DELETED'],
      ['Active Model Version Change', 'old-1', null],
    ]);
    // Reported once: the next cycles have nothing more to say about it.
    await cycle(s);
    s.emulator.advance('P1D');
    await cycle(s);
    expect(published(s)).toHaveLength(2);
  });

  it('reports a MANAGED promotion with its result and the active version change it caused', async () => {
    const s = await start(
      scenario([
        {
          name: 'turbine-1',
          dataset: 'plant-data',
          baseMetrics: { precision: 0.6, recall: 0.6, auc: 0.7 },
          retrainingScheduler: { frequency: 'P30D', promoteMode: 'MANAGED', startDate: 'P1D' },
          runs: [{ metrics: { precision: 0.9, recall: 0.92, auc: 0.95 } }],
        },
      ]),
    );
    await baseline(s);
    s.emulator.advance('P2D');
    await cycle(s);
    const promotion = published(s, 'Model Version Promotion Result').map(detailOf);
    expect(promotion).toMatchObject([
      { modelVersion: 2, autoPromotionResult: 'MODEL_PROMOTED', activeModelVersion: 2 },
    ]);
    const change = published(s, 'Active Model Version Change').map(detailOf);
    expect(change).toMatchObject([
      { previousActiveVersion: 1, activeVersion: 2, cause: 'MANAGED_PROMOTION' },
    ]);
  });

  it('attributes an activation made outside l4e-autopilot to EXTERNAL', async () => {
    const s = await start(
      scenario([
        {
          name: 'press-1',
          dataset: 'plant-data',
          retrainingScheduler: { frequency: 'P30D', promoteMode: 'MANUAL', startDate: 'P1D' },
        },
      ]),
    );
    await baseline(s);
    s.emulator.advance('P2D');
    await cycle(s);
    await s.lookoutClient.send(
      new UpdateActiveModelVersionCommand({ ModelName: 'press-1', ModelVersion: 2 }),
    );
    await cycle(s);
    const change = published(s, 'Active Model Version Change').map(detailOf);
    expect(change).toMatchObject([{ previousActiveVersion: 1, activeVersion: 2, cause: 'EXTERNAL' }]);
  });

  it('publishes each transition exactly once when two cycles run at the same time', async () => {
    const s = await start(scenario([], { ...generateFleetScenario({ models: 12, seed: 3, days: 90 }) }));
    await cycle(s);
    s.emulator.advance('P45D');
    const reports = await Promise.all([cycle(s), cycle(s)]);
    s.emulator.advance('P45D');
    await Promise.all([cycle(s), cycle(s), cycle(s)]);
    const ids = published(s).map((e) => detailOf(e).eventId);
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
    expect(reports.reduce((sum, r) => sum + r.conflicts, 0)).toBeGreaterThan(0);
  });

  it('publishes the events of a cycle that crashed after its claim, with the same ids', async () => {
    const s = await start(
      scenario([
        {
          name: 'pump-2',
          dataset: 'plant-data',
          retrainingScheduler: { frequency: 'P30D', promoteMode: 'MANUAL', startDate: 'P1D' },
        },
      ]),
    );
    await baseline(s);
    s.emulator.advance('P2D');
    const crashing = {
      ...s,
      publisher: {
        publish: async () => {
          throw new Error('process killed after the claim');
        },
      },
    };
    await expect(cycle(crashing)).rejects.toThrow('process killed');
    expect(published(s)).toEqual([]);
    const claimed = (await s.store.loadModelStates()).get('pump-2')?.pending ?? {};
    const claimedIds = Object.values(claimed as Record<string, PendingEvent>).map(
      (p) => p.event.detail.eventId,
    );
    expect(claimedIds.length).toBe(2);

    // Within the lease nobody else publishes them; after it, the next cycle does.
    await cycle(s);
    expect(published(s)).toEqual([]);
    const after = await cycle(s, { now: new Date(s.emulator.now() + 61_000) });
    expect(after.repaired).toBe(2);
    expect(
      published(s)
        .map((e) => detailOf(e).eventId)
        .sort(),
    ).toEqual([...claimedIds].sort());
    const remaining = (await s.store.loadModelStates()).get('pump-2')?.pending ?? {};
    expect(Object.keys(remaining)).toEqual([]);
  });

  it('retries only the entries PutEvents failed', async () => {
    const s = await start(scenario([], { ...generateFleetScenario({ models: 10, seed: 8, days: 60 }) }));
    const requests: string[][] = [];
    s.eventBridgeClient.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Entries?: Array<{ Detail?: string }> };
        requests.push((input.Entries ?? []).map((e) => String(JSON.parse(e.Detail ?? '{}').eventId)));
        return next(args);
      },
      { step: 'initialize', name: 'capturePutEvents' },
    );
    await baseline(s);
    s.emulator.advance('P40D');
    s.bus.setFaults({ seed: 11, failEntryProbability: 0.3 });
    const requestsBefore = requests.length;
    const report = await cycle(s);
    const acceptedIds = published(s).map((e) => detailOf(e).eventId);
    expect(report.failed).toBe(0);
    expect(new Set(acceptedIds).size).toBe(report.published);
    // Every retry carries only ids that an earlier request sent and that did not get through then.
    const cycleRequests = requests.slice(requestsBefore);
    const firstRound = new Set(cycleRequests.slice(0, Math.ceil(report.claimed / 10)).flat());
    const retried = cycleRequests.slice(Math.ceil(report.claimed / 10)).flat();
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.length).toBeLessThan(firstRound.size);
    for (const id of retried) expect(firstRound.has(id)).toBe(true);
  });

  it('loses nothing when every L4E operation is throttled often', async () => {
    const s = await start(scenario([], { ...generateFleetScenario({ models: 6, seed: 4, days: 150 }) }));
    await baseline(s);
    s.emulator.setFaults({ seed: 9, default: { throttle: 0.35 } });
    for (let day = 0; day < 150; day += 2) {
      s.emulator.advance('P2D');
      const report = await cycle(s);
      expect(report.errors).toEqual([]);
    }
    const throttled = Object.values(s.emulator.stats().faults ?? {}).reduce(
      (sum, f) => sum + ((f as { throttled?: number }).throttled ?? 0),
      0,
    );
    expect(throttled).toBeGreaterThan(50);
    // Every final run status in the ledger has its event.
    const finals = s.emulator
      .ledger()
      .filter(
        (l) =>
          l.resource === 'modelVersion' &&
          l.field === 'Status' &&
          ['SUCCESS', 'FAILED', 'CANCELED'].includes(String(l.to)),
      );
    const retrainingFinals = finals.filter((l) => (l.modelVersion ?? 0) > 1);
    const seen = new Set(
      runEvents(s).map((e) => `${detailOf(e).modelName}#${detailOf(e).modelVersion}#${detailOf(e).status}`),
    );
    expect(retrainingFinals.length).toBeGreaterThan(10);
    for (const l of retrainingFinals) expect(seen).toContain(`${l.modelName}#${l.modelVersion}#${l.to}`);
  });

  it('leaves models it has no time for to the next cycle, losing nothing', async () => {
    const s = await start(scenario([], { ...generateFleetScenario({ models: 8, seed: 6, days: 60 }) }));
    await baseline(s);
    s.emulator.advance('P40D');
    s.emulator.resetStats();
    let budget = 3;
    const polls = [s.emulator.now()];
    // Time runs out after three models have started.
    const short = await cycle(s, { remainingMs: () => (budget-- > 0 ? 60_000 : 5_000) });
    expect(short.deferred).toBe(5);
    expect(s.emulator.stats().calls.DescribeModel).toBe(short.observed);
    const afterShort = published(s).length;
    const full = await cycle(s);
    expect(full.deferred).toBe(0);
    expect(published(s).length).toBeGreaterThan(afterShort);
    const ids = published(s).map((e) => detailOf(e).eventId);
    expect(new Set(ids).size).toBe(ids.length);
    const check = compareWithLedger(
      s.emulator.ledger(),
      published(s).map((e) => ({ detailType: e['detail-type'], detail: detailOf(e) })),
      {
        since: new Date(s.emulator.now() - 40 * DAY).toISOString(),
        until: new Date(s.emulator.now()).toISOString(),
        polls,
      },
    );
    expect([
      ...check.runs.missing,
      ...check.promotions.missing,
      ...check.activations.missing,
      ...check.schedulers.missing,
    ]).toEqual([]);
  });

  it('makes exactly ⌈N/500⌉ L4E calls in an idle cycle', async () => {
    for (const models of [15, 1200]) {
      const s = await start(scenario([], { ...generateFleetScenario({ models, seed: 2, days: 30 }) }));
      await cycle(s);
      s.emulator.resetStats();
      await cycle(s);
      const calls = s.emulator.stats().calls;
      expect(calls).toEqual({ ListModels: Math.ceil(models / 500) });
      await s.close();
      stack = undefined;
    }
  });

  it('emits only events that validate against their JSON Schema, with ids stable across re-runs', async () => {
    async function history(): Promise<DeliveredEnvelope[]> {
      const s = await startTestStack({ scenario: 'demo', seed: 7 });
      try {
        await cycle(s);
        for (let day = 0; day < 180; day += 2) {
          s.emulator.advance('P2D');
          await cycle(s);
        }
        return published(s);
      } finally {
        await s.close();
      }
    }
    const first = await history();
    const second = await history();
    const types = new Set(first.map((e) => e['detail-type']));
    expect(types).toEqual(
      new Set([
        'Retraining Scheduler State Change',
        'Scheduled Retraining State Change',
        'Model Version Promotion Result',
        'Active Model Version Change',
      ]),
    );
    for (const envelope of first)
      expect(schemaErrors(envelope as unknown as Record<string, unknown>)).toEqual([]);
    expect(second.map((e) => detailOf(e).eventId)).toEqual(first.map((e) => detailOf(e).eventId));
  });
});
