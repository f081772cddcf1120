// The CLI on IoT SiteWise models, against the SiteWise emulator and its S3 stand-in: the provider comes
// from the model id (or --provider), and status, versions, scheduler describe|stop|start, activate,
// rollback and decisions act on SiteWise; refusals and unknown ids read as one sentence with an exit code.

import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeActionCommand,
  type IoTSiteWiseClient,
  ListActionsCommand,
} from '@aws-sdk/client-iotsitewise';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParameterSource } from '../../../lib/adapters/parameters.js';
import { createSiteWiseProvider } from '../../../lib/adapters/sitewise.js';
import { createDecisionLog } from '../../../lib/adapters/state-decisions.js';
import { decideActivation } from '../../../lib/decide.js';
import { silentLogger } from '../../../lib/logger.js';
import { startLocalDynamo, startLocalSsm } from '../../../local/aws/index.js';
import {
  LENIENT_SITEWISE_KNOBS,
  type SiteWiseEmulator,
  startSiteWiseEmulator,
} from '../../../local/sitewise/index.js';
import {
  type Bound,
  boundModel,
  DESTINATION,
  execute,
  s3Client,
  siteWiseClient,
} from '../sitewise/support/fixtures.js';
import { expectFits80 } from './golden.js';
import { buildCli, type CliResult, PREFIX, ROOT, runCli, TABLE } from './harness.js';

const START = {
  trainingMode: 'START_RETRAINING_SCHEDULER',
  retrainingConfiguration: {
    lookbackWindow: 'P180D',
    retrainingFrequency: 'P30D',
    promotion: 'CUSTOMER_MANAGED',
  },
  modelMetricsDestination: DESTINATION,
};

async function createStateTable(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

describe('l4e-autopilot on IoT SiteWise models', () => {
  let sitewise: SiteWiseEmulator;
  let client: IoTSiteWiseClient;
  let bound: Bound;
  let env: Record<string, string>;

  const run = (...args: string[]): Promise<CliResult> => runCli(args, env);

  /** The payload of the model's newest action of one kind. */
  async function latestPayload(kind: 'training' | 'inference'): Promise<Record<string, unknown>> {
    const definition = kind === 'training' ? bound.training : bound.inference;
    const listed = await client.send(
      new ListActionsCommand({
        targetResourceType: 'COMPUTATION_MODEL',
        targetResourceId: bound.computationModelId,
      }),
    );
    const newest = listed.actionSummaries?.find((a) => a.actionDefinitionId === definition);
    const action = await client.send(new DescribeActionCommand({ actionId: newest?.actionId }));
    return JSON.parse(action.actionPayload?.stringValue ?? '{}') as Record<string, unknown>;
  }

  const schedulerLedger = (since: number) =>
    sitewise
      .ledger(since)
      .filter(
        (e) => e.resource === 'retrainingScheduler' && e.computationModelId === bound.computationModelId,
      )
      .map((e) => `${e.from}→${e.to}`);

  beforeAll(async () => {
    await buildCli();
    sitewise = await startSiteWiseEmulator({ knobs: LENIENT_SITEWISE_KNOBS });
    client = siteWiseClient(sitewise.url);
    bound = await boundModel(sitewise, client, 'cli-pump');
    await execute(client, bound, 'training', {
      trainingMode: 'TRAIN_MODEL',
      exportDataStartTime: Math.floor(sitewise.now() / 1000) - 200 * 86_400,
      exportDataEndTime: Math.floor(sitewise.now() / 1000),
      modelMetricsDestination: DESTINATION,
    });
    sitewise.advance('PT3H');
    await execute(client, bound, 'inference', { inferenceMode: 'START', dataUploadFrequency: 'PT1H' });
    await execute(client, bound, 'training', START);
    sitewise.advance('P65D');
    env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDCLITEST',
      AWS_SECRET_ACCESS_KEY: 'cli-test-secret',
      AWS_ENDPOINT_URL_IOTSITEWISE: sitewise.url,
      AWS_ENDPOINT_URL_S3: sitewise.s3.url,
      AWS_CONFIG_FILE: `${ROOT}/.tmp/no-aws-config`,
      AWS_SHARED_CREDENTIALS_FILE: `${ROOT}/.tmp/no-aws-credentials`,
      PROVIDERS: 'iot-sitewise',
    };
  });

  afterAll(async () => {
    client?.destroy();
    await sitewise?.close();
  });

  it('status lists the models of the providers PROVIDERS enables, and one model by its id', async () => {
    // Act
    const all = await run('status', '--json');
    const table = await run('status', '--no-color');
    const one = await run('status', bound.computationModelId, '--json');

    // Assess
    expect(all.stderr).toBe('');
    const models = (JSON.parse(all.stdout) as { models: Array<Record<string, unknown>> }).models;
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({
      name: bound.computationModelId,
      provider: 'iot-sitewise',
      activeVersion: 1,
      scheduler: { status: 'RUNNING', promoteMode: 'MANUAL', frequency: 'P30D', lookbackWindow: 'P180D' },
    });
    expect(table.code).toBe(0);
    expectFits80(table.stdout);
    expect(JSON.parse(one.stdout)).toEqual({ models });
  });

  it('versions lists every trained version with the active one marked', async () => {
    // Act
    const result = await run('versions', bound.computationModelId, '--json');

    // Assess
    expect(result.stderr).toBe('');
    const view = JSON.parse(result.stdout) as { activeVersion: number; versions: Array<{ version: number }> };
    expect(view.activeVersion).toBe(1);
    expect(view.versions.map((v) => v.version)).toEqual([1, 2, 3]);
  });

  it('scheduler describe, stop and start act on the SiteWise retraining scheduler', async () => {
    // Prepare
    const since = sitewise.ledger().length;

    // Act
    const described = await run('scheduler', 'describe', bound.computationModelId, '--json');
    const stopped = await run('scheduler', 'stop', bound.computationModelId);
    const afterStop = await latestPayload('training');
    const started = await run('scheduler', 'start', bound.computationModelId, '--json');
    const afterStart = await latestPayload('training');

    // Assess
    expect(JSON.parse(described.stdout)).toMatchObject({
      modelName: bound.computationModelId,
      status: 'RUNNING',
      promoteMode: 'MANUAL',
      frequency: 'P30D',
      lookbackWindow: 'P180D',
    });
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(
      new RegExp(`^stopped the retraining scheduler of ${bound.computationModelId}`),
    );
    expect(afterStop).toEqual({ trainingMode: 'STOP_RETRAINING_SCHEDULER' });
    expect(started.code).toBe(0);
    expect(afterStart).toEqual(START);
    expect(schedulerLedger(since)).toEqual(['RUNNING→STOPPED', 'STOPPED→RUNNING']);
  });

  it('activate then rollback change the version inference runs', async () => {
    // Act
    const activated = await run('activate', bound.computationModelId, '3', '--yes', '--json');
    const afterActivate = await latestPayload('inference');
    // An operator's second thoughts take a while: SiteWise orders actions by their time.
    sitewise.advance('PT10M');
    const rolledBack = await run('rollback', bound.computationModelId, '--yes', '--json');
    const afterRollback = await latestPayload('inference');

    // Assess
    expect(activated.stderr).toBe('');
    expect(JSON.parse(activated.stdout)).toMatchObject({
      changed: true,
      before: { activeVersion: 1 },
      after: { activeVersion: 3 },
    });
    expect(afterActivate).toMatchObject({ inferenceMode: 'START', targetModelVersion: 3 });
    expect(JSON.parse(rolledBack.stdout)).toMatchObject({
      changed: true,
      before: { activeVersion: 3 },
      after: { activeVersion: 1 },
    });
    expect(afterRollback).toMatchObject({ inferenceMode: 'START', targetModelVersion: 1 });
  });

  it('decisions lists what the decide use-case recorded for the SiteWise model', async () => {
    // Prepare
    const dynamo = await startLocalDynamo();
    const ssm = await startLocalSsm();
    const base = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDCLITEST', secretAccessKey: 's' } };
    const dynamoClient = new DynamoDBClient({ ...base, endpoint: dynamo.url });
    const ssmClient = new SSMClient({ ...base, endpoint: ssm.url });
    const s3 = s3Client(sitewise.s3.url);
    try {
      await createStateTable(dynamoClient);
      ssm.put(
        `${PREFIX}/policies/default`,
        JSON.stringify({ mode: 'dry-run', rules: [{ metric: 'recall', min: 0 }] }),
      );
      await decideActivation(
        {
          provider: createSiteWiseProvider(client, s3),
          store: createDecisionLog(DynamoDBDocumentClient.from(dynamoClient), { tableName: TABLE }),
          publisher: {
            publish: async (events) => ({ published: events.map((e) => e.detail.eventId), failed: [] }),
          },
          parameters: createParameterSource(ssmClient, { maxAgeSeconds: 0 }),
          logger: silentLogger,
        },
        { parameterPrefix: PREFIX, providerName: 'iot-sitewise', now: () => new Date(sitewise.now()) },
        { modelName: bound.computationModelId, modelVersion: 3, triggerEventId: 'trigger-sitewise-3' },
      );

      // Act
      const noTable = await run('decisions', bound.computationModelId);
      const listed = await runCli(['decisions', bound.computationModelId, '--json'], {
        ...env,
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
        STATE_TABLE_NAME: TABLE,
      });

      // Assess
      expect(noTable.code).toBe(2);
      expect(noTable.stderr).toBe(
        'error: decisions live in the state table: pass --table NAME or set STATE_TABLE_NAME\n',
      );
      expect(listed.stderr).toBe('');
      const view = JSON.parse(listed.stdout) as { model: string; decisions: Array<Record<string, unknown>> };
      expect(view.model).toBe(bound.computationModelId);
      expect(view.decisions).toHaveLength(1);
      expect(view.decisions[0]).toMatchObject({ version: 3, triggerEventId: 'trigger-sitewise-3' });
    } finally {
      s3.destroy();
      dynamoClient.destroy();
      ssmClient.destroy();
      await Promise.all([dynamo.close(), ssm.close()]);
    }
  });

  it('names an unknown SiteWise model and how to list the others, with exit 1', async () => {
    // Act
    const result = await run('versions', '0f0e0d0c-0b0a-4909-8807-060504030201');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: model 0f0e0d0c-0b0a-4909-8807-060504030201 not found; run `l4e-autopilot status --provider iot-sitewise` to list the models in this region\n',
    );
  });

  it('explains what SiteWise refuses: a second stop, and deleting a scheduler', async () => {
    // Prepare
    await run('scheduler', 'stop', bound.computationModelId);

    // Act
    const again = await run('scheduler', 'stop', bound.computationModelId);
    const deleted = await run('scheduler', 'delete', bound.computationModelId, '--stop-first');

    // Assess
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /^error: IoT SiteWise refused because the model is busy or in the wrong state: .+; wait for it to settle and try again\n$/,
    );
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toBe(
      `error: IoT SiteWise has no retraining scheduler to delete: ${bound.computationModelId}'s scheduler is its latest START_RETRAINING_SCHEDULER action, which stays in the action history; stop it instead (l4e-autopilot scheduler stop ${bound.computationModelId})\n`,
    );
  });

  it('refuses a --provider that contradicts the id before any call, with exit 2', async () => {
    // Act
    const result = await run(
      '--provider',
      'lookout-equipment',
      'status',
      `${bound.computationModelId}/${bound.assetId}`,
    );

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --provider lookout-equipment contradicts/);
  });
});
