// `--target` and `--all-targets` on the read commands, run as a user would against the L4E emulator serving
// several accounts and regions, the STS stand-in (behind a proxy that counts AssumeRole calls in flight) and
// the local SSM holding the targets parameter.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type LocalDynamo,
  type LocalSsm,
  startLocalDynamo,
  startLocalSsm,
} from '../../../local/aws/index.js';
import { accountDirectory } from '../../../local/aws/signing-scope.js';
import { type LocalSts, startLocalSts } from '../../../local/aws/sts.js';
import { type Emulator, startEmulator } from '../../../local/emulator/index.js';
import { trainedModel } from '../emulator/support/fixtures.js';
import { buildCli, type CliResult, PREFIX, ROOT, runCli, TABLE } from './harness.js';

const HOME = '111111111111';
const PLANT = '222222222222';
const REFUSED = '333333333333';
const EXTERNAL_ID = 'fleet-id';
const reader = (account: string) => `arn:aws:iam::${account}:role/l4e-autopilot-reader`;
/** Accounts 444444444401… with reader roles and no models, for the concurrency bound. */
const SPOKES = Array.from({ length: 6 }, (_, i) => `4444444444${String(i + 1).padStart(2, '0')}`);
const STS_DELAY_MS = 150;
/** How long an AssumeRole is held at most while fewer than the gate are in flight. */
const GATE_TIMEOUT_MS = 2000;

interface StsProxy {
  url: string;
  inFlight: number;
  maxInFlight: number;
  assumeRoles: number;
  /** AssumeRoles are held until this many are in flight (or GATE_TIMEOUT_MS), so a loaded machine still
   * shows the bound; 0 holds each for STS_DELAY_MS only. */
  gate: number;
  server: Server;
}

async function hold(proxy: StsProxy): Promise<void> {
  const until = Date.now() + GATE_TIMEOUT_MS;
  await new Promise((resolve) => setTimeout(resolve, STS_DELAY_MS));
  while (proxy.inFlight < proxy.gate && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' && name !== 'host' && name !== 'content-length') kept[name] = value;
  }
  return kept;
}

/** Forwards to the STS stand-in, holding each AssumeRole for a while and counting those in flight. */
async function startStsProxy(target: string): Promise<StsProxy> {
  const proxy: StsProxy = {
    url: '',
    inFlight: 0,
    maxInFlight: 0,
    assumeRoles: 0,
    gate: 0,
    server: createServer(),
  };
  proxy.server.on('request', async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const assume = body.includes('Action=AssumeRole');
    if (assume) {
      proxy.assumeRoles++;
      proxy.inFlight++;
      proxy.maxInFlight = Math.max(proxy.maxInFlight, proxy.inFlight);
      await hold(proxy);
    }
    try {
      const answer = await fetch(`${target}${request.url ?? '/'}`, {
        method: request.method ?? 'POST',
        headers: forwardedHeaders(request.headers),
        body,
      });
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/xml' });
      response.end(await answer.text());
    } finally {
      if (assume) proxy.inFlight--;
    }
  });
  await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
  return proxy;
}

describe('the read commands across the targets of a fleet', () => {
  let emulator: Emulator;
  let sts: LocalSts;
  let proxy: StsProxy;
  let ssm: LocalSsm;
  let dynamo: LocalDynamo;
  let env: Record<string, string>;
  const run = (args: string[]): Promise<CliResult> => runCli(args, env);
  const lookout = (accessKeyId: string, region: string) =>
    new LookoutEquipmentClient({
      endpoint: emulator.url,
      region,
      maxAttempts: 1,
      credentials: { accessKeyId, secretAccessKey: 's' },
    });
  const putTargets = (entries: unknown[]) => ssm.put(`${PREFIX}/targets`, JSON.stringify(entries));

  beforeAll(async () => {
    await buildCli();
    sts = await startLocalSts({
      accountId: HOME,
      identities: { AKIDCLITEST: `arn:aws:iam::${HOME}:user/operator` },
      roles: [PLANT, ...SPOKES].map((account) => ({ roleArn: reader(account), externalId: EXTERNAL_ID })),
    });
    proxy = await startStsProxy(sts.url);
    emulator = await startEmulator({
      port: 0,
      accountId: HOME,
      region: 'us-east-1',
      accounts: accountDirectory({ AKIDCLITEST: HOME, AKIDPLANT: PLANT }, sts),
    });
    ssm = await startLocalSsm();
    dynamo = await startLocalDynamo();
    const dynamoClient = new DynamoDBClient({
      endpoint: dynamo.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDCLITEST', secretAccessKey: 's' },
    });
    await dynamoClient.send(
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
    dynamoClient.destroy();
    // The same model name in the home account and region and in the plant's account in eu-west-1.
    await trainedModel(lookout('AKIDCLITEST', 'us-east-1'), emulator, 'pump');
    await trainedModel(lookout('AKIDPLANT', 'eu-west-1'), emulator, 'pump');
    env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDCLITEST',
      AWS_SECRET_ACCESS_KEY: 'cli-test-secret',
      AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT: emulator.url,
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_ENDPOINT_URL_STS: proxy.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
      AWS_CONFIG_FILE: join(ROOT, '.tmp', 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(ROOT, '.tmp', 'no-aws-credentials'),
      STATE_TABLE_NAME: TABLE,
      PARAMETER_PREFIX: PREFIX,
      FLEET_EXTERNAL_ID: EXTERNAL_ID,
    };
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => proxy?.server.close(resolve));
    await Promise.all([emulator?.close(), sts?.close(), ssm?.close(), dynamo?.close()]);
  });

  beforeEach(() => {
    putTargets([{ account: PLANT, region: 'eu-west-1' }]);
    proxy.maxInFlight = 0;
    proxy.assumeRoles = 0;
    proxy.gate = 0;
  });

  it('shows the same model name in two targets, each named by account and region', async () => {
    const result = await run(['status', '--all-targets', '--no-color']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const home = lines.indexOf(`account ${HOME}, region us-east-1`);
    const plant = lines.indexOf(`account ${PLANT}, region eu-west-1`);
    expect(home).toBe(0);
    expect(plant).toBeGreaterThan(home);
    expect(lines.slice(home, plant).filter((l) => l.startsWith('pump '))).toHaveLength(1);
    expect(lines.slice(plant).filter((l) => l.startsWith('pump '))).toHaveLength(1);
    expect(proxy.assumeRoles).toBe(1);
  });

  it('--all-targets --json: one entry per target with its account, region and the command’s own JSON', async () => {
    const status = await run(['status', '--all-targets', '--json']);
    const versions = await run(['versions', 'pump', '--all-targets', '--json']);

    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as {
      targets: { account: string; region: string; models: { name: string; arn: string }[] }[];
      errors: unknown[];
    };
    expect(parsed.errors).toEqual([]);
    expect(parsed.targets.map((t) => [t.account, t.region, t.models.map((m) => [m.name, m.arn])])).toEqual([
      [HOME, 'us-east-1', [['pump', expect.stringContaining(`:us-east-1:${HOME}:model/pump/`)]]],
      [PLANT, 'eu-west-1', [['pump', expect.stringContaining(`:eu-west-1:${PLANT}:model/pump/`)]]],
    ]);
    expect(versions.code).toBe(0);
    const byTarget = JSON.parse(versions.stdout) as {
      targets: { account: string; model: string; versions: { arn: string }[] }[];
    };
    expect(byTarget.targets.map((t) => [t.account, t.model, t.versions.length])).toEqual([
      [HOME, 'pump', 1],
      [PLANT, 'pump', 1],
    ]);
    expect(byTarget.targets[1]?.versions[0]?.arn).toContain(`:${PLANT}:`);
  });

  it('--target reads that one target with its reader role; the others are not called', async () => {
    const result = await run(['decisions', 'pump', '--target', `${PLANT}/eu-west-1`, '--no-color']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `account ${PLANT}, region eu-west-1\nno autopilot decisions recorded for pump\n`,
    );
    expect(proxy.assumeRoles).toBe(1);
    expect(sts.calls().at(-1)).toMatchObject({ roleArn: reader(PLANT), outcome: 'issued' });
  });

  it('lists a target whose AssumeRole is refused as an error, prints the others, exits 1', async () => {
    putTargets([
      { account: REFUSED, region: 'eu-west-1' },
      { account: PLANT, region: 'eu-west-1' },
    ]);

    const human = await run(['status', '--all-targets', '--no-color']);
    const json = await run(['report', '--all-targets', '--json']);

    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`account ${HOME}, region us-east-1`);
    expect(human.stdout).toContain(`account ${PLANT}, region eu-west-1`);
    expect(human.stdout).not.toContain(REFUSED);
    expect(human.stderr).toMatch(
      new RegExp(
        `^error: 1 of 3 targets failed:\\n- ${REFUSED}/eu-west-1: could not assume ${reader(REFUSED)}: AccessDenied: .*\\n$`,
      ),
    );
    expect(human.stderr).not.toContain(EXTERNAL_ID);
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as {
      targets: { account: string; models: { name: string }[] }[];
      errors: { account: string; region: string; error: string }[];
    };
    expect(parsed.targets.map((t) => [t.account, t.models.map((m) => m.name)])).toEqual([
      [HOME, ['pump']],
      [PLANT, ['pump']],
    ]);
    expect(parsed.errors).toEqual([
      { account: REFUSED, region: 'eu-west-1', error: expect.stringContaining('AccessDenied') },
    ]);
  });

  it('refuses --target for a target the parameter does not list, naming the known ones (exit 2)', async () => {
    const result = await run(['status', '--target', '999999999999/eu-west-1']);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `error: 999999999999/eu-west-1 is not a target of ${PREFIX}/targets; the targets are ${HOME}/us-east-1, ${PLANT}/eu-west-1\n`,
    );
    expect(proxy.assumeRoles).toBe(0);
  });

  it('without the targets parameter, --all-targets reads the home account and region only', async () => {
    const result = await run(['--prefix', '/l4e-autopilot/elsewhere', 'status', '--all-targets', '--json']);

    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { targets: { account: string; region: string }[] };
    expect(parsed.targets.map((t) => `${t.account}/${t.region}`)).toEqual([`${HOME}/us-east-1`]);
  });

  it.each([
    [['--concurrency', '2'], 2],
    [[], 4],
  ])('reads at most the bound of targets at once (%j → %i)', async (flags, bound) => {
    putTargets(SPOKES.map((account) => ({ account, region: 'eu-west-1' })));
    proxy.gate = bound;

    const result = await run(['status', '--all-targets', '--json', ...flags]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(proxy.assumeRoles).toBe(SPOKES.length);
    expect(proxy.maxInFlight).toBe(bound);
  });
});
