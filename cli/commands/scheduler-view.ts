// Shared by the scheduler commands: settings validation, the scheduler view and waiting for STOPPED.
import type { RetrainingScheduleSettings } from '../../lib/ports.js';
import type { CliContext } from '../context.js';
import { DASH, formatDate, formatDateTime, formatVersion } from '../format.js';
import { waitForStatus } from '../progress.js';
import type { SchedulerJson, SchedulerListJson } from '../shapes.js';
import { renderPairs, renderTable } from '../table.js';
import {
  frequencyDays,
  parseDurationOption,
  parseFrequency,
  parseLookback,
  parsePromoteMode,
  parseStartDate,
} from '../validate.js';
import { isNotFound, schedulerNotFound } from './shared.js';

export interface SettingsOptions {
  startDate?: string;
  frequency?: string;
  lookback?: string;
  promoteMode?: string;
}

export interface ParsedSettings {
  settings: RetrainingScheduleSettings;
  /** Sentences about adjustments made to the input (the start date's truncation). */
  notes: string[];
}

/** Validates every scheduler setting given; throws a UsageError naming the first bad one. */
export function parseSettings(options: SettingsOptions): ParsedSettings {
  const settings: RetrainingScheduleSettings = {};
  const notes: string[] = [];
  if (options.frequency !== undefined) settings.frequency = parseFrequency(options.frequency);
  if (options.lookback !== undefined) settings.lookbackWindow = parseLookback(options.lookback);
  if (options.promoteMode !== undefined) settings.promoteMode = parsePromoteMode(options.promoteMode);
  if (options.startDate !== undefined) {
    const start = parseStartDate(options.startDate);
    settings.startDate = start.date;
    if (start.truncatedFrom) {
      const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
      notes.push(
        `note: L4E keeps only the UTC day of the start date, so ${iso(start.truncatedFrom)} becomes ${iso(start.date)}`,
      );
    }
  }
  return { settings, notes };
}

/** "P1M (30 days)": the day count L4E's P30D–P1Y range uses, when the duration is not already in days. */
export function describeFrequency(frequency: string | null): string {
  if (!frequency) return DASH;
  const days = frequencyDays(frequency);
  return days === null || /^P\d+D$/.test(frequency) ? frequency : `${frequency} (${days} days)`;
}

export async function describeSchedulerJson(ctx: CliContext, name: string): Promise<SchedulerJson> {
  const scheduler = await ctx.models.describeRetrainingSchedule(name);
  if (!scheduler) throw await schedulerNotFound(ctx, name);
  const model = await ctx.models.describeModel(name);
  return {
    modelName: scheduler.modelName,
    status: scheduler.status,
    promoteMode: scheduler.promoteMode,
    frequency: scheduler.frequency,
    lookbackWindow: scheduler.lookbackWindow,
    startDate: scheduler.startDate,
    createdAt: scheduler.createdAt,
    updatedAt: scheduler.updatedAt,
    nextRetrainingDate: model?.nextRetrainingDate ?? null,
    latestRun:
      model?.latestRunStatus == null
        ? null
        : {
            version: model.latestRunVersion,
            status: model.latestRunStatus,
            startTime: model.latestRunStartTime,
          },
  };
}

export function renderScheduler(s: SchedulerJson): string[] {
  return renderPairs([
    ['Model', s.modelName],
    ['Status', s.status],
    ['Promote mode', s.promoteMode ?? DASH],
    ['Frequency', describeFrequency(s.frequency)],
    ['Lookback window', s.lookbackWindow ?? DASH],
    ['Start date', formatDate(s.startDate)],
    ['Next retraining', formatDate(s.nextRetrainingDate)],
    [
      'Latest run',
      s.latestRun
        ? `${formatVersion(s.latestRun.version)} ${s.latestRun.status}, started ${formatDateTime(s.latestRun.startTime)}`
        : DASH,
    ],
    ['Created', formatDateTime(s.createdAt)],
    ['Updated', formatDateTime(s.updatedAt)],
  ]);
}

export function renderSchedulerList(
  schedulers: SchedulerListJson['schedulers'],
  nextToken: string | null,
): string[] {
  const lines =
    schedulers.length === 0
      ? ['no retraining schedulers match']
      : renderTable(
          [
            { header: 'MODEL', shrink: true, min: 10 },
            { header: 'STATUS' },
            { header: 'START DATE' },
            { header: 'FREQUENCY' },
            { header: 'LOOKBACK' },
          ],
          schedulers.map((s) => [
            s.modelName,
            s.status,
            formatDate(s.startDate),
            describeFrequency(s.frequency),
            s.lookbackWindow ?? DASH,
          ]),
        );
  if (nextToken) lines.push('', `more schedulers: add --next-token ${nextToken}`);
  return lines;
}

/** Runs a scheduler call, turning "not found" into which of model or scheduler is missing. */
export async function onScheduler<T>(ctx: CliContext, name: string, call: () => Promise<T>): Promise<T> {
  ctx.subject = { kind: 'model', name };
  try {
    return await call();
  } catch (error) {
    if (isNotFound(error)) throw await schedulerNotFound(ctx, name);
    throw error;
  }
}

export interface WaitFlags {
  timeout?: string;
  interval?: string;
}

export function parseWait(flags: WaitFlags): { timeoutMs: number; intervalMs: number } {
  return {
    timeoutMs: parseDurationOption(flags.timeout ?? '10m', 'timeout'),
    intervalMs: parseDurationOption(flags.interval ?? '5s', 'interval'),
  };
}

/** Waits for a PENDING scheduler to turn RUNNING (a start settles after a while). */
export async function waitUntilRunning(
  ctx: CliContext,
  name: string,
  wait: { timeoutMs: number; intervalMs: number },
) {
  return waitForStatus(ctx.io, {
    label: `the retraining scheduler of ${name}`,
    target: 'RUNNING',
    ...wait,
    poll: async () => (await ctx.models.describeRetrainingSchedule(name))?.status ?? null,
    onTimeout: `check again with \`l4e-autopilot scheduler describe ${name}\``,
  });
}

export async function waitUntilStopped(
  ctx: CliContext,
  name: string,
  wait: { timeoutMs: number; intervalMs: number },
) {
  return waitForStatus(ctx.io, {
    label: `the retraining scheduler of ${name}`,
    target: 'STOPPED',
    ...wait,
    poll: async () => (await ctx.models.describeRetrainingSchedule(name))?.status ?? null,
    onTimeout: `check again with \`l4e-autopilot scheduler describe ${name}\``,
  });
}
