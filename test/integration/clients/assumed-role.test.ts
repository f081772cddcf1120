import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleError, createAssumedRoleCredentials } from '../../../lib/clients/assumed-role.js';
import type { LocalSts } from '../../../local/aws/sts.js';
import { startLocalSts } from '../../../local/aws/sts.js';
import { useLocalAwsEnv } from '../support/env.js';

const HUB = 'arn:aws:iam::111111111111:role/hub-poll-models';
const EXTERNAL_ID = 'fleet-external-id';
const roleIn = (account: string) => `arn:aws:iam::${account}:role/l4e-autopilot-reader`;
const SPOKE_A = { roleArn: roleIn('222222222222'), externalId: EXTERNAL_ID };
const SPOKE_B = { roleArn: roleIn('333333333333'), externalId: EXTERNAL_ID };
const SPOKE_C = { roleArn: roleIn('444444444444'), externalId: EXTERNAL_ID };

describe('credentials assumed for a target', () => {
  let sts: LocalSts;
  let restoreEnv: () => void;
  let clock = Date.now();
  const now = () => clock;
  const assumeCalls = (roleArn: string) => sts.calls().filter((c) => c.roleArn === roleArn);

  beforeAll(async () => {
    sts = await startLocalSts({
      now,
      // The hub's own credentials, as useLocalAwsEnv puts them in the environment.
      identities: { AKIDLOCALTESTING: HUB },
      roles: [SPOKE_A, SPOKE_B, SPOKE_C].map((role) => ({ ...role, trustedPrincipals: [HUB] })),
    });
    restoreEnv = useLocalAwsEnv({ STS: sts.url });
  });

  afterAll(async () => {
    restoreEnv();
    await sts.close();
  });

  it('assumes each target’s role once per session, however many callers ask, and renews it before expiry', async () => {
    // Prepare
    const credentials = createAssumedRoleCredentials({ sessionName: 'hub-poller', now });
    const ask = () =>
      Promise.all([SPOKE_A, SPOKE_B, SPOKE_A, SPOKE_B].map((role) => credentials.credentialsFor(role)));

    // Act
    const [first] = await ask();
    await ask();
    clock += 54 * 60_000; // 6 minutes left of the hour: still cached
    const [stillFirst] = await ask();
    clock += 2 * 60_000; // 4 minutes left: inside the 5-minute renewal window
    const [renewed] = await ask();
    await ask();

    // Assess
    expect(assumeCalls(SPOKE_A.roleArn).map((c) => c.outcome)).toEqual(['issued', 'issued']);
    expect(assumeCalls(SPOKE_B.roleArn).map((c) => c.outcome)).toEqual(['issued', 'issued']);
    expect(assumeCalls(SPOKE_A.roleArn).map((c) => c.callerArn)).toEqual([HUB, HUB]);
    expect(stillFirst).toBe(first);
    expect(renewed?.accessKeyId).not.toBe(first?.accessKeyId);
    expect(renewed?.expiration?.getTime()).toBe(clock + 3_600_000);
  });

  it('gives SDK clients credentials that act in the target account', async () => {
    // Prepare
    const credentials = createAssumedRoleCredentials({ sessionName: 'hub-poller', now });
    const before = assumeCalls(SPOKE_C.roleArn).length;
    const inTarget = new STSClient({ maxAttempts: 1, credentials: credentials.providerFor(SPOKE_C) });

    // Act
    const identities = [];
    for (let i = 0; i < 3; i += 1) identities.push(await inTarget.send(new GetCallerIdentityCommand({})));
    inTarget.destroy();

    // Assess
    expect(identities.map((i) => i.Arn)).toEqual(
      Array(3).fill('arn:aws:sts::444444444444:assumed-role/l4e-autopilot-reader/hub-poller'),
    );
    expect(assumeCalls(SPOKE_C.roleArn).length - before).toBe(1);
  });

  it('does not cache a refusal: the next call assumes again, and the error never shows the external id', async () => {
    // Prepare
    const credentials = createAssumedRoleCredentials({ sessionName: 'hub-poller', now });
    sts.failAssumeRole(SPOKE_A.roleArn, { times: 1 });

    // Act
    const refused = await credentials.credentialsFor(SPOKE_A).catch((e: unknown) => e);
    const next = await credentials.credentialsFor(SPOKE_A);

    // Assess
    expect(refused).toBeInstanceOf(AssumeRoleError);
    expect((refused as Error).message).toBe(
      `could not assume ${SPOKE_A.roleArn}: AccessDenied: injected AccessDenied for ${SPOKE_A.roleArn}`,
    );
    expect((refused as Error).message).not.toContain(EXTERNAL_ID);
    expect(next.accessKeyId).toMatch(/^ASIA/);
  });

  it('keeps a session per external id, so a changed id is checked against the role’s trust', async () => {
    // Prepare
    const credentials = createAssumedRoleCredentials({ sessionName: 'hub-poller', now });
    await credentials.credentialsFor(SPOKE_B);

    // Act
    const wrongId = await credentials
      .credentialsFor({ roleArn: SPOKE_B.roleArn, externalId: 'other-id' })
      .catch((e: unknown) => e);

    // Assess
    expect(wrongId).toBeInstanceOf(AssumeRoleError);
    expect((wrongId as Error).message).toMatch(
      /AccessDenied: User: .* is not authorized to perform: sts:AssumeRole/,
    );
    expect((wrongId as Error).message).not.toContain('other-id');
  });
});
