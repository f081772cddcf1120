// Entry point of the `l4e-autopilot` command.
import './sdk-notice.js';
import { endQuietlyOnClosedPipe } from '../lib/closed-pipe.js';
import { runCli } from './program.js';

endQuietlyOnClosedPipe(process.stdout);
endQuietlyOnClosedPipe(process.stderr);

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});
process.exitCode = code;
