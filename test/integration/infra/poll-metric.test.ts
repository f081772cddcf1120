// The stale-poll alarm only works if it watches exactly the metric poll-models writes. This runs the real
// handler (L4E and DynamoDB mocked: an account with no models), captures the EMF record Powertools
// prints, and compares its namespace and dimensions with the alarm in serverless.yml.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DescribeModelCommand,
  DescribeModelVersionCommand,
  ListModelsCommand,
  LookoutEquipmentClient,
} from '@aws-sdk/client-lookoutequipment';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadServerlessConfig } from '../../../local/aws/serverless-config.js';

interface EmfRecord {
  _aws: {
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }>;
  };
  [key: string]: unknown;
}

const lookout = mockClient(LookoutEquipmentClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const events = mockClient(EventBridgeClient);

beforeAll(() => {
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('EVENT_BUS_NAME', 'l4e-autopilot-test');
  vi.stubEnv('STATE_TABLE_NAME', 'l4e-autopilot-test-state');
  vi.stubEnv('POWERTOOLS_DEV', 'false');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
});

afterAll(() => {
  vi.unstubAllEnvs();
  lookout.restore();
  dynamo.restore();
  events.restore();
});

beforeEach(() => {
  lookout.reset();
  dynamo.reset();
  events.reset();
});

const MODEL = {
  ModelName: 'pump-a',
  ModelArn: 'arn:aws:lookoutequipment:us-east-1:123456789012:model/pump-a/0',
  Status: 'SUCCESS' as const,
  CreatedAt: new Date('2025-01-01T00:00:00Z'),
  ActiveModelVersion: 1,
  ActiveModelVersionArn: 'arn:aws:lookoutequipment:us-east-1:123456789012:model/pump-a/0/model-version/1',
};

/** The metrics of the cycle's EMF record, by name. */
function cycleMetrics(records: EmfRecord[]): Record<string, unknown> {
  const record = records.find((r) =>
    r._aws.CloudWatchMetrics.some((m) => m.Metrics.some((x) => x.Name === 'ModelsWatched')),
  );
  return record ?? {};
}

async function emittedRecords(): Promise<EmfRecord[]> {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    const { handler } = await import('../../../functions/poll-models.js');
    await handler({}, {
      functionName: 'l4e-autopilot-test-pollModels',
      awsRequestId: 'poll-metric-test',
      getRemainingTimeInMillis: () => 60_000,
    } as never);
  } finally {
    write.mockRestore();
  }
  return lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfRecord);
}

describe('the stale-poll alarm and the metric poll-models emits', () => {
  it('watches the namespace, metric and exact dimension set of the EMF record', async () => {
    // Prepare
    lookout.on(ListModelsCommand).resolves({ ModelSummaries: [] });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const config = loadServerlessConfig('serverless.yml', 'ci');
    const alarm = config.resolve(config.resource('StalePollAlarm')) as {
      Properties: {
        Namespace: string;
        MetricName: string;
        Dimensions: Array<{ Name: string; Value: string }>;
      };
    };

    // Act
    const records = await emittedRecords();
    const record = records.find((r) =>
      r._aws.CloudWatchMetrics.some((m) => m.Metrics.some((x) => x.Name === 'PollSucceeded')),
    );
    const directive = record?._aws.CloudWatchMetrics[0];
    const emitted = (directive?.Dimensions[0] ?? []).map((name) => ({ Name: name, Value: record?.[name] }));

    // Assess
    expect(record?.PollSucceeded).toBe(1);
    expect(directive?.Dimensions).toHaveLength(1);
    expect(alarm.Properties.Namespace).toBe(directive?.Namespace);
    expect(alarm.Properties.MetricName).toBe('PollSucceeded');
    expect(alarm.Properties.Dimensions).toEqual(emitted);
  });
});

describe('PollSucceeded tells the truth', () => {
  it('is 1 for a cycle with no model error and nothing left unpublished', async () => {
    // Prepare
    lookout.on(ListModelsCommand).resolves({ ModelSummaries: [] });
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    const metrics = cycleMetrics(await emittedRecords());

    // Assess
    expect(metrics).toMatchObject({ ModelErrors: 0, EventsUnpublished: 0, PollSucceeded: 1 });
  });

  it('is 0 when a model failed, so that three such cycles in a row fire the stale-poll alarm', async () => {
    // Prepare
    lookout.on(ListModelsCommand).resolves({ ModelSummaries: [MODEL] });
    lookout.on(DescribeModelCommand).rejects(new Error('InternalServerException'));
    dynamo.on(QueryCommand).resolves({ Items: [] });

    // Act
    const metrics = cycleMetrics(await emittedRecords());

    // Assess
    expect(metrics).toMatchObject({ ModelErrors: 1, PollSucceeded: 0 });
  });

  it('is 0 when an event it owed could not be published', async () => {
    // Prepare
    // A retraining run in progress: the first observation reports it, so the cycle owes one event.
    const running = {
      ...MODEL,
      LatestScheduledRetrainingModelVersion: 2,
      LatestScheduledRetrainingStatus: 'IN_PROGRESS' as const,
      LatestScheduledRetrainingStartTime: new Date(Date.now() - 3600_000),
    };
    lookout.on(ListModelsCommand).resolves({ ModelSummaries: [running] });
    lookout.on(DescribeModelCommand).resolves(running);
    lookout.on(DescribeModelVersionCommand).callsFake((input: { ModelVersion: number }) => ({
      ModelName: 'pump-a',
      ModelVersion: input.ModelVersion,
      Status: input.ModelVersion === 2 ? 'IN_PROGRESS' : 'SUCCESS',
      SourceType: input.ModelVersion === 2 ? 'RETRAINING' : 'TRAINING',
    }));
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo.on(GetCommand).resolves({});
    dynamo.on(PutCommand).resolves({});
    events.on(PutEventsCommand).rejects(new Error('ServiceUnavailable'));

    // Act
    const metrics = cycleMetrics(await emittedRecords());

    // Assess
    expect(metrics).toMatchObject({ ModelErrors: 0, PollSucceeded: 0 });
    expect(metrics.EventsUnpublished).toBeGreaterThan(0);
  });
});
