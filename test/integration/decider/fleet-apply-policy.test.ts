// apply-policy across a fleet: the deployed handler module (functions/apply-policy.ts) with its own
// clients, against the L4E emulator serving several accounts and regions (behind a proxy that records
// which access key signed each call), the STS stand-in holding each spoke's reader and activator roles,
// and the local SSM, DynamoDB and bus. A trigger for a model in a spoke is read with the spoke's reader
// role and activated with its activator role, in the model's region; one for any other account or region
// is refused without a call to L4E.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DescribeModelCommand, LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFleetRegistry } from '../../../lib/adapters/state-fleet.js';
import type { ActivationDecisionDetail } from '../../../lib/core/events.js';
import { readFleetConfig } from '../../../lib/fleet/fleet-config.js';
import { loadTargets } from '../../../lib/fleet/load-targets.js';
import { reconcileFleet } from '../../../lib/fleet/registry.js';
import { silentLogger } from '../../../lib/logger.js';
import { accountDirectory } from '../../../local/aws/signing-scope.js';
import { type LocalSts, startLocalSts } from '../../../local/aws/sts.js';
import { runningScheduler, trainedModel } from '../emulator/support/fixtures.js';
import { useLocalAwsEnv } from '../support/env.js';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.js';
import { BUS_NAME, PARAMETER_PREFIX, startTestStack, type TestStack } from '../support/stack.js';

const HOME = '111111111111';
const PLANT_A = '222222222222';
const PLANT_B = '333333333333';
const STRANGER = '444444444444';
const EXTERNAL_ID = 'fleet-external-id-7f3a';
const HUB_ROLE = `arn:aws:iam::${HOME}:role/hub-apply-policy`;
const role = (account: string, name: 'reader' | 'activator') =>
  `arn:aws:iam::${account}:role/l4e-autopilot-${name}`;
const PASSING = JSON.stringify({
  mode: 'enforce',
  rules: [{ metric: 'recall', min: 0 }],
  onMissingMetric: 'ignore',
});
const RUN_SUCCESS = JSON.parse(
  readFileSync(new URL('../../../events/run-success.json', import.meta.url), 'utf8'),
) as Record<string, unknown> & { detail: Record<string, unknown> };

let stack: TestStack;
let sts: LocalSts;
let proxy: RecordingProxy;
let restoreEnv: () => void;
let applyPolicy: (event: unknown) => Promise<ActivationDecisionDetail>;
/** The ARN of 'pump' in each account and region, and its newest retrained version. */
const arns = new Map<string, string>();
const newest = new Map<string, number>();

const lookout = (accessKeyId: string, region: string) =>
  new LookoutEquipmentClient({
    endpoint: stack.emulator.url,
    region,
    maxAttempts: 1,
    credentials: { accessKeyId, secretAccessKey: 's' },
  });

/** 'pump', MANUAL, retrained once (v2) in the account the key names, in `region`. */
async function manualPump(accessKeyId: string, account: string, region: string): Promise<void> {
  const client = lookout(accessKeyId, region);
  arns.set(`${account}/${region}`, await trainedModel(client, stack.emulator, 'pump'));
  await runningScheduler(client, stack.emulator, 'pump', { promoteMode: 'MANUAL', frequency: 'P30D' });
}

/** The watcher's SUCCESS event for the newest version of a model, as EventBridge delivers it; `claims` overrides its detail. */
function trigger(modelArn: string, claims: Record<string, string> = {}): Record<string, unknown> {
  const [, , , region = '', account = ''] = modelArn.split(':');
  const version = newest.get(`${account}/${region}`) ?? 2;
  const versionArn = `${modelArn}/model-version/${version}`;
  return {
    ...RUN_SUCCESS,
    account,
    region,
    resources: [modelArn, versionArn],
    detail: {
      ...RUN_SUCCESS.detail,
      eventId: randomUUID(),
      modelName: 'pump',
      modelArn,
      modelVersion: version,
      modelVersionArn: versionArn,
      account,
      region,
      ...claims,
    },
  };
}

const activations = () =>
  stack.emulator
    .fleetLedger()
    .filter((e) => e.field === 'ActiveModelVersion' && e.from !== null)
    .map((e) => [e.account, e.region, e.to]);

beforeAll(async () => {
  sts = await startLocalSts({
    accountId: HOME,
    identities: { AKIDLOCALTESTING: HUB_ROLE },
    roles: [PLANT_A, PLANT_B].flatMap((account) =>
      (['reader', 'activator'] as const).map((name) => ({
        roleArn: role(account, name),
        externalId: EXTERNAL_ID,
        trustedPrincipals: [HUB_ROLE],
      })),
    ),
  });
  stack = await startTestStack({
    accountId: HOME,
    region: 'us-east-1',
    accounts: accountDirectory({ AKIDLOCALTESTING: HOME, AKIDPLANTA: PLANT_A, AKIDPLANTB: PLANT_B }, sts),
  });
  proxy = await startRecordingProxy(stack.emulator.url);
  restoreEnv = useLocalAwsEnv({
    LOOKOUTEQUIPMENT: proxy.url,
    DYNAMODB: stack.dynamo.url,
    SSM: stack.ssm.url,
    EVENTBRIDGE: stack.bus.url,
    STS: sts.url,
  });
  Object.assign(process.env, {
    PROVIDERS: 'lookout-equipment',
    STATE_TABLE_NAME: stack.tableName,
    EVENT_BUS_NAME: BUS_NAME,
    PARAMETER_PREFIX,
    HUB_ACCOUNT_ID: HOME,
    FLEET_EXTERNAL_ID: EXTERNAL_ID,
    ACTIVATION_RETRY_DELAY_MS: '1',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  // The same model name at home, in both plants in eu-west-1, and in plant B in us-east-1 too.
  await manualPump('AKIDLOCALTESTING', HOME, 'us-east-1');
  await manualPump('AKIDPLANTA', PLANT_A, 'eu-west-1');
  await manualPump('AKIDPLANTB', PLANT_B, 'eu-west-1');
  await manualPump('AKIDPLANTB', PLANT_B, 'us-east-1');
  stack.emulator.advance('P40D');
  for (const [key, accessKeyId] of [
    [`${HOME}/us-east-1`, 'AKIDLOCALTESTING'],
    [`${PLANT_B}/eu-west-1`, 'AKIDPLANTB'],
  ] as const) {
    const region = key.split('/')[1] ?? '';
    const model = await lookout(accessKeyId, region).send(new DescribeModelCommand({ ModelName: 'pump' }));
    newest.set(key, model.LatestScheduledRetrainingModelVersion ?? 0);
  }
  stack.ssm.put(`${PARAMETER_PREFIX}/policies/default`, PASSING);
  stack.ssm.put(
    `${PARAMETER_PREFIX}/targets`,
    JSON.stringify([
      { account: PLANT_A, region: 'eu-west-1' },
      { account: PLANT_B, region: 'eu-west-1' },
    ]),
  );
  // The dispatcher's work: the fleet registry holds each target as resolved from the parameter.
  const fleet = readFleetConfig();
  const targets = await loadTargets({ get: async (name) => stack.ssm.get(name) }, fleet);
  await reconcileFleet(
    createFleetRegistry(stack.documentClient, { tableName: stack.tableName }),
    targets.filter((target) => target.key !== `${HOME}/us-east-1`),
    { now: new Date(), graceMs: 0, logger: silentLogger },
  );
  ({ applyPolicy } = await import('../../../functions/apply-policy.js'));
}, 60_000);

afterAll(async () => {
  restoreEnv?.();
  for (const name of [
    'PROVIDERS',
    'STATE_TABLE_NAME',
    'EVENT_BUS_NAME',
    'PARAMETER_PREFIX',
    'HUB_ACCOUNT_ID',
  ]) {
    delete process.env[name];
  }
  delete process.env.FLEET_EXTERNAL_ID;
  await proxy?.close();
  await stack?.close();
  await sts?.close();
});

let requestsBefore = 0;
let stsCallsBefore = 0;
beforeEach(() => {
  requestsBefore = proxy.requests().length;
  stsCallsBefore = sts.calls().length;
});
const l4eCalls = () => proxy.requests().slice(requestsBefore);
const stsCalls = () => sts.calls().slice(stsCallsBefore);

/** The role a session key acts as, as STS names it (`assumed-role/<role>/<session>`), or the key's user. */
async function whoIs(accessKeyId: string): Promise<string> {
  const client = new STSClient({
    endpoint: sts.url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId, secretAccessKey: 's' },
  });
  const { Arn } = await client.send(new GetCallerIdentityCommand({}));
  client.destroy();
  return Arn ?? '';
}

describe('apply-policy across the targets of a fleet', () => {
  it('refuses a trigger for an account that is not a target: no L4E call, a FAILED decision naming the account and region', async () => {
    // Prepare
    const modelArn = `arn:aws:lookoutequipment:eu-west-1:${STRANGER}:model/pump/0d6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b`;

    // Act
    const decision = await applyPolicy(trigger(modelArn));

    // Assess
    expect(decision.outcome).toBe('FAILED');
    expect(decision.reasons).toEqual([
      `account ${STRANGER}, region eu-west-1 is not a target of the fleet (${PARAMETER_PREFIX}/targets, as the dispatcher last resolved it); nothing was read or activated`,
    ]);
    expect(l4eCalls()).toEqual([]);
    expect(stsCalls()).toEqual([]);
    expect(activations()).toEqual([]);
    const recorded = await stack.decisions.listDecisions(modelArn);
    expect(recorded.map((r) => [r.detail.outcome, r.status, r.published])).toEqual([
      ['FAILED', 'COMPLETE', true],
    ]);
    const published = stack.bus
      .accepted()
      .filter((e) => (e.detail as { modelArn?: string }).modelArn === modelArn);
    expect(published.map((e) => e['detail-type'])).toEqual(['Model Version Activation Decision']);
    expect(JSON.stringify(published)).not.toContain(EXTERNAL_ID);
  });

  it('refuses a forged trigger whose account is a target but whose model ARN is not, and one for a target’s account in another region', async () => {
    // Prepare
    const stranger = `arn:aws:lookoutequipment:eu-west-1:${STRANGER}:model/pump/1d6f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b`;
    const otherRegion = arns.get(`${PLANT_B}/us-east-1`) ?? '';

    // Act
    const forged = await applyPolicy(trigger(stranger, { account: PLANT_B }));
    const unlisted = await applyPolicy(trigger(otherRegion));

    // Assess
    expect(forged.outcome).toBe('FAILED');
    expect(forged.reasons).toEqual([
      `the trigger says account ${PLANT_B}, region eu-west-1, but its model ARN is in account ${STRANGER}, region eu-west-1; nothing was read or activated`,
    ]);
    expect(unlisted.outcome).toBe('FAILED');
    expect(unlisted.reasons).toEqual([
      `account ${PLANT_B}, region us-east-1 is not a target of the fleet (${PARAMETER_PREFIX}/targets, as the dispatcher last resolved it); nothing was read or activated`,
    ]);
    expect(l4eCalls()).toEqual([]);
    expect(activations()).toEqual([]);
  });

  it('activates a trigger for plant B in plant B’s account and region only, reading with its reader role and activating with its activator role', async () => {
    // Prepare
    const modelArn = arns.get(`${PLANT_B}/eu-west-1`) ?? '';

    // Act
    const decision = await applyPolicy(trigger(modelArn));

    // Assess: activated there, and nowhere else.
    const version = newest.get(`${PLANT_B}/eu-west-1`);
    expect(decision).toMatchObject({
      outcome: 'ACTIVATED',
      modelArn,
      activeVersion: version,
      account: PLANT_B,
    });
    expect(activations()).toEqual([[PLANT_B, 'eu-west-1', version]]);
    const plantA = await lookout('AKIDPLANTA', 'eu-west-1').send(
      new DescribeModelCommand({ ModelName: 'pump' }),
    );
    expect(plantA.ActiveModelVersion).toBe(1);
    // Every call in eu-west-1, UpdateActiveModelVersion alone with the activator's session, the rest with the reader's.
    const calls = l4eCalls();
    expect(calls.every((c) => c.region === 'eu-west-1')).toBe(true);
    const writes = calls.filter((c) => c.operation === 'UpdateActiveModelVersion');
    const reads = calls.filter((c) => c.operation !== 'UpdateActiveModelVersion');
    expect(writes).toHaveLength(1);
    expect(reads.length).toBeGreaterThan(0);
    const session = 'l4e-autopilot-apply-policy';
    expect(await whoIs(writes[0]?.accessKeyId ?? '')).toBe(
      `arn:aws:sts::${PLANT_B}:assumed-role/l4e-autopilot-activator/${session}`,
    );
    const readers = new Set(await Promise.all([...new Set(reads.map((c) => c.accessKeyId))].map(whoIs)));
    expect([...readers]).toEqual([`arn:aws:sts::${PLANT_B}:assumed-role/l4e-autopilot-reader/${session}`]);
    expect(stsCalls().map((c) => [c.roleArn, c.sessionName, c.callerArn, c.outcome])).toEqual([
      [role(PLANT_B, 'reader'), session, HUB_ROLE, 'issued'],
      [role(PLANT_B, 'activator'), session, HUB_ROLE, 'issued'],
    ]);
  });

  it('decides a home trigger as before: the function’s own credentials, no role assumed', async () => {
    // Prepare
    const modelArn = arns.get(`${HOME}/us-east-1`) ?? '';

    // Act
    const decision = await applyPolicy(trigger(modelArn));

    // Assess
    const version = newest.get(`${HOME}/us-east-1`);
    expect(decision).toMatchObject({ outcome: 'ACTIVATED', modelArn, activeVersion: version, account: HOME });
    expect(activations()).toContainEqual([HOME, 'us-east-1', version]);
    expect(new Set(l4eCalls().map((c) => c.accessKeyId))).toEqual(new Set(['AKIDLOCALTESTING']));
    expect(stsCalls()).toEqual([]);
  });
});
