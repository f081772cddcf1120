import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSns, PublishedMessage } from '../../../local/aws/sns.js';
import { startLocalSns } from '../../../local/aws/sns.js';
import { useLocalAwsEnv } from '../support/env.js';

describe('local SNS over the SDK', () => {
  let sns: LocalSns;
  let client: SNSClient;
  let restoreEnv: () => void;
  let topicArn: string;

  beforeAll(async () => {
    sns = await startLocalSns();
    restoreEnv = useLocalAwsEnv({ SNS: sns.url });
    client = new SNSClient({ maxAttempts: 1 });
    topicArn = sns.createTopic('l4e-autopilot-alerts-local');
  });

  afterAll(async () => {
    client.destroy();
    await sns.close();
    restoreEnv();
  });

  it('round-trips a Publish with Subject and MessageAttributes to published() and listeners', async () => {
    // Prepare
    const heard: PublishedMessage[] = [];
    const stop = sns.onPublish((message) => heard.push(message));
    const message = 'Pump-7 v4 retraining SUCCESS — policy activated it (recall 0.91 ≥ 0.80)';

    // Act
    const result = await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: '[l4e-autopilot] Pump-7: version 4 activated',
        Message: message,
        MessageAttributes: {
          detailType: { DataType: 'String', StringValue: 'Model Version Activation Decision' },
          modelVersion: { DataType: 'Number', StringValue: '4' },
          reasons: { DataType: 'String.Array', StringValue: '["recall ok","precision ok"]' },
        },
      }),
    );
    stop();

    // Assess
    const expected = {
      topicArn,
      subject: '[l4e-autopilot] Pump-7: version 4 activated',
      message,
      attributes: {
        detailType: { DataType: 'String', StringValue: 'Model Version Activation Decision' },
        modelVersion: { DataType: 'Number', StringValue: '4' },
        reasons: { DataType: 'String.Array', StringValue: '["recall ok","precision ok"]' },
      },
      messageId: result.MessageId,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    };
    expect(result.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sns.published().at(-1)).toEqual(expected);
    expect(heard).toEqual([expected]);
  });

  it('rejects a 101-character subject with InvalidParameter, surfaced by the SDK', async () => {
    // Prepare
    const before = sns.published().length;

    // Act
    const error = await client
      .send(new PublishCommand({ TopicArn: topicArn, Subject: 's'.repeat(101), Message: 'm' }))
      .catch((e: unknown) => e);
    const ok = await client.send(
      new PublishCommand({ TopicArn: topicArn, Subject: 's'.repeat(100), Message: 'm' }),
    );

    // Assess
    expect(error).toMatchObject({
      name: 'InvalidParameterException',
      Code: 'InvalidParameter',
      message: 'Invalid parameter: Subject',
      $metadata: { httpStatusCode: 400 },
    });
    expect(ok.MessageId).toBeDefined();
    expect(sns.published()).toHaveLength(before + 1);
  });

  it('rejects subjects with line breaks, oversize messages, bad attributes and unknown topics', async () => {
    // Prepare
    const send = (input: ConstructorParameters<typeof PublishCommand>[0]) =>
      client.send(new PublishCommand(input)).catch((e: unknown) => e as { name: string; message: string });

    // Act
    const newline = await send({ TopicArn: topicArn, Subject: 'a\nb', Message: 'm' });
    const tooLong = await send({ TopicArn: topicArn, Message: 'x'.repeat(256 * 1024 + 1) });
    const badNumber = await send({
      TopicArn: topicArn,
      Message: 'm',
      MessageAttributes: { n: { DataType: 'Number', StringValue: 'four' } },
    });
    const missing = await send({ TopicArn: `${topicArn}-missing`, Message: 'm' });

    // Assess
    expect(newline).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Subject',
    });
    expect(tooLong).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Message too long',
    });
    expect(badNumber).toMatchObject({ name: 'InvalidParameterValueException' });
    expect(missing).toMatchObject({ name: 'NotFoundException', message: 'Topic does not exist' });
  });

  it('creates topics idempotently, lists them, and records subscriptions', async () => {
    // Act
    const created = await client.send(new CreateTopicCommand({ Name: 'l4e-autopilot-alerts-local' }));
    const other = await client.send(new CreateTopicCommand({ Name: 'ops-pager' }));
    const topics = await client.send(new ListTopicsCommand({}));
    const subscribed = await client.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'reliability@example.com' }),
    );
    const again = await client.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'reliability@example.com' }),
    );
    const listed = await client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    const attributes = await client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    const badProtocol = await client
      .send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'carrier-pigeon', Endpoint: 'x' }))
      .catch((e: unknown) => e);

    // Assess
    expect(created.TopicArn).toBe(topicArn);
    expect(topics.Topics?.map((t) => t.TopicArn).sort()).toEqual([topicArn, other.TopicArn].sort());
    expect(subscribed.SubscriptionArn).toMatch(new RegExp(`^${topicArn}:[0-9a-f-]{36}$`));
    expect(again.SubscriptionArn).toBe(subscribed.SubscriptionArn);
    expect(listed.Subscriptions).toEqual([
      {
        TopicArn: topicArn,
        Protocol: 'email',
        SubscriptionArn: subscribed.SubscriptionArn,
        Owner: '123456789012',
        Endpoint: 'reliability@example.com',
      },
    ]);
    expect(attributes.Attributes).toMatchObject({ TopicArn: topicArn, SubscriptionsConfirmed: '1' });
    expect(badProtocol).toMatchObject({ name: 'InvalidParameterException' });
  });
});
