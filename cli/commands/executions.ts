// `executions SCHEDULER`: inference executions, newest first, with the model version each one used,
// which shows when a newly activated version actually started scoring.
import type { Command } from 'commander';
import { MAX_PAGE_SIZE } from '../../lib/adapters/lookout-operations.js';
import type { InferenceExecution, ModelOperations } from '../../lib/ports.js';
import type { CliRuntime } from '../context.js';
import { bullet, formatDateTime, formatVersion } from '../format.js';
import type { ExecutionsJson } from '../shapes.js';
import { renderTable, TERMINAL_WIDTH } from '../table.js';
import { parseInstant, parseLimit, parseName } from '../validate.js';

export function newestFirst(executions: readonly InferenceExecution[]): InferenceExecution[] {
  const key = (e: InferenceExecution) => e.scheduledStartTime ?? e.dataStartTime ?? '';
  return [...executions].sort((a, b) => key(b).localeCompare(key(a)));
}

function isNewestFirst(executions: readonly InferenceExecution[]): boolean {
  const keys = executions.map((e) => e.scheduledStartTime ?? e.dataStartTime ?? '');
  return keys.every((key, i) => i === 0 || key <= (keys[i - 1] as string));
}

/**
 * Reads pages until `limit` executions are in hand. That is enough only while the service returns them
 * newest first (as L4E does); if a page says otherwise, every page is read so the newest are not missed.
 */
export async function readExecutions(
  lookout: Pick<ModelOperations, 'listExecutionPages'>,
  scheduler: string,
  limit: number,
  since: Date | undefined,
): Promise<InferenceExecution[]> {
  const all: InferenceExecution[] = [];
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(limit, 100));
  for await (const page of lookout.listExecutionPages(scheduler, {
    pageSize,
    ...(since ? { dataStartAfter: since } : {}),
  })) {
    all.push(...page);
    if (all.length >= limit && isNewestFirst(all)) break;
  }
  return all;
}

export function renderExecutions(
  scheduler: string,
  executions: ExecutionsJson['executions'],
  paint?: (text: string) => string,
): string[] {
  if (executions.length === 0) return [`no inference executions for ${scheduler}`];
  const table = renderTable(
    [
      { header: 'SCHEDULED' },
      { header: 'DATA FROM' },
      { header: 'DATA TO' },
      { header: 'STATUS' },
      { header: 'VERSION', align: 'right' },
    ],
    executions.map((e) => [
      formatDateTime(e.scheduledStartTime),
      formatDateTime(e.dataStartTime),
      formatDateTime(e.dataEndTime),
      e.status,
      formatVersion(e.modelVersion),
    ]),
    paint ? { paint } : {},
  );
  const lines = [table[0] ?? ''];
  executions.forEach((e, i) => {
    lines.push(table[i + 1] ?? '');
    if (e.failedReason) lines.push(...bullet(e.failedReason, '    ', TERMINAL_WIDTH));
  });
  return lines;
}

export function registerExecutions(program: Command, runtime: CliRuntime): void {
  program
    .command('executions')
    .description('inference executions of an inference scheduler, newest first, with the model version used')
    .argument('<scheduler>', 'inference scheduler name')
    .option('--limit <n>', 'show at most n executions', '20')
    .option('--since <date>', 'only executions whose data starts after this date or date-time')
    .option('--json', 'print JSON: { scheduler, executions: [...] }')
    .action(
      async (
        schedulerArg: string,
        options: { limit: string; since?: string; json?: boolean },
        command: Command,
      ) => {
        const scheduler = parseName(schedulerArg, 'inference scheduler name');
        const limit = parseLimit(options.limit);
        const since = options.since === undefined ? undefined : parseInstant(options.since, 'since');
        const ctx = runtime.context(command);
        ctx.subject = { kind: 'inference scheduler', name: scheduler };
        const all = await readExecutions(ctx.lookout, scheduler, limit, since);
        const executions = newestFirst(all)
          .slice(0, limit)
          .map((e) => ({
            scheduledStartTime: e.scheduledStartTime,
            dataStartTime: e.dataStartTime,
            dataEndTime: e.dataEndTime,
            status: e.status,
            modelName: e.modelName,
            modelVersion: e.modelVersion,
            modelVersionArn: e.modelVersionArn,
            failedReason: e.failedReason,
          }));
        if (options.json) ctx.json({ scheduler, executions } satisfies ExecutionsJson);
        else ctx.print(...renderExecutions(scheduler, executions, ctx.style.status));
      },
    );
}
