// `npm run emulator` as a process: it prints how to reach it, serves the API and exits cleanly on SIGTERM.

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { callWire } from './support/wire.js';

const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = `${REPOSITORY}node_modules/.bin/tsx`;

function start(args: string[]): { child: ChildProcess; output: () => string } {
  const child = spawn(TSX, ['local/emulator/main.ts', ...args], {
    cwd: REPOSITORY,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('npm run emulator', () => {
  it('prints the endpoint, the SDK variable and a CLI example, serves the demo and stops on SIGTERM', async () => {
    // Prepare
    const { child, output } = start(['--port', '0', '--scenario', 'demo']);

    // Act
    await waitFor(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(output()), 20_000);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output())?.[1] as string;
    const models = await callWire(url, 'ListModels', {});
    child.kill('SIGTERM');
    const code = await exited(child);

    // Assess
    expect(output()).toContain(`AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT=${url}`);
    expect(output()).toContain(`aws lookoutequipment list-models --endpoint-url ${url} --region us-east-1`);
    expect((models.body.ModelSummaries as unknown[]).length).toBe(7);
    expect(code).toBe(0);
  });

  it('lists its options with --help', async () => {
    // Prepare
    const { child, output } = start(['--help']);

    // Act
    const code = await exited(child);

    // Assess
    expect(code).toBe(0);
    for (const flag of ['--port', '--host', '--scenario', '--seed', '--speed'])
      expect(output()).toContain(flag);
  });
});
