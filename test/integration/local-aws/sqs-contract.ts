// What the local SQS and moto_server must both do for the SDK's SQS client and the event-source poller:
// one suite, run against each endpoint. It waits on no clock: visibility 0 makes a message visible again.
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqsEventSource } from '../../../local/aws/sqs-event-source.js';
import { useLocalAwsEnv } from '../support/env.js';

/** MD5OfMessageAttributes of `provider: String iot-sitewise`, as moto_server computes it. */
const PROVIDER_ATTRIBUTE_MD5 = '85e2085f7e67c9d4e6dc468010a3e077';

export interface SqsEndpoint {
  url: string;
  close(): Promise<void>;
}

export function describeSqsContract(name: string, start: () => Promise<SqsEndpoint>): void {
  describe(name, () => {
    let endpoint: SqsEndpoint;
    let restoreEnv: () => void;
    let sqs: SQSClient;
    let queues = 0;

    beforeAll(async () => {
      endpoint = await start();
      restoreEnv = useLocalAwsEnv({ SQS: endpoint.url });
      sqs = new SQSClient({ maxAttempts: 1 });
    });

    afterAll(async () => {
      sqs.destroy();
      restoreEnv();
      await endpoint.close();
    });

    async function queue(attributes: Record<string, string> = {}) {
      queues += 1;
      const created = await sqs.send(
        new CreateQueueCommand({ QueueName: `fleet-${queues}`, Attributes: attributes }),
      );
      const url = created.QueueUrl ?? '';
      const described = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
      );
      return { url, arn: described.Attributes?.QueueArn ?? '' };
    }

    async function depth(url: string) {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return [Attributes?.ApproximateNumberOfMessages, Attributes?.ApproximateNumberOfMessagesNotVisible].map(
        Number,
      );
    }

    const receive = (url: string, VisibilityTimeout?: number) =>
      sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
          ...(VisibilityTimeout === undefined ? {} : { VisibilityTimeout }),
        }),
      );

    it('sends singly and in batches, receives with checksums and attributes, and deletes in a batch', async () => {
      // Prepare
      const { url } = await queue();

      // Act
      const single = await sqs.send(
        new SendMessageCommand({
          QueueUrl: url,
          MessageBody: '{"target":"222222222222/eu-west-1"}',
          MessageAttributes: { provider: { DataType: 'String', StringValue: 'iot-sitewise' } },
        }),
      );
      const batch = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: ['a', 'b', 'c'].map((id) => ({ Id: id, MessageBody: `target ${id} ✓` })),
        }),
      );
      const received = await receive(url, 30);
      const messages = received.Messages ?? [];
      const deleted = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
        }),
      );

      // Assess
      expect(single.MD5OfMessageAttributes).toBe(PROVIDER_ATTRIBUTE_MD5);
      expect(batch.Successful?.map((s) => s.Id).sort()).toEqual(['a', 'b', 'c']);
      expect(batch.Failed ?? []).toEqual([]);
      expect(messages.map((m) => m.Body).sort()).toEqual([
        'target a ✓',
        'target b ✓',
        'target c ✓',
        '{"target":"222222222222/eu-west-1"}',
      ]);
      expect(messages.every((m) => m.Attributes?.ApproximateReceiveCount === '1')).toBe(true);
      expect(messages.find((m) => m.MessageId === single.MessageId)?.MessageAttributes).toEqual({
        provider: { DataType: 'String', StringValue: 'iot-sitewise' },
      });
      expect(deleted.Successful).toHaveLength(4);
      expect(await depth(url)).toEqual([0, 0]);
    });

    it('hides a received message for its visibility timeout, until its visibility is changed', async () => {
      // Prepare
      const { url } = await queue({ VisibilityTimeout: '30' });
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'once' }));
      const [first] = (await receive(url)).Messages ?? [];

      // Act
      const hidden = await receive(url);
      const inFlight = await depth(url);
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: first?.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
      const again = await receive(url);

      // Assess
      expect(hidden.Messages ?? []).toEqual([]);
      expect(inFlight).toEqual([0, 1]);
      expect(again.Messages?.map((m) => [m.MessageId, m.Attributes?.ApproximateReceiveCount])).toEqual([
        [first?.MessageId, '2'],
      ]);
    });

    it('moves a message received maxReceiveCount times to the dead-letter queue', async () => {
      // Prepare
      const dlq = await queue();
      const { url } = await queue({
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
      });
      const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));

      // Act
      const counts = [];
      for (let i = 0; i < 3; i += 1) {
        counts.push(
          (await receive(url, 0)).Messages?.map((m) => m.Attributes?.ApproximateReceiveCount) ?? [],
        );
      }
      const dead = await receive(dlq.url, 30);

      // Assess
      expect(counts).toEqual([['1'], ['2'], []]);
      expect(dead.Messages?.map((m) => [m.MessageId, m.Body])).toEqual([[sent.MessageId, 'poison']]);
    });

    it.each([
      [
        'more than ten entries',
        Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' })),
        'TooManyEntriesInBatchRequest',
      ],
      [
        'repeated ids',
        [
          { Id: 'same', MessageBody: 'x' },
          { Id: 'same', MessageBody: 'y' },
        ],
        'BatchEntryIdsNotDistinct',
      ],
      ['no entries', [], 'EmptyBatchRequest'],
    ])('refuses a batch with %s', async (_, Entries, expected) => {
      // Prepare
      const { url } = await queue();

      // Act
      const error = await sqs
        .send(new SendMessageBatchCommand({ QueueUrl: url, Entries }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: expected });
      expect(await depth(url)).toEqual([0, 0]);
    });

    it('names a queue that does not exist', async () => {
      // Act
      const error = await sqs
        .send(
          new SendMessageCommand({
            QueueUrl: `${endpoint.url}/123456789012/no-such-queue`,
            MessageBody: 'x',
          }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'QueueDoesNotExist' });
    });

    it('event source: deletes what the handler did, keeps what batchItemFailures names, dead-letters a poison message', async () => {
      // Prepare
      const dlq = await queue();
      const source = await queue({
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 2 }),
      });
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: source.url,
          Entries: ['ok-1', 'poison', 'ok-2'].map((body, i) => ({ Id: `m${i}`, MessageBody: body })),
        }),
      );
      const handled: string[] = [];
      const handler = async (event: SQSEvent) => {
        handled.push(...event.Records.map((r) => `${r.body}#${r.attributes.ApproximateReceiveCount}`));
        expect(
          event.Records.every((r) => r.eventSourceARN === source.arn && r.eventSource === 'aws:sqs'),
        ).toBe(true);
        return {
          batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({
            itemIdentifier: r.messageId,
          })),
        };
      };
      const eventSource = createSqsEventSource({
        client: sqs,
        queueUrl: source.url,
        queueArn: source.arn,
        awsRegion: 'us-east-1',
        handler,
        visibilityTimeoutSeconds: 0,
      });

      // Act
      const outcome = await eventSource.drain({ maxPolls: 10 });
      const dead = await receive(dlq.url, 30);

      // Assess
      expect(handled.sort()).toEqual(['ok-1#1', 'ok-2#1', 'poison#1', 'poison#2']);
      expect(outcome).toMatchObject({ received: 4, deleted: 2, failed: 2, polls: 3, empty: true });
      expect(dead.Messages?.map((m) => m.Body)).toEqual(['poison']);
      expect(await depth(source.url)).toEqual([0, 0]);
    });
  });
}
