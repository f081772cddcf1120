// The stale-poll alarm only works if it watches exactly the metric poll-models writes. This runs the real
// handler (L4E and DynamoDB mocked: an account with no models), captures the EMF record Powertools
// prints, and compares its namespace and dimensions with the alarm in serverless.yml.
import { ListModelsCommand, LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadServerlessConfig } from '../../../local/aws/serverless-config.js';

interface EmfRecord {
  _aws: {
    CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }>;
  };
  [key: string]: unknown;
}

const lookout = mockClient(LookoutEquipmentClient);
const dynamo = mockClient(DynamoDBDocumentClient);

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
});

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
