// `scheduler create|describe|list|update|start|stop|delete`: the whole retraining-scheduler API, with
// every value checked before the call and the service's rules explained when they bite.
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { CliCommand } from '../../lib/core/commands.js';
import type { RetrainingScheduleFilter } from '../../lib/ports.js';
import type { CliContext, CliRuntime } from '../context.js';
import { UsageError } from '../errors.js';
import { runForTargets, type TargetOptions, withTargetOptions } from '../fleet.js';
import { modelArgument } from '../model-argument.js';
import type { SchedulerListJson } from '../shapes.js';
import { parseMaxResults, parseModelName, parseSchedulerStatus } from '../validate.js';
import { registerSchedulerLifecycle } from './scheduler-lifecycle.js';
import {
  describeSchedulerJson,
  onScheduler,
  parseSettings,
  renderScheduler,
  renderSchedulerList,
  type SettingsOptions,
} from './scheduler-view.js';

function registerCreate(scheduler: Command, runtime: CliRuntime): void {
  scheduler
    .command(CliCommand.schedulerCreate)
    .description('create a retraining scheduler on a model')
    .argument('<model>', 'model name')
    .requiredOption('--frequency <duration>', 'how often to retrain, P30D to P1Y (e.g. P1M, P90D, P3M15D)')
    .requiredOption('--lookback <window>', 'days of data to retrain on: P180D, P360D, P540D or P720D')
    .option('--start-date <date>', 'first retraining day, UTC (e.g. 2024-06-01); L4E keeps only the day')
    .option(
      '--promote-mode <mode>',
      'MANAGED (L4E activates better versions) or MANUAL (you or autopilot do)',
    )
    .option('--client-token <token>', 'idempotency token (default: a new UUID)')
    .option('--json', 'print the scheduler as JSON')
    .action(
      async (
        modelArg: string,
        options: SettingsOptions & { clientToken?: string; json?: boolean },
        command: Command,
      ) => {
        const { name, provider } = modelArgument(command, modelArg);
        const { settings, notes } = parseSettings(options);
        const clientToken = options.clientToken ?? randomUUID();
        if (!/^[\x20-\x7e]{1,256}$/.test(clientToken)) {
          throw new UsageError('client token must be 1 to 256 printable ASCII characters');
        }
        const ctx = runtime.context(command, provider);
        for (const note of notes) ctx.note(note);
        const created = await onScheduler(ctx, name, () =>
          ctx.models.createRetrainingSchedule(
            name,
            {
              ...settings,
              frequency: settings.frequency as string,
              lookbackWindow: settings.lookbackWindow as string,
            },
            clientToken,
          ),
        );
        const view = await describeSchedulerJson(ctx, name);
        if (options.json) ctx.json(view);
        else
          ctx.print(
            `created the retraining scheduler of ${name} (${created.status})`,
            '',
            ...renderScheduler(view),
          );
      },
    );
}

function registerDescribe(scheduler: Command, runtime: CliRuntime): void {
  const describe = scheduler
    .command(CliCommand.schedulerDescribe)
    .description("a model's retraining scheduler, its next retraining and latest run")
    .argument('<model>', 'model name')
    .option('--json', 'print JSON (see SchedulerJson)');
  withTargetOptions(describe).action(
    (modelArg: string, options: TargetOptions & { json?: boolean }, command: Command) => {
      const { name, provider } = modelArgument(command, modelArg);
      return runForTargets(runtime, command, options, async (rt) => {
        const ctx = rt.context(command, provider);
        const view = await onScheduler(ctx, name, () => describeSchedulerJson(ctx, name));
        if (options.json) ctx.json(view);
        else ctx.print(...renderScheduler(view));
      });
    },
  );
}

interface ListOptions {
  namePrefix?: string;
  status?: string;
  maxResults?: string;
  nextToken?: string;
  json?: boolean;
}

/** The list filter from the options; throws a UsageError on a bad value. */
export function parseListFilter(options: ListOptions): RetrainingScheduleFilter {
  return {
    ...(options.namePrefix !== undefined ? { namePrefix: parseModelName(options.namePrefix) } : {}),
    ...(options.status !== undefined ? { status: parseSchedulerStatus(options.status) } : {}),
    ...(options.maxResults !== undefined ? { maxResults: parseMaxResults(options.maxResults) } : {}),
    ...(options.nextToken !== undefined ? { nextToken: options.nextToken } : {}),
  };
}

/** One page when the caller asked for a page size or a token; otherwise every page. */
async function listSchedulers(ctx: CliContext, filter: RetrainingScheduleFilter): Promise<SchedulerListJson> {
  const onePage = filter.maxResults !== undefined || filter.nextToken !== undefined;
  const schedulers: SchedulerListJson['schedulers'] = [];
  let request = filter;
  for (;;) {
    const page = await ctx.models.listRetrainingSchedules(request);
    for (const s of page.schedules) {
      const { modelName, status, startDate, frequency, lookbackWindow } = s;
      schedulers.push({ modelName, status, startDate, frequency, lookbackWindow });
    }
    if (onePage || page.nextToken === null) return { schedulers, nextToken: onePage ? page.nextToken : null };
    request = { ...filter, nextToken: page.nextToken };
  }
}

function registerList(scheduler: Command, runtime: CliRuntime): void {
  scheduler
    .command('list')
    .description('retraining schedulers, all pages unless --max-results or --next-token asks for one')
    .option('--name-prefix <prefix>', 'only models whose name begins with this')
    .option('--status <status>', 'only PENDING, RUNNING, STOPPING or STOPPED schedulers')
    .option('--max-results <n>', 'one page of at most n (1-500)')
    .option('--next-token <token>', 'the page after a previous --max-results call')
    .option('--json', 'print JSON: { schedulers: [...], nextToken }')
    .action(async (options: ListOptions, command: Command) => {
      const filter = parseListFilter(options);
      const ctx = runtime.context(command);
      const view = await listSchedulers(ctx, filter);
      if (options.json) ctx.json(view);
      else ctx.print(...renderSchedulerList(view.schedulers, view.nextToken));
    });
}

function registerUpdate(scheduler: Command, runtime: CliRuntime): void {
  scheduler
    .command('update')
    .description('change the start date, frequency, lookback window or promote mode')
    .argument('<model>', 'model name')
    .option('--start-date <date>', 'first retraining day, UTC; L4E keeps only the day')
    .option('--frequency <duration>', 'P30D to P1Y')
    .option('--lookback <window>', 'P180D, P360D, P540D or P720D')
    .option('--promote-mode <mode>', 'MANAGED or MANUAL')
    .option('--json', 'print the scheduler as JSON')
    .action(async (modelArg: string, options: SettingsOptions & { json?: boolean }, command: Command) => {
      const { name, provider } = modelArgument(command, modelArg);
      const { settings, notes } = parseSettings(options);
      if (Object.keys(settings).length === 0) {
        throw new UsageError(
          'nothing to update: give at least one of --start-date, --frequency, --lookback, --promote-mode',
        );
      }
      const ctx = runtime.context(command, provider);
      for (const note of notes) ctx.note(note);
      await onScheduler(ctx, name, () => ctx.models.updateRetrainingSchedule(name, settings));
      const view = await describeSchedulerJson(ctx, name);
      if (options.json) ctx.json(view);
      else ctx.print(`updated the retraining scheduler of ${name}`, '', ...renderScheduler(view));
    });
}

export function registerScheduler(program: Command, runtime: CliRuntime): void {
  const scheduler = program
    .command(CliCommand.scheduler)
    .description('create, inspect, change, start, stop and delete retraining schedulers');
  registerCreate(scheduler, runtime);
  registerDescribe(scheduler, runtime);
  registerList(scheduler, runtime);
  registerUpdate(scheduler, runtime);
  registerSchedulerLifecycle(scheduler, runtime);
}
