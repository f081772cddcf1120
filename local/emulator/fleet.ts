// A generated fleet of N models for soak tests and benchmarks: every kind of behaviour the demo shows,
// spread deterministically over the fleet, with the model quota raised to fit.

import { createPrng, type Prng } from './random.js';
import type { Scenario } from './scenario.js';

export interface FleetOptions {
  models: number;
  seed?: number;
  days?: number;
}

const TRAJECTORIES = ['improving', 'regressing', 'stable', 'noisy'] as const;
const MODELS_PER_DATASET = 25;

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

type ModelSpec = NonNullable<Scenario['models']>[number];
type ActionSpec = NonNullable<Scenario['actions']>[number];
type SchedulerStatus = 'PENDING' | 'RUNNING' | 'STOPPED';

const round3 = (value: number): number => Math.round(value * 1000) / 1000;

function statusOf(index: number): SchedulerStatus {
  if (index % 11 === 5) return 'STOPPED';
  return index % 13 === 7 ? 'PENDING' : 'RUNNING';
}

function runsOf(index: number): NonNullable<ModelSpec['runs']> {
  const runs: NonNullable<ModelSpec['runs']> = [];
  if (index % 5 === 2) {
    runs.push(
      { outcome: 'SUCCESS' },
      { outcome: 'FAILED', failureKind: index % 2 === 0 ? 'CUSTOMER' : 'INTERNAL' },
    );
  }
  if (index % 9 === 4) runs.push({ outcome: 'CANCELED' });
  return runs;
}

function fleetModel(index: number, name: string, dataset: string, random: Prng): ModelSpec {
  return {
    name,
    dataset,
    labeled: index % 7 !== 3,
    baseMetrics: {
      precision: round3(0.65 + random.next() * 0.25),
      recall: round3(0.7 + random.next() * 0.25),
      auc: round3(0.75 + random.next() * 0.2),
      labeledEvents: 6 + Math.floor(random.next() * 20),
      unknownEvents: Math.floor(random.next() * 12),
    },
    drift: round3(random.next() * 0.06),
    trainingMinutes: 30 + Math.floor(random.next() * 150),
    trajectory: {
      kind: TRAJECTORIES[index % TRAJECTORIES.length] ?? 'stable',
      step: round3(0.01 + random.next() * 0.03),
    },
    runs: runsOf(index),
    inferenceScheduler: { frequency: 'PT1H' },
    retrainingScheduler: {
      startDate: `P${1 + (index % 28)}D`,
      frequency: `P${30 + (index % 4) * 10}D`,
      lookback: 'P180D',
      promoteMode: index % 2 === 0 ? 'MANAGED' : 'MANUAL',
      status: statusOf(index),
    },
  };
}

function fleetActions(index: number, name: string, days: number): ActionSpec[] {
  const status = statusOf(index);
  if (status === 'PENDING') {
    return [{ at: `P${Math.max(1, Math.floor(days * 0.1))}D`, op: 'StartRetrainingScheduler', model: name }];
  }
  if (status === 'RUNNING' && index % 17 === 8) {
    return [{ at: `P${Math.max(1, Math.floor(days * 0.6))}D`, op: 'StopRetrainingScheduler', model: name }];
  }
  return [];
}

export function generateFleetScenario(options: FleetOptions): Scenario {
  const count = Math.max(1, Math.floor(options.models));
  const seed = options.seed ?? 1;
  const days = Math.max(1, Math.floor(options.days ?? 365));
  const random = createPrng(seed);
  const width = Math.max(4, String(count).length);
  const datasetCount = Math.ceil(count / MODELS_PER_DATASET);
  const datasets = Array.from({ length: datasetCount }, (_, i) => ({
    name: `fleet-dataset-${pad(i + 1, width)}`,
  }));
  const models: ModelSpec[] = [];
  const actions: ActionSpec[] = [];
  for (let i = 0; i < count; i++) {
    const name = `fleet-model-${pad(i + 1, width)}`;
    const dataset = datasets[Math.floor(i / MODELS_PER_DATASET)]?.name as string;
    models.push(fleetModel(i, name, dataset, random));
    actions.push(...fleetActions(i, name, days));
  }
  return {
    name: `fleet-${count}`,
    description: `Generated fleet of ${count} models (seed ${seed}, ${days} days).`,
    startTime: '2025-01-01T00:00:00Z',
    days,
    seed,
    quotas: { models: Math.max(15, count) },
    datasets,
    models,
    actions,
  };
}
