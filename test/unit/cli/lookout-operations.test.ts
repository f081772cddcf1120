// The L4E adapter operations the CLI uses, against a mocked client: requests carry every parameter
// and pagination follows NextToken to the end.
import {
  CreateRetrainingSchedulerCommand,
  DescribeModelCommand,
  DescribeRetrainingSchedulerCommand,
  ImportModelVersionCommand,
  ListInferenceExecutionsCommand,
  ListModelsCommand,
  ListModelVersionsCommand,
  ListRetrainingSchedulersCommand,
  LookoutEquipmentClient,
  UpdateRetrainingSchedulerCommand,
} from '@aws-sdk/client-lookoutequipment';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readExecutions } from '../../../cli/commands/executions.js';
import { collectStatus } from '../../../cli/commands/status.js';
import { createLookoutOperations } from '../../../lib/adapters/lookout-operations.js';

const l4e = mockClient(LookoutEquipmentClient);
const ops = createLookoutOperations(new LookoutEquipmentClient({ region: 'us-east-1' }));

describe('L4E operations adapter', () => {
  beforeEach(() => {
    l4e.reset();
  });

  it('lists every version page by page', async () => {
    // Prepare
    l4e
      .on(ListModelVersionsCommand, { ModelName: 'pump', NextToken: undefined })
      .resolves({
        ModelVersionSummaries: [{ ModelVersion: 1, Status: 'SUCCESS', SourceType: 'TRAINING' }],
        NextToken: 't1',
      })
      .on(ListModelVersionsCommand, { ModelName: 'pump', NextToken: 't1' })
      .resolves({ ModelVersionSummaries: [{ ModelVersion: 2, Status: 'FAILED', SourceType: 'RETRAINING' }] });

    // Act
    const pages = [];
    for await (const page of ops.listVersionPages('pump'))
      pages.push(page.map((v) => [v.version, v.status, v.sourceType]));

    // Assess
    expect(pages).toEqual([[[1, 'SUCCESS', 'TRAINING']], [[2, 'FAILED', 'RETRAINING']]]);
    expect(l4e.commandCalls(ListModelVersionsCommand)[0]?.args[0].input.MaxResults).toBe(500);
  });

  it('creates a scheduler with every setting and the client token', async () => {
    // Prepare
    l4e.on(CreateRetrainingSchedulerCommand).resolves({ Status: 'PENDING' });
    const startDate = new Date('2025-03-03T00:00:00Z');

    // Act
    const created = await ops.createRetrainingSchedule(
      'pump',
      { frequency: 'P1M', lookbackWindow: 'P360D', promoteMode: 'MANUAL', startDate },
      'token-1',
    );

    // Assess
    expect(created).toEqual({ status: 'PENDING' });
    expect(l4e.commandCalls(CreateRetrainingSchedulerCommand)[0]?.args[0].input).toEqual({
      ModelName: 'pump',
      RetrainingStartDate: startDate,
      RetrainingFrequency: 'P1M',
      LookbackWindow: 'P360D',
      PromoteMode: 'MANUAL',
      ClientToken: 'token-1',
    });
  });

  it('updates only the settings given', async () => {
    // Prepare
    l4e.on(UpdateRetrainingSchedulerCommand).resolves({});

    // Act
    await ops.updateRetrainingSchedule('pump', { lookbackWindow: 'P540D' });

    // Assess
    const input = l4e.commandCalls(UpdateRetrainingSchedulerCommand)[0]?.args[0].input;
    expect(JSON.parse(JSON.stringify(input))).toEqual({ ModelName: 'pump', LookbackWindow: 'P540D' });
  });

  it('lists one page of schedulers with the filters and returns the next token', async () => {
    // Prepare
    l4e.on(ListRetrainingSchedulersCommand).resolves({
      RetrainingSchedulerSummaries: [
        { ModelName: 'pump', Status: 'STOPPED', RetrainingFrequency: 'P30D', LookbackWindow: 'P180D' },
      ],
      NextToken: 'more',
    });

    // Act
    const page = await ops.listRetrainingSchedules({ namePrefix: 'pu', status: 'STOPPED', maxResults: 1 });

    // Assess
    expect(page).toEqual({
      schedules: [
        {
          modelName: 'pump',
          modelArn: null,
          status: 'STOPPED',
          startDate: null,
          frequency: 'P30D',
          lookbackWindow: 'P180D',
        },
      ],
      nextToken: 'more',
    });
    expect(l4e.commandCalls(ListRetrainingSchedulersCommand)[0]?.args[0].input).toMatchObject({
      ModelNameBeginsWith: 'pu',
      Status: 'STOPPED',
      MaxResults: 1,
    });
  });

  it('imports a version with the inference data strategy and label group', async () => {
    // Prepare
    l4e
      .on(ImportModelVersionCommand)
      .resolves({ ModelName: 'copy', ModelVersion: 1, Status: 'IMPORT_IN_PROGRESS' });

    // Act
    const imported = await ops.importVersion({
      sourceVersionArn: 'arn:aws:lookoutequipment:us-east-1:123456789012:model/pump/1/model-version/2',
      datasetName: 'ds',
      modelName: 'copy',
      inferenceDataImportStrategy: 'NO_IMPORT',
      labelGroupName: 'labels',
      clientToken: 't',
    });

    // Assess
    expect(imported).toEqual({
      modelName: 'copy',
      modelArn: null,
      version: 1,
      versionArn: null,
      status: 'IMPORT_IN_PROGRESS',
    });
    expect(l4e.commandCalls(ImportModelVersionCommand)[0]?.args[0].input).toMatchObject({
      InferenceDataImportStrategy: 'NO_IMPORT',
      LabelsInputConfiguration: { LabelGroupName: 'labels' },
      ClientToken: 't',
    });
  });
});

describe('reading inference executions', () => {
  const execution = (minute: number) => ({
    InferenceSchedulerName: 'inf',
    Status: 'SUCCESS' as const,
    ScheduledStartTime: new Date(Date.UTC(2025, 0, 1, 0, minute)),
  });

  beforeEach(() => {
    l4e.reset();
  });

  it('stops reading pages once the newest executions are in hand', async () => {
    // Prepare
    l4e
      .on(ListInferenceExecutionsCommand, { NextToken: undefined })
      .resolves({ InferenceExecutionSummaries: [execution(30), execution(20)], NextToken: 'p2' })
      .on(ListInferenceExecutionsCommand, { NextToken: 'p2' })
      .resolves({ InferenceExecutionSummaries: [execution(10)] });

    // Act
    const found = await readExecutions(ops, 'inf', 2, new Date('2024-12-31T00:00:00Z'));

    // Assess
    expect(found).toHaveLength(2);
    expect(l4e.commandCalls(ListInferenceExecutionsCommand)).toHaveLength(1);
    expect(l4e.commandCalls(ListInferenceExecutionsCommand)[0]?.args[0].input.DataStartTimeAfter).toEqual(
      new Date('2024-12-31T00:00:00Z'),
    );
  });

  it('reads every page when the service returns oldest first', async () => {
    // Prepare
    l4e
      .on(ListInferenceExecutionsCommand, { NextToken: undefined })
      .resolves({ InferenceExecutionSummaries: [execution(10), execution(20)], NextToken: 'p2' })
      .on(ListInferenceExecutionsCommand, { NextToken: 'p2' })
      .resolves({ InferenceExecutionSummaries: [execution(30)] });

    // Act
    const found = await readExecutions(ops, 'inf', 2, undefined);

    // Assess
    expect(found.map((e) => e.scheduledStartTime)).toContain('2025-01-01T00:30:00.000Z');
    expect(l4e.commandCalls(ListInferenceExecutionsCommand)).toHaveLength(2);
  });
});

describe('status collection', () => {
  beforeEach(() => {
    l4e.reset();
  });

  it('reads every ListModels page and describes schedulers only where one exists', async () => {
    // Prepare
    l4e
      .on(ListModelsCommand, { NextToken: undefined })
      .resolves({
        ModelSummaries: [{ ModelName: 'b', Status: 'SUCCESS', RetrainingSchedulerStatus: 'RUNNING' }],
        NextToken: 'page-2',
      })
      .on(ListModelsCommand, { NextToken: 'page-2' })
      .resolves({ ModelSummaries: [{ ModelName: 'a', Status: 'IN_PROGRESS' }] })
      .on(DescribeRetrainingSchedulerCommand, { ModelName: 'b' })
      .resolves({ ModelName: 'b', Status: 'RUNNING', PromoteMode: 'MANUAL' });

    // Act
    const models = await collectStatus(ops);

    // Assess
    expect(models.map((m) => [m.name, m.scheduler?.promoteMode ?? null])).toEqual([
      ['a', null],
      ['b', 'MANUAL'],
    ]);
    expect(l4e.commandCalls(ListModelsCommand)).toHaveLength(2);
    expect(
      l4e.commandCalls(DescribeRetrainingSchedulerCommand).map((c) => c.args[0].input.ModelName),
    ).toEqual(['b']);
    expect(l4e.commandCalls(DescribeModelCommand)).toHaveLength(0);
  });
});
