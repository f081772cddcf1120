// The command lines alerts suggest, in one place. The CLI registers its commands under these names,
// and a test parses every suggestion with the real CLI program, so renaming a command, an argument or
// an option breaks that test instead of leaving an alert that suggests a command that no longer runs.

export const CLI_NAME = 'l4e-autopilot';

/** The CLI's command names (subcommands of a group are named inside their group). */
export const CliCommand = {
  status: 'status',
  versions: 'versions',
  activate: 'activate',
  rollback: 'rollback',
  scheduler: 'scheduler',
  schedulerCreate: 'create',
  schedulerDescribe: 'describe',
  schedulerStart: 'start',
  policy: 'policy',
  policyValidate: 'validate',
} as const;

/** What a command line holds where the alert does not know the value (e.g. a version it could not read). */
export const UNKNOWN_ARGUMENT = '–';

/** Defaults suggested for a new scheduler: monthly retraining on half a year of data. */
export const SUGGESTED_FREQUENCY = 'P30D';
export const SUGGESTED_LOOKBACK = 'P180D';

function cli(...words: string[]): string {
  return [CLI_NAME, ...words].join(' ');
}

function versionArgument(version: number | null): string {
  return version === null ? UNKNOWN_ARGUMENT : String(version);
}

/** The command lines, each a function of what the alert knows. */
export const suggest = {
  status: (): string => cli(CliCommand.status),
  versions: (model: string): string => cli(CliCommand.versions, model),
  activate: (model: string, version: number | null): string =>
    cli(CliCommand.activate, model, versionArgument(version)),
  schedulerStart: (model: string): string => cli(CliCommand.scheduler, CliCommand.schedulerStart, model),
  schedulerDescribe: (model: string): string =>
    cli(CliCommand.scheduler, CliCommand.schedulerDescribe, model),
  schedulerCreate: (model: string): string =>
    cli(
      CliCommand.scheduler,
      CliCommand.schedulerCreate,
      model,
      '--frequency',
      SUGGESTED_FREQUENCY,
      '--lookback',
      SUGGESTED_LOOKBACK,
    ),
  policyValidate: (): string => cli(CliCommand.policy, CliCommand.policyValidate, 'FILE'),
  /** The AWS CLI's own view of a version, for what this CLI does not show (e.g. the full failure). */
  describeModelVersion: (model: string, version: number | null): string =>
    `aws lookoutequipment describe-model-version --model-name ${model} --model-version ${versionArgument(version)}`,
} as const;

const COMMAND_LINE = new RegExp(`^(aws|${CLI_NAME}) `);

/** A literal that is a command line to run (of this CLI or of the AWS CLI). */
export function isCommandLine(text: string): boolean {
  return COMMAND_LINE.test(text);
}
