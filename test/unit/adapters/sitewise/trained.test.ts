// A model bound at asset-model level: one unfiltered listing covers every asset when it names them, and
// each asset is listed on its own when it does not.
import { describe, expect, it } from 'vitest';
import type { ActionRead, ExecutionRead } from '../../../../lib/adapters/sitewise-history.js';
import type { SiteWiseReader } from '../../../../lib/adapters/sitewise-reads.js';
import { readTrained } from '../../../../lib/adapters/sitewise-trained.js';

const MODEL = {
  id: 'm',
  arn: 'arn:aws:iotsitewise:eu-west-1:123456789012:computation-model/m',
  status: 'ACTIVE',
  createdAt: 0,
  version: '1',
};
const T0 = Date.parse('2025-01-01T00:00:00Z');

function fakeReader(spans: boolean) {
  const calls: string[] = [];
  const execution = (assetId: string): ExecutionRead => ({
    id: `e-${assetId}`,
    assetId,
    actionType: 'AWS/ANOMALY_DETECTION_TRAINING',
    start: T0,
    end: T0 + 7_200_000,
    state: 'COMPLETED',
    entityVersion: 1,
  });
  const action = (assetId: string): ActionRead => ({
    id: `a-${assetId}`,
    assetId,
    time: T0,
    training: {
      mode: 'TRAIN_MODEL',
      destination: null,
      promotion: null,
      frequency: null,
      lookbackWindow: null,
      startDate: null,
    },
    inference: null,
  });
  const reader: SiteWiseReader = {
    definition: async () => ({ perAsset: true, trainingActionId: 't', inferenceActionId: 'i' }),
    assets: async () => ['a1', 'a2'],
    actions: async (_id, assetId) => {
      calls.push(`actions:${assetId}`);
      if (assetId === null) return spans ? [action('a1'), action('a2')] : [];
      return [action(assetId)];
    },
    executions: async (_id, assetId) => {
      calls.push(`executions:${assetId}`);
      if (assetId === null) return spans ? [execution('a1'), execution('a2')] : [];
      return [execution(assetId)];
    },
    objects: async () => new Map(),
    failure: async () => null,
    body: async () => null,
  };
  return { reader, calls };
}

describe('models per asset', () => {
  it('reads every asset from one unfiltered listing that names the assets', async () => {
    // Prepare
    const { reader, calls } = fakeReader(true);

    // Act
    const views = await readTrained(reader, MODEL, null);

    // Assess
    expect(calls.sort()).toEqual(['actions:null', 'executions:null']);
    expect(views.map((v) => [v.identity.name, v.timeline.runs.length])).toEqual([
      ['m/a1', 1],
      ['m/a2', 1],
    ]);
  });

  it('lists each asset on its own when the unfiltered listing names none', async () => {
    // Prepare
    const { reader, calls } = fakeReader(false);

    // Act
    const views = await readTrained(reader, MODEL, null);

    // Assess
    expect(calls.sort()).toEqual([
      'actions:a1',
      'actions:a2',
      'actions:null',
      'executions:a1',
      'executions:a2',
      'executions:null',
    ]);
    expect(views.map((v) => [v.identity.name, v.timeline.runs.length])).toEqual([
      ['m/a1', 1],
      ['m/a2', 1],
    ]);
  });

  it('reads one asset asked for by name with the filtered listings only', async () => {
    // Prepare
    const { reader, calls } = fakeReader(true);

    // Act
    await readTrained(reader, MODEL, ['a2']);

    // Assess
    expect(calls.sort()).toEqual(['actions:a2', 'executions:a2']);
  });
});
