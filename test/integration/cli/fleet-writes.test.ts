// `--target` on the commands that change a model, run as a user would against the L4E emulator serving
// several accounts and regions (behind a proxy that records which access key signed each call), the STS
// stand-in holding the targets' spoke roles and the local SSM holding the targets parameter: reads with
// the reader role, the activation with the activator role, one target only; scheduler changes refused.
import { join } from 'node:path';
import { DescribeModelCommand, LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type LocalSsm, startLocalSsm } from '../../../local/aws/index.js';
import { accountDirectory } from '../../../local/aws/signing-scope.js';
import { type LocalSts, startLocalSts } from '../../../local/aws/sts.js';
import { type Emulator, startEmulator } from '../../../local/emulator/index.js';
import { runningScheduler, trainedModel } from '../emulator/support/fixtures.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';
import { buildCli, type CliResult, PREFIX, ROOT, runCli } from './harness.js';

const HOME = '111111111111';
const PLANT = '222222222222';
/** A plant whose activator role trusts the hub's apply-policy role only, as infra/spoke-roles.yml deploys it. */
const LOCKED = '333333333333';
const EXTERNAL_ID = 'fleet-id-cli';
const OPERATOR = `arn:aws:iam::${HOME}:role/operator`;
const APPLY_POLICY = `arn:aws:iam::${HOME}:role/hub-apply-policy`;
const SESSION = 'l4e-autopilot-cli';
const role = (account: string, name: 'reader' | 'activator') =>
  `arn:aws:iam::${account}:role/l4e-autopilot-${name}`;

describe('the commands that change a model, on one target of a fleet', () => {
  let emulator: Emulator;
  let sts: LocalSts;
  let ssm: LocalSsm;
  let proxy: RecordingProxy;
  let env: Record<string, string>;
  let callsBefore = 0;
  let assumedBefore = 0;
  const run = (args: string[], stdin = ''): Promise<CliResult> => runCli(args, env, stdin);
  const lookout = (accessKeyId: string, region: string) =>
    new LookoutEquipmentClient({
      endpoint: emulator.url,
      region,
      maxAttempts: 1,
      credentials: { accessKeyId, secretAccessKey: 's' },
    });
  const activeVersion = async (accessKeyId: string, region: string) =>
    (await lookout(accessKeyId, region).send(new DescribeModelCommand({ ModelName: 'pump' })))
      .ActiveModelVersion;
  const newest = async (accessKeyId: string, region: string) =>
    (await lookout(accessKeyId, region).send(new DescribeModelCommand({ ModelName: 'pump' })))
      .LatestScheduledRetrainingModelVersion ?? 0;
  const l4eCalls = () => proxy.requests().slice(callsBefore);
  const assumed = () => sts.calls().slice(assumedBefore);
  const activations = () =>
    emulator
      .fleetLedger()
      .filter((e) => e.field === 'ActiveModelVersion' && e.from !== null)
      .map((e) => [e.account, e.region, e.from, e.to]);

  /** The role a session key acts as, as STS names it. */
  async function whoIs(accessKeyId: string): Promise<string> {
    const client = new STSClient({
      endpoint: sts.url,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId, secretAccessKey: 's' },
    });
    const { Arn } = await client.send(new GetCallerIdentityCommand({}));
    client.destroy();
    return Arn ?? '';
  }

  beforeAll(async () => {
    await buildCli();
    const spoke = (account: string, activatorTrusts: string) => [
      { roleArn: role(account, 'reader'), externalId: EXTERNAL_ID, trustedPrincipals: [OPERATOR] },
      { roleArn: role(account, 'activator'), externalId: EXTERNAL_ID, trustedPrincipals: [activatorTrusts] },
    ];
    sts = await startLocalSts({
      accountId: HOME,
      identities: { AKIDOPERATOR: OPERATOR },
      roles: [...spoke(PLANT, OPERATOR), ...spoke(LOCKED, APPLY_POLICY)],
    });
    emulator = await startEmulator({
      port: 0,
      accountId: HOME,
      region: 'us-east-1',
      accounts: accountDirectory({ AKIDOPERATOR: HOME, AKIDPLANT: PLANT, AKIDLOCKED: LOCKED }, sts),
    });
    proxy = await startRecordingProxy(emulator.url);
    ssm = await startLocalSsm();
    // 'pump', MANUAL, retrained, at home and in both plants in eu-west-1.
    for (const [key, region] of [
      ['AKIDOPERATOR', 'us-east-1'],
      ['AKIDPLANT', 'eu-west-1'],
      ['AKIDLOCKED', 'eu-west-1'],
    ] as const) {
      await trainedModel(lookout(key, region), emulator, 'pump');
      await runningScheduler(lookout(key, region), emulator, 'pump', { promoteMode: 'MANUAL' });
    }
    emulator.advance('P40D');
    ssm.put(
      `${PREFIX}/targets`,
      JSON.stringify([
        { account: PLANT, region: 'eu-west-1' },
        { account: LOCKED, region: 'eu-west-1' },
      ]),
    );
    env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDOPERATOR',
      AWS_SECRET_ACCESS_KEY: 'operator-secret',
      AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT: proxy.url,
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_CONFIG_FILE: join(ROOT, '.tmp', 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(ROOT, '.tmp', 'no-aws-credentials'),
      PARAMETER_PREFIX: PREFIX,
      FLEET_EXTERNAL_ID: EXTERNAL_ID,
      NO_COLOR: '1',
    };
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await Promise.all([emulator?.close(), sts?.close(), ssm?.close()]);
  });

  beforeEach(() => {
    callsBefore = proxy.requests().length;
    assumedBefore = sts.calls().length;
  });

  it('activate --target reads with the reader role and activates with the activator role, in that target only', async () => {
    // Prepare
    const version = await newest('AKIDPLANT', 'eu-west-1');
    const ledgerBefore = activations().length;

    // Act
    const result = await run([
      'activate',
      'pump',
      String(version),
      '--target',
      `${PLANT}/eu-west-1`,
      '--yes',
    ]);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual([
      `account ${PLANT}, region eu-west-1`,
      `pump is now on v${version}`,
    ]);
    expect(activations().slice(ledgerBefore)).toEqual([[PLANT, 'eu-west-1', 1, version]]);
    expect(await activeVersion('AKIDOPERATOR', 'us-east-1')).toBe(1);
    expect(await activeVersion('AKIDLOCKED', 'eu-west-1')).toBe(1);
    const calls = l4eCalls();
    expect(calls.every((c) => c.region === 'eu-west-1')).toBe(true);
    const writes = calls.filter((c) => c.operation === 'UpdateActiveModelVersion');
    expect(writes).toHaveLength(1);
    expect(await whoIs(writes[0]?.accessKeyId ?? '')).toBe(
      `arn:aws:sts::${PLANT}:assumed-role/l4e-autopilot-activator/${SESSION}`,
    );
    const readKeys = [...new Set(calls.filter((c) => c !== writes[0]).map((c) => c.accessKeyId))];
    expect(await Promise.all(readKeys.map(whoIs))).toEqual([
      `arn:aws:sts::${PLANT}:assumed-role/l4e-autopilot-reader/${SESSION}`,
    ]);
  });

  it('rollback --target --json goes back in that target, the JSON named by account and region', async () => {
    // Prepare
    const ledgerBefore = activations().length;
    const from = await activeVersion('AKIDPLANT', 'eu-west-1');

    // Act
    const result = await run(['rollback', 'pump', '--target', `${PLANT}/eu-west-1`, '--yes', '--json']);

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      account: PLANT,
      region: 'eu-west-1',
      model: 'pump',
      changed: true,
      after: { activeVersion: 1 },
    });
    expect(activations().slice(ledgerBefore)).toEqual([[PLANT, 'eu-west-1', from, 1]]);
    expect(assumed().map((c) => [c.roleArn, c.sessionName, c.outcome])).toEqual([
      [role(PLANT, 'reader'), SESSION, 'issued'],
      [role(PLANT, 'activator'), SESSION, 'issued'],
    ]);
  });

  it('fails without changing anything when the target’s activator role does not trust the caller', async () => {
    // Prepare
    const version = await newest('AKIDLOCKED', 'eu-west-1');

    // Act
    const result = await run([
      'activate',
      'pump',
      String(version),
      '--target',
      `${LOCKED}/eu-west-1`,
      '--yes',
    ]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`could not assume ${role(LOCKED, 'activator')}: AccessDenied`);
    expect(result.stderr).toContain(
      "nothing was changed (the activator role of infra/spoke-roles.yml trusts the hub's apply-policy role only: run this as a principal the target's activator role trusts)",
    );
    expect(result.stderr).not.toContain(EXTERNAL_ID);
    expect(l4eCalls().filter((c) => c.operation === 'UpdateActiveModelVersion')).toEqual([]);
    expect(await activeVersion('AKIDLOCKED', 'eu-west-1')).toBe(1);
  });

  it.each([
    [['activate', 'pump', '2', '--all-targets', '--yes'], 'activate'],
    [['rollback', 'pump', '--all-targets', '--yes'], 'rollback'],
  ])('refuses %j: a change reaches one target at a time (exit 2, nothing called)', async (args, name) => {
    // Act
    const result = await run(args);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: ${name} changes one model in one target: pass --target ACCOUNT/REGION; --all-targets is for the read commands\n`,
    );
    expect(l4eCalls()).toEqual([]);
    expect(assumed()).toEqual([]);
  });

  it.each([
    ['start', ['scheduler', 'start', 'pump', '--target', `${PLANT}/eu-west-1`]],
    ['stop', ['scheduler', 'stop', 'pump', '--target', `${PLANT}/eu-west-1`]],
    ['stop', ['scheduler', 'stop', 'pump', '--all-targets']],
    ['delete', ['scheduler', 'delete', 'pump', '--target', `${PLANT}/eu-west-1`]],
  ])('refuses scheduler %s on another target, saying why (exit 2, nothing called)', async (name, args) => {
    // Act
    const result = await run(args);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: scheduler ${name} cannot reach another target: the spoke roles let the hub read models and activate versions only (infra/spoke-roles.yml), not change retraining schedulers; run it with credentials of the target's account and --region, without --target or --all-targets\n`,
    );
    expect(l4eCalls()).toEqual([]);
    expect(assumed()).toEqual([]);
  });

  it('takes the spoke role names from SPOKE_READER_ROLE_NAME and SPOKE_ACTIVATOR_ROLE_NAME', async () => {
    // Act
    const result = await runCli(['status', '--target', `${PLANT}/eu-west-1`], {
      ...env,
      SPOKE_READER_ROLE_NAME: 'ops-reader',
      SPOKE_ACTIVATOR_ROLE_NAME: 'ops-activator',
    });

    // Assess
    expect(result.code).toBe(1);
    expect(assumed().map((c) => [c.roleArn, c.outcome])).toEqual([
      [`arn:aws:iam::${PLANT}:role/ops-reader`, 'AccessDenied'],
    ]);
    expect(l4eCalls()).toEqual([]);
  });

  it('scheduler describe --target reads that target’s scheduler with its reader role', async () => {
    // Act
    const result = await run(['scheduler', 'describe', 'pump', '--target', `${PLANT}/eu-west-1`, '--json']);

    // Assess
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      targets: { account: string; region: string; status: string }[];
    };
    expect(parsed.targets.map((t) => [t.account, t.region, t.status])).toEqual([
      [PLANT, 'eu-west-1', 'RUNNING'],
    ]);
    expect(assumed().map((c) => c.roleArn)).toEqual([role(PLANT, 'reader')]);
    expect(
      l4eCalls().every((c) => c.operation.startsWith('Describe') || c.operation.startsWith('List')),
    ).toBe(true);
  });
});
