// Driving a SiteWise model as an operator would (training, inference, the retraining scheduler) and polling
// it with the watcher on the simulated clock, often around each scheduled run and daily in between.
import type { SiteWiseEmulator } from '../../../../local/sitewise/index.js';
import { type Bound, DESTINATION, execute } from './fixtures.js';
import type { SiteWiseWatch } from './watch.js';

export const DAY_S = 86_400;
export const START_S = Date.parse('2025-01-01T00:00:00Z') / 1000;
const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;

export const LABELS = { bucketName: 'ad-labels', prefix: 'labels/' };
export const GOOD = { precision: 0.95, recall: 0.95, auc: 0.95 };
export const POOR = { precision: 0.55, recall: 0.5, auc: 0.5 };

export const trainPayload = (labeled = true) => ({
  trainingMode: 'TRAIN_MODEL',
  exportDataStartTime: START_S - 200 * DAY_S,
  exportDataEndTime: START_S,
  modelMetricsDestination: DESTINATION,
  ...(labeled ? { labelInputConfiguration: LABELS } : {}),
});

export function schedulerPayload(promotion: string, startDay: number) {
  return {
    trainingMode: 'START_RETRAINING_SCHEDULER',
    modelMetricsDestination: DESTINATION,
    labelInputConfiguration: LABELS,
    retrainingConfiguration: {
      lookbackWindow: 'P180D',
      retrainingFrequency: 'P30D',
      promotion,
      retrainingStartDate: START_S + startDay * DAY_S,
    },
  };
}

export const INFERENCE = { inferenceMode: 'START', dataUploadFrequency: 'PT5M' };

/** Trains version 1 and starts inference on it, as a model in service looks before its scheduler starts. */
export async function trainAndInfer(watch: SiteWiseWatch, bound: Bound): Promise<void> {
  await execute(watch.client, bound, 'training', trainPayload());
  watch.sitewise.advance('PT3H');
  await execute(watch.client, bound, 'inference', INFERENCE);
  watch.sitewise.advance('PT10M');
}

/** Whether a scheduled run starts within the day that begins at `dayStart` (runs start at 00:00 UTC). */
function runDay(dayStart: number, runStarts: readonly number[]): boolean {
  return runStarts.some((at) => at >= dayStart && at < dayStart + DAY_MS);
}

/** The next midnight worth a poll: a run day's, or at most five days on. */
function nextMidnight(dayStart: number, runStarts: readonly number[]): number {
  for (let day = dayStart + DAY_MS; day < dayStart + 5 * DAY_MS; day += DAY_MS)
    if (runDay(day, runStarts)) return day;
  return dayStart + 5 * DAY_MS;
}

/**
 * Polls until `until`: every 30 simulated minutes for the first 6 hours of a day a run starts, else at
 * a run day's midnight or every fifth one. Returns the number of cycles.
 */
export async function pollUntil(watch: SiteWiseWatch, until: number, runStarts: readonly number[]) {
  const sim: SiteWiseEmulator = watch.sitewise;
  let cycles = 0;
  while (sim.now() < until) {
    const dayStart = Math.floor(sim.now() / DAY_MS) * DAY_MS;
    const often = runDay(dayStart, runStarts) && sim.now() - dayStart < 6 * HOUR_MS;
    const step = often ? HOUR_MS / 2 : nextMidnight(dayStart, runStarts) - sim.now();
    sim.advance(Math.min(step, until - sim.now()));
    const report = await watch.cycle();
    if (report.errors.length > 0) throw new Error(`cycle failed: ${JSON.stringify(report.errors)}`);
    cycles += 1;
  }
  return cycles;
}

/** Run instants of a P30D scheduler anchored `startDay` days after START_S. */
export const runStartsOf = (startDay: number, count: number): number[] =>
  Array.from({ length: count }, (_, i) => (START_S + startDay * DAY_S) * 1000 + i * 30 * DAY_MS);
