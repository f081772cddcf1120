import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalAwsEnv } from '../support/env.js';
import type { MotoServer } from '../support/moto.js';
import { motoAvailable, startMoto } from '../support/moto.js';

const moto = motoAvailable();
if (!moto.ok) console.warn(`skipping moto harness tests: ${moto.reason}`);

describe.skipIf(!moto.ok)('moto_server harness', () => {
  let server: MotoServer;
  let restoreEnv: () => void;

  beforeAll(async () => {
    server = await startMoto();
    restoreEnv = useLocalAwsEnv({ SSM: server.url, SNS: server.url });
  });

  afterAll(async () => {
    restoreEnv();
    await server.stop();
  });

  it('serves SSM and SNS to the SDK through the standard endpoint variables', async () => {
    // Prepare
    const ssm = new SSMClient({ maxAttempts: 1 });
    const sns = new SNSClient({ maxAttempts: 1 });

    // Act
    await ssm.send(
      new PutParameterCommand({
        Name: '/l4e-autopilot/moto/policy',
        Value: '{"mode":"off"}',
        Type: 'String',
      }),
    );
    const parameter = await ssm.send(new GetParameterCommand({ Name: '/l4e-autopilot/moto/policy' }));
    const topic = await sns.send(new CreateTopicCommand({ Name: 'l4e-autopilot-alerts' }));
    const published = await sns.send(
      new PublishCommand({ TopicArn: topic.TopicArn, Subject: 'hello', Message: 'm' }),
    );
    const tooLong = await sns
      .send(new PublishCommand({ TopicArn: topic.TopicArn, Subject: 's'.repeat(101), Message: 'm' }))
      .catch((e: unknown) => e);
    ssm.destroy();
    sns.destroy();

    // Assess
    expect(parameter.Parameter).toMatchObject({ Value: '{"mode":"off"}', Version: 1, Type: 'String' });
    expect(topic.TopicArn).toMatch(/^arn:aws:sns:us-east-1:\d{12}:l4e-autopilot-alerts$/);
    expect(published.MessageId).toBeDefined();
    expect(tooLong).toMatchObject({ name: 'InvalidParameterException' });
  });

  it('resets its state on request', async () => {
    // Prepare
    const ssm = new SSMClient({ maxAttempts: 1 });
    await ssm.send(
      new PutParameterCommand({ Name: '/l4e-autopilot/moto/reset', Value: 'v', Type: 'String' }),
    );

    // Act
    await server.reset();
    const after = await ssm
      .send(new GetParameterCommand({ Name: '/l4e-autopilot/moto/reset' }))
      .catch((e: unknown) => e);
    ssm.destroy();

    // Assess
    expect(after).toMatchObject({ name: 'ParameterNotFound' });
  });
});
