// The command tree. Each command group registers itself; this file holds the global options, turns
// every outcome into an exit code (0 ok, 1 failure, 2 usage) and prints errors as one sentence.
import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { registerActivation } from './commands/activation.js';
import { registerDecisions } from './commands/decisions.js';
import { registerExecutions } from './commands/executions.js';
import { registerImportVersion } from './commands/import-version.js';
import { registerMigrate } from './commands/migrate.js';
import { registerPolicy } from './commands/policy.js';
import { registerReport } from './commands/report.js';
import { registerScheduler } from './commands/scheduler.js';
import { registerStatus } from './commands/status.js';
import { registerVersions } from './commands/versions.js';
import { CliContext, type CliIo, type CliRuntime, type GlobalOptions, resolveOptions } from './context.js';
import { EXIT_OK, EXIT_USAGE, explainError } from './errors.js';
import { bullet } from './format.js';
import { TERMINAL_WIDTH } from './table.js';

export function createProgram(io: CliIo, runtime: CliRuntime): Command {
  const program = new Command('l4e-autopilot')
    .description(
      'Operate Amazon Lookout for Equipment retraining: schedulers, live versions, policies, activation and rollback.',
    )
    .version(packageJson.version)
    .option('--region <region>', "AWS region (default: AWS_REGION or the profile's region)")
    .option('--profile <name>', 'named AWS profile for credentials and region')
    .option(
      '--endpoint-url <url>',
      'endpoint of the model service, L4E or IoT SiteWise (other services keep theirs)',
    )
    .option(
      '--provider <name>',
      'lookout-equipment or iot-sitewise (default: the one the model id names; for every model, $PROVIDERS)',
    )
    .option('--table <name>', 'state table with the autopilot decisions (default: $STATE_TABLE_NAME)')
    .option(
      '--prefix <path>',
      'SSM prefix of the policies (default: $PARAMETER_PREFIX or /l4e-autopilot/dev)',
    )
    .option('--no-color', 'plain output without colours')
    .showHelpAfterError('(add --help for usage)')
    // Help wraps at 80 columns even with the long command names of this tree.
    .configureHelp({ helpWidth: TERMINAL_WIDTH, minWidthToWrap: 30 })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  program.addHelpText(
    'after',
    '\nEvery read command takes --json (camelCase fields, ISO-8601 UTC times).\nExit codes: 0 ok, 1 failed, 2 invalid command line or input (nothing changed).',
  );
  registerStatus(program, runtime);
  registerVersions(program, runtime);
  registerScheduler(program, runtime);
  registerPolicy(program, runtime);
  registerActivation(program, runtime);
  registerDecisions(program, runtime);
  registerExecutions(program, runtime);
  registerImportVersion(program, runtime);
  registerReport(program, runtime);
  registerMigrate(program, runtime);
  return program;
}

const SUCCESSFUL_COMMANDER_CODES = new Set(['commander.helpDisplayed', 'commander.version']);

/** Runs one command line (without the node and script arguments); resolves to the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let context: CliContext | undefined;
  let exitCode = EXIT_OK;
  const runtime: CliRuntime = {
    context(command, provider) {
      context ??= new CliContext(
        io,
        resolveOptions(command.optsWithGlobals<GlobalOptions>(), io.env, io.stdout.isTTY === true),
      );
      if (provider !== undefined) context.selected = provider;
      return context;
    },
    setExitCode(code) {
      exitCode = code;
    },
  };
  const program = createProgram(io, runtime);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return SUCCESSFUL_COMMANDER_CODES.has(error.code) ? EXIT_OK : EXIT_USAGE;
    }
    const explained = explainError(error, {
      subject: context?.subject ?? null,
      endpoint: context?.modelEndpoint ?? null,
    });
    io.stderr.write(`error: ${explained.message}\n`);
    for (const detail of explained.details) io.stderr.write(`${bullet(detail).join('\n')}\n`);
    return explained.exitCode;
  }
}
