// The watcher over a SiteWise model with a SERVICE_MANAGED retraining scheduler: each run, promotion result,
// active-version change and scheduler transition the emulator's ledger records gives exactly one event,
// under every knob mode (strict, lenient, random draws).
import { afterEach, describe, expect, it } from 'vitest';
import { boundModel, execute } from './support/fixtures.js';
import {
  GOOD,
  INFERENCE,
  POOR,
  pollUntil,
  runStartsOf,
  schedulerPayload,
  trainAndInfer,
} from './support/scenario.js';
import { knobsNamed, type SiteWiseWatch, startSiteWiseWatch } from './support/watch.js';

// random:1 hides scheduled runs and lists oldest first; random:2 lists them with their version; random:23
// lists them with no version until their objects appear 30 minutes later in v<n> folders, and needs a STOP to switch.
const MODES = ['strict', 'lenient', 'random:1', 'random:2', 'random:23'];
const RUNS = 'Scheduled Retraining State Change';
const PROMOTIONS = 'Model Version Promotion Result';
const ACTIVE = 'Active Model Version Change';
const SCHEDULER = 'Retraining Scheduler State Change';

let watch: SiteWiseWatch | undefined;
afterEach(async () => {
  await watch?.close();
  watch = undefined;
});

describe.each(MODES)('SiteWise managed retraining watched under %s knobs', (mode) => {
  it('reports every run, promotion, activation and scheduler change once', async () => {
    // Prepare
    const knobs = knobsNamed(mode);
    watch = await startSiteWiseWatch(knobs);
    const w = watch;
    const bound = await boundModel(w.sitewise, w.client);
    await trainAndInfer(w, bound);
    await w.cycle();
    w.markBaseline();
    w.sitewise.planRuns(bound.computationModelId, [
      { metrics: GOOD, priorMetrics: POOR },
      { metrics: POOR, priorMetrics: GOOD },
      { outcome: 'FAILED' },
    ]);

    // Act
    await execute(w.client, bound, 'training', schedulerPayload('SERVICE_MANAGED', 2));
    const starts = runStartsOf(2, 3);
    await pollUntil(w, (starts.at(-1) ?? 0) + 2 * 24 * 3600 * 1000, starts);
    if (knobs.inferenceRestart === 'stopFirst')
      await execute(w.client, bound, 'inference', { inferenceMode: 'STOP' });
    await execute(w.client, bound, 'inference', { ...INFERENCE, targetModelVersion: 1 });
    await execute(w.client, bound, 'training', { trainingMode: 'STOP_RETRAINING_SCHEDULER' });
    await pollUntil(w, w.sitewise.now() + 2 * 3600 * 1000, []);

    // Assess
    const ledger = w.ledger();
    const runEntries = ledger.filter((e) => e.resource === 'execution' && e.cause === 'SCHEDULED_RETRAINING');
    const finals = w.events(RUNS).filter((e) => e.status !== 'IN_PROGRESS');
    expect(finals.map((e) => [e.modelVersion, e.status])).toEqual([
      [2, 'SUCCESS'],
      [3, 'SUCCESS'],
      [4, 'FAILED'],
    ]);
    expect(runEntries.filter((e) => e.to !== 'RUNNING').map((e) => e.to)).toEqual([
      'COMPLETED',
      'COMPLETED',
      'FAILED',
    ]);
    const started = w.events(RUNS).filter((e) => e.status === 'IN_PROGRESS');
    expect(started.map((e) => e.modelVersion)).toEqual(
      knobs.scheduledRunExecutions === 'listed' ? [2, 3, 4] : [],
    );
    expect(w.events(PROMOTIONS).map((e) => [e.modelVersion, e.autoPromotionResult])).toEqual([
      [2, 'MODEL_PROMOTED'],
      [3, 'MODEL_NOT_PROMOTED'],
      [4, 'RETRAINING_CUSTOMER_ERROR'],
    ]);
    expect(w.events(PROMOTIONS).map((e) => e.autoPromotionResultReason)).toEqual([
      'AUTO_PROMOTION_SUCCESSFUL',
      'MODEL_METRICS_DIDNT_IMPROVE',
      expect.stringContaining('Training failed'),
    ]);
    const activations = ledger.filter((e) => e.resource === 'activeModelVersion');
    expect(activations.map((e) => [e.from, e.to, e.cause])).toEqual([
      [1, 2, 'SERVICE_MANAGED_PROMOTION'],
      [2, 1, 'INFERENCE_START'],
    ]);
    expect(w.events(ACTIVE).map((e) => [e.previousActiveVersion, e.activeVersion, e.cause])).toEqual([
      [1, 2, 'MANAGED_PROMOTION'],
      [2, 1, 'EXTERNAL'],
    ]);
    const schedulerEntries = ledger.filter((e) => e.resource === 'retrainingScheduler').map((e) => e.to);
    expect(schedulerEntries).toEqual(['RUNNING', 'STOPPED']);
    expect(
      w
        .events(SCHEDULER)
        .map((e) => e.status)
        .filter((s) => s === 'RUNNING' || s === 'STOPPED'),
    ).toEqual(schedulerEntries);
    const ids = w.events().map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
