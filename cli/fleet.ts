// `--target ACCOUNT/REGION` and `--all-targets` for the read commands: the targets come from the
// `/<prefix>/targets` parameter (absent: the home account and region only), each target is read with its
// reader role's credentials in its region, at most `--concurrency` at once; a target that fails is listed
// after the results without failing the others, and makes the exit code 1.
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { Command } from 'commander';
import { createAssumedRoleCredentials } from '../lib/clients/assumed-role.js';
import { mapLimit } from '../lib/concurrency.js';
import { DEFAULT_ROLE_NAMES } from '../lib/fleet/fleet-config.js';
import { parseTargets, type Target, TargetsError } from '../lib/targets.js';
import type { CliContext, CliRuntime, Output, TargetSink } from './context.js';
import { EXIT_FAILURE, explainError, UsageError } from './errors.js';
import { parseTarget } from './validate.js';

export const DEFAULT_TARGET_CONCURRENCY = 4;
export const SESSION_NAME = 'l4e-autopilot-cli';

export interface TargetOptions {
  target?: string;
  allTargets?: boolean;
  concurrency?: string;
}

/** Adds --target, --all-targets and --concurrency to a read command. */
export function withTargetOptions(command: Command): Command {
  return command
    .option('--target <account/region>', 'read one target of the targets parameter, with its reader role')
    .option('--all-targets', 'read every target of the targets parameter; failed targets are listed after')
    .option(
      '--concurrency <n>',
      `targets read at once with --all-targets (default ${DEFAULT_TARGET_CONCURRENCY})`,
    );
}

interface TargetResult {
  target: Target;
  sink: TargetSink;
  error: string | null;
}

function parseConcurrency(options: TargetOptions): number {
  if (options.concurrency === undefined) return DEFAULT_TARGET_CONCURRENCY;
  if (options.allTargets !== true) throw new UsageError('--concurrency applies only with --all-targets');
  if (!/^\d+$/.test(options.concurrency) || Number(options.concurrency) < 1) {
    throw new UsageError(
      `--concurrency must be a whole number of at least 1, got ${JSON.stringify(options.concurrency)}`,
    );
  }
  return Number(options.concurrency);
}

/** The fleet as the targets parameter lists it, the hub's account and region included. */
export async function readTargets(hub: CliContext): Promise<Target[]> {
  const identity = await hub.sts.send(new GetCallerIdentityCommand({}));
  const account = identity.Account;
  if (account === undefined) throw new Error('STS GetCallerIdentity answered without an account');
  const region = hub.options.region ?? (await hub.sts.config.region());
  const parameter = await hub.parameters.get(`${hub.options.prefix}/targets`);
  const externalId = hub.io.env.FLEET_EXTERNAL_ID?.trim();
  const roleNames = {
    reader: hub.io.env.SPOKE_READER_ROLE_NAME?.trim() || DEFAULT_ROLE_NAMES.reader,
    activator: hub.io.env.SPOKE_ACTIVATOR_ROLE_NAME?.trim() || DEFAULT_ROLE_NAMES.activator,
  };
  try {
    return parseTargets(parameter?.value, {
      home: { account, region },
      defaultProviders: hub.options.providers,
      roleNames,
      ...(externalId ? { externalId } : {}),
    });
  } catch (error) {
    if (error instanceof TargetsError) {
      throw new UsageError(`${hub.options.prefix}/targets: ${error.message}`);
    }
    throw error;
  }
}

export function chooseTargets(all: Target[], options: TargetOptions, prefix: string): Target[] {
  if (options.allTargets === true) return all;
  const wanted = parseTarget(options.target ?? '');
  const found = all.find((t) => t.account === wanted.account && t.region === wanted.region);
  if (found === undefined) {
    throw new UsageError(
      `${wanted.account}/${wanted.region} is not a target of ${prefix}/targets; the targets are ${all.map((t) => t.key).join(', ')}`,
    );
  }
  return [found];
}

/** "reading targets: 2/5" on one rewritten stderr line when stderr is a terminal; nothing otherwise. */
export function targetProgress(stderr: Output, total: number): { step(): void; done(): void } {
  const tty = stderr.isTTY === true;
  let finished = 0;
  const write = () => stderr.write(`\r\u001b[2Kreading targets: ${finished}/${total}`);
  if (tty) write();
  return {
    step() {
      finished++;
      if (tty) write();
    },
    done() {
      if (tty) stderr.write('\r\u001b[2K');
    },
  };
}

type Body = (runtime: CliRuntime) => Promise<void>;

async function runOne(hub: CliContext, target: Target, body: Body, base: CliRuntime): Promise<TargetResult> {
  const sink: TargetSink = { lines: [], json: [] };
  const assumed = createAssumedRoleCredentials({ sessionName: SESSION_NAME, sts: hub.sts });
  const credentials =
    target.readerRoleArn === undefined
      ? undefined
      : assumed.providerFor({
          roleArn: target.readerRoleArn,
          ...(target.externalId === undefined ? {} : { externalId: target.externalId }),
        });
  const ctx = hub.forTarget(target.region, credentials, sink);
  const runtime: CliRuntime = {
    context(_command, provider) {
      if (provider !== undefined) ctx.selected = provider;
      return ctx;
    },
    setExitCode: (code) => base.setExitCode(code),
  };
  try {
    await body(runtime);
    return { target, sink, error: null };
  } catch (error) {
    const explained = explainError(error, { subject: ctx.subject, endpoint: ctx.modelEndpoint });
    return { target, sink, error: explained.message };
  }
}

function printResults(hub: CliContext, results: TargetResult[], json: boolean): void {
  const ok = results.filter((r) => r.error === null);
  const failed = results.filter((r) => r.error !== null);
  if (json) {
    hub.json({
      targets: ok.map((r) => ({ account: r.target.account, region: r.target.region, ...jsonOf(r.sink) })),
      errors: failed.map((r) => ({ account: r.target.account, region: r.target.region, error: r.error })),
    });
  } else {
    ok.forEach((r, i) => {
      hub.print(...(i === 0 ? [] : ['']), `account ${r.target.account}, region ${r.target.region}`);
      hub.print(...r.sink.lines);
    });
  }
  if (failed.length === 0) return;
  hub.io.stderr.write(`error: ${failed.length} of ${results.length} targets failed:\n`);
  for (const r of failed) hub.io.stderr.write(`- ${r.target.key}: ${r.error}\n`);
}

function jsonOf(sink: TargetSink): Record<string, unknown> {
  const [value] = sink.json;
  return typeof value === 'object' && value !== null ? { ...value } : {};
}

/**
 * Runs `body` as today without --target/--all-targets; otherwise once per chosen target, each with a
 * runtime whose context reaches that target, and prints every target's output named by account and region.
 */
export async function runForTargets(
  runtime: CliRuntime,
  command: Command,
  options: TargetOptions & { json?: boolean },
  body: Body,
): Promise<void> {
  if (options.target === undefined && options.allTargets !== true) {
    if (options.concurrency !== undefined) parseConcurrency(options);
    return body(runtime);
  }
  if (options.target !== undefined && options.allTargets === true) {
    throw new UsageError('pass either --target or --all-targets, not both');
  }
  const concurrency = parseConcurrency(options);
  const hub = runtime.context(command);
  const targets = chooseTargets(await readTargets(hub), options, hub.options.prefix);
  const shown = targetProgress(hub.io.stderr, targets.length);
  const results = await mapLimit(targets, concurrency, async (target) => {
    const result = await runOne(hub, target, body, runtime);
    shown.step();
    return result;
  });
  shown.done();
  printResults(hub, results, options.json === true);
  if (results.some((r) => r.error !== null)) runtime.setExitCode(EXIT_FAILURE);
}
