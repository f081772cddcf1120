// `--target ACCOUNT/REGION` for the commands that change a model: one target only, read with its reader
// role and changed with its activator role, in its region. The activator role may only make a version
// the active one (infra/spoke-roles.yml), so a command that changes anything else refuses --target.

import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { type Command, Option } from 'commander';
import {
  type AssumedRoleCredentials,
  AssumeRoleError,
  createAssumedRoleCredentials,
  type RoleToAssume,
} from '../lib/clients/assumed-role.js';
import type { Target } from '../lib/targets.js';
import type { CliContext, CliRuntime, TargetSink } from './context.js';
import { UsageError } from './errors.js';
import { chooseTargets, readTargets, SESSION_NAME } from './fleet.js';

export interface WriteTargetOptions {
  target?: string;
  allTargets?: boolean;
  json?: boolean;
}

/** Adds --target (and --all-targets, refused with the reason) to a command that changes a model. */
export function withWriteTargetOption(command: Command): Command {
  return command
    .option(
      '--target <account/region>',
      'a target of the targets parameter: read with its reader role, changed with its activator role',
    )
    .addOption(new Option('--all-targets', 'refused: a change reaches one target at a time').hideHelp());
}

/** Adds --target and --all-targets to a command that changes what the activator role may not change: both refused. */
export function withRefusedTargetOption(command: Command): Command {
  return command
    .addOption(new Option('--target <account/region>', 'refused: see docs/fleet.md').hideHelp())
    .addOption(new Option('--all-targets', 'refused: see docs/fleet.md').hideHelp());
}

/** Refuses --target and --all-targets on a command the spoke roles do not let the hub run. */
export function refuseTargetOptions(command: Command, options: WriteTargetOptions): void {
  if (options.target === undefined && options.allTargets !== true) return;
  throw new UsageError(
    `${commandName(command)} cannot reach another target: the spoke roles let the hub read models and activate versions only (infra/spoke-roles.yml), not change retraining schedulers; run it with credentials of the target's account and --region, without --target or --all-targets`,
  );
}

function commandName(command: Command): string {
  const parent = command.parent?.parent ? `${command.parent.name()} ` : '';
  return `${parent}${command.name()}`;
}

function roleOf(target: Target, roleArn: string | undefined): RoleToAssume | undefined {
  if (roleArn === undefined) return undefined;
  return { roleArn, ...(target.externalId === undefined ? {} : { externalId: target.externalId }) };
}

/** The activator's credentials; a refusal says whom the template's activator role trusts. */
function activatorProvider(
  assumed: AssumedRoleCredentials,
  role: RoleToAssume,
): AwsCredentialIdentityProvider {
  return async () => {
    try {
      return await assumed.credentialsFor(role);
    } catch (error) {
      if (!(error instanceof AssumeRoleError)) throw error;
      throw new AssumeRoleError(
        `${error.message}; nothing was changed (the activator role of infra/spoke-roles.yml trusts the hub's apply-policy role only: run this as a principal the target's activator role trusts)`,
        { cause: error },
      );
    }
  };
}

function targetContext(hub: CliContext, target: Target, sink: TargetSink): CliContext {
  const assumed = createAssumedRoleCredentials({ sessionName: SESSION_NAME, sts: hub.sts });
  const reader = roleOf(target, target.readerRoleArn);
  const activator = roleOf(target, target.activatorRoleArn);
  return hub.forTarget(
    target.region,
    reader === undefined ? undefined : assumed.providerFor(reader),
    sink,
    activator === undefined ? undefined : activatorProvider(assumed, activator),
  );
}

/** What the command printed for the target, named by account and region. */
function printTarget(hub: CliContext, target: Target, sink: TargetSink, json: boolean): void {
  if (json) {
    const [value] = sink.json;
    const body = typeof value === 'object' && value !== null ? value : {};
    hub.json({ account: target.account, region: target.region, ...body });
    return;
  }
  if (sink.lines.length > 0) hub.print(`account ${target.account}, region ${target.region}`, ...sink.lines);
}

/**
 * Runs `body` as today without --target; with it, once, with a runtime whose context reaches that target.
 * An error is the command's own (its exit code, its sentence), after whatever it printed before failing.
 */
export async function runOnTarget(
  runtime: CliRuntime,
  command: Command,
  options: WriteTargetOptions,
  body: (runtime: CliRuntime) => Promise<void>,
): Promise<void> {
  if (options.allTargets === true) {
    throw new UsageError(
      `${commandName(command)} changes one model in one target: pass --target ACCOUNT/REGION; --all-targets is for the read commands`,
    );
  }
  if (options.target === undefined) return body(runtime);
  const hub = runtime.context(command);
  const [target] = chooseTargets(await readTargets(hub), options, hub.options.prefix);
  if (target === undefined) throw new UsageError('--target names no target');
  const sink: TargetSink = { lines: [], json: [] };
  const ctx = targetContext(hub, target, sink);
  const scoped: CliRuntime = {
    context(_command, provider) {
      if (provider !== undefined) ctx.selected = provider;
      return ctx;
    },
    setExitCode: (code) => runtime.setExitCode(code),
  };
  try {
    await body(scoped);
  } catch (error) {
    // What it printed before failing, as it would have without --target; JSON only of a success.
    if (options.json !== true) printTarget(hub, target, sink, false);
    hub.subject = ctx.subject;
    throw error;
  }
  printTarget(hub, target, sink, options.json === true);
}
