// The local system of a scenario with targets: the targets parameter the functions read, every target's
// models in its own account and region of the emulator, reached through the spoke roles of the local
// STS (refused during the scenario's outage), and the hub's own credentials reaching only the hub.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ListModelsCommand, LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTargets } from '../../../lib/targets.js';
import { LOCAL_EXTERNAL_ID } from '../../../local/fleet/targets.js';
import { type LocalSystem, startLocalSystem } from '../../../local/system.js';

const HUB = '123456789012';
const hubCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('the local system of scenario fleet-org', () => {
  let system: LocalSystem;

  beforeAll(async () => {
    system = await startLocalSystem({ scenario: 'fleet-org', seed: 1, logLevel: 'CRITICAL' });
  });

  afterAll(async () => {
    await system?.close();
  });

  it('writes the targets parameter the functions read: five targets besides the hub, each through its roles', async () => {
    // Prepare
    const ssm = new SSMClient({ endpoint: system.ssm.url, region: 'us-east-1', credentials: hubCredentials });

    // Act
    const { Parameter } = await ssm.send(
      new GetParameterCommand({ Name: `${system.parameterPrefix}/targets` }),
    );
    ssm.destroy();
    const targets = parseTargets(Parameter?.Value, {
      home: { account: HUB, region: 'us-east-1' },
      defaultProviders: ['lookout-equipment'],
      roleNames: { reader: 'unused', activator: 'unused' },
    });

    // Assess
    expect(targets.map((t) => t.key)).toEqual(system.fleet.targets.map((t) => t.key));
    expect(targets).toHaveLength(6);
    // The hub's own account in another region too: only the hub's own account and region need no role.
    expect(targets.filter((t) => t.readerRoleArn !== undefined).map((t) => t.key)).toEqual([
      '123456789012/eu-west-1',
      '222222222222/us-east-1',
      '222222222222/eu-west-1',
      '333333333333/us-west-2',
      '333333333333/ap-southeast-2',
    ]);
  });

  it("serves each target's models to its reader role's session, and the hub's key only the hub's", async () => {
    // Prepare
    const sts = new STSClient({
      endpoint: system.fleet.sts.url,
      region: 'us-east-1',
      credentials: hubCredentials,
    });
    const { Credentials } = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::222222222222:role/l4e-autopilot-reader',
        RoleSessionName: 'fleet-test',
        ExternalId: LOCAL_EXTERNAL_ID,
      }),
    );
    sts.destroy();
    const list = async (region: string, credentials: typeof hubCredentials & { sessionToken?: string }) => {
      const client = new LookoutEquipmentClient({
        endpoint: system.emulator.url,
        region,
        credentials,
        maxAttempts: 1,
      });
      const { ModelSummaries } = await client.send(new ListModelsCommand({}));
      client.destroy();
      return (ModelSummaries ?? [])
        .map((m) =>
          m.ModelArn?.split(':')
            .slice(3, 6)
            .join(':')
            .replace(/\/[^/]*$/, ''),
        )
        .sort();
    };
    const spoke = {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? '',
    };

    // Act
    const hubModels = await list('us-east-1', hubCredentials);
    const hubEuModels = await list('eu-west-1', hubCredentials);
    const spokeModels = await list('us-east-1', spoke);

    // Assess
    expect(hubModels).toEqual([
      `us-east-1:${HUB}:model/compressor-b`,
      `us-east-1:${HUB}:model/pump-station-a`,
    ]);
    expect(hubEuModels).toEqual([`eu-west-1:${HUB}:model/mixer-d`, `eu-west-1:${HUB}:model/pump-station-e`]);
    expect(spokeModels).toEqual([
      'us-east-1:222222222222:model/chiller-f',
      'us-east-1:222222222222:model/pump-station-a',
    ]);
  });

  it('answers the CLI pointed at it: status across every target through the spoke roles', async () => {
    // Prepare: the variables `npm start -- --follow` prints, the STS endpoint among them.
    const env = {
      ...process.env,
      ...system.env,
      PARAMETER_PREFIX: system.parameterPrefix,
      NO_COLOR: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };

    // Act: asynchronously, for the stand-ins answer from this process.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'cli/main.ts', 'status', '--all-targets'],
      { encoding: 'utf8', env, timeout: 60_000 },
    );

    // Assess
    const headers = stdout.split('\n').filter((line) => line.startsWith('account '));
    expect(headers).toEqual(system.fleet.targets.map((t) => `account ${t.account}, region ${t.region}`));
    expect(stdout.split('\n').filter((line) => line.startsWith('pump-station-a '))).toHaveLength(4);
    expect(system.env.AWS_ENDPOINT_URL_STS).toBe(system.fleet.sts.url);
  }, 90_000);

  it("refuses account 333333333333's roles during its outage on day 12, and issues them before and after", async () => {
    // Prepare
    const sts = new STSClient({
      endpoint: system.fleet.sts.url,
      region: 'us-east-1',
      credentials: hubCredentials,
    });
    const assume = () =>
      sts
        .send(
          new AssumeRoleCommand({
            RoleArn: 'arn:aws:iam::333333333333:role/l4e-autopilot-reader',
            RoleSessionName: 'fleet-test',
            ExternalId: LOCAL_EXTERNAL_ID,
          }),
        )
        .then(
          () => 'issued',
          (error: unknown) => (error as Error).name,
        );
    const start = system.now();

    // Act
    const outcomes = [await assume()];
    system.advance(12 * 86_400_000 + 3_600_000 - (system.now() - start));
    outcomes.push(await assume());
    system.advance(10 * 3_600_000);
    outcomes.push(await assume());
    sts.destroy();

    // Assess
    expect(outcomes).toEqual(['issued', 'AccessDenied', 'issued']);
  });
});
