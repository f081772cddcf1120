import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/context.js';
import { CommandFailedError } from '../../../cli/errors.js';
import { mapLimit, waitForStatus } from '../../../cli/progress.js';
import { confirm, isYes, readLine } from '../../../cli/prompt.js';

function fakeIo(tty: boolean): { io: CliIo; err: string[] } {
  const err: string[] = [];
  let clock = 0;
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: { write: (text: string) => err.push(text), isTTY: tty },
    stdin: (async function* () {})(),
    env: {},
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
    },
  };
  return { io, err };
}

function statuses(...sequence: string[]) {
  let i = 0;
  return async () => sequence[Math.min(i++, sequence.length - 1)] ?? null;
}

const base = { label: 'the retraining scheduler of m', target: 'STOPPED', onTimeout: 'check again' };

describe('waitForStatus', () => {
  it('prints one plain line per status change when not on a terminal', async () => {
    // Prepare
    const { io, err } = fakeIo(false);

    // Act
    const final = await waitForStatus(io, {
      ...base,
      timeoutMs: 60_000,
      intervalMs: 5_000,
      poll: statuses('STOPPING', 'STOPPING', 'STOPPING', 'STOPPED'),
    });

    // Assess
    expect(final).toBe('STOPPED');
    expect(err).toEqual([
      'waiting for the retraining scheduler of m to be STOPPED: STOPPING\n',
      'the retraining scheduler of m is STOPPED after 15s\n',
    ]);
  });

  it('redraws a spinner line with the elapsed time on a terminal', async () => {
    // Prepare
    const { io, err } = fakeIo(true);

    // Act
    await waitForStatus(io, {
      ...base,
      timeoutMs: 60_000,
      intervalMs: 1_000,
      poll: statuses('STOPPING', 'STOPPING', 'STOPPED'),
    });

    // Assess
    expect(err[0]).toBe(
      '\r\u001b[2K⠋ waiting for the retraining scheduler of m to be STOPPED: STOPPING (0s)',
    );
    expect(err[1]).toBe(
      '\r\u001b[2K⠙ waiting for the retraining scheduler of m to be STOPPED: STOPPING (1s)',
    );
    expect(err.at(-1)).toBe('the retraining scheduler of m is STOPPED after 2s\n');
  });

  it('gives up at the timeout with a CommandFailedError', async () => {
    // Prepare
    const { io } = fakeIo(false);

    // Act
    const waiting = waitForStatus(io, {
      ...base,
      timeoutMs: 10_000,
      intervalMs: 3_000,
      poll: statuses('STOPPING'),
    });

    // Assess
    await expect(waiting).rejects.toThrow(CommandFailedError);
    await expect(
      waitForStatus(io, { ...base, timeoutMs: 10_000, intervalMs: 3_000, poll: statuses('STOPPING') }),
    ).rejects.toThrow('the retraining scheduler of m is still STOPPING after 10s; check again');
  });
});

describe('mapLimit', () => {
  it('keeps the input order and never runs more than the limit at once', async () => {
    // Prepare
    let running = 0;
    let peak = 0;

    // Act
    const results = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 10;
    });

    // Assess
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});

describe('confirmation', () => {
  async function* chunks(...parts: string[]) {
    for (const part of parts) yield part;
  }

  it('accepts y and yes only', () => {
    // Act / Assess
    expect(['y', 'Y', 'yes', ' YES '].every(isYes)).toBe(true);
    expect(['', 'n', 'yep', 'no'].some(isYes)).toBe(false);
  });

  it('reads one line across chunks, and null at end of input', async () => {
    // Act / Assess
    expect(await readLine(chunks('ye', 's\r\nrest'))).toBe('yes');
    expect(await readLine(chunks())).toBeNull();
  });

  it('asks on the given output and declines at end of input', async () => {
    // Prepare
    const written: string[] = [];
    const output = { write: (text: string) => written.push(text) };

    // Act
    const yes = await confirm('Activate m to v5?', chunks('y\n'), output);
    const eof = await confirm('Activate m to v5?', chunks(), output);

    // Assess
    expect([yes, eof]).toEqual([true, false]);
    expect(written).toEqual(['Activate m to v5? [y/N] ', 'Activate m to v5? [y/N] ', '\n']);
  });
});
