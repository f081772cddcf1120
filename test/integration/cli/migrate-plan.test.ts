// `migrate plan` end to end: it reads the L4E demo fleet with List and Describe calls only, prints in 80
// columns, and each payload it prints starts a retraining scheduler when sent to the SiteWise emulator's
// ExecuteAction, through the SDK and through the AWS CLI's `--action-payload`.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ExecuteActionCommand, type IoTSiteWiseClient } from '@aws-sdk/client-iotsitewise';
import { DeleteRetrainingSchedulerCommand, LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LENIENT_SITEWISE_KNOBS,
  type SiteWiseEmulator,
  startSiteWiseEmulator,
} from '../../../local/sitewise/index.js';
import { boundModel, siteWiseClient } from '../sitewise/support/fixtures.js';
import { expectFits80, expectGolden } from './golden.js';
import { buildCli, type CliWorld, startWorld } from './harness.js';

const run = promisify(execFile);

function awsCliPresent(): boolean {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

interface PlannedModel {
  modelName: string;
  l4e: { schedulerStatus: string | null; promoteMode: string | null; frequency: string | null };
  payload: {
    trainingMode: string;
    retrainingConfiguration: Record<string, unknown>;
    modelMetricsDestination: { bucketName: string; prefix: string };
  } | null;
  actionPayload: { stringValue: string } | null;
  notes: string[];
}

describe('l4e-autopilot migrate plan', () => {
  let world: CliWorld;
  let sitewise: SiteWiseEmulator;
  let client: IoTSiteWiseClient;
  let scratch: string;

  const plan = async (...args: string[]): Promise<PlannedModel[]> => {
    const result = await world.run(['migrate', 'plan', '--metrics-bucket', 'ad-metrics', '--json', ...args]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return (JSON.parse(result.stdout) as { models: PlannedModel[] }).models;
  };

  beforeAll(async () => {
    await buildCli();
    world = await startWorld();
    world.emulator.advance('P30D');
    // One model without a scheduler, so the plan shows what to do for it.
    const lookout = new LookoutEquipmentClient({
      region: 'us-east-1',
      endpoint: world.env.AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT,
      credentials: { accessKeyId: 'AKIDCLITEST', secretAccessKey: 'cli-test-secret' },
    });
    await lookout.send(new DeleteRetrainingSchedulerCommand({ ModelName: 'turbine-e-stopped' }));
    lookout.destroy();
    sitewise = await startSiteWiseEmulator({ knobs: LENIENT_SITEWISE_KNOBS });
    client = siteWiseClient(sitewise.url);
    scratch = await mkdtemp(join(tmpdir(), 'migrate-plan-'));
  });

  afterAll(async () => {
    client?.destroy();
    await Promise.all([world?.close(), sitewise?.close()]);
    if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
  });

  it('reads L4E with List and Describe calls only and plans every model', async () => {
    // Prepare
    world.emulator.resetStats();

    // Act
    const models = await plan();

    // Assess
    const calls = Object.keys(world.emulator.stats().calls);
    expect(calls).toContain('ListModels');
    expect(calls).toContain('DescribeRetrainingScheduler');
    expect(calls.filter((name) => !/^(List|Describe)[A-Z]/.test(name))).toEqual([]);
    expect(models).toHaveLength(7);
    const pump = models.find((m) => m.modelName === 'pump-a-improving');
    expect(pump?.payload).toMatchObject({
      trainingMode: 'START_RETRAINING_SCHEDULER',
      retrainingConfiguration: { promotion: 'CUSTOMER_MANAGED', lookbackWindow: expect.any(String) },
      modelMetricsDestination: { bucketName: 'ad-metrics', prefix: 'l4e-autopilot/pump-a-improving/' },
    });
    expect(pump?.actionPayload?.stringValue).toBe(JSON.stringify(pump?.payload));
    const managed = models.find((m) => m.modelName === 'compressor-c-managed');
    expect(managed?.payload?.retrainingConfiguration.promotion).toBe('SERVICE_MANAGED');
    const none = models.find((m) => m.modelName === 'turbine-e-stopped');
    expect(none?.payload).toBeNull();
    expect(none?.notes.join(' ')).toMatch(/no retraining scheduler in L4E: nothing to reproduce/);
  });

  it('restricts the plan to the named models and takes a prefix', async () => {
    // Prepare
    world.emulator.resetStats();

    // Act
    const models = await plan('boiler-g-late-start', '--metrics-prefix', 'fleet/a');

    // Assess
    expect(models.map((m) => m.modelName)).toEqual(['boiler-g-late-start']);
    expect(models[0]?.payload?.modelMetricsDestination.prefix).toBe('fleet/a/boiler-g-late-start/');
    expect(world.emulator.stats().calls.ListModels).toBeUndefined();
  });

  it('prints a plan that fits 80 columns, with a note wherever a value changed', async () => {
    // Act
    const result = await world.run(['migrate', 'plan', '--metrics-bucket', 'ad-metrics', '--no-color']);

    // Assess
    expect(result.code).toBe(0);
    expectFits80(result.stdout);
    await expectGolden('migrate-plan.txt', result.stdout);
  });

  it('is refused before any call without a metrics bucket, and names an unknown model', async () => {
    // Prepare
    world.emulator.resetStats();

    // Act
    const noBucket = await world.run(['migrate', 'plan']);
    const unknown = await world.run(['migrate', 'plan', 'no-such-model', '--metrics-bucket', 'ad-metrics']);

    // Assess
    expect(noBucket.code).toBe(2);
    expect(noBucket.stderr).toMatch(/^error: migrate plan needs --metrics-bucket BUCKET/);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'error: model no-such-model not found; run `l4e-autopilot status` to list the models in this region\n',
    );
    expect(Object.keys(world.emulator.stats().calls)).toEqual(['DescribeModel']);
  });

  it('prints payloads that start a SiteWise retraining scheduler through ExecuteAction', async () => {
    // Prepare
    const [planned] = await plan('pump-a-improving');
    const bound = await boundModel(sitewise, client, 'migrated-pump');
    const since = sitewise.ledger().length;

    // Act
    await client.send(
      new ExecuteActionCommand({
        targetResource: { computationModelId: bound.computationModelId },
        actionDefinitionId: bound.training,
        actionPayload: planned?.actionPayload ?? undefined,
      }),
    );

    // Assess
    const started = sitewise
      .ledger(since)
      .filter(
        (e) => e.resource === 'retrainingScheduler' && e.computationModelId === bound.computationModelId,
      );
    expect(started.map((e) => [e.from, e.to, e.cause])).toEqual([
      [null, 'RUNNING', 'START_RETRAINING_SCHEDULER'],
    ]);
  });

  it.skipIf(!awsCliPresent())(
    'prints actionPayloads that `aws iotsitewise execute-action` takes',
    async () => {
      // Prepare
      const [planned] = await plan('compressor-c-managed');
      const bound = await boundModel(sitewise, client, 'migrated-compressor');
      const file = join(scratch, 'action-payload.json');
      await writeFile(file, JSON.stringify(planned?.actionPayload));
      const since = sitewise.ledger().length;

      // Act
      await run(
        'aws',
        [
          'iotsitewise',
          'execute-action',
          '--target-resource',
          `computationModelId=${bound.computationModelId}`,
          '--action-definition-id',
          bound.training,
          '--action-payload',
          `file://${file}`,
          '--endpoint-url',
          sitewise.url,
          '--region',
          'us-east-1',
        ],
        {
          env: {
            ...process.env,
            AWS_ACCESS_KEY_ID: 'AKIDEMULATOR',
            AWS_SECRET_ACCESS_KEY: 'emulator',
            AWS_SESSION_TOKEN: '',
            AWS_PAGER: '',
            AWS_DISABLE_HOST_PREFIX_INJECTION: 'true',
          },
          timeout: 30_000,
        },
      );

      // Assess
      const started = sitewise
        .ledger(since)
        .filter(
          (e) => e.resource === 'retrainingScheduler' && e.computationModelId === bound.computationModelId,
        );
      expect(started.map((e) => e.to)).toEqual(['RUNNING']);
    },
  );
});
