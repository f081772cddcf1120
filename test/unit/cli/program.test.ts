// The whole command line without the network: parsing, validation and exit codes. Every case here
// fails before a client would be created.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/context.js';
import { runCli } from '../../../cli/program.js';

async function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    stdin: (async function* () {})(),
    env,
    now: () => 0,
    sleep: async () => {},
  };
  const code = await runCli(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('runCli', () => {
  it('prints help and the version with exit 0', async () => {
    // Act
    const help = await run(['scheduler', '--help']);
    const version = await run(['--version']);

    // Assess
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('create [options] <model>');
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each([
    [['frobnicate'], "error: unknown command 'frobnicate'"],
    [
      ['scheduler', 'create', 'm', '--lookback', 'P180D'],
      "error: required option '--frequency <duration>' not specified",
    ],
    [['versions'], "error: missing required argument 'model'"],
    [['status', 'pump-01', 'extra'], 'error: too many arguments'],
  ])('exits 2 on a malformed command line %j', async (args, message) => {
    // Act
    const result = await run(args);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('exits 2 with the rule when a value is invalid', async () => {
    // Act
    const result = await run(['scheduler', 'create', 'm', '--frequency', 'P20D', '--lookback', 'P360D']);

    // Assess
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: frequency must be between P30D and P1Y, got P20D (20 days; a month counts as 30 days, a year as 365)\n',
    });
  });

  it('rejects a prefix that is not a path', async () => {
    // Act
    const result = await run(['policy', 'show', '--default'], { PARAMETER_PREFIX: 'l4e-autopilot/dev' });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: the parameter prefix must start with '/', e.g. /l4e-autopilot/dev, got "l4e-autopilot/dev"\n`,
    );
  });

  it('requires exactly one of a model and --default for policy put and show', async () => {
    // Act
    const put = await run(['policy', 'put', '--default', 'm', 'file.json']);
    const putNoFile = await run(['policy', 'put', 'm']);
    const show = await run(['policy', 'show']);

    // Assess
    expect(put).toMatchObject({ code: 2, stderr: 'error: give either --default FILE or MODEL FILE\n' });
    expect(putNoFile).toMatchObject({ code: 2, stderr: 'error: give either --default FILE or MODEL FILE\n' });
    expect(show).toMatchObject({ code: 2, stderr: 'error: give either a model name or --default\n' });
  });

  it('validates a policy file offline', async () => {
    // Act
    const result = await run([
      'policy',
      'validate',
      'test/integration/cli/fixtures/strict-policy.json',
      '--json',
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: true, errors: [], policy: { mode: 'enforce' } });
  });

  it('refuses a policy too large for an SSM parameter before writing it', async () => {
    // Prepare
    const rule = {
      metric: 'recall',
      min: 0.1234567890123456,
      max: 0.9234567890123456,
      minDeltaVsPrior: -0.123456789012345,
    };
    const dir = await mkdtemp(join(tmpdir(), 'l4e-cli-policy-'));
    const file = join(dir, 'large.json');
    await writeFile(file, JSON.stringify({ mode: 'enforce', rules: Array.from({ length: 50 }, () => rule) }));

    // Act
    const result = await run(['policy', 'put', '--default', file]);
    await rm(dir, { recursive: true, force: true });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /characters without whitespace; an SSM parameter holds at most 4096, so shorten/,
    );
  });
});
