// `scheduler start`, `scheduler stop [--wait]` and `scheduler delete [--stop-first]`.
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CommandFailedError } from '../errors.js';
import type { CliRuntime } from '../program.js';
import type { SchedulerDeleteJson } from '../shapes.js';
import { parseModelName } from '../validate.js';
import {
  describeSchedulerJson,
  onScheduler,
  parseWait,
  renderScheduler,
  type WaitFlags,
  waitUntilStopped,
} from './scheduler-view.js';
import { schedulerNotFound } from './shared.js';

/**
 * Asks L4E to stop the scheduler; the resulting status. With `tolerateStopping`, a scheduler that is
 * already STOPPING or STOPPED counts as stopped instead of failing on the service's conflict.
 */
async function stopOrAlreadyStopping(
  ctx: CliContext,
  name: string,
  tolerateStopping: boolean,
): Promise<string> {
  try {
    return (await onScheduler(ctx, name, () => ctx.lookout.stopScheduler(name))).status;
  } catch (error) {
    if (!tolerateStopping || (error as Error).name !== 'ConflictException') throw error;
    const status = (await ctx.lookout.describeScheduler(name))?.status;
    if (status === 'STOPPING' || status === 'STOPPED') return status;
    throw error;
  }
}

function registerDelete(scheduler: Command, runtime: CliRuntime): void {
  scheduler
    .command('delete')
    .description('delete a retraining scheduler (L4E requires it to be STOPPED)')
    .argument('<model>', 'model name')
    .option('--stop-first', 'stop the scheduler, wait until it is STOPPED, then delete it')
    .option('--timeout <duration>', 'longest wait for STOPPED with --stop-first', '10m')
    .option('--interval <duration>', 'time between status checks while waiting', '5s')
    .option('--json', 'print JSON: { modelName, deleted, stoppedFirst }')
    .action(
      async (
        modelArg: string,
        options: WaitFlags & { stopFirst?: boolean; json?: boolean },
        command: Command,
      ) => {
        const name = parseModelName(modelArg);
        const wait = parseWait(options);
        const ctx = runtime.context(command);
        const current = await onScheduler(ctx, name, async () => {
          const found = await ctx.lookout.describeScheduler(name);
          if (!found) throw await schedulerNotFound(ctx, name);
          return found;
        });
        const mustStop = (status: string) =>
          new CommandFailedError(
            `the retraining scheduler of ${name} is ${status}, and L4E deletes only a STOPPED scheduler; run \`l4e-autopilot scheduler stop ${name} --wait\` first, or add --stop-first to do both`,
          );
        let stoppedFirst = false;
        if (current.status === 'PENDING') {
          // L4E stops only a RUNNING scheduler and deletes only a STOPPED one.
          throw new CommandFailedError(
            `the retraining scheduler of ${name} is PENDING; L4E stops only a RUNNING scheduler and deletes only a STOPPED one, so run \`l4e-autopilot scheduler start ${name}\`, then delete it with --stop-first`,
          );
        }
        if (current.status !== 'STOPPED') {
          if (!options.stopFirst) throw mustStop(current.status);
          await stopOrAlreadyStopping(ctx, name, true);
          await waitUntilStopped(ctx, name, wait);
          stoppedFirst = true;
        }
        try {
          await onScheduler(ctx, name, () => ctx.lookout.deleteScheduler(name));
        } catch (error) {
          // Someone restarted it between the check and the call.
          if ((error as Error).name === 'ConflictException') throw mustStop('no longer STOPPED');
          throw error;
        }
        const view: SchedulerDeleteJson = { modelName: name, deleted: true, stoppedFirst };
        if (options.json) ctx.json(view);
        else
          ctx.print(`deleted the retraining scheduler of ${name}${stoppedFirst ? ' (stopped first)' : ''}`);
      },
    );
}

export function registerSchedulerLifecycle(scheduler: Command, runtime: CliRuntime): void {
  scheduler
    .command('start')
    .description('start (or resume) retraining on schedule')
    .argument('<model>', 'model name')
    .option('--json', 'print the scheduler as JSON')
    .action(async (modelArg: string, options: { json?: boolean }, command: Command) => {
      const name = parseModelName(modelArg);
      const ctx = runtime.context(command);
      const started = await onScheduler(ctx, name, () => ctx.lookout.startScheduler(name));
      const view = await describeSchedulerJson(ctx, name);
      if (options.json) ctx.json(view);
      else
        ctx.print(
          `started the retraining scheduler of ${name} (${started.status})`,
          '',
          ...renderScheduler(view),
        );
    });

  scheduler
    .command('stop')
    .description('stop retraining; with --wait, until the scheduler is STOPPED')
    .argument('<model>', 'model name')
    .option('--wait', 'wait until the scheduler is STOPPED, showing progress')
    .option('--timeout <duration>', 'longest wait with --wait', '10m')
    .option('--interval <duration>', 'time between status checks while waiting', '5s')
    .option('--json', 'print the scheduler as JSON')
    .action(
      async (modelArg: string, options: WaitFlags & { wait?: boolean; json?: boolean }, command: Command) => {
        const name = parseModelName(modelArg);
        const wait = parseWait(options);
        const ctx = runtime.context(command);
        const stopped = await stopOrAlreadyStopping(ctx, name, options.wait === true);
        if (options.wait) await waitUntilStopped(ctx, name, wait);
        const view = await describeSchedulerJson(ctx, name);
        if (options.json) ctx.json(view);
        else
          ctx.print(
            `stopped the retraining scheduler of ${name} (${options.wait ? view.status : stopped})`,
            '',
            ...renderScheduler(view),
          );
      },
    );
  registerDelete(scheduler, runtime);
}
