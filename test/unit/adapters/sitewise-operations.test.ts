// SiteWise operations against a mocked client and a read side of plain values: retraining schedules are
// START/STOP training actions, each ExecuteAction carries a client token, and what SiteWise cannot do is
// refused in a sentence that says what to do instead.
import {
  DescribeActionCommand,
  DescribeComputationModelCommand,
  ExecuteActionCommand,
  IoTSiteWiseClient,
  ListActionsCommand,
  ListExecutionsCommand,
} from '@aws-sdk/client-iotsitewise';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSiteWiseOperations } from '../../../lib/adapters/sitewise-operations.js';
import type { ModelSummary, RetrainingSchedule } from '../../../lib/core/model.js';
import type { ModelProvider } from '../../../lib/ports.js';

const CM = '4b1c7e0e-2f3a-4d5b-8c6d-7e8f9a0b1c2d';
const ASSET = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
const sitewise = mockClient(IoTSiteWiseClient);

const START = {
  trainingMode: 'START_RETRAINING_SCHEDULER',
  retrainingConfiguration: {
    lookbackWindow: 'P360D',
    retrainingFrequency: 'P1M',
    promotion: 'CUSTOMER_MANAGED',
    retrainingStartDate: 1_740_787_200,
  },
  modelMetricsDestination: { bucketName: 'ad-metrics', prefix: 'pump/' },
};

function schedule(status: string): RetrainingSchedule {
  return {
    modelName: CM,
    status,
    promoteMode: 'MANUAL',
    frequency: 'P1M',
    lookbackWindow: 'P360D',
    startDate: null,
    createdAt: null,
    updatedAt: null,
  };
}

/** The read side: one model whose scheduler has `status` (null: none). */
function readSide(status: string | null): ModelProvider {
  const summary: ModelSummary = {
    name: CM,
    origin: { provider: 'iot-sitewise', computationModelId: CM },
    arn: `arn:aws:iotsitewise:us-east-1:123456789012:computation-model/${CM}`,
    status: 'ACTIVE',
    createdAt: null,
    activeVersion: null,
    activeVersionArn: null,
    latestRunVersion: null,
    latestRunStatus: null,
    latestRunStartTime: null,
    nextRetrainingDate: null,
    schedulerStatus: status,
    modelQuality: null,
  };
  return {
    isModelName: () => true,
    modelNameOf: () => null,
    isRetryable: () => false,
    async *listModelPages() {
      yield [summary];
    },
    describeModel: async () => null,
    describeVersion: async () => null,
    describeRetrainingSchedule: async () => (status === null ? null : schedule(status)),
    activateVersion: async () => ({ previous: null, current: null }),
    listVersions: async () => [],
  };
}

/** SiteWise's history for the model: training payloads, newest first. */
function history(...payloads: object[]): void {
  sitewise.on(DescribeComputationModelCommand).resolves({
    actionDefinitions: [
      { actionDefinitionId: 'train-id', actionName: 'train', actionType: 'AWS/ANOMALY_DETECTION_TRAINING' },
      { actionDefinitionId: 'infer-id', actionName: 'infer', actionType: 'AWS/ANOMALY_DETECTION_INFERENCE' },
    ],
  });
  sitewise.on(ListActionsCommand).resolves({
    actionSummaries: [
      { actionId: 'infer-1', actionDefinitionId: 'infer-id' },
      ...payloads.map((_, i) => ({ actionId: `train-${i}`, actionDefinitionId: 'train-id' })),
    ],
    nextToken: undefined,
  });
  payloads.forEach((payload, i) => {
    sitewise
      .on(DescribeActionCommand, { actionId: `train-${i}` })
      .resolves({ actionPayload: { stringValue: JSON.stringify(payload) } });
  });
  sitewise.on(ExecuteActionCommand).resolves({ actionId: 'new-action' });
}

const sent = () =>
  sitewise.commandCalls(ExecuteActionCommand).map((call) => {
    const input = call.args[0].input;
    return {
      payload: JSON.parse(input.actionPayload?.stringValue ?? '{}') as unknown,
      clientToken: input.clientToken,
      actionDefinitionId: input.actionDefinitionId,
      resolveTo: input.resolveTo,
    };
  });

let tokens = 0;
const options = { clientToken: () => `token-${++tokens}` };
const client = new IoTSiteWiseClient({ region: 'us-east-1' });

describe('SiteWise operations', () => {
  beforeEach(() => {
    sitewise.reset();
    tokens = 0;
  });

  it('starts a scheduler again with the configuration of the last START, with a client token', async () => {
    // Prepare
    history({ trainingMode: 'STOP_RETRAINING_SCHEDULER' }, START, { trainingMode: 'TRAIN_MODEL' });
    const ops = createSiteWiseOperations({ sitewise: client, provider: readSide('STOPPED') }, options);

    // Act
    await ops.startRetrainingSchedule(CM);

    // Assess
    expect(sent()).toEqual([
      { payload: START, clientToken: 'token-1', actionDefinitionId: 'train-id', resolveTo: undefined },
    ]);
  });

  it('stops with STOP_RETRAINING_SCHEDULER, resolved to the asset of a model per asset', async () => {
    // Prepare
    history(START);
    const ops = createSiteWiseOperations({ sitewise: client, provider: readSide('RUNNING') }, options);

    // Act
    await ops.stopRetrainingSchedule(`${CM}/${ASSET}`);

    // Assess
    expect(sent()).toEqual([
      {
        payload: { trainingMode: 'STOP_RETRAINING_SCHEDULER' },
        clientToken: 'token-1',
        actionDefinitionId: 'train-id',
        resolveTo: { assetId: ASSET },
      },
    ]);
    expect(sitewise.commandCalls(ExecuteActionCommand)[0]?.args[0].input.targetResource).toEqual({
      computationModelId: CM,
    });
  });

  it('creates a scheduler with the caller’s client token and the last training action’s metrics destination', async () => {
    // Prepare
    history({
      trainingMode: 'TRAIN_MODEL',
      exportDataStartTime: 1,
      exportDataEndTime: 2,
      modelMetricsDestination: { bucketName: 'trained-to', prefix: 'p/' },
    });
    const ops = createSiteWiseOperations({ sitewise: client, provider: readSide(null) }, options);

    // Act
    await ops.createRetrainingSchedule(
      CM,
      {
        frequency: 'P2M',
        lookbackWindow: 'P180D',
        promoteMode: 'MANUAL',
        startDate: new Date('2025-04-02T13:00:00Z'),
      },
      'caller-token',
    );

    // Assess
    expect(sent()).toEqual([
      {
        payload: {
          trainingMode: 'START_RETRAINING_SCHEDULER',
          retrainingConfiguration: {
            lookbackWindow: 'P180D',
            retrainingFrequency: 'P2M',
            promotion: 'CUSTOMER_MANAGED',
            retrainingStartDate: 1_743_552_000,
          },
          modelMetricsDestination: { bucketName: 'trained-to', prefix: 'p/' },
        },
        clientToken: 'caller-token',
        actionDefinitionId: 'train-id',
        resolveTo: undefined,
      },
    ]);
  });

  it('updates a running scheduler by stopping it and starting the merged configuration', async () => {
    // Prepare
    history(START);
    const ops = createSiteWiseOperations({ sitewise: client, provider: readSide('RUNNING') }, options);

    // Act
    await ops.updateRetrainingSchedule(CM, { promoteMode: 'MANAGED' });

    // Assess
    expect(sent().map((s) => [s.payload, s.clientToken])).toEqual([
      [{ trainingMode: 'STOP_RETRAINING_SCHEDULER' }, 'token-1'],
      [
        {
          ...START,
          retrainingConfiguration: { ...START.retrainingConfiguration, promotion: 'SERVICE_MANAGED' },
        },
        'token-2',
      ],
    ]);
  });

  it('refuses to start a model that never had a scheduler, and to create one with no metrics destination', async () => {
    // Prepare
    history({ trainingMode: 'TRAIN_MODEL' });
    const ops = createSiteWiseOperations({ sitewise: client, provider: readSide(null) }, options);

    // Act
    const start = ops.startRetrainingSchedule(CM);
    const create = ops.createRetrainingSchedule(CM, { frequency: 'P1M', lookbackWindow: 'P360D' }, 't');

    // Assess
    await expect(start).rejects.toThrow(`${CM} has never had a retraining scheduler in IoT SiteWise`);
    await expect(create).rejects.toThrow(/no training action of .* names a bucket/);
    expect(sitewise.commandCalls(ExecuteActionCommand)).toEqual([]);
  });

  it('refuses delete and import with what to do instead, calling nothing', async () => {
    // Prepare
    const ops = createSiteWiseOperations({ sitewise: client, provider: readSide('RUNNING') }, options);

    // Act
    const deleted = ops.deleteRetrainingSchedule(CM);
    const imported = ops.importVersion({ sourceVersionArn: 'x', datasetName: 'd', clientToken: 't' });

    // Assess
    await expect(deleted).rejects.toMatchObject({
      name: 'UnsupportedOperationError',
      message: expect.stringMatching(
        /^IoT SiteWise has no retraining scheduler to delete: .*stop it instead/,
      ),
    });
    await expect(imported).rejects.toThrow(/^IoT SiteWise has no model import: train the model in SiteWise/);
    expect(sitewise.calls()).toEqual([]);
  });

  it('lists inference executions with their model version, page by page', async () => {
    // Prepare
    sitewise
      .on(ListExecutionsCommand, { nextToken: undefined })
      .resolves({
        executionSummaries: [
          {
            executionId: 'e1',
            targetResource: { computationModelId: CM },
            targetResourceVersion: '1',
            executionStartTime: new Date('2025-03-01T00:00:00Z'),
            executionStatus: { state: 'COMPLETED' },
            executionEntityVersion: '2',
          },
        ],
        nextToken: 'n1',
      })
      .on(ListExecutionsCommand, { nextToken: 'n1' })
      .resolves({ executionSummaries: [] });
    const ops = createSiteWiseOperations({ sitewise: client, provider: readSide('RUNNING') }, options);

    // Act
    const pages = [];
    for await (const page of ops.listExecutionPages(CM)) pages.push(page);

    // Assess
    expect(pages[0]?.[0]).toMatchObject({
      modelVersion: 2,
      status: 'COMPLETED',
      scheduledStartTime: '2025-03-01T00:00:00.000Z',
    });
    expect(pages).toHaveLength(2);
    expect(sitewise.commandCalls(ListExecutionsCommand)[0]?.args[0].input).toMatchObject({
      targetResourceType: 'COMPUTATION_MODEL',
      targetResourceId: CM,
      actionType: 'AWS/ANOMALY_DETECTION_INFERENCE',
    });
  });

  it('lists retraining schedules from the read side, filtered and paged', async () => {
    // Prepare
    const ops = createSiteWiseOperations({ sitewise: client, provider: readSide('RUNNING') }, options);

    // Act
    const all = await ops.listRetrainingSchedules({});
    const stopped = await ops.listRetrainingSchedules({ status: 'STOPPED' });

    // Assess
    expect(all).toEqual({
      schedules: [
        {
          modelName: CM,
          modelArn: `arn:aws:iotsitewise:us-east-1:123456789012:computation-model/${CM}`,
          status: 'RUNNING',
          startDate: null,
          frequency: 'P1M',
          lookbackWindow: 'P360D',
        },
      ],
      nextToken: null,
    });
    expect(stopped.schedules).toEqual([]);
  });
});
