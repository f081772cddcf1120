// `scheduler start`, `scheduler stop [--wait]` and `scheduler delete [--stop-first]`.
import type { Command } from 'commander';
import { CliCommand } from '../../lib/core/commands.js';
import type { CliContext, CliRuntime } from '../context.js';
import { CommandFailedError } from '../errors.js';
import { refuseTargetOptions, type WriteTargetOptions, withRefusedTargetOption } from '../fleet-write.js';
import { modelArgument } from '../model-argument.js';
import type { SchedulerDeleteJson } from '../shapes.js';
import {
  describeSchedulerJson,
  onScheduler,
  parseWait,
  renderScheduler,
  type WaitFlags,
  waitUntilRunning,
  waitUntilStopped,
} from './scheduler-view.js';
import { isConflict, schedulerNotFound } from './shared.js';

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
    return (await onScheduler(ctx, name, () => ctx.models.stopRetrainingSchedule(name))).status;
  } catch (error) {
    if (!isConflict(error)) throw error;
    const status = (await ctx.models.describeRetrainingSchedule(name))?.status;
    if (status === 'PENDING') throw pendingStop(name);
    if (tolerateStopping && (status === 'STOPPING' || status === 'STOPPED')) return status;
    throw error;
  }
}

/** L4E stops only a RUNNING scheduler; a PENDING one is either starting or was never started. */
function pendingStop(name: string): CommandFailedError {
  return new CommandFailedError(
    `the retraining scheduler of ${name} is PENDING, and L4E stops only a RUNNING scheduler; a PENDING scheduler that was never started does not retrain, and one that was just started turns RUNNING shortly: add --wait to wait for RUNNING and stop it then`,
  );
}

/** `scheduler stop --wait`: a PENDING scheduler is waited for RUNNING first, then stopped. */
async function stopWhenRunning(
  ctx: CliContext,
  name: string,
  wait: { timeoutMs: number; intervalMs: number },
): Promise<string> {
  const status = (await ctx.models.describeRetrainingSchedule(name))?.status;
  if (status === 'PENDING') await waitUntilRunning(ctx, name, wait);
  return stopOrAlreadyStopping(ctx, name, true);
}

/** The selected provider's short name, for sentences about what it does. */
function serviceName(ctx: CliContext): string {
  return ctx.selected === 'iot-sitewise' ? 'IoT SiteWise' : 'L4E';
}

/** Asks L4E to start the scheduler; a conflict from one that is already starting or running is fine. */
async function startUnlessStarting(ctx: CliContext, name: string): Promise<void> {
  try {
    await onScheduler(ctx, name, () => ctx.models.startRetrainingSchedule(name));
  } catch (error) {
    if (!isConflict(error)) throw error;
    const status = (await ctx.models.describeRetrainingSchedule(name))?.status;
    if (status !== 'PENDING' && status !== 'RUNNING') throw error;
  }
}

/**
 * Brings the scheduler to STOPPED for a delete: whether it had to be stopped. L4E stops only a RUNNING
 * scheduler and deletes only a STOPPED one; a PENDING one may be starting already (a start answers
 * PENDING) or never started, and starting it again changes nothing in the first case, so one path
 * serves both.
 */
interface DeletePlan {
  name: string;
  /** The scheduler's status before the delete. */
  status: string;
  stopFirst: boolean;
  wait: { timeoutMs: number; intervalMs: number };
  mustStop: (status: string) => Error;
}

async function stopBeforeDelete(ctx: CliContext, plan: DeletePlan): Promise<boolean> {
  const { name, status, stopFirst } = plan;
  if (status === 'STOPPED') return false;
  if (status === 'PENDING') {
    if (!stopFirst) {
      throw new CommandFailedError(
        `the retraining scheduler of ${name} is PENDING; L4E stops only a RUNNING scheduler and deletes only a STOPPED one, so add --stop-first to start it (unless it is starting already), wait until it is RUNNING, stop it and delete it`,
      );
    }
    await startUnlessStarting(ctx, name);
    await waitUntilRunning(ctx, name, plan.wait);
  }
  if (!stopFirst) throw plan.mustStop(status);
  await stopOrAlreadyStopping(ctx, name, true);
  await waitUntilStopped(ctx, name, plan.wait);
  return true;
}

function registerDelete(scheduler: Command, runtime: CliRuntime): void {
  const command = scheduler
    .command('delete')
    .description('delete a retraining scheduler (L4E requires it to be STOPPED)')
    .argument('<model>', 'model name')
    .option(
      '--stop-first',
      'stop the scheduler (a PENDING one is started and waited for RUNNING first), wait until it is STOPPED, then delete it',
    )
    .option('--timeout <duration>', 'longest wait for STOPPED with --stop-first', '10m')
    .option('--interval <duration>', 'time between status checks while waiting', '5s')
    .option('--json', 'print JSON: { modelName, deleted, stoppedFirst }');
  withRefusedTargetOption(command).action(
    async (
      modelArg: string,
      options: WaitFlags & WriteTargetOptions & { stopFirst?: boolean },
      command: Command,
    ) => {
      refuseTargetOptions(command, options);
      const { name, provider } = modelArgument(command, modelArg);
      const wait = parseWait(options);
      const ctx = runtime.context(command, provider);
      const current = await onScheduler(ctx, name, async () => {
        const found = await ctx.models.describeRetrainingSchedule(name);
        if (!found) throw await schedulerNotFound(ctx, name);
        return found;
      });
      const mustStop = (status: string) =>
        new CommandFailedError(
          `the retraining scheduler of ${name} is ${status}, and L4E deletes only a STOPPED scheduler; run \`l4e-autopilot scheduler stop ${name} --wait\` first, or add --stop-first to do both`,
        );
      const stoppedFirst = await stopBeforeDelete(ctx, {
        name,
        status: current.status,
        stopFirst: options.stopFirst === true,
        wait,
        mustStop,
      });
      try {
        await onScheduler(ctx, name, () => ctx.models.deleteRetrainingSchedule(name));
      } catch (error) {
        // Someone restarted it between the check and the call.
        if (isConflict(error)) throw mustStop('no longer STOPPED');
        throw error;
      }
      const view: SchedulerDeleteJson = { modelName: name, deleted: true, stoppedFirst };
      if (options.json) ctx.json(view);
      else ctx.print(`deleted the retraining scheduler of ${name}${stoppedFirst ? ' (stopped first)' : ''}`);
    },
  );
}

export function registerSchedulerLifecycle(scheduler: Command, runtime: CliRuntime): void {
  const start = scheduler
    .command(CliCommand.schedulerStart)
    .description('start (or resume) retraining on schedule')
    .argument('<model>', 'model name')
    .option('--json', 'print the scheduler as JSON');
  withRefusedTargetOption(start).action(
    async (modelArg: string, options: WriteTargetOptions, command: Command) => {
      refuseTargetOptions(command, options);
      const { name, provider } = modelArgument(command, modelArg);
      const ctx = runtime.context(command, provider);
      const started = await onScheduler(ctx, name, () => ctx.models.startRetrainingSchedule(name));
      const view = await describeSchedulerJson(ctx, name);
      if (options.json) ctx.json(view);
      else
        ctx.print(
          `started the retraining scheduler of ${name} (${started.status}${started.status === 'PENDING' ? `; ${serviceName(ctx)} turns it RUNNING shortly` : ''})`,
          '',
          ...renderScheduler(view),
        );
    },
  );

  const stop = scheduler
    .command('stop')
    .description(
      'stop retraining; with --wait, until the scheduler is STOPPED (a PENDING one is waited for RUNNING first)',
    )
    .argument('<model>', 'model name')
    .option('--wait', 'wait until the scheduler is STOPPED, showing progress')
    .option('--timeout <duration>', 'longest wait with --wait', '10m')
    .option('--interval <duration>', 'time between status checks while waiting', '5s')
    .option('--json', 'print the scheduler as JSON');
  withRefusedTargetOption(stop).action(
    async (
      modelArg: string,
      options: WaitFlags & WriteTargetOptions & { wait?: boolean },
      command: Command,
    ) => {
      refuseTargetOptions(command, options);
      const { name, provider } = modelArgument(command, modelArg);
      const wait = parseWait(options);
      const ctx = runtime.context(command, provider);
      const stopped = options.wait
        ? await stopWhenRunning(ctx, name, wait)
        : await stopOrAlreadyStopping(ctx, name, false);
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
