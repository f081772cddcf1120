// The fleet end to end on the local system, with the deployed wiring: the schedule runs the dispatcher,
// which sends one message per target to the fleet queue; the SQS event source runs poll-target over it,
// which assumes each target's reader role (local STS) and watches the L4E emulator in that account and
// region; the events land on the bus. A target whose role refuses AssumeRole has its health recorded and
// raises its unreachable event, and neither delays nor fails the others.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFleetRegistry } from '../../../lib/adapters/state-fleet.js';
import { tableName } from '../../../local/aws/index.js';
import type { Scenario } from '../../../local/emulator/index.js';
import { type LocalSystem, startLocalSystem } from '../../../local/system.js';

const RETRAINED = {
  dataset: 'plant-data',
  retrainingScheduler: { frequency: 'P30D', promoteMode: 'MANUAL' as const, startDate: 'P1D' },
};
const spoke = (account: string, region: string, outages: Array<{ at: string; for: string }> = []) => ({
  account,
  region,
  datasets: [{ name: 'plant-data' }],
  // The same model name in every account: each target keeps its own state.
  models: [{ name: 'pump-1', ...RETRAINED }],
  outages,
});

const SCENARIO: Scenario = {
  name: 'fleet-path',
  startTime: '2026-01-01T00:00:00Z',
  datasets: [{ name: 'plant-data' }],
  models: [{ name: 'hub-pump', ...RETRAINED }],
  targets: [
    spoke('222222222222', 'eu-west-1'),
    spoke('222222222222', 'ap-northeast-2'),
    spoke('333333333333', 'us-east-1'),
    // Its reader role refuses AssumeRole for the whole run.
    spoke('444444444444', 'eu-west-1', [{ at: 'PT0S', for: 'P400D' }]),
  ],
};
const REFUSED = { account: '444444444444', region: 'eu-west-1' };
const REACHED = ['222222222222/eu-west-1', '222222222222/ap-northeast-2', '333333333333/us-east-1'];

let system: LocalSystem;
let documentClient: DynamoDBDocumentClient;

beforeAll(async () => {
  system = await startLocalSystem({ scenario: SCENARIO, seed: 7, logLevel: 'SILENT' });
  documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: system.dynamo.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
}, 60_000);

afterAll(async () => {
  documentClient?.destroy();
  await system?.close();
});

/** `<account>/<region>` of the model an event is about, read from its ARN. */
function targetOf(detail: Record<string, unknown>): string | undefined {
  const arn = String(detail.modelArn ?? '');
  const [, , , region, account] = arn.split(':');
  return account === undefined ? undefined : `${account}/${region}`;
}

const registry = () => createFleetRegistry(documentClient, { tableName: tableName(system.wiring.table) });

describe('the fleet, dispatched through the queue to the per-target poller', () => {
  it('publishes every reachable target’s events in the poll the refused target fails, and records that failure', async () => {
    // Prepare: a baseline poll, then a month in which every pump-1 and the hub's model retrain
    await system.poll();
    system.advance('P32D');

    // Act
    const before = system.bus.accepted().length;
    await system.poll();

    // Assess
    const events = system.bus.accepted().slice(before);
    const runs = events.filter((e) => e['detail-type'] === 'Scheduled Retraining State Change');
    const byTarget = new Set(runs.map((e) => targetOf(e.detail as Record<string, unknown>)));
    for (const key of REACHED) expect(byTarget).toContain(key);
    expect(byTarget).toContain('123456789012/us-east-1');
    expect(byTarget).not.toContain('444444444444/eu-west-1');
    const health = await registry().readHealth(REFUSED);
    expect(health?.health).toMatchObject({ consecutiveFailures: 2, alarmed: false });
    expect(health?.health?.lastError).toMatch(/AccessDenied|not authorized/);
    expect(system.deadLetters()).toEqual([]);
  }, 120_000);

  it('raises Fleet Target Unreachable for the refused target once its failures reach the alarm, once', async () => {
    // Act
    const before = system.bus.accepted().length;
    system.advance('PT5M');
    await system.poll();
    system.advance('PT5M');
    await system.poll();

    // Assess
    const unreachable = system.bus
      .accepted()
      .slice(before)
      .filter((e) => e['detail-type'] === 'Fleet Target Unreachable');
    expect(unreachable.map((e) => (e.detail as { target: string }).target)).toEqual([
      '444444444444/eu-west-1',
    ]);
    expect((await registry().readHealth(REFUSED))?.health).toMatchObject({
      consecutiveFailures: 4,
      alarmed: true,
    });
    for (const key of REACHED) {
      const [account, region] = key.split('/') as [string, string];
      expect((await registry().readHealth({ account, region }))?.health).toMatchObject({
        consecutiveFailures: 0,
        alarmed: false,
      });
    }
    expect(system.deadLetters()).toEqual([]);
  }, 120_000);
});
