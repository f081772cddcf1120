// A fleet discovered from an organizational unit, through the deployed handler modules: the dispatcher
// (functions/dispatch-targets.ts) alone reads Organizations (the local stand-in), and registers each
// discovered target as it resolved it; poll-target (functions/poll-target.ts) polls a discovered target
// read from the registry, and apply-policy (functions/apply-policy.ts) activates in it. An account moved
// out of the unit is dropped by poll-target and refused by apply-policy after the next dispatch.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DescribeModelCommand, LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFleetRegistry } from '../../../lib/adapters/state-fleet.js';
import type { ActivationDecisionDetail } from '../../../lib/core/events.js';
import { type LocalOrganizations, startLocalOrganizations } from '../../../local/aws/organizations.js';
import { accountDirectory } from '../../../local/aws/signing-scope.js';
import { type LocalSqs, startLocalSqs } from '../../../local/aws/sqs.js';
import { type LocalSts, startLocalSts } from '../../../local/aws/sts.js';
import { runningScheduler, trainedModel } from '../emulator/support/fixtures.js';
import { useLocalAwsEnv } from '../support/env.js';
import { BUS_NAME, PARAMETER_PREFIX, startTestStack, type TestStack } from '../support/stack.js';

const HOME = '111111111111';
const PLANT_A = '222222222222';
const PLANT_B = '333333333333';
const MANAGEMENT = '100000000000';
const PLANTS = 'ou-ab12-plants01';
const ELSEWHERE = 'ou-ab12-retired1';
const REGION = 'eu-west-1';
const EXTERNAL_ID = 'fleet-external-id-7f3a';
const HUB_ROLE = `arn:aws:iam::${HOME}:role/hub-fleet`;
const role = (account: string, name: 'reader' | 'activator') =>
  `arn:aws:iam::${account}:role/l4e-autopilot-${name}`;
const RUN_SUCCESS = JSON.parse(
  readFileSync(new URL('../../../events/run-success.json', import.meta.url), 'utf8'),
) as Record<string, unknown> & { detail: Record<string, unknown> };
const ENV = {
  PROVIDERS: 'lookout-equipment',
  EVENT_BUS_NAME: BUS_NAME,
  PARAMETER_PREFIX,
  HUB_ACCOUNT_ID: HOME,
  FLEET_EXTERNAL_ID: EXTERNAL_ID,
  ACTIVATION_RETRY_DELAY_MS: '1',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
};

let stack: TestStack;
let sts: LocalSts;
let sqs: LocalSqs;
let organizations: LocalOrganizations;
let restoreEnv: () => void;
let queueUrl: string;
let dispatch: () => Promise<unknown>;
let pollTargetRecords: (event: SQSEvent) => Promise<SQSBatchResponse>;
let applyPolicy: (event: unknown) => Promise<ActivationDecisionDetail>;
const arns = new Map<string, string>();

const lookout = (accessKeyId: string) =>
  new LookoutEquipmentClient({
    endpoint: stack.emulator.url,
    region: REGION,
    maxAttempts: 1,
    credentials: { accessKeyId, secretAccessKey: 's' },
  });

/** The watcher's SUCCESS event for a plant's retrained 'pump', as EventBridge delivers it. */
async function trigger(account: string): Promise<Record<string, unknown>> {
  const modelArn = arns.get(account) ?? '';
  const key = account === PLANT_A ? 'AKIDPLANTA' : 'AKIDPLANTB';
  const model = await lookout(key).send(new DescribeModelCommand({ ModelName: 'pump' }));
  const version = model.LatestScheduledRetrainingModelVersion ?? 2;
  const versionArn = `${modelArn}/model-version/${version}`;
  return {
    ...RUN_SUCCESS,
    account,
    region: REGION,
    resources: [modelArn, versionArn],
    detail: {
      ...RUN_SUCCESS.detail,
      eventId: randomUUID(),
      modelName: 'pump',
      modelArn,
      modelVersion: version,
      modelVersionArn: versionArn,
      account,
      region: REGION,
    },
  };
}

let handedOver = 0;
/** The fleet queue's messages sent since the last call, as the SQS event source hands them over. */
function queuedRecords(): Array<{ messageId: string; body: string }> {
  const messages = sqs.messages(queueUrl).slice(handedOver);
  handedOver += messages.length;
  return messages.map((m) => ({ messageId: m.messageId, body: m.body }));
}

// Only the members poll-target reads; the rest of an SQS record is the event source's.
const sqsEvent = (records: Array<{ messageId: string; body: string }>) =>
  ({ Records: records }) as unknown as SQSEvent;

const registry = () => createFleetRegistry(stack.documentClient, { tableName: stack.tableName });
const organizationCalls = () => organizations.calls().length;

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
  organizations = await startLocalOrganizations({
    managementAccount: MANAGEMENT,
    delegatedAdministrators: [HOME],
    callers: { AKIDLOCALTESTING: HOME },
    root: {
      accounts: [{ id: HOME }],
      units: [
        { id: PLANTS, accounts: [{ id: PLANT_A }, { id: PLANT_B }] },
        { id: ELSEWHERE, accounts: [] },
      ],
    },
  });
  stack = await startTestStack({
    accountId: HOME,
    region: 'us-east-1',
    accounts: accountDirectory({ AKIDLOCALTESTING: HOME, AKIDPLANTA: PLANT_A, AKIDPLANTB: PLANT_B }, sts),
  });
  sqs = await startLocalSqs();
  queueUrl = sqs.createQueue('fleet');
  restoreEnv = useLocalAwsEnv({
    LOOKOUTEQUIPMENT: stack.emulator.url,
    DYNAMODB: stack.dynamo.url,
    SSM: stack.ssm.url,
    EVENTBRIDGE: stack.bus.url,
    STS: sts.url,
    ORGANIZATIONS: organizations.url,
    SQS: sqs.url,
  });
  Object.assign(process.env, { ...ENV, STATE_TABLE_NAME: stack.tableName, FLEET_QUEUE_URL: queueUrl });
  for (const [account, key] of [
    [PLANT_A, 'AKIDPLANTA'],
    [PLANT_B, 'AKIDPLANTB'],
  ] as const) {
    const client = lookout(key);
    arns.set(account, await trainedModel(client, stack.emulator, 'pump'));
    await runningScheduler(client, stack.emulator, 'pump', { promoteMode: 'MANUAL', frequency: 'P30D' });
  }
  stack.emulator.advance('P40D');
  stack.ssm.put(
    `${PARAMETER_PREFIX}/policies/default`,
    JSON.stringify({ mode: 'enforce', rules: [{ metric: 'recall', min: 0 }], onMissingMetric: 'ignore' }),
  );
  stack.ssm.put(
    `${PARAMETER_PREFIX}/targets`,
    JSON.stringify([{ organizationalUnit: PLANTS, regions: [REGION] }]),
  );
  ({ dispatch } = await import('../../../functions/dispatch-targets.js'));
  ({ pollTargetRecords } = await import('../../../functions/poll-target.js'));
  ({ applyPolicy } = await import('../../../functions/apply-policy.js'));
}, 60_000);

afterAll(async () => {
  restoreEnv?.();
  for (const name of [...Object.keys(ENV), 'STATE_TABLE_NAME', 'FLEET_QUEUE_URL']) delete process.env[name];
  await sqs?.close();
  await stack?.close();
  await organizations?.close();
  await sts?.close();
});

describe('a fleet discovered from an organizational unit', () => {
  it('is discovered by the dispatcher alone, polled and decided from the registry, and dropped once out of the unit', async () => {
    // Act 1: the dispatcher discovers both plants; poll-target polls them, apply-policy activates in B
    await dispatch();
    const listed = organizationCalls();
    const firstPoll = await pollTargetRecords(sqsEvent(queuedRecords()));
    const activated = await applyPolicy(await trigger(PLANT_B));
    const afterUse = organizationCalls();

    // Assess 1
    expect(listed).toBeGreaterThan(0);
    expect(afterUse).toBe(listed);
    expect(firstPoll.batchItemFailures).toEqual([]);
    for (const account of [PLANT_A, PLANT_B]) {
      const stored = await registry().readHealth({ account, region: REGION });
      expect(stored?.health).toMatchObject({ consecutiveFailures: 0 });
      expect(stored?.health?.lastSuccessAt).not.toBeNull();
    }
    expect(activated).toMatchObject({ outcome: 'ACTIVATED', account: PLANT_B });

    // Act 2: plant B leaves the unit; the next dispatch marks it removed
    organizations.moveAccount(PLANT_B, ELSEWHERE);
    await dispatch();
    const records = queuedRecords();
    const bodies = records.map((r) => JSON.parse(r.body) as { account: string });
    const healthBefore = await registry().readHealth({ account: PLANT_A, region: REGION });
    // A message for plant B sent before the dispatch, still in the queue.
    const stale = { account: PLANT_B, region: REGION, cycleAt: new Date().toISOString() };
    const secondPoll = await pollTargetRecords(
      sqsEvent([...records, { messageId: 'stale-b', body: JSON.stringify(stale) }]),
    );
    const refused = await applyPolicy(await trigger(PLANT_B));

    // Assess 2
    expect(bodies.map((b) => b.account)).toEqual([PLANT_A]);
    expect(secondPoll.batchItemFailures).toEqual([]);
    expect(await registry().resolved({ account: PLANT_B, region: REGION })).toBeNull();
    expect(await registry().readHealth({ account: PLANT_B, region: REGION })).toBeNull();
    expect((await registry().readHealth({ account: PLANT_A, region: REGION }))?.rev).toBeGreaterThan(
      healthBefore?.rev ?? Number.POSITIVE_INFINITY,
    );
    expect(refused.outcome).toBe('FAILED');
    expect(refused.reasons).toEqual([
      `account ${PLANT_B}, region ${REGION} is not a target of the fleet (${PARAMETER_PREFIX}/targets, as the dispatcher last resolved it); nothing was read or activated`,
    ]);
  });
});
