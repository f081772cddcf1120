import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import {
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOrganizations } from '../../../local/aws/organizations.js';
import { startLocalOrganizations } from '../../../local/aws/organizations.js';
import { startLocalSts } from '../../../local/aws/sts.js';
import { useLocalAwsEnv } from '../support/env.js';

const MANAGEMENT = '111111111111';
const DELEGATED = '999999999999';
const MEMBER = '222222222222';
const WORKLOADS = 'ou-ab12-workload';
const PROD = 'ou-ab12-prod0001';
const run = promisify(execFile);

const ACCOUNTS = Array.from({ length: 7 }, (_, i) => `30000000000${i}`);

function findAws(): string | undefined {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore', timeout: 20_000 });
    return 'aws';
  } catch {
    return undefined;
  }
}

describe('local Organizations', () => {
  let organizations: LocalOrganizations;
  let restoreEnv: () => void;
  const clientOf = (accessKeyId: string) =>
    new OrganizationsClient({ maxAttempts: 1, credentials: { accessKeyId, secretAccessKey: 's' } });

  beforeAll(async () => {
    organizations = await startLocalOrganizations({
      managementAccount: MANAGEMENT,
      delegatedAdministrators: [DELEGATED],
      callers: { AKIDMANAGEMENT: MANAGEMENT, AKIDDELEGATED: DELEGATED, AKIDMEMBER: MEMBER },
      root: {
        accounts: [{ id: DELEGATED, name: 'hub' }],
        units: [
          {
            id: WORKLOADS,
            name: 'Workloads',
            accounts: ACCOUNTS.map((id, i) => ({ id, state: i === 2 ? 'SUSPENDED' : 'ACTIVE' })),
            units: [{ id: PROD, name: 'Prod', accounts: [{ id: MEMBER, state: 'CLOSED' }] }],
          },
        ],
      },
    });
    restoreEnv = useLocalAwsEnv({ ORGANIZATIONS: organizations.url });
  });

  afterAll(async () => {
    restoreEnv();
    await organizations.close();
  });

  describe('over the SDK', () => {
    it('pages the accounts of a unit with MaxResults and NextToken, with state, status and path', async () => {
      // Prepare
      const client = clientOf('AKIDDELEGATED');
      const list = (NextToken?: string) =>
        client.send(new ListAccountsForParentCommand({ ParentId: WORKLOADS, MaxResults: 3, NextToken }));

      // Act
      const first = await list();
      const second = await list(first.NextToken);
      const third = await list(second.NextToken);
      client.destroy();

      // Assess
      const pages = [first, second, third].map((page) => page.Accounts?.map((a) => a.Id));
      expect(pages).toEqual([ACCOUNTS.slice(0, 3), ACCOUNTS.slice(3, 6), ACCOUNTS.slice(6)]);
      expect(third.NextToken).toBeUndefined();
      expect(first.Accounts?.[2]).toMatchObject({
        Id: ACCOUNTS[2],
        Arn: `arn:aws:organizations::${MANAGEMENT}:account/o-exampleorg1/${ACCOUNTS[2]}`,
        Status: 'SUSPENDED',
        State: 'SUSPENDED',
        Paths: [`o-exampleorg1/r-ab12/${WORKLOADS}/${ACCOUNTS[2]}/`],
        JoinedMethod: 'INVITED',
      });
      expect(first.Accounts?.[0]?.JoinedTimestamp).toBeInstanceOf(Date);
    });

    it('lists the units under the root and under a unit, and reports a closed account as SUSPENDED status', async () => {
      // Prepare
      const client = clientOf('AKIDMANAGEMENT');

      // Act
      const underRoot = await client.send(
        new ListOrganizationalUnitsForParentCommand({ ParentId: 'r-ab12' }),
      );
      const underWorkloads = await client.send(
        new ListOrganizationalUnitsForParentCommand({ ParentId: WORKLOADS }),
      );
      const prod = await client.send(new ListAccountsForParentCommand({ ParentId: PROD }));
      const root = await client.send(new ListAccountsForParentCommand({ ParentId: 'r-ab12' }));
      client.destroy();

      // Assess
      expect(underRoot.OrganizationalUnits).toEqual([
        {
          Id: WORKLOADS,
          Arn: `arn:aws:organizations::${MANAGEMENT}:ou/o-exampleorg1/${WORKLOADS}`,
          Name: 'Workloads',
          Path: `o-exampleorg1/r-ab12/${WORKLOADS}/`,
        },
      ]);
      expect(underWorkloads.OrganizationalUnits?.map((u) => u.Id)).toEqual([PROD]);
      expect(prod.Accounts?.map((a) => [a.Id, a.State, a.Status])).toEqual([[MEMBER, 'CLOSED', 'SUSPENDED']]);
      expect(root.Accounts?.map((a) => a.Id)).toEqual([DELEGATED, MANAGEMENT]);
    });

    it('answers with fewer items than MaxResults asks when its pages are smaller, still with a NextToken', async () => {
      // Prepare
      const small = await startLocalOrganizations({
        callers: { AKIDMANAGEMENT: MANAGEMENT },
        pageSize: 2,
        root: { units: [{ id: WORKLOADS, accounts: ACCOUNTS.slice(0, 3).map((id) => ({ id })) }] },
      });
      const client = new OrganizationsClient({
        maxAttempts: 1,
        endpoint: small.url,
        credentials: { accessKeyId: 'AKIDMANAGEMENT', secretAccessKey: 's' },
      });

      // Act
      const first = await client.send(
        new ListAccountsForParentCommand({ ParentId: WORKLOADS, MaxResults: 20 }),
      );
      client.destroy();
      await small.close();

      // Assess
      expect(first.Accounts).toHaveLength(2);
      expect(first.NextToken).toEqual(expect.any(String));
    });

    it.each([
      [
        'a member account',
        'AKIDMEMBER',
        'AccessDeniedException',
        "You don't have permissions to access this resource.",
      ],
      [
        'an unknown key',
        'AKIDNOBODY',
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      ],
    ])('refuses %s', async (_, key, name, message) => {
      // Prepare
      const client = clientOf(key);

      // Act
      const error = await client
        .send(new ListAccountsForParentCommand({ ParentId: WORKLOADS }))
        .catch((e: unknown) => e);
      client.destroy();

      // Assess
      expect(error).toMatchObject({ name, message, $metadata: { httpStatusCode: 400 } });
      expect(organizations.calls().at(-1)).toMatchObject({ op: 'ListAccountsForParent', outcome: name });
    });

    it.each([
      [
        'MaxResults above 20',
        { ParentId: WORKLOADS, MaxResults: 21 },
        'InvalidInputException',
        'MAX_VALUE_EXCEEDED',
      ],
      [
        'a token of another listing',
        { ParentId: PROD, NextToken: 'eyJ4IjoxfQ==' },
        'InvalidInputException',
        'INVALID_NEXT_TOKEN',
      ],
      ['a malformed parent id', { ParentId: 'ou-1' }, 'InvalidInputException', 'INVALID_PATTERN'],
      ['an unknown unit', { ParentId: 'ou-ab12-missing1' }, 'ParentNotFoundException', undefined],
    ])('refuses %s', async (_, input, name, reason) => {
      // Prepare
      const client = clientOf('AKIDMANAGEMENT');

      // Act
      const error = await client.send(new ListAccountsForParentCommand(input)).catch((e: unknown) => e);
      client.destroy();

      // Assess
      expect(error).toMatchObject({ name, $metadata: { httpStatusCode: 400 } });
      expect((error as { Reason?: string }).Reason).toBe(reason);
    });

    it('reads the account of a local STS session through accountOf, until the session expires', async () => {
      // Prepare
      let clock = Date.now();
      const hubRole = `arn:aws:iam::${DELEGATED}:role/hub-dispatch-targets`;
      const sts = await startLocalSts({ now: () => clock, roles: [{ roleArn: hubRole }] });
      const viaSts = await startLocalOrganizations({
        managementAccount: MANAGEMENT,
        delegatedAdministrators: [DELEGATED],
        accountOf: (key) => sts.accountOf(key),
        root: { units: [{ id: WORKLOADS, accounts: [{ id: MEMBER }] }] },
      });
      const stsClient = new STSClient({
        maxAttempts: 1,
        endpoint: sts.url,
        credentials: { accessKeyId: 'AKIDANY', secretAccessKey: 's' },
      });
      const session = await stsClient.send(
        new AssumeRoleCommand({ RoleArn: hubRole, RoleSessionName: 'hub' }),
      );
      const client = new OrganizationsClient({
        maxAttempts: 1,
        endpoint: viaSts.url,
        credentials: {
          accessKeyId: session.Credentials?.AccessKeyId ?? '',
          secretAccessKey: session.Credentials?.SecretAccessKey ?? '',
          sessionToken: session.Credentials?.SessionToken ?? '',
        },
      });
      const list = () =>
        client.send(new ListAccountsForParentCommand({ ParentId: WORKLOADS })).catch((e: unknown) => e);

      // Act
      const during = await list();
      clock += 3_600_000;
      const after = await list();
      client.destroy();
      stsClient.destroy();
      await viaSts.close();
      await sts.close();

      // Assess
      expect((during as { Accounts?: Array<{ Id?: string }> }).Accounts?.map((a) => a.Id)).toEqual([MEMBER]);
      expect(after).toMatchObject({ name: 'UnrecognizedClientException' });
      expect(viaSts.calls().map((c) => c.account)).toEqual([DELEGATED, undefined]);
    });

    it('fails the calls it is told to, after the successful ones it is told to let through', async () => {
      // Prepare
      const client = clientOf('AKIDMANAGEMENT');
      organizations.failCalls('ListAccountsForParent', { after: 1, code: 'TooManyRequestsException' });
      const list = () =>
        client.send(new ListAccountsForParentCommand({ ParentId: PROD })).catch((e: unknown) => e);

      // Act
      const outcomes = [await list(), await list(), await list()];
      client.destroy();

      // Assess
      expect(outcomes.map((o) => (o instanceof Error ? o.name : 'ok'))).toEqual([
        'ok',
        'TooManyRequestsException',
        'ok',
      ]);
    });
  });

  const aws = findAws();
  describe.skipIf(aws === undefined)('over the AWS CLI', () => {
    const cli = (key: string, ...args: string[]) =>
      run(
        aws as string,
        [
          'organizations',
          ...args,
          '--endpoint-url',
          organizations.url,
          '--region',
          'us-east-1',
          '--output',
          'json',
        ],
        {
          env: {
            ...process.env,
            AWS_ACCESS_KEY_ID: key,
            AWS_SECRET_ACCESS_KEY: 's',
            AWS_SESSION_TOKEN: '',
            AWS_PAGER: '',
          },
          timeout: 30_000,
        },
      );

    it('pages list-accounts-for-parent to the end with --page-size, and stops at --max-results without paging', async () => {
      // Prepare
      const before = organizations.calls().length;

      // Act
      const all = JSON.parse(
        (await cli('AKIDDELEGATED', 'list-accounts-for-parent', '--parent-id', WORKLOADS, '--page-size', '3'))
          .stdout,
      );
      const calls = organizations.calls().slice(before);
      const one = JSON.parse(
        (
          await cli(
            'AKIDDELEGATED',
            'list-accounts-for-parent',
            '--parent-id',
            WORKLOADS,
            '--max-results',
            '2',
            '--no-paginate',
          )
        ).stdout,
      );

      // Assess
      expect(all.Accounts.map((a: { Id: string }) => a.Id)).toEqual(ACCOUNTS);
      expect(all.Accounts[2]).toMatchObject({ Status: 'SUSPENDED', State: 'SUSPENDED' });
      expect(calls.map((c) => [c.maxResults, c.continued, c.returned])).toEqual([
        [3, false, 3],
        [3, true, 3],
        [3, true, 1],
      ]);
      expect(one.Accounts).toHaveLength(2);
      expect(one.NextToken).toEqual(expect.any(String));
    });

    it('lists the units under the root', async () => {
      // Act
      const { stdout } = await cli(
        'AKIDMANAGEMENT',
        'list-organizational-units-for-parent',
        '--parent-id',
        'r-ab12',
      );

      // Assess
      expect(JSON.parse(stdout).OrganizationalUnits.map((u: { Id: string }) => u.Id)).toEqual([WORKLOADS]);
    });

    it('reports AccessDeniedException with its message for a member account', async () => {
      // Act
      const error = await cli('AKIDMEMBER', 'list-accounts-for-parent', '--parent-id', WORKLOADS).catch(
        (e: { stderr: string; code: number }) => e,
      );

      // Assess
      // CLI v1 exits 255 on a service error, v2 254.
      expect([254, 255]).toContain((error as { code: number }).code);
      expect((error as { stderr: string }).stderr).toContain(
        "An error occurred (AccessDeniedException) when calling the ListAccountsForParent operation: You don't have permissions to access this resource.",
      );
    });
  });
});
