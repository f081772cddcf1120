// Several accounts and regions in one SiteWise emulator: the access key names the account (the STS
// stand-in's temporary keys included), the signing region the region; each pair has its own computation
// models, executions and ARNs, the fleet ledger tags every entry with both, and the clock is shared.
import {
  DescribeComputationModelCommand,
  IoTSiteWiseClient,
  ListComputationModelsCommand,
} from '@aws-sdk/client-iotsitewise';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountDirectory } from '../../../local/aws/signing-scope.js';
import { type LocalSts, startLocalSts } from '../../../local/aws/sts.js';
import { type SiteWiseEmulator, startSiteWiseEmulator } from '../../../local/sitewise/index.js';
import { type Bound, boundModel, DESTINATION, execute } from './support/fixtures.js';

const HOME = '111111111111';
const OTHER = '222222222222';
const SPOKE = '333333333333';
const SPOKE_ROLE = `arn:aws:iam::${SPOKE}:role/l4e-autopilot-reader`;
const START_S = Date.parse('2025-01-01T00:00:00Z') / 1000;
const TRAIN = {
  trainingMode: 'TRAIN_MODEL',
  exportDataStartTime: START_S - 200 * 86_400,
  exportDataEndTime: START_S,
  modelMetricsDestination: DESTINATION,
};

describe('the SiteWise emulator serves several accounts and regions', () => {
  let emulator: SiteWiseEmulator;
  let sts: LocalSts;
  let stsClock = Date.parse('2025-01-01T00:00:00Z');
  const client = (accessKeyId: string, region: string, sessionToken?: string) =>
    new IoTSiteWiseClient({
      endpoint: emulator.url,
      region,
      disableHostPrefix: true,
      maxAttempts: 1,
      credentials: { accessKeyId, secretAccessKey: 's', ...(sessionToken ? { sessionToken } : {}) },
    });

  beforeAll(async () => {
    sts = await startLocalSts({
      accountId: HOME,
      now: () => stsClock,
      identities: { AKIDHOME: `arn:aws:iam::${HOME}:user/hub` },
      roles: [{ roleArn: SPOKE_ROLE, externalId: 'fleet-id' }],
    });
    emulator = await startSiteWiseEmulator({
      port: 0,
      accountId: HOME,
      region: 'us-east-1',
      accounts: accountDirectory({ AKIDHOME: HOME, AKIDOTHER: OTHER }, sts),
    });
  });

  afterAll(async () => {
    await emulator?.close();
    await sts?.close();
  });

  it('keeps the same computation model name apart in two accounts and two regions: describe, list, runs, ledger', async () => {
    // Prepare
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

    // Act: 'pump-ad' everywhere; only the other account's is trained.
    const bound: Bound[] = [];
    for (const s of scopes) bound.push(await boundModel(emulator, s.client, 'pump-ad'));
    const trained = bound[2];
    if (!trained) throw new Error('no model in the other account');
    await execute(scopes[2]?.client ?? client('AKIDOTHER', 'us-east-1'), trained, 'training', TRAIN);
    emulator.advance('PT3H');
    const described = await Promise.all(
      scopes.map((s, i) =>
        s.client.send(
          new DescribeComputationModelCommand({ computationModelId: bound[i]?.computationModelId }),
        ),
      ),
    );
    const listed = await Promise.all(scopes.map((s) => s.client.send(new ListComputationModelsCommand({}))));
    const foreign = scopes[0]?.client.send(
      new DescribeComputationModelCommand({ computationModelId: trained.computationModelId }),
    );

    // Assess
    const arns = described.map((d) => d.computationModelArn ?? '');
    expect(new Set(arns).size).toBe(4);
    scopes.forEach((s, i) => {
      expect(arns[i]).toMatch(new RegExp(`^arn:aws:iotsitewise:${s.region}:${s.account}:computation-model/`));
      expect(listed[i]?.computationModelSummaries?.map((m) => m.arn)).toEqual([arns[i]]);
    });
    await expect(foreign).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const fleet = emulator.fleetLedger();
    const created = fleet.filter((e) => e.resource === 'computationModel' && e.from === null);
    expect(created.map((e) => `${e.account}/${e.region}`).sort()).toEqual(
      scopes.map((s) => `${s.account}/${s.region}`).sort(),
    );
    const runs = fleet.filter((e) => e.resource === 'execution');
    expect(runs.length).toBeGreaterThan(0);
    expect(new Set(runs.map((e) => `${e.account}/${e.region}/${e.computationModelId}`))).toEqual(
      new Set([`${OTHER}/us-east-1/${trained.computationModelId}`]),
    );
    expect(emulator.ledger().filter((e) => e.resource === 'execution')).toEqual([]);
    // Once the STS session expires, its keys name no account any more.
    stsClock += 2 * 3600 * 1000;
    await expect(scopes[3]?.client.send(new ListComputationModelsCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
  });

  it('refuses a key nobody issued with UnrecognizedClientException', async () => {
    // Act
    const unknown = client('AKIDNOBODY', 'us-east-1').send(new ListComputationModelsCommand({}));

    // Assess
    await expect(unknown).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 403 },
    });
  });
});
