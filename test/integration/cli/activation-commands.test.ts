// activate, rollback and import-version end to end: confirmation read from stdin, before/after views,
// the service's rules checked first, and every refusal with its exit code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGolden } from './golden.js';
import { buildCli, type CliWorld, startWorld } from './harness.js';

describe('l4e-autopilot activate, rollback and import-version', () => {
  let world: CliWorld;

  beforeAll(async () => {
    await buildCli();
    world = await startWorld();
    world.emulator.advance('P100D');
  });

  afterAll(async () => {
    await world?.close();
  });

  it('activate asks, reads "y" from stdin, activates and shows before and after', async () => {
    // Act
    const result = await world.run(['activate', 'pump-a-improving', '5', '--no-color'], { stdin: 'y\n' });
    const status = JSON.parse((await world.run(['status', '--json'])).stdout);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr.endsWith('\nActivate pump-a-improving to v5? [y/N] ')).toBe(true);
    await expectGolden('activate.stderr.txt', result.stderr);
    await expectGolden('activate.txt', result.stdout);
    expect(status.models.find((m: { name: string }) => m.name === 'pump-a-improving').activeVersion).toBe(5);
  });

  it.each([
    ['n\n', 'an answer other than yes'],
    ['', 'end of input'],
  ])('activate changes nothing on %j (%s) and exits 1', async (stdin) => {
    // Prepare
    world.emulator.resetStats();

    // Act
    const result = await world.run(['activate', 'pump-b-regressing', '4'], { stdin });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr.endsWith('error: not confirmed; nothing changed (answer y, or pass --yes)\n')).toBe(
      true,
    );
    expect(world.emulator.stats().calls.UpdateActiveModelVersion).toBeUndefined();
  });

  it('rollback --yes returns to the previous version', async () => {
    // Act
    const result = await world.run(['rollback', 'pump-a-improving', '--yes', '--json']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    await expectGolden('rollback.json', result.stdout);
    expect(JSON.parse(result.stdout)).toMatchObject({
      changed: true,
      before: { activeVersion: 5 },
      after: { activeVersion: 1 },
    });
  });

  it('rollback without a previous version exits 1 with that sentence', async () => {
    // Act
    const result = await world.run(['rollback', 'pump-b-regressing', '--yes']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: model pump-b-regressing has no previous version to roll back to\n');
  });

  it('activating the active version changes nothing and says so', async () => {
    // Act
    const result = await world.run(['activate', 'pump-b-regressing', '1', '--yes']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^v1 is already the active version of pump-b-regressing \(since .+\); nothing changed\n$/,
    );
    await expectGolden('activate-already-active.txt', result.stdout);
  });

  it.each([
    [
      ['activate', 'fan-d-failures', '3', '--yes'],
      1,
      'error: version 3 of fan-d-failures is FAILED; only a SUCCESS version can be activated\n',
    ],
    [
      ['activate', 'fan-d-failures', '42', '--yes'],
      1,
      'error: version 42 of model fan-d-failures not found; run `l4e-autopilot versions fan-d-failures` to list its versions\n',
    ],
    [
      ['activate', 'no-such-model', '2', '--yes'],
      1,
      'error: model no-such-model not found; run `l4e-autopilot status` to list the models in this region\n',
    ],
    [
      ['activate', 'fan-d-failures', '0'],
      2,
      'error: version must be a whole number from 1 up (e.g. 3), got "0"\n',
    ],
    [
      ['rollback', 'bad name!'],
      2,
      `error: model name must be 1 to 200 letters, digits, '-' or '_', got "bad name!"\n`,
    ],
  ])('%j exits %i with a clear sentence', async (args, code, stderr) => {
    // Act
    const result = await world.run(args);

    // Assess
    expect(result.code).toBe(code);
    expect(result.stderr).toBe(stderr);
  });

  it('import-version imports a version into a new model', async () => {
    // Prepare
    const versions = JSON.parse((await world.run(['versions', 'pump-a-improving', '--json'])).stdout);
    const source = versions.versions.find((v: { version: number }) => v.version === 5).arn as string;

    // Act
    const result = await world.run([
      'import-version',
      source,
      '--dataset',
      'pump-station',
      '--model',
      'pump-a-copy',
      '--inference-data',
      'no-import',
      '--json',
    ]);
    world.emulator.advance('PT2H');
    const imported = await world.run(['versions', 'pump-a-copy', '--json']);

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      modelName: 'pump-a-copy',
      version: 1,
      status: 'IMPORT_IN_PROGRESS',
    });
    expect(JSON.parse(imported.stdout).versions).toMatchObject([
      { version: 1, sourceType: 'IMPORT', status: 'SUCCESS' },
    ]);
  });

  it('import-version rejects a malformed source ARN with exit 2 before calling L4E', async () => {
    // Prepare
    world.emulator.resetStats();

    // Act
    const result = await world.run(['import-version', 'arn:aws:s3:::bucket', '--dataset', 'pump-station']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: source must be a model version ARN such as arn:aws:lookoutequipment:/,
    );
    expect(world.emulator.stats().calls).toEqual({});
  });

  it('an unknown option is a usage error (exit 2) and --help succeeds', async () => {
    // Act
    const unknown = await world.run(['status', '--bogus']);
    const help = await world.run(['--help']);

    // Assess
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--bogus'");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 failed, 2 invalid command line or input');
    expect(help.stdout.split('\n').every((line) => [...line].length <= 80)).toBe(true);
  });
});
