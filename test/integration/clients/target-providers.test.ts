// A target's providers read with the reader's credentials and activate with the activator's, in the
// target's region: real SDK clients against the L4E and SiteWise emulators, behind a proxy that records
// which access key signed which call; targetAccess through the STS stand-in.
import { LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssumedRoleCredentials } from '../../../lib/clients/assumed-role.js';
import { targetAccess, targetProviderFactories } from '../../../lib/clients/target-providers.js';
import { parseTargets } from '../../../lib/targets.js';
import { accountDirectory } from '../../../local/aws/signing-scope.js';
import { type LocalSts, startLocalSts } from '../../../local/aws/sts.js';
import { type Emulator, startEmulator } from '../../../local/emulator/index.js';
import {
  LENIENT_SITEWISE_KNOBS,
  type SiteWiseEmulator,
  startSiteWiseEmulator,
} from '../../../local/sitewise/index.js';
import { runningScheduler, trainedModel } from '../emulator/support/fixtures.js';
import { boundModel, DESTINATION, execute, siteWiseClient } from '../sitewise/support/fixtures.js';
import { GOOD, INFERENCE, POOR, trainPayload } from '../sitewise/support/scenario.js';
import { useLocalAwsEnv } from '../support/env.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';

const HOME = '111111111111';
const SPOKE = '222222222222';
const EXTERNAL_ID = 'fleet-id';
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/l4e-autopilot-${name}`;

const keyOf =
  (accessKeyId: string): AwsCredentialIdentityProvider =>
  async () => ({
    accessKeyId,
    secretAccessKey: 's',
  });

describe('the providers of a fleet target', () => {
  let emulator: Emulator;
  let sitewise: SiteWiseEmulator;
  let sts: LocalSts;
  let l4eProxy: RecordingProxy;
  let siteWiseProxy: RecordingProxy;
  let restoreEnv: () => void;

  beforeAll(async () => {
    sts = await startLocalSts({
      accountId: HOME,
      identities: { AKIDLOCALTESTING: `arn:aws:iam::${HOME}:role/hub-apply-policy` },
      roles: ['reader', 'activator'].map((name) => ({ roleArn: role(SPOKE, name), externalId: EXTERNAL_ID })),
    });
    const keys = { AKIDSETUP: SPOKE, AKIDREADER: SPOKE, AKIDWRITER: SPOKE };
    emulator = await startEmulator({
      port: 0,
      accountId: HOME,
      region: 'us-east-1',
      accounts: accountDirectory(keys, sts),
    });
    sitewise = await startSiteWiseEmulator({
      port: 0,
      accountId: HOME,
      region: 'us-east-1',
      knobs: LENIENT_SITEWISE_KNOBS,
      accounts: accountDirectory({ AKIDEMULATOR: HOME, AKIDREADER: HOME, AKIDWRITER: HOME }),
    });
    l4eProxy = await startRecordingProxy(emulator.url);
    siteWiseProxy = await startRecordingProxy(sitewise.url);
    restoreEnv = useLocalAwsEnv({
      LOOKOUTEQUIPMENT: l4eProxy.url,
      IOTSITEWISE: siteWiseProxy.url,
      S3: sitewise.s3.url,
      STS: sts.url,
    });
  }, 60_000);

  afterAll(async () => {
    restoreEnv?.();
    await Promise.all([l4eProxy?.close(), siteWiseProxy?.close()]);
    await Promise.all([emulator?.close(), sitewise?.close(), sts?.close()]);
  });

  it('reads an L4E model with the reader client and activates it with the writer client only, in the target’s region', async () => {
    // Prepare: 'pump' in the spoke account in eu-west-1 with a second version, and in us-east-1 too.
    const setup = (region: string) =>
      new LookoutEquipmentClient({
        endpoint: emulator.url,
        region,
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIDSETUP', secretAccessKey: 's' },
      });
    await trainedModel(setup('us-east-1'), emulator, 'pump');
    await trainedModel(setup('eu-west-1'), emulator, 'pump');
    await runningScheduler(setup('eu-west-1'), emulator, 'pump', {
      promoteMode: 'MANUAL',
      frequency: 'P30D',
    });
    emulator.advance('P40D');
    const factories = targetProviderFactories(
      { key: `${SPOKE}/eu-west-1`, region: 'eu-west-1' },
      { reader: keyOf('AKIDREADER'), activator: keyOf('AKIDWRITER') },
    );
    const provider = factories['lookout-equipment']?.();

    // Act
    const model = await provider?.describeModel('pump');
    const versions = await provider?.listVersions('pump');
    const result = await provider?.activateVersion('pump', 2);

    // Assess
    expect(model?.arn).toMatch(new RegExp(`^arn:aws:lookoutequipment:eu-west-1:${SPOKE}:model/pump/`));
    expect(versions?.map((v) => v.version)).toContain(2);
    expect(result).toEqual({ previous: 1, current: 2 });
    const calls = l4eProxy.requests();
    expect(calls.filter((c) => c.accessKeyId === 'AKIDWRITER')).toEqual([
      { accessKeyId: 'AKIDWRITER', region: 'eu-west-1', operation: 'UpdateActiveModelVersion' },
    ]);
    const reads = calls.filter((c) => c.accessKeyId === 'AKIDREADER');
    expect(reads.map((c) => c.operation)).toEqual(['DescribeModel', 'ListModelVersions']);
    expect(reads.every((c) => c.region === 'eu-west-1')).toBe(true);
    const activations = emulator
      .fleetLedger()
      .filter((e) => e.field === 'ActiveModelVersion' && e.from !== null)
      .map((e) => [e.account, e.region, e.to]);
    expect(activations).toEqual([[SPOKE, 'eu-west-1', 2]]);
  });

  it('reads a SiteWise model with the reader client and sends activation’s ExecuteAction with the writer client only', async () => {
    // Prepare: a model trained to v1 with inference running.
    const client = siteWiseClient(sitewise.url);
    const bound = await boundModel(sitewise, client, 'press');
    sitewise.planRuns(bound.computationModelId, [{ metrics: GOOD, priorMetrics: POOR }]);
    await execute(client, bound, 'training', { ...trainPayload(), modelMetricsDestination: DESTINATION });
    sitewise.advance('PT3H');
    await execute(client, bound, 'inference', INFERENCE);
    sitewise.advance('PT10M');
    const factories = targetProviderFactories(
      { key: `${HOME}/us-east-1`, region: 'us-east-1' },
      { reader: keyOf('AKIDREADER'), activator: keyOf('AKIDWRITER') },
    );
    const provider = factories['iot-sitewise']?.();

    // Act
    const model = await provider?.describeModel(bound.computationModelId);
    await provider?.activateVersion(bound.computationModelId, 1);

    // Assess
    expect(model?.activeVersion).toBe(1);
    const calls = siteWiseProxy.requests();
    const written = calls.filter((c) => c.accessKeyId === 'AKIDWRITER');
    expect(written.map((c) => c.operation)).toEqual(['POST /actions']);
    const reads = calls.filter((c) => c.accessKeyId === 'AKIDREADER');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.some((c) => c.operation === 'POST /actions')).toBe(false);
    expect(calls.every((c) => c.accessKeyId !== 'AKIDREADER' || c.operation.startsWith('GET'))).toBe(true);
  });

  it('gives a spoke its reader role’s session for reads and its activator role’s for activation, one session each', async () => {
    // Prepare
    const [, spoke] = parseTargets(JSON.stringify([{ account: SPOKE, region: 'eu-west-1' }]), {
      home: { account: HOME, region: 'us-east-1' },
      defaultProviders: ['lookout-equipment'],
      roleNames: { reader: 'l4e-autopilot-reader', activator: 'l4e-autopilot-activator' },
      externalId: EXTERNAL_ID,
    });
    if (spoke === undefined) throw new Error('no spoke target');
    const stsClient = new STSClient({ endpoint: sts.url, region: 'us-east-1', maxAttempts: 1 });
    const assumed = createAssumedRoleCredentials({
      sts: stsClient,
      sessionName: 'l4e-autopilot-apply-policy',
    });

    // Act
    const forRead = targetAccess(spoke, assumed, 'read');
    const forActivation = targetAccess(spoke, assumed, 'activate');
    const reader = await forActivation.reader?.();
    const activator = await forActivation.activator?.();

    // Assess
    expect(forRead.activator).toBeUndefined();
    expect(forRead.reader).toBe(forActivation.reader);
    expect(sts.accountOf(reader?.accessKeyId ?? '')).toBe(SPOKE);
    expect(sts.accountOf(activator?.accessKeyId ?? '')).toBe(SPOKE);
    expect(reader?.accessKeyId).not.toBe(activator?.accessKeyId);
    expect(sts.calls().map((c) => [c.roleArn, c.sessionName, c.outcome])).toEqual([
      [role(SPOKE, 'reader'), 'l4e-autopilot-apply-policy', 'issued'],
      [role(SPOKE, 'activator'), 'l4e-autopilot-apply-policy', 'issued'],
    ]);
  });
});
