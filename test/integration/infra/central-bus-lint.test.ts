// cfn-lint over infra/central-bus.yml, the hub's central bus for spoke mode.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const hasCfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;

describe('infra/central-bus.yml under cfn-lint', () => {
  if (!hasCfnLint)
    console.warn('cfn-lint is not on PATH: infra/central-bus.yml is not linted (pip install cfn-lint)');

  it.skipIf(!hasCfnLint)('finds no error, warning or informational finding', async () => {
    // Act
    const result = await run('cfn-lint', ['--format', 'json', '--', 'infra/central-bus.yml'], {
      cwd: ROOT,
      timeout: 120_000,
    }).then(
      (out) => ({ code: 0, stdout: out.stdout }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
    );
    const findings = JSON.parse(result.stdout || '[]') as Array<{ Level: string; Message: string }>;

    // Assess
    expect(findings.map((f) => `${f.Level}: ${f.Message}`)).toEqual([]);
    expect(result.code).toBe(0);
  });
});
