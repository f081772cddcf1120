// Entry point of the `l4e-autopilot` command.
import { endQuietlyOnClosedPipe } from '../lib/closed-pipe.js';
import { runCli } from './program.js';

// The CLI supports Node 20 on purpose; the SDK's notice about its future Node 22 requirement would
// otherwise end up in every command's output. Setting the variable to "false" brings it back.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
