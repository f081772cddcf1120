// `npm run emulator`: the L4E emulator on loopback, for the SDK, the AWS CLI and the autopilot.

import { Command, InvalidArgumentError } from 'commander';
import { startEmulator } from './emulator.js';

function integerOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    }
    return parsed;
  };
}

function speedOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('speed must be a number >= 0.');
  return parsed;
}

interface CliOptions {
  port: number;
  host: string;
  scenario: string;
  seed?: number;
  speed: number;
}

async function main(): Promise<void> {
  const program = new Command()
    .name('npm run emulator --')
    .description('Amazon Lookout for Equipment emulator (awsJson1_0 wire protocol, simulated clock).')
    .option('--port <port>', 'TCP port', integerOption('port', 0, 65535), 8787)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--scenario <name|path>', 'scenario name in local/scenarios or a JSON file', 'demo')
    .option('--seed <n>', 'seed for identifiers and simulated metrics', integerOption('seed', 0, 2 ** 31 - 1))
    .option(
      '--speed <n>',
      'simulated time runs at real time × n (0: only the control API moves it)',
      speedOption,
      0,
    )
    .addHelpText(
      'after',
      '\nControl API: GET|POST /_emulator/clock, POST /_emulator/scenario, GET|POST /_emulator/faults,\n' +
        'GET /_emulator/ledger, GET /_emulator/stats, POST /_emulator/stats/reset,\n' +
        'POST /_emulator/models/<name>/runs, POST /_emulator/reset (see docs/scenarios.md).',
    );
  program.parse();
  const options = program.opts<CliOptions>();
  const emulator = await startEmulator({
    host: options.host,
    port: options.port,
    scenario: options.scenario,
    speed: options.speed,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const lines = [
    `L4E emulator listening on ${emulator.url} (scenario ${options.scenario}, simulated time ${new Date(emulator.now()).toISOString()}, speed ${options.speed})`,
    '',
    'Point the AWS SDK at it:',
    `  export AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT=${emulator.url}`,
    '  export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test',
    'Or the AWS CLI:',
    `  aws lookoutequipment list-models --endpoint-url ${emulator.url} --region us-east-1`,
    'Move the clock:',
    `  curl -s -X POST ${emulator.url}/_emulator/clock -d '{"advance":"P30D"}'`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  const shutdown = (signal: string): void => {
    process.stdout.write(`\n${signal}: stopping the emulator.\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`l4e-emulator: ${(error as Error).message}\n`);
  process.exit(1);
});
