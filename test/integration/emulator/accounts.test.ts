// Several accounts and regions in one emulator: the access key a request is signed with names its
// account (the STS stand-in's temporary keys included), the signing region its region; each pair has
// its own models, schedulers and ARNs, the ledger tags every entry with both, and the clock is shared.
import {
  DescribeModelCommand,
  ListModelsCommand,
  LookoutEquipmentClient,
  UpdateActiveModelVersionCommand,
} from '@aws-sdk/client-lookoutequipment';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountDirectory } from '../../../local/aws/signing-scope.js';
import { type LocalSts, startLocalSts } from '../../../local/aws/sts.js';
import { type Emulator, startEmulator } from '../../../local/emulator/index.js';
import { runningScheduler, trainedModel } from './support/fixtures.js';
import { callWire, errorType } from './support/wire.js';

const HOME = '111111111111';
const OTHER = '222222222222';
const SPOKE = '333333333333';
const SPOKE_ROLE = `arn:aws:iam::${SPOKE}:role/l4e-autopilot-reader`;

describe('the L4E emulator serves several accounts and regions', () => {
  let emulator: Emulator;
  let sts: LocalSts;
  let clock = 0;
  const client = (accessKeyId: string, region: string, sessionToken?: string) =>
    new LookoutEquipmentClient({
      endpoint: emulator.url,
      region,
      maxAttempts: 1,
      credentials: { accessKeyId, secretAccessKey: 's', ...(sessionToken ? { sessionToken } : {}) },
    });

  beforeAll(async () => {
    sts = await startLocalSts({
      accountId: HOME,
      now: () => clock,
      identities: { AKIDHOME: `arn:aws:iam::${HOME}:user/hub` },
      roles: [{ roleArn: SPOKE_ROLE, externalId: 'fleet-id' }],
    });
    emulator = await startEmulator({
      port: 0,
      accountId: HOME,
      region: 'us-east-1',
      accounts: accountDirectory({ AKIDHOME: HOME, AKIDOTHER: OTHER }, sts),
    });
    clock = emulator.now();
  });

  afterAll(async () => {
    await emulator?.close();
    await sts?.close();
  });

  it('keeps the same model name apart in two accounts and two regions: describe, list, activate, ledger', async () => {
    // Prepare: a session in the spoke account from the STS stand-in, and one client per account and region.
    const stsClient = new STSClient({
      endpoint: sts.url,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDHOME', secretAccessKey: 's' },
    });
    const { Credentials } = await stsClient.send(
      new AssumeRoleCommand({ RoleArn: SPOKE_ROLE, RoleSessionName: 'hub', ExternalId: 'fleet-id' }),
    );
    const scopes = [
      { account: HOME, region: 'us-east-1', client: client('AKIDHOME', 'us-east-1') },
      { account: HOME, region: 'eu-west-1', client: client('AKIDHOME', 'eu-west-1') },
      { account: OTHER, region: 'us-east-1', client: client('AKIDOTHER', 'us-east-1') },
      {
        account: SPOKE,
        region: 'ap-southeast-2',
        client: client(Credentials?.AccessKeyId ?? '', 'ap-southeast-2', Credentials?.SessionToken),
      },
    ];

    // Act: 'pump' everywhere; only the other account's gets a retraining scheduler and a second version.
    for (const s of scopes) await trainedModel(s.client, emulator, 'pump');
    const other = scopes[2]?.client ?? client('AKIDOTHER', 'us-east-1');
    await runningScheduler(other, emulator, 'pump', { promoteMode: 'MANUAL', frequency: 'P30D' });
    emulator.advance('P40D');
    await other.send(new UpdateActiveModelVersionCommand({ ModelName: 'pump', ModelVersion: 2 }));
    const described = await Promise.all(
      scopes.map((s) => s.client.send(new DescribeModelCommand({ ModelName: 'pump' }))),
    );
    const listed = await Promise.all(scopes.map((s) => s.client.send(new ListModelsCommand({}))));

    // Assess
    const arns = described.map((d) => d.ModelArn ?? '');
    expect(new Set(arns).size).toBe(4);
    scopes.forEach((s, i) => {
      expect(arns[i]).toMatch(new RegExp(`^arn:aws:lookoutequipment:${s.region}:${s.account}:model/pump/`));
      expect(listed[i]?.ModelSummaries?.map((m) => m.ModelArn)).toEqual([arns[i]]);
    });
    expect(described.map((d) => d.ActiveModelVersion)).toEqual([1, 1, 2, 1]);
    expect(described.map((d) => d.RetrainingSchedulerStatus ?? null)).toEqual([null, null, 'RUNNING', null]);
    const fleet = emulator.fleetLedger();
    const created = fleet.filter((e) => e.resource === 'model' && e.field === 'Status' && e.from === null);
    expect(created.map((e) => `${e.account}/${e.region}`).sort()).toEqual(
      scopes.map((s) => `${s.account}/${s.region}`).sort(),
    );
    const activations = fleet.filter((e) => e.field === 'ActiveModelVersion' && e.from !== null);
    expect(activations.map((e) => [e.account, e.region, e.to])).toEqual([[OTHER, 'us-east-1', 2]]);
    // One scope's ledger is the fleet ledger's entries of that account and region, untagged.
    const ofOther = emulator.ledgerOf({ account: OTHER, region: 'us-east-1' });
    expect(ofOther.map((e) => e.seq)).toEqual(
      fleet.filter((e) => e.account === OTHER && e.region === 'us-east-1').map((e) => e.seq),
    );
    expect(ofOther.some((e) => e.field === 'ActiveModelVersion' && e.to === 2)).toBe(true);
    // The plain ledger stays the home account and region's, as before.
    expect(
      emulator.ledger().filter((e) => e.resource === 'model' && e.field === 'Status' && e.from === null),
    ).toHaveLength(1);
    expect(fleet.every((e, i) => i === 0 || (fleet[i - 1]?.at ?? '') <= e.at)).toBe(true);
  });

  it('refuses a key nobody issued with UnrecognizedClientException', async () => {
    // Act
    const unknown = client('AKIDNOBODY', 'us-east-1').send(new ListModelsCommand({}));

    // Assess
    await expect(unknown).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('serves an unsigned request from the home account and region', async () => {
    // Act
    const wire = await callWire(emulator.url, 'ListModels', {});

    // Assess
    expect(wire.status).toBe(200);
    const summaries = wire.body.ModelSummaries as Array<{ ModelArn: string }>;
    expect(summaries.map((m) => m.ModelArn.split(':').slice(3, 5))).toEqual([['us-east-1', HOME]]);
    expect(errorType(wire)).toBe('');
  });
});
