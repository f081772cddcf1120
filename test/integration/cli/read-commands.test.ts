// Read commands against the emulator's demo fleet after 100 simulated days, with decisions recorded by
// the real decide use-case: tables and JSON shapes are held to golden files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFits80, expectGolden } from './golden.js';
import { buildCli, type CliWorld, startWorld } from './harness.js';

describe('l4e-autopilot read commands', () => {
  let world: CliWorld;

  beforeAll(async () => {
    await buildCli();
    world = await startWorld();
    world.emulator.advance('P100D');
    await world.seedPolicies();
    await world.decide('pump-b-regressing', 2, 'trigger-b-2');
    await world.decide('pump-b-regressing', 3, 'trigger-b-3');
    await world.decide('pump-a-improving', 5, 'trigger-a-5');
    await world.decide('fan-d-failures', 3, 'trigger-d-3');
    world.emulator.resetStats();
  });

  afterAll(async () => {
    await world?.close();
  });

  it('status shows every model with its live version, scheduler, runs and quality in 80 columns', async () => {
    // Act
    const table = await world.run(['status', '--no-color']);
    const json = await world.run(['status', '--json']);

    // Assess
    expect(table.code).toBe(0);
    expect(table.stderr).toBe('');
    expectFits80(table.stdout);
    await expectGolden('status.txt', table.stdout);
    await expectGolden('status.json', json.stdout);
    const models = JSON.parse(json.stdout).models as Array<{ name: string; scheduler: unknown }>;
    expect(models.map((m) => m.name)).toHaveLength(7);
    const calls = world.emulator.stats().calls;
    expect(calls.ListModels).toBe(2);
    // Every demo model has a scheduler: one DescribeRetrainingScheduler per model per run, no more.
    expect(calls.DescribeRetrainingScheduler).toBe(2 * models.filter((m) => m.scheduler !== null).length);
  });

  it('versions lists metrics, promotion results and the recorded autopilot decisions', async () => {
    // Act
    const table = await world.run(['versions', 'pump-b-regressing', '--no-color']);
    const json = await world.run(['versions', 'fan-d-failures', '--json']);

    // Assess
    expect(table.code).toBe(0);
    expectFits80(table.stdout);
    await expectGolden('versions-pump-b-regressing.txt', table.stdout);
    await expectGolden('versions-fan-d-failures.json', json.stdout);
    const view = JSON.parse(json.stdout);
    expect(view.decisions).toEqual({ available: true, reason: null });
    expect(view.versions.find((v: { version: number }) => v.version === 3).decision.outcome).toBe('SKIPPED');
  });

  it('versions still prints every version when no state table is configured, and says so in one line', async () => {
    // Act
    const result = await world.run(['versions', 'pump-a-improving', '--no-color'], {
      env: { STATE_TABLE_NAME: undefined },
    });

    // Assess
    expect(result.code).toBe(0);
    await expectGolden('versions-no-table.txt', result.stdout);
    expect(result.stdout.split('\n').filter((l) => l.includes('no state table configured'))).toHaveLength(1);
  });

  it('decisions shows the audit trail newest first with the policy version and reasons', async () => {
    // Act
    const table = await world.run(['decisions', 'pump-b-regressing', '--no-color']);
    const limited = await world.run(['decisions', 'pump-b-regressing', '--limit', '1', '--json']);

    // Assess
    expect(table.code).toBe(0);
    expectFits80(table.stdout);
    await expectGolden('decisions-pump-b-regressing.txt', table.stdout);
    await expectGolden('decisions-pump-b-regressing-limit-1.json', limited.stdout);
    expect(JSON.parse(limited.stdout).decisions.map((d: { version: number }) => d.version)).toEqual([3]);
  });

  it('decisions without a state table is a usage error', async () => {
    // Act
    const result = await world.run(['decisions', 'pump-b-regressing'], {
      env: { STATE_TABLE_NAME: undefined },
    });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: decisions live in the state table: pass --table NAME or set STATE_TABLE_NAME\n',
    );
  });

  it('scheduler describe and list show the retraining schedule', async () => {
    // Act
    const describe = await world.run(['scheduler', 'describe', 'pump-a-improving', '--no-color']);
    const describeJson = await world.run(['scheduler', 'describe', 'compressor-c-managed', '--json']);
    const list = await world.run(['scheduler', 'list', '--no-color']);
    const filtered = await world.run(['scheduler', 'list', '--status', 'stopped', '--json']);

    // Assess
    expect([describe.code, describeJson.code, list.code, filtered.code]).toEqual([0, 0, 0, 0]);
    await expectGolden('scheduler-describe.txt', describe.stdout);
    await expectGolden('scheduler-describe.json', describeJson.stdout);
    await expectGolden('scheduler-list.txt', list.stdout);
    await expectGolden('scheduler-list-stopped.json', filtered.stdout);
    expectFits80(list.stdout);
  });

  it('scheduler list pages on request and follows the next token', async () => {
    // Act
    const first = await world.run(['scheduler', 'list', '--max-results', '4', '--json']);
    const token = JSON.parse(first.stdout).nextToken as string;
    const second = await world.run([
      'scheduler',
      'list',
      '--max-results',
      '4',
      '--next-token',
      token,
      '--json',
    ]);

    // Assess
    const names = (out: string) => JSON.parse(out).schedulers.map((s: { modelName: string }) => s.modelName);
    expect(names(first.stdout)).toHaveLength(4);
    expect(typeof token).toBe('string');
    expect(JSON.parse(second.stdout).nextToken).toBeNull();
    expect([...names(first.stdout), ...names(second.stdout)]).toEqual(
      JSON.parse((await world.run(['scheduler', 'list', '--json'])).stdout).schedulers.map(
        (s: { modelName: string }) => s.modelName,
      ),
    );
  });

  it('executions lists inference executions newest first with the model version used', async () => {
    // Act
    const table = await world.run(['executions', 'pump-a-improving-inference', '--limit', '4', '--no-color']);
    const json = await world.run([
      'executions',
      'compressor-c-managed-inference',
      '--limit',
      '3',
      '--since',
      '2025-04-15T23:00:00Z',
      '--json',
    ]);

    // Assess
    expect(table.code).toBe(0);
    await expectGolden('executions.txt', table.stdout);
    await expectGolden('executions.json', json.stdout);
    const times = JSON.parse(json.stdout).executions.map(
      (e: { scheduledStartTime: string }) => e.scheduledStartTime,
    );
    expect(times).toEqual([...times].sort().reverse());
  });

  it('a model that does not exist fails with exit 1 and says so', async () => {
    // Act
    const versions = await world.run(['versions', 'no-such-model']);
    const scheduler = await world.run(['scheduler', 'describe', 'no-such-model']);

    // Assess
    expect(versions.code).toBe(1);
    expect(versions.stderr).toBe(
      'error: model no-such-model not found; run `l4e-autopilot status` to list the models in this region\n',
    );
    expect(scheduler.code).toBe(1);
    expect(scheduler.stderr).toBe(versions.stderr);
  });
});
