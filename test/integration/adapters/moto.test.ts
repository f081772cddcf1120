// The product's SSM and SNS adapters against moto_server, a real implementation of those services.
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParameterSource, ParameterReadError } from '../../../lib/adapters/parameters.js';
import { createAlertTopic } from '../../../lib/adapters/sns.js';
import { buildAlertContent } from '../../../lib/core/messages/alert-content.js';
import { renderSnsMessage } from '../../../lib/core/messages/sns.js';
import { severityOf } from '../../../lib/core/severity.js';
import { loadFixture } from '../../unit/messages/fixtures.js';
import { type MotoServer, motoAvailable, startMoto } from '../support/moto.js';

const moto = motoAvailable();
if (!moto.ok) console.warn(`skipping adapter tests against moto_server: ${moto.reason}`);

const region = 'us-east-1';
const credentials = { accessKeyId: 'AKIDMOTO', secretAccessKey: 'moto-secret' };

describe.skipIf(!moto.ok)('adapters against moto_server', () => {
  let server: MotoServer;
  beforeAll(async () => {
    server = await startMoto();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reads policies and a SecureString through SSM, and serves repeated reads from its cache', async () => {
    // Prepare
    const ssm = new SSMClient({ endpoint: server.url, region, credentials });
    const sent: string[] = [];
    ssm.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(`${context.commandName}:${(args.input as { Name?: string }).Name}`);
        return next(args);
      },
      { step: 'initialize', name: 'countCalls' },
    );
    await ssm.send(
      new PutParameterCommand({
        Name: '/l4e/test/policies/default',
        Value: '{"mode":"off","rules":[]}',
        Type: 'String',
      }),
    );
    await ssm.send(
      new PutParameterCommand({
        Name: '/l4e/test/slack-webhook',
        Value: 'https://hooks.slack.com/services/T0/B0/secret',
        Type: 'SecureString',
      }),
    );
    await ssm.send(
      new PutParameterCommand({
        Name: '/l4e/test/policies/default',
        Value: '{"mode":"dry-run","rules":[]}',
        Type: 'String',
        Overwrite: true,
      }),
    );
    sent.length = 0;
    const source = createParameterSource(ssm, { maxAgeSeconds: 60 });

    // Act
    const policy = await source.get('/l4e/test/policies/default');
    const again = await source.get('/l4e/test/policies/default');
    const webhook = await source.get('/l4e/test/slack-webhook', { decrypt: true });
    const missing = await source.get('/l4e/test/policies/models/none');
    const missingAgain = await source.get('/l4e/test/policies/models/none');
    const adapterCalls = sent.filter((c) => c.startsWith('GetParameterCommand'));
    const sealed = await ssm.send(
      new GetParameterCommand({ Name: '/l4e/test/slack-webhook', WithDecryption: false }),
    );

    // Assess
    expect(policy).toEqual({
      name: '/l4e/test/policies/default',
      value: '{"mode":"dry-run","rules":[]}',
      version: 2,
    });
    expect(again).toEqual(policy);
    expect(webhook?.value).toBe('https://hooks.slack.com/services/T0/B0/secret');
    expect(sealed.Parameter?.Value).not.toBe('https://hooks.slack.com/services/T0/B0/secret');
    expect(missing).toBeUndefined();
    expect(missingAgain).toBeUndefined();
    // One read per name: the cache answered the repeats, absence included.
    expect(adapterCalls).toEqual([
      'GetParameterCommand:/l4e/test/policies/default',
      'GetParameterCommand:/l4e/test/slack-webhook',
      'GetParameterCommand:/l4e/test/policies/models/none',
    ]);
    ssm.destroy();
  });

  it('wraps SSM failures in an error that names the parameter and not its value', async () => {
    const ssm = new SSMClient({ endpoint: 'http://127.0.0.1:9', region, credentials, maxAttempts: 1 });
    const source = createParameterSource(ssm, { maxAgeSeconds: 0 });
    const error = await source.get('/l4e/test/policies/default').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterReadError);
    expect((error as Error).message).toMatch(/could not read SSM parameter \/l4e\/test\/policies\/default/);
    ssm.destroy();
  });

  it('publishes alerts whose attributes let an SQS subscription filter on severity', async () => {
    // Prepare
    const sns = new SNSClient({ endpoint: server.url, region, credentials });
    const sqs = new SQSClient({ endpoint: server.url, region, credentials });
    const topic = await sns.send(new CreateTopicCommand({ Name: 'l4e-autopilot-alerts' }));
    const queue = await sqs.send(new CreateQueueCommand({ QueueName: 'errors-only' }));
    const queueArn = (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.QueueUrl, AttributeNames: ['QueueArn'] }),
      )
    ).Attributes?.QueueArn;
    await sns.send(
      new SubscribeCommand({
        TopicArn: topic.TopicArn,
        Protocol: 'sqs',
        Endpoint: queueArn,
        Attributes: { FilterPolicy: JSON.stringify({ severity: ['error'] }), RawMessageDelivery: 'true' },
      }),
    );
    const alerts = createAlertTopic(sns, String(topic.TopicArn));
    const failedRun = loadFixture('run-failed');
    const succeededRun = loadFixture('run-success');

    // Act
    await alerts.publish(renderSnsMessage(buildAlertContent(succeededRun, severityOf(succeededRun))));
    await alerts.publish(renderSnsMessage(buildAlertContent(failedRun, severityOf(failedRun))));
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.QueueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 1,
      }),
    );

    // Assess
    expect(received.Messages).toHaveLength(1);
    const message = received.Messages?.[0];
    expect(message?.MessageAttributes?.severity?.StringValue).toBe('error');
    expect(message?.MessageAttributes?.detailType?.StringValue).toBe('Scheduled Retraining State Change');
    expect(message?.MessageAttributes?.modelName?.StringValue).toBe(
      (failedRun.detail as { modelName: string }).modelName,
    );
    expect(message?.Body).toContain('FAILED');
    sns.destroy();
    sqs.destroy();
  });
});
