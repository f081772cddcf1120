import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSts } from '../../../local/aws/sts.js';
import { startLocalSts } from '../../../local/aws/sts.js';
import { useLocalAwsEnv } from '../support/env.js';

const HUB_POLLER = 'arn:aws:iam::111111111111:role/hub-poll-models';
const HUB_APPLY = 'arn:aws:iam::111111111111:role/hub-apply-policy';
const READER = 'arn:aws:iam::222222222222:role/l4e-autopilot-reader';
const ACTIVATOR = 'arn:aws:iam::222222222222:role/l4e-autopilot-activator';
const EXTERNAL_ID = 'fleet-external-id';

describe('local STS over the SDK', () => {
  let sts: LocalSts;
  let restoreEnv: () => void;
  let clock = Date.now();
  const poller = () =>
    new STSClient({ maxAttempts: 1, credentials: { accessKeyId: 'AKIDPOLLER', secretAccessKey: 's' } });

  beforeAll(async () => {
    sts = await startLocalSts({
      accountId: '111111111111',
      now: () => clock,
      identities: { AKIDPOLLER: HUB_POLLER, AKIDAPPLY: HUB_APPLY },
      roles: [
        { roleArn: READER, externalId: EXTERNAL_ID, trustedPrincipals: [HUB_POLLER, HUB_APPLY] },
        {
          roleArn: ACTIVATOR,
          externalId: EXTERNAL_ID,
          trustedPrincipals: [HUB_APPLY],
          maxSessionDurationSeconds: 7200,
        },
      ],
    });
    restoreEnv = useLocalAwsEnv({ STS: sts.url });
  });

  afterAll(async () => {
    restoreEnv();
    await sts.close();
  });

  it('issues temporary credentials with an expiry that act as the assumed role until they expire', async () => {
    // Prepare
    const client = poller();
    const issuedAt = clock;

    // Act
    const assumed = await client.send(
      new AssumeRoleCommand({
        RoleArn: READER,
        RoleSessionName: 'poller',
        ExternalId: EXTERNAL_ID,
        DurationSeconds: 900,
      }),
    );
    const asRole = new STSClient({
      maxAttempts: 1,
      credentials: {
        accessKeyId: assumed.Credentials?.AccessKeyId ?? '',
        secretAccessKey: assumed.Credentials?.SecretAccessKey ?? '',
        sessionToken: assumed.Credentials?.SessionToken ?? '',
      },
    });
    const identity = await asRole.send(new GetCallerIdentityCommand({}));
    clock += 900_000;
    const late = await asRole.send(new GetCallerIdentityCommand({})).catch((e: unknown) => e);
    client.destroy();
    asRole.destroy();

    // Assess
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(assumed.Credentials?.Expiration?.getTime()).toBe(issuedAt + 900_000);
    expect(assumed.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::222222222222:assumed-role/l4e-autopilot-reader/poller',
    );
    expect(identity).toMatchObject({ Account: '222222222222', Arn: assumed.AssumedRoleUser?.Arn });
    expect(late).toMatchObject({ name: 'ExpiredToken', $metadata: { httpStatusCode: 403 } });
  });

  it.each([
    ['a role it does not know', 'arn:aws:iam::222222222222:role/other', EXTERNAL_ID],
    ['a wrong external id', READER, 'guessed-id'],
    ['no external id', READER, undefined],
    ['a role that does not trust the caller (activator trusts apply-policy only)', ACTIVATOR, EXTERNAL_ID],
  ])('refuses %s with AccessDenied, naming the caller and the role', async (_, roleArn, externalId) => {
    // Prepare
    const client = poller();

    // Act
    const error = await client
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'poller', ExternalId: externalId }))
      .catch((e: unknown) => e);
    client.destroy();

    // Assess
    expect(error).toMatchObject({
      name: 'AccessDenied',
      message: `User: ${HUB_POLLER} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      $metadata: { httpStatusCode: 403 },
    });
    expect(sts.calls().at(-1)).toMatchObject({ roleArn, callerArn: HUB_POLLER, outcome: 'AccessDenied' });
  });

  it('lets the trusted caller assume the activator, up to the role’s session limit', async () => {
    // Prepare
    const client = new STSClient({
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDAPPLY', secretAccessKey: 's' },
    });
    const assume = (DurationSeconds: number) =>
      client.send(
        new AssumeRoleCommand({
          RoleArn: ACTIVATOR,
          RoleSessionName: 'apply',
          ExternalId: EXTERNAL_ID,
          DurationSeconds,
        }),
      );

    // Act
    const ok = await assume(7200);
    const tooLong = await assume(7201).catch((e: unknown) => e);
    const tooShort = await assume(899).catch((e: unknown) => e);
    client.destroy();

    // Assess
    expect(ok.Credentials?.Expiration?.getTime()).toBe(clock + 7_200_000);
    expect(tooLong).toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/MaxSessionDuration/),
    });
    expect(tooShort).toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/durationSeconds/),
    });
  });

  it('fails a role for a while when told to, then issues again', async () => {
    // Prepare
    const client = poller();
    sts.failAssumeRole(READER, { code: 'RegionDisabledException', forMs: 60_000 });
    const assume = () =>
      client.send(
        new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'poller', ExternalId: EXTERNAL_ID }),
      );

    // Act
    const during = await assume().catch((e: unknown) => e);
    clock += 60_000;
    const after = await assume();
    client.destroy();

    // Assess
    expect(during).toMatchObject({ name: 'RegionDisabledException', $metadata: { httpStatusCode: 400 } });
    expect(after.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it('fails a role in windows set ahead on its clock, each in turn, and issues between them', async () => {
    // Prepare: two outages of the reader, one starting in an hour and one in three.
    const client = poller();
    const start = clock;
    sts.failAssumeRole(READER, { from: start + 3_600_000, forMs: 1_800_000 });
    sts.failAssumeRole(READER, { from: start + 10_800_000, forMs: 600_000 });
    const outcomeAt = async (offsetMs: number) => {
      clock = start + offsetMs;
      return client
        .send(new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'poller', ExternalId: EXTERNAL_ID }))
        .then(
          () => 'issued',
          (error: unknown) => (error as Error).name,
        );
    };

    // Act
    const outcomes = [];
    for (const offset of [0, 3_600_000, 5_399_000, 5_400_000, 10_800_000, 11_400_000]) {
      outcomes.push(await outcomeAt(offset));
    }
    client.destroy();

    // Assess
    expect(outcomes).toEqual(['issued', 'AccessDenied', 'AccessDenied', 'issued', 'AccessDenied', 'issued']);
  });

  it('refuses a malformed session name and a missing role ARN with ValidationError', async () => {
    // Prepare
    const client = poller();

    // Act
    const badName = await client
      .send(new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'has space', ExternalId: EXTERNAL_ID }))
      .catch((e: unknown) => e);
    const noRole = await client
      .send(new AssumeRoleCommand({ RoleArn: '', RoleSessionName: 'poller' }))
      .catch((e: unknown) => e);
    client.destroy();

    // Assess
    expect(badName).toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/roleSessionName/),
    });
    expect(noRole).toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/'roleArn'/) });
  });
});
