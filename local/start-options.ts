// The command line of `npm start`, checked in full before anything starts: every mistake gets one
// `error:` line that names the valid values or range (and the nearest name for a near miss), exit 2.
import { readdirSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { closestMatch } from '../lib/core/closest.js';
import { DAY_MS, HOUR_MS, MINUTE_MS, parseDuration } from './emulator/durations.js';
import { resolveScenarioPath, SCENARIO_DIRECTORY } from './emulator/scenario-files.js';

export const EXIT_USAGE = 2;
export const FEED_LEVELS = ['short', 'full'] as const;
export const SLACK_LEVELS = ['full', 'brief', 'none'] as const;
const MAX_DAYS = 3650;
const MAX_DAYS_PER_SECOND = 10_000;

export interface StartOptions {
  scenario: string;
  days?: number;
  pollInterval: string;
  /** The poll interval in milliseconds of simulated time. */
  pollIntervalMs: number;
  daysPerSecond: number;
  seed?: number;
  port: number;
  follow: boolean;
  quiet: boolean;
  feed: (typeof FEED_LEVELS)[number];
  slack: (typeof SLACK_LEVELS)[number];
  verbose: boolean;
  color: boolean;
  /** Where the report of the run goes; false with --no-report. */
  report: string | false;
}

export function scenarioNames(): string[] {
  return readdirSync(SCENARIO_DIRECTORY)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

function scenarioOption(text: string): string {
  try {
    resolveScenarioPath(text);
    return text;
  } catch {
    const names = scenarioNames();
    const near = closestMatch(text, names, 2);
    throw new InvalidArgumentError(
      `no such scenario${near ? ` (did you mean "${near}"?)` : ''}; choose ${names.join(', ')} or the path of a JSON file`,
    );
  }
}

function integerOption(min: number, max: number) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`it must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

function daysPerSecondOption(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > MAX_DAYS_PER_SECOND) {
    throw new InvalidArgumentError(
      `it must be a number of simulated days per second from 0 (as fast as it can) to ${MAX_DAYS_PER_SECOND}`,
    );
  }
  return value;
}

/** Simulated milliseconds of a duration from PT1M to P1D (a month counts as 30 days, a year 365). */
export function pollIntervalMs(text: string): number {
  const range = 'an ISO-8601 duration from PT1M to P1D (e.g. PT5M, PT1H)';
  let ms: number;
  try {
    const d = parseDuration(text);
    ms =
      (d.years * 365 + d.months * 30 + d.weeks * 7 + d.days) * DAY_MS +
      d.hours * HOUR_MS +
      d.minutes * MINUTE_MS +
      d.seconds * 1000;
  } catch {
    throw new InvalidArgumentError(`it must be ${range}`);
  }
  if (ms < MINUTE_MS || ms > DAY_MS) {
    throw new InvalidArgumentError(
      `it must be ${range}; ${text} is ${ms < MINUTE_MS ? 'shorter than a minute' : 'longer than a day'}`,
    );
  }
  return ms;
}

export function createStartProgram(isTerminal: boolean): Command {
  return new Command('npm start --')
    .description(
      'Runs l4e-autopilot offline: the L4E emulator, a local event bus, SSM, SNS, DynamoDB and a Slack sink on loopback, and the real Lambda handlers on a simulated clock.',
    )
    .option(
      '--scenario <name|path>',
      `a scenario in local/scenarios (${scenarioNames().join(', ')}) or a JSON file`,
      scenarioOption,
      'demo',
    )
    .option(
      '--days <n>',
      `simulated days to run, 1 to ${MAX_DAYS} (default: the scenario's)`,
      integerOption(1, MAX_DAYS),
    )
    .option(
      '--poll-interval <duration>',
      'simulated time between polls, PT1M to P1D',
      (text: string) => {
        pollIntervalMs(text);
        return text;
      },
      'PT1H',
    )
    .option(
      '--days-per-second <n>',
      'pace in simulated days per real second; 0: as fast as it can',
      daysPerSecondOption,
      0,
    )
    .option('--seed <n>', 'seed for the emulator (same seed, same story)', integerOption(0, 2 ** 31 - 1))
    .option(
      '--port <port>',
      'port of the L4E emulator, 0 to 65535 (0: any free one)',
      integerOption(0, 65535),
      0,
    )
    .option('--follow', 'after the last day, keep polling (one poll interval per second) until Ctrl-C')
    .addOption(
      new Option('--feed <level>', 'short: decisions, failures, version changes; full: every event')
        .choices(FEED_LEVELS)
        .default(isTerminal ? 'full' : 'short', isTerminal ? 'full on a terminal' : 'short when piped'),
    )
    .option('--quiet', 'no feed: progress and summary only')
    .addOption(
      new Option('--slack <level>', 'Slack messages in the full feed: every one, warnings and up, none')
        .choices(SLACK_LEVELS)
        .default('brief'),
    )
    .addOption(
      new Option('--speed <n>').hideHelp().argParser((): never => {
        throw new InvalidArgumentError(
          "npm start paces in simulated days per second: use --days-per-second (the emulator's own --speed is a multiple of real time)",
        );
      }),
    )
    .option('--verbose', "show the handlers' own logs")
    .option('--no-color', 'no ANSI colours')
    .option(
      '--report <file>',
      'write the version-timeline report of the run here',
      'reports/l4e-autopilot-report.html',
    )
    .option('--no-report', 'do not write the report')
    .showHelpAfterError('(add --help for usage)')
    .configureHelp({ helpWidth: 80 })
    .addHelpText(
      'after',
      '\nExamples:\n  npm start\n  npm start -- --days 60 --feed full --slack full\n  npm start -- --scenario fleet-15 --quiet\n  npm start -- --follow   # prints the variables for the l4e-autopilot CLI',
    );
}

export type ParsedStart = { options: StartOptions } | { exitCode: number };

/**
 * Parses `argv` (without node and the script). Help and usage mistakes are written through `output`
 * (a mistake as commander's `error:` line) and come back as the exit code: 0 for help, 2 otherwise.
 */
export function parseStartOptions(
  argv: readonly string[],
  isTerminal: boolean,
  output: { writeOut(text: string): void; writeErr(text: string): void },
): ParsedStart {
  const program = createStartProgram(isTerminal).exitOverride().configureOutput(output);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      return { exitCode: ok ? 0 : EXIT_USAGE };
    }
    throw error;
  }
  const opts = program.opts<
    Omit<StartOptions, 'pollIntervalMs' | 'follow' | 'quiet' | 'verbose'> & {
      follow?: boolean;
      quiet?: boolean;
      verbose?: boolean;
    }
  >();
  return {
    options: {
      ...opts,
      follow: opts.follow === true,
      quiet: opts.quiet === true,
      verbose: opts.verbose === true,
      pollIntervalMs: pollIntervalMs(opts.pollInterval),
    },
  };
}
