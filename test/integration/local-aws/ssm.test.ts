import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import {
  DeleteParameterCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParametersCommand,
  PutParameterCommand,
  paginateGetParametersByPath,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSsm } from '../../../local/aws/ssm.js';
import { startLocalSsm } from '../../../local/aws/ssm.js';
import { useLocalAwsEnv } from '../support/env.js';

const PREFIX = '/l4e-autopilot/local';

describe('local SSM Parameter Store over the SDK', () => {
  let ssm: LocalSsm;
  let client: SSMClient;
  let restoreEnv: () => void;

  beforeAll(async () => {
    ssm = await startLocalSsm();
    restoreEnv = useLocalAwsEnv({ SSM: ssm.url });
    client = new SSMClient({ maxAttempts: 1 });
  });

  afterAll(async () => {
    client.destroy();
    await ssm.close();
    restoreEnv();
  });

  it('returns a SecureString as opaque ciphertext without decryption and as plaintext with it', async () => {
    // Prepare
    const name = `${PREFIX}/slack/webhook-url`;
    const secret = 'https://hooks.slack.com/services/T000/B000/XXXXSECRET';
    await client.send(new PutParameterCommand({ Name: name, Value: secret, Type: 'SecureString' }));

    // Act
    const sealed = await client.send(new GetParameterCommand({ Name: name }));
    const opened = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    const batch = await client.send(new GetParametersCommand({ Names: [name, `${PREFIX}/missing`] }));

    // Assess
    expect(sealed.Parameter?.Value).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(sealed.Parameter?.Value).not.toContain('SECRET');
    expect(Buffer.from(sealed.Parameter?.Value ?? '', 'base64').toString('latin1')).not.toContain('SECRET');
    expect(opened.Parameter).toEqual({
      Name: name,
      Type: 'SecureString',
      Value: secret,
      Version: 1,
      LastModifiedDate: expect.any(Date),
      ARN: `arn:aws:ssm:us-east-1:123456789012:parameter${name}`,
      DataType: 'text',
    });
    expect(batch.Parameters?.map((p) => p.Value)).toEqual([sealed.Parameter?.Value]);
    expect(batch.InvalidParameters).toEqual([`${PREFIX}/missing`]);
  });

  it('pages GetParametersByPath recursively and lists only direct children otherwise', async () => {
    // Prepare
    for (let i = 0; i < 23; i += 1) {
      ssm.put(`${PREFIX}/policies/models/Pump-${String(i).padStart(2, '0')}`, '{"mode":"enforce"}');
    }
    ssm.put(`${PREFIX}/policies/default`, '{"mode":"dry-run"}');
    const pageSizes: number[] = [];

    // Act
    const names: string[] = [];
    const pages = paginateGetParametersByPath(
      { client, pageSize: 10 },
      { Path: `${PREFIX}/policies`, Recursive: true, MaxResults: 10 },
    );
    for await (const page of pages) {
      pageSizes.push(page.Parameters?.length ?? 0);
      names.push(...(page.Parameters ?? []).map((p) => p.Name ?? ''));
    }
    const shallow = [];
    for await (const page of paginateGetParametersByPath({ client }, { Path: `${PREFIX}/policies` })) {
      shallow.push(...(page.Parameters ?? []).map((p) => p.Name));
    }

    // Assess
    expect(pageSizes).toEqual([10, 10, 4]);
    expect(names).toHaveLength(24);
    expect(new Set(names).size).toBe(24);
    expect(names[0]).toBe(`${PREFIX}/policies/default`);
    expect(shallow).toEqual([`${PREFIX}/policies/default`]);
  });

  it('raises ParameterNotFound for a missing parameter', async () => {
    // Act
    const get = await client
      .send(new GetParameterCommand({ Name: `${PREFIX}/nope` }))
      .catch((e: unknown) => e);
    const del = await client
      .send(new DeleteParameterCommand({ Name: `${PREFIX}/nope` }))
      .catch((e: unknown) => e);

    // Assess
    expect(get).toMatchObject({ name: 'ParameterNotFound', $metadata: { httpStatusCode: 400 } });
    expect(del).toMatchObject({ name: 'ParameterNotFound' });
  });

  it('refuses to overwrite without Overwrite and increments versions with it', async () => {
    // Prepare
    const name = `${PREFIX}/notifications`;
    await client.send(
      new PutParameterCommand({ Name: name, Value: '{"v":1}', Type: 'String', Description: 'routing' }),
    );

    // Act
    const refused = await client
      .send(new PutParameterCommand({ Name: name, Value: '{"v":2}', Type: 'String' }))
      .catch((e: unknown) => e);
    const second = await client.send(
      new PutParameterCommand({ Name: name, Value: '{"v":2}', Overwrite: true }),
    );
    const third = await client.send(
      new PutParameterCommand({ Name: name, Value: '{"v":3}', Overwrite: true }),
    );
    const latest = await client.send(new GetParameterCommand({ Name: name }));
    const first = await client.send(new GetParameterCommand({ Name: `${name}:1` }));
    const described = await client.send(
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: [name] }] }),
    );

    // Assess
    expect(refused).toMatchObject({ name: 'ParameterAlreadyExists' });
    expect([second.Version, third.Version]).toEqual([2, 3]);
    expect(latest.Parameter).toMatchObject({ Value: '{"v":3}', Version: 3, Type: 'String' });
    expect(first.Parameter).toMatchObject({ Value: '{"v":1}', Version: 1, Selector: ':1' });
    expect(described.Parameters).toEqual([
      expect.objectContaining({
        Name: name,
        Version: 3,
        Description: 'routing',
        Tier: 'Standard',
        DataType: 'text',
      }),
    ]);
    expect(ssm.get(name)).toBe('{"v":3}');
  });

  it('validates names as the service does', async () => {
    // Prepare
    const put = (name: string) =>
      client
        .send(new PutParameterCommand({ Name: name, Value: 'x', Type: 'String' }))
        .catch((e: unknown) => e);
    const deep = `/${Array.from({ length: 16 }, (_, i) => `l${i}`).join('/')}`;

    // Act
    const results = await Promise.all([
      put('aws-reserved'),
      put('relative/path'),
      put('/has space'),
      put(deep),
    ]);

    // Assess
    expect(results.map((e) => (e as Error).name)).toEqual([
      'ValidationException',
      'ValidationException',
      'ValidationException',
      'HierarchyLevelLimitExceededException',
    ]);
  });

  it('records calls so a caching client can be shown to call once', async () => {
    // Prepare
    const name = `${PREFIX}/policies/cached`;
    ssm.put(name, '{"mode":"off"}');
    const provider = new SSMProvider({ awsSdkV3Client: client });
    const before = ssm.history().length;

    // Act
    const values = [await provider.get(name, { maxAge: 60 }), await provider.get(name, { maxAge: 60 })];

    // Assess
    expect(values).toEqual(['{"mode":"off"}', '{"mode":"off"}']);
    expect(ssm.history().slice(before)).toEqual([{ op: 'GetParameter', names: [name] }]);
  });
});
