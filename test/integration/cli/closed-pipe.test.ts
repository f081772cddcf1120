// `l4e-autopilot … | head -1` through a real shell pipe: the reader leaves early, the CLI ends quietly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../../local/run-process.js';
import { buildCli, CLI, type CliWorld, ROOT, startWorld } from './harness.js';

interface PipeResult {
  /** Exit status of the CLI itself (bash's PIPESTATUS[0]). */
  cliStatus: number;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.mjs ARGS | READER` in bash and reports the CLI's own exit status. */
async function throughPipe(args: string, reader: string, env: Record<string, string>): Promise<PipeResult> {
  const script = `node ${JSON.stringify(CLI)} ${args} | ${reader}; echo "cli-status=\${PIPESTATUS[0]}" >&2`;
  const result = await runProcess('bash', ['-c', script], { cwd: ROOT, env, timeoutMs: 30_000 });
  const match = /cli-status=(\d+)/.exec(result.stderr);
  return {
    cliStatus: match ? Number(match[1]) : -1,
    stdout: result.stdout,
    stderr: result.stderr.replace(/cli-status=\d+\n/, ''),
  };
}

describe('l4e-autopilot on a closed pipe', () => {
  let world: CliWorld;

  beforeAll(async () => {
    await buildCli();
    world = await startWorld();
    world.emulator.advance('P100D');
  });

  afterAll(async () => {
    await world?.close();
  });

  it.each([
    ['status', 'MODEL'],
    ['versions pump-a-improving', 'VERSION'],
    ['scheduler describe pump-a-improving', ''],
  ])('`%s | head -1` prints one line and exits 0 without a stack trace', async (args, firstWord) => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      // Act
      const result = await throughPipe(`${args} --no-color`, 'head -1', world.env);

      // Assess
      expect(result.stderr).toBe('');
      expect(result.cliStatus).toBe(0);
      expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1);
      expect(result.stdout.startsWith(firstWord)).toBe(true);
    }
  });

  it('exits 0 quietly when the reader is gone before the first line', async () => {
    // Act: `true` never reads, so every write of the CLI meets a closed pipe.
    const result = await throughPipe('status --no-color', 'true', world.env);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.cliStatus).toBe(0);
  });
});
