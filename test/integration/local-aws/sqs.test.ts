import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSqs } from '../../../local/aws/sqs.js';
import { startLocalSqs } from '../../../local/aws/sqs.js';
import { createSqsEventSource } from '../../../local/aws/sqs-event-source.js';
import { useLocalAwsEnv } from '../support/env.js';
import { describeSqsContract } from './sqs-contract.js';

describeSqsContract('local SQS over the SDK', async () => {
  const sqs = await startLocalSqs();
  return { url: sqs.url, close: () => sqs.close() };
});

describe('local SQS on its own clock', () => {
  let sqs: LocalSqs;
  let client: SQSClient;
  let restoreEnv: () => void;
  let clock = Date.now();
  let queues = 0;
  const newQueue = (attributes: Record<string, string> = {}) => {
    queues += 1;
    return sqs.createQueue(`clock-${queues}`, attributes);
  };
  const receive = (
    QueueUrl: string,
    extra: Partial<{ WaitTimeSeconds: number; VisibilityTimeout: number }> = {},
  ) => client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, ...extra }));

  beforeAll(async () => {
    sqs = await startLocalSqs({ now: () => clock });
    restoreEnv = useLocalAwsEnv({ SQS: sqs.url });
    client = new SQSClient({ maxAttempts: 1 });
  });

  afterAll(async () => {
    client.destroy();
    restoreEnv();
    await sqs.close();
  });

  it('brings a message back when its visibility timeout passes, and only the latest receipt deletes it', async () => {
    // Prepare
    const url = newQueue({ VisibilityTimeout: '60' });
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'work' }));
    const [first] = (await receive(url)).Messages ?? [];

    // Act
    clock += 59_000;
    const early = await receive(url);
    clock += 1_000;
    const [second] = (await receive(url)).Messages ?? [];
    await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first?.ReceiptHandle }));
    const afterStaleDelete = sqs.messages(url);
    await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second?.ReceiptHandle }));

    // Assess
    expect(early.Messages ?? []).toEqual([]);
    expect(second?.MessageId).toBe(first?.MessageId);
    expect(afterStaleDelete).toEqual([
      { messageId: first?.MessageId, body: 'work', receiveCount: 2, inFlight: true },
    ]);
    expect(sqs.messages(url)).toEqual([]);
  });

  it('holds a delayed message until its delay passes', async () => {
    // Prepare
    const url = newQueue();
    await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 120 }));

    // Act
    const during = await receive(url);
    clock += 120_000;
    const after = await receive(url);

    // Assess
    expect(during.Messages ?? []).toEqual([]);
    expect(after.Messages?.map((m) => m.Body)).toEqual(['later']);
  });

  it('answers a long poll as soon as a message arrives', async () => {
    // Prepare
    const url = newQueue();
    const started = Date.now();

    // Act
    const polling = receive(url, { WaitTimeSeconds: 5 });
    setTimeout(() => void client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake' })), 50);
    const result = await polling;

    // Assess
    expect(result.Messages?.map((m) => m.Body)).toEqual(['wake']);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ['a control character in the body', { MessageBody: 'bad \u0001' }, 'InvalidMessageContents'],
    ['a body over 256 KiB', { MessageBody: 'x'.repeat(262_145) }, 'InvalidParameterValue'],
    ['a delay over 15 minutes', { MessageBody: 'x', DelaySeconds: 901 }, 'InvalidParameterValue'],
  ])('refuses %s', async (_, input, expected) => {
    // Prepare
    const url = newQueue();

    // Act
    const error = await client
      .send(new SendMessageCommand({ QueueUrl: url, ...input }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: expected, $metadata: { httpStatusCode: 400 } });
    expect(sqs.messages(url)).toEqual([]);
  });

  it('refuses a redrive policy whose dead-letter queue does not exist', async () => {
    // Act
    const error = await client
      .send(
        new CreateQueueCommand({
          QueueName: 'orphan',
          Attributes: {
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:none',
              maxReceiveCount: 3,
            }),
          },
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: 'InvalidParameterValue',
      message: expect.stringMatching(/Dead letter target does not exist/),
    });
  });

  describe('event source', () => {
    const source = (
      url: string,
      handler: Parameters<typeof createSqsEventSource>[0]['handler'],
      batchSize = 10,
    ) =>
      createSqsEventSource({
        client,
        queueUrl: url,
        queueArn: sqs.queueArn(url),
        awsRegion: 'us-east-1',
        handler,
        batchSize,
      });

    it('leaves the whole batch when the handler throws, to come back after the visibility timeout', async () => {
      // Prepare
      const url = newQueue({ VisibilityTimeout: '30' });
      for (const body of ['a', 'b'])
        await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
      let calls = 0;
      const eventSource = source(url, async () => {
        calls += 1;
        if (calls === 1) throw new Error('target unreachable');
      });

      // Act
      const failed = await eventSource.pollOnce();
      const hidden = await eventSource.pollOnce();
      clock += 30_000;
      const retried = await eventSource.pollOnce();

      // Assess
      expect(failed).toMatchObject({
        received: 2,
        deleted: 0,
        failed: 2,
        error: new Error('target unreachable'),
      });
      expect(hidden).toEqual({ received: 0, deleted: 0, failed: 0 });
      expect(retried).toEqual({ received: 2, deleted: 2, failed: 0 });
      expect(sqs.messages(url)).toEqual([]);
    });

    it.each([
      ['an id from no message of the batch', { batchItemFailures: [{ itemIdentifier: 'someone-else' }] }],
      ['an empty id', { batchItemFailures: [{ itemIdentifier: '' }] }],
      ['a failure list that is not a list', { batchItemFailures: 'all' }],
    ])('fails the whole batch on an answer naming %s, as Lambda does', async (_, answer) => {
      // Prepare
      const url = newQueue();
      await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a' }));

      // Act
      const outcome = await source(url, async () => answer).pollOnce();

      // Assess
      expect(outcome).toMatchObject({
        received: 1,
        deleted: 0,
        failed: 1,
        error: { name: 'BatchResponseError' },
      });
      expect(sqs.messages(url)).toHaveLength(1);
    });

    it('hands batches of at most batchSize and stops a drain at maxPolls', async () => {
      // Prepare
      const url = newQueue();
      for (let i = 0; i < 7; i += 1)
        await client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}` }));
      const sizes: number[] = [];

      // Act
      const outcome = await source(url, async (event) => void sizes.push(event.Records.length), 3).drain({
        maxPolls: 2,
      });

      // Assess
      expect(sizes).toEqual([3, 3]);
      expect(outcome).toMatchObject({ received: 6, deleted: 6, polls: 2, empty: false });
      expect(sqs.messages(url)).toHaveLength(1);
    });
  });
});
