// serverless.yml's queues and SQS event sources, as the local system stands them up.
import { describe, expect, it } from 'vitest';
import { parseServerlessConfig, ServerlessConfigError } from '../../../local/aws/serverless-config.js';

const TEMPLATE = `
params:
  default:
    pollConcurrency: 4
functions:
  pollTarget:
    handler: functions/poll-target.handler
    events:
      - sqs:
          arn: !GetAtt FleetQueue.Arn
          batchSize: 5
          functionResponseType: ReportBatchItemFailures
          maximumConcurrency: \${param:pollConcurrency}
  other:
    handler: functions/other.handler
    events:
      - sqs: !GetAtt OtherQueue.Arn
      - schedule: rate(5 minutes)
resources:
  Resources:
    FleetQueue:
      Type: AWS::SQS::Queue
      Properties:
        QueueName: \${sls:stage}-fleet
        VisibilityTimeout: 180
        RedrivePolicy:
          deadLetterTargetArn: !GetAtt FleetDlq.Arn
          maxReceiveCount: 3
    FleetDlq:
      Type: AWS::SQS::Queue
      Properties:
        MessageRetentionPeriod: 1209600
    OtherQueue:
      Type: AWS::SQS::Queue
`;

describe('queues and SQS event sources in serverless.yml', () => {
  it('reads each queue with its attributes and redrive, and each sqs event with its settings', () => {
    // Prepare
    const config = parseServerlessConfig(TEMPLATE, 'local');

    // Act
    const queues = config.sqsQueues();
    const sources = config.sqsEventSources();

    // Assess
    expect(queues).toEqual([
      {
        logicalId: 'FleetQueue',
        queueName: 'local-fleet',
        attributes: { VisibilityTimeout: '180' },
        redrive: { deadLetterQueue: 'FleetDlq', maxReceiveCount: 3 },
      },
      { logicalId: 'FleetDlq', attributes: { MessageRetentionPeriod: '1209600' } },
      { logicalId: 'OtherQueue', attributes: {} },
    ]);
    expect(sources).toEqual([
      {
        functionName: 'pollTarget',
        queue: 'FleetQueue',
        batchSize: 5,
        reportBatchItemFailures: true,
        maximumConcurrency: 4,
        enabled: true,
      },
      {
        functionName: 'other',
        queue: 'OtherQueue',
        batchSize: 10,
        reportBatchItemFailures: false,
        enabled: true,
      },
    ]);
  });

  it('refuses an sqs event on a queue outside the stack and a redrive without a dead-letter queue', () => {
    // Prepare
    const foreign = parseServerlessConfig(
      'functions:\n  f:\n    handler: f.handler\n    events:\n      - sqs: arn:aws:sqs:us-east-1:123456789012:elsewhere\n',
    );
    const noTarget = parseServerlessConfig(
      'resources:\n  Resources:\n    Q:\n      Type: AWS::SQS::Queue\n      Properties:\n        RedrivePolicy:\n          maxReceiveCount: 3\n',
    );

    // Act / Assess
    expect(() => foreign.sqsEventSources()).toThrow(ServerlessConfigError);
    expect(() => foreign.sqsEventSources()).toThrow(/not a queue of this stack/);
    expect(() => noTarget.sqsQueues()).toThrow(/RedrivePolicy needs a deadLetterTargetArn/);
  });
});
