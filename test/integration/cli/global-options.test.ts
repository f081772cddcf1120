// Global options end to end: --endpoint-url overrides only L4E, --profile supplies region and
// credentials, --table and --prefix replace their environment variables, and failures to reach a
// service or read the table are explained.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { buildCli, type CliWorld, PREFIX, startWorld, TABLE } from './harness.js';

describe('l4e-autopilot global options', () => {
  let world: CliWorld;
  let deadUrl: string;
  let configDir: string;

  beforeAll(async () => {
    await buildCli();
    world = await startWorld();
    world.emulator.advance('P40D');
    await world.seedPolicies();
    await world.decide('pump-b-regressing', 2, 'trigger-b-2');
    deadUrl = `http://127.0.0.1:${await freePort()}`;
    configDir = await mkdtemp(join(tmpdir(), 'l4e-cli-profile-'));
    await writeFile(join(configDir, 'config'), '[profile operations]\nregion = us-east-1\n');
    await writeFile(
      join(configDir, 'credentials'),
      '[operations]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n',
    );
  });

  afterAll(async () => {
    await world?.close();
    if (configDir) await rm(configDir, { recursive: true, force: true });
  });

  it('--endpoint-url replaces the L4E endpoint from the environment', async () => {
    // Act
    const viaFlag = await world.run(['--endpoint-url', world.emulator.url, 'status', '--json'], {
      env: { AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT: deadUrl },
    });

    // Assess
    expect(viaFlag.code).toBe(0);
    expect(JSON.parse(viaFlag.stdout).models).toHaveLength(7);
  });

  it('an unreachable L4E endpoint fails with exit 1 and names the address', async () => {
    // Act
    const result = await world.run(['status'], { env: { AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT: deadUrl } });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: could not reach ${deadUrl.slice('http://'.length)} (ECONNREFUSED); check --endpoint-url, the AWS_ENDPOINT_URL_* variables, the region and the network\n`,
    );
  });

  it('--profile supplies the region and credentials', async () => {
    // Prepare
    const env = {
      AWS_REGION: undefined,
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_CONFIG_FILE: join(configDir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(configDir, 'credentials'),
    };

    // Act
    const withProfile = await world.run(['--profile', 'operations', 'scheduler', 'list', '--json'], { env });
    const without = await world.run(['scheduler', 'list', '--json'], { env });

    // Assess
    expect(withProfile.code).toBe(0);
    expect(JSON.parse(withProfile.stdout).schedulers).toHaveLength(7);
    expect(without.code).toBe(2);
    expect(without.stderr).toBe('error: no AWS region configured; pass --region or set AWS_REGION\n');
  });

  it('--table and --prefix take the place of STATE_TABLE_NAME and PARAMETER_PREFIX', async () => {
    // Prepare
    const env = { STATE_TABLE_NAME: undefined, PARAMETER_PREFIX: undefined };

    // Act
    const decisions = await world.run(['--table', TABLE, 'decisions', 'pump-b-regressing', '--json'], {
      env,
    });
    const policy = await world.run(['policy', 'show', '--default', '--prefix', PREFIX, '--json'], { env });
    const defaultPrefix = await world.run(['policy', 'show', '--default'], { env });

    // Assess
    expect(JSON.parse(decisions.stdout).decisions.map((d: { version: number }) => d.version)).toEqual([2]);
    expect(JSON.parse(policy.stdout)).toMatchObject({
      source: 'default',
      parameterName: `${PREFIX}/policies/default`,
    });
    expect(defaultPrefix.stdout).toBe('no policy: /l4e-autopilot/dev/policies/default does not exist\n');
  });

  it('versions still prints every version when the state table cannot be read, and says why', async () => {
    // Act
    const result = await world.run(['versions', 'pump-b-regressing', '--table', 'no-such-table', '--json']);

    // Assess
    expect(result.code).toBe(0);
    const view = JSON.parse(result.stdout);
    expect(view.versions.length).toBeGreaterThan(1);
    expect(view.decisions.available).toBe(false);
    expect(view.decisions.reason).toMatch(/^state table no-such-table could not be read: not found: /);
  });
});
