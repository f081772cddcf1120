// The watcher over CUSTOMER_MANAGED SiteWise models and models per asset, activation through the provider,
// and what one idle or changed cycle costs in SDK calls.
import { afterEach, describe, expect, it } from 'vitest';
import { siteWiseIdleCalls } from '../../../lib/adapters/sitewise.js';
import { boundModel, execute } from './support/fixtures.js';
import { executeFor, fleetModel } from './support/fleet.js';
import {
  GOOD,
  INFERENCE,
  POOR,
  pollUntil,
  runStartsOf,
  schedulerPayload,
  trainAndInfer,
  trainPayload,
} from './support/scenario.js';
import { knobsNamed, type SiteWiseWatch, startSiteWiseWatch } from './support/watch.js';

// random:12 lists scheduled runs with no version until their objects appear in v<n> folders; random:5 hides
// them, writes v<n> folders 30 minutes late and needs a STOP to switch versions.
const MODES = ['strict', 'lenient', 'random:12', 'random:5'];
const RUNS = 'Scheduled Retraining State Change';
const PROMOTIONS = 'Model Version Promotion Result';
const ACTIVE = 'Active Model Version Change';
const DAY_MS = 24 * 3600 * 1000;

let watch: SiteWiseWatch | undefined;
afterEach(async () => {
  await watch?.close();
  watch = undefined;
});

describe.each(MODES)('SiteWise models watched under %s knobs', (mode) => {
  it('reports a CUSTOMER_MANAGED run not promoted, then the activation the provider makes, once each', async () => {
    // Prepare
    watch = await startSiteWiseWatch(knobsNamed(mode));
    const w = watch;
    const bound = await boundModel(w.sitewise, w.client);
    await trainAndInfer(w, bound);
    await w.cycle();
    w.markBaseline();
    w.sitewise.planRuns(bound.computationModelId, [{ metrics: GOOD, priorMetrics: POOR }]);
    await execute(w.client, bound, 'training', schedulerPayload('CUSTOMER_MANAGED', 2));
    const starts = runStartsOf(2, 1);
    await pollUntil(w, (starts[0] ?? 0) + DAY_MS, starts);

    // Act
    const activated = await w.provider.activateVersion(bound.computationModelId, 2);
    await pollUntil(w, w.sitewise.now() + 3600 * 1000, []);

    // Assess
    expect(activated).toEqual({ previous: 1, current: 2 });
    expect(
      w
        .events(RUNS)
        .filter((e) => e.status !== 'IN_PROGRESS')
        .map((e) => [e.modelVersion, e.status]),
    ).toEqual([[2, 'SUCCESS']]);
    expect(
      w.events(PROMOTIONS).map((e) => [e.autoPromotionResult, e.autoPromotionResultReason, e.promoteMode]),
    ).toEqual([['MODEL_NOT_PROMOTED', 'CUSTOMER_MANAGED', 'MANUAL']]);
    expect(
      w
        .ledger()
        .filter((e) => e.resource === 'activeModelVersion')
        .map((e) => [e.from, e.to]),
    ).toEqual([[1, 2]]);
    expect(w.events(ACTIVE).map((e) => [e.previousActiveVersion, e.activeVersion])).toEqual([[1, 2]]);
  });

  it('watches each asset of a model bound at asset-model level as its own model', async () => {
    // Prepare
    watch = await startSiteWiseWatch(knobsNamed(mode));
    const w = watch;
    const fleet = await fleetModel(w.sitewise, w.client, 2);
    const [first, second] = fleet.assets as [string, string];
    for (const asset of fleet.assets)
      await executeFor(w.client, { fleet, assetId: asset }, 'training', trainPayload());
    w.sitewise.advance('PT3H');
    await w.cycle();
    w.markBaseline();
    w.sitewise.planRuns(fleet.computationModelId, [{ outcome: 'FAILED' }, {}], first);

    // Act
    await executeFor(w.client, { fleet, assetId: first }, 'training', schedulerPayload('SERVICE_MANAGED', 2));
    const starts = runStartsOf(2, 2);
    await pollUntil(w, (starts.at(-1) ?? 0) + DAY_MS, starts);

    // Assess
    const name = `${fleet.computationModelId}/${first}`;
    const finals = w.events(RUNS).filter((e) => e.status !== 'IN_PROGRESS');
    expect(finals.map((e) => [e.modelName, e.modelVersion, e.status])).toEqual([
      [name, 2, 'FAILED'],
      [name, 3, 'SUCCESS'],
    ]);
    expect(finals.map((e) => e.modelArn)).toEqual(
      Array(2).fill(
        expect.stringMatching(new RegExp(`computation-model/${fleet.computationModelId}/asset/${first}$`)),
      ),
    );
    expect(w.events().some((e) => String(e.modelName).endsWith(second))).toBe(false);
    const pages = [];
    for await (const page of w.provider.listModelPages()) pages.push(...page);
    expect(pages.map((m) => [m.name, m.origin]).sort()).toEqual(
      [first, second]
        .map((asset) => [
          `${fleet.computationModelId}/${asset}`,
          { provider: 'iot-sitewise', computationModelId: fleet.computationModelId, assetId: asset },
        ])
        .sort(),
    );
  });
});

describe('activation through the SiteWise provider', () => {
  it.each(['direct', 'stopFirst'] as const)(
    'switches the running version when inference restarts %s',
    async (inferenceRestart) => {
      // Prepare
      watch = await startSiteWiseWatch({ ...knobsNamed('lenient'), inferenceRestart });
      const w = watch;
      const bound = await boundModel(w.sitewise, w.client);
      await trainAndInfer(w, bound);
      await execute(w.client, bound, 'training', trainPayload());
      w.sitewise.advance('PT3H');

      // Act
      const activated = await w.provider.activateVersion(bound.computationModelId, 2);
      const back = await w.provider.activateVersion(bound.computationModelId, 1);

      // Assess
      expect([activated, back]).toEqual([
        { previous: 1, current: 2 },
        { previous: 2, current: 1 },
      ]);
      expect(
        w
          .ledger()
          .filter((e) => e.resource === 'activeModelVersion')
          .map((e) => [e.to, e.cause]),
      ).toEqual([
        [1, 'INITIAL_TRAINING'],
        [2, 'INFERENCE_START'],
        [1, 'INFERENCE_START'],
      ]);
    },
  );

  it('refuses, naming the model, to activate a version of a model inference never ran on', async () => {
    // Prepare
    watch = await startSiteWiseWatch(knobsNamed('lenient'));
    const w = watch;
    const bound = await boundModel(w.sitewise, w.client);
    await execute(w.client, bound, 'training', trainPayload());
    w.sitewise.advance('PT3H');
    await execute(w.client, bound, 'training', trainPayload());
    w.sitewise.advance('PT3H');

    // Act
    const refused = w.provider.activateVersion(bound.computationModelId, 2);

    // Assess
    await expect(refused).rejects.toThrow(
      new RegExp(`Model ${bound.computationModelId} has never had inference started`),
    );
  });
});

describe('calls per cycle', () => {
  it.each(['strict', 'lenient'])(
    'reads an idle model with the documented budget (%s knobs)',
    async (mode) => {
      // Prepare
      watch = await startSiteWiseWatch(knobsNamed(mode));
      const w = watch;
      const bound = await boundModel(w.sitewise, w.client);
      await trainAndInfer(w, bound);
      await execute(w.client, bound, 'training', schedulerPayload('SERVICE_MANAGED', 2));
      const starts = runStartsOf(2, 1);
      await pollUntil(w, (starts[0] ?? 0) + DAY_MS, starts);
      const fleet = await fleetModel(w.sitewise, w.client, 3);
      for (const asset of fleet.assets)
        await executeFor(w.client, { fleet, assetId: asset }, 'training', trainPayload());
      w.sitewise.advance('PT3H');
      await executeFor(w.client, { fleet, assetId: fleet.assets[0] ?? '' }, 'inference', INFERENCE);
      await w.cycle();
      await w.cycle();

      // Act
      w.resetCalls();
      w.sitewise.advance('PT1H');
      const idle = await w.cycle();
      const idleCalls = Object.fromEntries(w.calls);
      w.sitewise.planRuns(bound.computationModelId, [{ metrics: POOR }]);
      w.sitewise.advance('P30D');
      w.resetCalls();
      const changed = await w.cycle();
      const changedCalls = Object.fromEntries(w.calls);

      // Assess
      expect(idle.observed).toBe(0);
      expect(idleCalls).toEqual({
        ListComputationModels: 1,
        ListComputationModelResolveToResources: 1,
        ListActions: 2,
        ListExecutions: 2,
        ListObjectsV2: 2,
      });
      const total = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);
      expect(total(idleCalls)).toBe(siteWiseIdleCalls([{ destinations: 1 }, { assets: 3, destinations: 1 }]));
      expect(changed.observed).toBe(1);
      // The run's result, metrics and prior metrics objects are read once each; the describes reuse the listing.
      expect(changedCalls).toEqual({ ...idleCalls, GetObject: expect.any(Number) });
      expect(changedCalls.GetObject).toBe(3);
    },
  );
});

describe('what a listing read', () => {
  it('serves each describe of the same cycle once from the listing, then reads SiteWise again', async () => {
    // Prepare
    watch = await startSiteWiseWatch(knobsNamed('lenient'));
    const w = watch;
    const bound = await boundModel(w.sitewise, w.client);
    await trainAndInfer(w, bound);
    await execute(w.client, bound, 'training', trainPayload());
    w.sitewise.advance('PT3H');
    for await (const _ of w.provider.listModelPages());
    await execute(w.client, bound, 'inference', { ...INFERENCE, targetModelVersion: 2 });

    // Act
    w.resetCalls();
    const listed = await w.provider.describeModel(bound.computationModelId);
    const fromListing = Object.fromEntries(w.calls);
    const fresh = await w.provider.describeModel(bound.computationModelId);
    for await (const _ of w.provider.listModelPages());
    const nextCycle = await w.provider.describeModel(bound.computationModelId);

    // Assess
    expect(fromListing).toEqual({});
    expect(listed?.activeVersion).toBe(1);
    expect(fresh?.activeVersion).toBe(2);
    expect(nextCycle?.activeVersion).toBe(2);
  });
});

describe('a model that cannot be read', () => {
  it('fails that model alone, reported, and its change is seen once the next cycle reads it', async () => {
    // Prepare: one computation model read at a time, so the faults hit one model's every attempt.
    watch = await startSiteWiseWatch(knobsNamed('lenient'), { concurrency: 1 });
    const w = watch;
    const models = [
      await boundModel(w.sitewise, w.client, 'pump-a'),
      await boundModel(w.sitewise, w.client, 'pump-b'),
    ];
    for (const bound of models) {
      await trainAndInfer(w, bound);
      await execute(w.client, bound, 'training', trainPayload());
      w.sitewise.advance('PT3H');
    }
    await w.cycle();
    w.markBaseline();
    for (const bound of models)
      await execute(w.client, bound, 'inference', { ...INFERENCE, targetModelVersion: 2 });
    // Every attempt of one model's ListExecutions is throttled.
    w.sitewise.setFaults({ operations: { ListExecutions: { failNext: 3 } } });

    // Act
    const failing = await w.cycle();
    const afterFailing = w.events(ACTIVE).map((e) => e.modelName);
    const next = await w.cycle();

    // Assess
    expect(failing.errors).toEqual([
      { model: expect.any(String), message: expect.stringContaining('Throttling') },
    ]);
    expect(afterFailing).toHaveLength(1);
    expect(afterFailing).not.toContain(failing.errors[0]?.model);
    expect(next.errors).toEqual([]);
    expect(
      w
        .events(ACTIVE)
        .map((e) => e.modelName)
        .sort(),
    ).toEqual(models.map((m) => m.computationModelId).sort());
  });
});
