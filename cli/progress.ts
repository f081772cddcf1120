// Waiting for a status with visible progress: a spinner with the elapsed time on a terminal, one plain
// line per status change otherwise (logs and pipes). Bounded by a timeout.
import type { CliIo } from './context.js';
import { CommandFailedError } from './errors.js';
import { formatElapsed } from './format.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface WaitOptions {
  /** e.g. "retraining scheduler of pump-01" */
  label: string;
  target: string;
  timeoutMs: number;
  intervalMs: number;
  /** The current status, or null when the resource is gone. */
  poll(): Promise<string | null>;
  /** The sentence after "…still STATUS after 5m;" on timeout. */
  onTimeout: string;
}

export async function waitForStatus(io: CliIo, options: WaitOptions): Promise<string> {
  const started = io.now();
  const tty = io.stderr.isTTY === true;
  let last: string | null | undefined;
  let frame = 0;
  const clear = () => {
    if (tty) io.stderr.write('\r\u001b[2K');
  };
  for (;;) {
    const status = await options.poll();
    const elapsed = io.now() - started;
    if (status === options.target || status === null) {
      clear();
      io.stderr.write(`${options.label} is ${status ?? 'gone'} after ${formatElapsed(elapsed)}\n`);
      return status ?? 'DELETED';
    }
    if (tty) {
      const spinner = FRAMES[frame++ % FRAMES.length] ?? '';
      io.stderr.write(
        `\r\u001b[2K${spinner} waiting for ${options.label} to be ${options.target}: ${status} (${formatElapsed(elapsed)})`,
      );
    } else if (status !== last) {
      io.stderr.write(`waiting for ${options.label} to be ${options.target}: ${status}\n`);
    }
    last = status;
    if (elapsed >= options.timeoutMs) {
      clear();
      throw new CommandFailedError(
        `${options.label} is still ${status} after ${formatElapsed(elapsed)}; ${options.onTimeout}`,
      );
    }
    await io.sleep(Math.min(options.intervalMs, Math.max(1, options.timeoutMs - elapsed)));
  }
}

export { mapLimit } from '../lib/concurrency.js';
