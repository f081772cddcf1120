// The retraining-scheduler commands end to end: values are checked before any call, the start date's
// truncation is announced, and stopping/deleting follow the service's STOPPED rule.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LENIENT_KNOBS } from '../../../local/emulator/index.js';
import { expectGolden } from './golden.js';
import { buildCli, CLI, type CliResult, type CliWorld, startWorld } from './harness.js';

const WAIT_BOUND_MS = 20_000;

describe('l4e-autopilot scheduler', () => {
  let world: CliWorld;

  beforeAll(async () => {
    await buildCli();
    world = await startWorld();
    world.emulator.advance('P30D');
  });

  afterAll(async () => {
    await world?.close();
  });

  it.each([
    [
      ['scheduler', 'create', 'turbine-e-stopped', '--frequency', 'P20D', '--lookback', 'P360D'],
      'error: frequency must be between P30D and P1Y, got P20D (20 days; a month counts as 30 days, a year as 365)\n',
    ],
    [
      ['scheduler', 'create', 'turbine-e-stopped', '--frequency', 'P1M', '--lookback', 'P90D'],
      'error: lookback must be one of P180D, P360D, P540D, P720D, got "P90D"\n',
    ],
    [
      ['scheduler', 'update', 'pump-a-improving', '--frequency', 'P1Y1D'],
      'error: frequency must be between P30D and P1Y, got P1Y1D (366 days; a month counts as 30 days, a year as 365)\n',
    ],
    [
      ['scheduler', 'update', 'pump-a-improving', '--promote-mode', 'AUTO'],
      'error: promote mode must be one of MANAGED, MANUAL, got "AUTO"\n',
    ],
    [
      ['scheduler', 'update', 'pump-a-improving'],
      'error: nothing to update: give at least one of --start-date, --frequency, --lookback, --promote-mode\n',
    ],
    [
      ['scheduler', 'list', '--max-results', '501'],
      'error: max results must be a whole number from 1 to 500, got "501"\n',
    ],
  ])('rejects %j with exit 2 before calling L4E', async (args, message) => {
    // Prepare
    world.emulator.resetStats();

    // Act
    const result = await world.run(args);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(message);
    expect(result.stdout).toBe('');
    expect(world.emulator.stats().calls).toEqual({});
  });

  it('refuses to delete a RUNNING scheduler and explains the STOPPED rule', async () => {
    // Prepare
    world.emulator.resetStats();

    // Act
    const result = await world.run(['scheduler', 'delete', 'pump-a-improving']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: the retraining scheduler of pump-a-improving is RUNNING, and L4E deletes only a STOPPED scheduler; run `l4e-autopilot scheduler stop pump-a-improving --wait` first, or add --stop-first to do both\n',
    );
    expect(world.emulator.stats().calls.DeleteRetrainingScheduler).toBeUndefined();
  });

  it('deletes, recreates with a truncated start date, updates and starts a scheduler', async () => {
    // Act
    const deleted = await world.run(['scheduler', 'delete', 'turbine-e-stopped', '--json']);
    const created = await world.run([
      'scheduler',
      'create',
      'turbine-e-stopped',
      '--frequency',
      'P2M',
      '--lookback',
      'P360D',
      '--start-date',
      '2025-03-03T15:30:00+02:00',
      '--promote-mode',
      'manual',
      '--no-color',
    ]);
    const updated = await world.run([
      'scheduler',
      'update',
      'turbine-e-stopped',
      '--lookback',
      'P540D',
      '--json',
    ]);
    const started = await world.run(['scheduler', 'start', 'turbine-e-stopped', '--no-color']);

    // Assess
    expect(JSON.parse(deleted.stdout)).toEqual({
      modelName: 'turbine-e-stopped',
      deleted: true,
      stoppedFirst: false,
    });
    expect(created.code).toBe(0);
    expect(created.stderr).toBe(
      'note: L4E keeps only the UTC day of the start date, so 2025-03-03T13:30:00Z becomes 2025-03-03T00:00:00Z\n',
    );
    await expectGolden('scheduler-create.txt', created.stdout);
    await expectGolden('scheduler-update.json', updated.stdout);
    await expectGolden('scheduler-start.txt', started.stdout);
    expect(JSON.parse(updated.stdout)).toMatchObject({
      lookbackWindow: 'P540D',
      frequency: 'P2M',
      promoteMode: 'MANUAL',
    });
  });

  it('stop --wait shows progress until the scheduler is STOPPED', async () => {
    // Prepare
    const args = [
      'scheduler',
      'stop',
      'pump-b-regressing',
      '--wait',
      '--interval',
      '50ms',
      '--timeout',
      '15s',
    ];

    // Act
    const result = await runWhile(world, args, [
      { cue: 'to be STOPPED: STOPPING', act: () => world.emulator.advance('PT1H') },
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^waiting for the retraining scheduler of pump-b-regressing to be STOPPED: STOPPING\nthe retraining scheduler of pump-b-regressing is STOPPED after \d+s\n$/,
    );
    await expectGolden('scheduler-stop-wait.txt', result.stdout);
  });

  it('delete --stop-first stops, waits for STOPPED, then deletes', async () => {
    // Act
    const args = ['scheduler', 'delete', 'fan-d-failures', '--stop-first', '--interval', '50ms', '--json'];
    const result = await runWhile(world, args, [
      { cue: 'to be STOPPED: STOPPING', act: () => world.emulator.advance('PT1H') },
    ]);
    const after = await world.run(['scheduler', 'describe', 'fan-d-failures']);

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      modelName: 'fan-d-failures',
      deleted: true,
      stoppedFirst: true,
    });
    expect(after.code).toBe(1);
    expect(after.stderr).toBe(
      'error: model fan-d-failures has no retraining scheduler; create one with `l4e-autopilot scheduler create fan-d-failures --frequency P1M --lookback P360D`\n',
    );
  });

  it('status describes schedulers only for models that still have one', async () => {
    // Prepare
    world.emulator.resetStats();

    // Act
    const result = await world.run(['status', '--json']);

    // Assess
    const models = JSON.parse(result.stdout).models as Array<{ name: string; scheduler: unknown }>;
    expect(models.find((m) => m.name === 'fan-d-failures')?.scheduler).toBeNull();
    expect(world.emulator.stats().calls.DescribeRetrainingScheduler).toBe(models.length - 1);
  });

  it('gives up waiting at the timeout with exit 1', async () => {
    // Act
    const result = await world.run([
      'scheduler',
      'stop',
      'conveyor-f-unlabeled',
      '--wait',
      '--interval',
      '50ms',
      '--timeout',
      '300ms',
    ]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /error: the retraining scheduler of conveyor-f-unlabeled is still STOPPING after \d+s; check again with `l4e-autopilot scheduler describe conveyor-f-unlabeled`\n$/,
    );
  });

  it('stop --wait on a scheduler that is already STOPPING waits instead of failing', async () => {
    // Act
    const args = ['scheduler', 'stop', 'conveyor-f-unlabeled', '--wait', '--interval', '50ms', '--json'];
    const result = await runWhile(world, args, [
      { cue: 'to be STOPPED: STOPPING', act: () => world.emulator.advance('PT1H') },
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).status).toBe('STOPPED');
  });

  it('explains how to delete a PENDING scheduler, which L4E can neither stop nor delete', async () => {
    // Prepare
    await world.run(['scheduler', 'create', 'fan-d-failures', '--frequency', 'P30D', '--lookback', 'P180D']);
    world.emulator.resetStats();

    // Act
    const result = await world.run(['scheduler', 'delete', 'fan-d-failures']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: the retraining scheduler of fan-d-failures is PENDING; L4E stops only a RUNNING scheduler and deletes only a STOPPED one, so add --stop-first to start it (unless it is starting already), wait until it is RUNNING, stop it and delete it\n',
    );
    expect(world.emulator.stats().calls).toEqual({ DescribeRetrainingScheduler: 1 });
  });

  it('delete --stop-first on a PENDING scheduler starts it, waits for RUNNING, stops it and deletes it', async () => {
    // Prepare
    world.emulator.resetStats();

    // Act
    const args = ['scheduler', 'delete', 'fan-d-failures', '--stop-first', '--interval', '50ms', '--json'];
    const result = await runWhile(world, args, [
      { cue: 'to be RUNNING: PENDING', act: () => world.emulator.advance('PT1H') },
      { cue: 'to be STOPPED: STOPPING', act: () => world.emulator.advance('PT1H') },
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      modelName: 'fan-d-failures',
      deleted: true,
      stoppedFirst: true,
    });
    expect(world.emulator.stats().calls).toMatchObject({
      StartRetrainingScheduler: 1,
      StopRetrainingScheduler: 1,
      DeleteRetrainingScheduler: 1,
    });
    const states = world.emulator
      .ledger({ model: 'fan-d-failures' })
      .filter((e) => e.resource === 'retrainingScheduler')
      .slice(-5)
      .map((e) => `${e.from}->${e.to}`);
    expect(states).toEqual([
      'null->PENDING',
      'PENDING->RUNNING',
      'RUNNING->STOPPING',
      'STOPPING->STOPPED',
      'STOPPED->DELETED',
    ]);
  });

  it('stop on a PENDING scheduler says why L4E refuses and how --wait gets there', async () => {
    // Prepare
    await world.run(['scheduler', 'create', 'fan-d-failures', '--frequency', 'P30D', '--lookback', 'P180D']);
    await world.run(['scheduler', 'start', 'fan-d-failures']);
    world.emulator.resetStats();

    // Act
    const result = await world.run(['scheduler', 'stop', 'fan-d-failures']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'error: the retraining scheduler of fan-d-failures is PENDING, and L4E stops only a RUNNING scheduler; a PENDING scheduler that was never started does not retrain, and one that was just started turns RUNNING shortly: add --wait to wait for RUNNING and stop it then\n',
    );
    expect(world.emulator.stats().calls).toEqual({
      StopRetrainingScheduler: 1,
      DescribeRetrainingScheduler: 1,
    });
  });

  it('stop --wait on a PENDING scheduler waits for RUNNING, stops it and waits for STOPPED', async () => {
    // Act
    const args = ['scheduler', 'stop', 'fan-d-failures', '--wait', '--interval', '50ms', '--json'];
    const result = await runWhile(world, args, [
      { cue: 'to be RUNNING: PENDING', act: () => world.emulator.advance('PT1H') },
      { cue: 'to be STOPPED: STOPPING', act: () => world.emulator.advance('PT1H') },
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ modelName: 'fan-d-failures', status: 'STOPPED' });
    const states = world.emulator
      .ledger({ model: 'fan-d-failures' })
      .filter((e) => e.resource === 'retrainingScheduler')
      .slice(-3)
      .map((e) => `${e.from}->${e.to}`);
    expect(states).toEqual(['PENDING->RUNNING', 'RUNNING->STOPPING', 'STOPPING->STOPPED']);
  });
});

describe('l4e-autopilot scheduler with the lenient emulator knobs', () => {
  let world: CliWorld;

  beforeAll(async () => {
    await buildCli();
    world = await startWorld(LENIENT_KNOBS);
  });

  afterAll(async () => {
    await world?.close();
  });

  it('delete --stop-first on a never-started PENDING scheduler deletes it when the start settles at once', async () => {
    // Act
    const args = [
      'scheduler',
      'delete',
      'boiler-g-late-start',
      '--stop-first',
      '--interval',
      '50ms',
      '--json',
    ];
    const result = await runWhile(world, args, [
      { cue: 'to be RUNNING: PENDING', act: () => world.emulator.advance('PT1H') },
      { cue: 'to be STOPPED: STOPPING', act: () => world.emulator.advance('PT1H') },
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      modelName: 'boiler-g-late-start',
      deleted: true,
      stoppedFirst: true,
    });
  });
});

/**
 * Runs the CLI and calls each cue's `act` once when its stderr first contains that cue (e.g. to move the
 * clock on); a cue may never appear (a start can settle at once).
 */
function runWhile(
  world: CliWorld,
  args: readonly string[],
  cues: ReadonlyArray<{ cue: string; act: () => void }>,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: world.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const acted = new Set<number>();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      cues.forEach((due, index) => {
        if (acted.has(index) || !stderr.includes(due.cue)) return;
        acted.add(index);
        due.act();
      });
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), WAIT_BOUND_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
