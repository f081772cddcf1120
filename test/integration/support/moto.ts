// moto_server (Python, moto 5.x) as a second opinion on wire behaviour: tests that use it skip with a
// printed reason when it is not installed, so a Node-only machine still runs the suite.
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { freePort } from './ports.js';

const COMMAND = 'moto_server';
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const POLL_INTERVAL_MS = 100;

export class MotoStartError extends Error {
  override readonly name = 'MotoStartError';
}

export interface MotoServer {
  readonly url: string;
  /** Clears every moto backend (all services), for isolation between tests. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

let availability: { ok: boolean; reason?: string } | undefined;

/** Whether `moto_server` can run here; the reason says why not, for `describe.skipIf` output. */
export function motoAvailable(): { ok: boolean; reason?: string } {
  if (availability === undefined) {
    const probe = spawnSync(COMMAND, ['--help'], { timeout: 15_000, stdio: 'ignore' });
    if (probe.error !== undefined) {
      availability = { ok: false, reason: `${COMMAND} is not runnable: ${probe.error.message}` };
    } else if (probe.status !== 0) {
      availability = {
        ok: false,
        reason: `${COMMAND} --help exited with ${String(probe.status ?? probe.signal)}`,
      };
    } else {
      availability = { ok: true };
    }
  }
  return availability;
}

export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(COMMAND, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  try {
    await waitUntilReady(child, url);
  } catch (error) {
    await stopProcess(child);
    throw new MotoStartError(`${COMMAND} did not become ready on ${url}:\n${output}`, { cause: error });
  }
  return {
    url,
    reset: async () => {
      const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new MotoStartError(`moto reset failed with HTTP ${response.status}`);
    },
    stop: () => stopProcess(child),
  };
}

async function waitUntilReady(child: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new MotoStartError(`${COMMAND} exited early (${String(child.exitCode ?? child.signalCode)})`);
    }
    try {
      const response = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new MotoStartError(`timed out after ${READY_TIMEOUT_MS} ms`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
