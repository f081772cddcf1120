// `npm start`: the whole of l4e-autopilot, offline, on a simulated clock.
import { performance } from 'node:perf_hooks';
import { endQuietlyOnClosedPipe } from '../lib/closed-pipe.js';
import type { SlackMessage } from '../lib/core/messages/slack.js';
import { parseAutopilotSettings } from './autopilot-settings.js';
import { DAY_MS } from './emulator/durations.js';
import { loadScenarioFile } from './emulator/index.js';
import {
  bold,
  dim,
  fitLine,
  formatEventLine,
  formatSlack,
  formatSns,
  formatSummary,
  inShortFeed,
  type ModelSummaryRow,
  progressBar,
  reportsEvent,
  type Style,
} from './feed.js';
import { fleetCheckLines, isTargetEvent } from './fleet/ledger-check.js';
import { type FleetRun, fleetChecks } from './fleet/run.js';
import { combineComparisons, compareWithLedger, type LedgerComparison } from './ledger-check.js';
import { activeRuns, compareWithSiteWiseLedger } from './ledger-check-sitewise.js';
import { writeRunReport } from './report.js';
import { EXIT_USAGE, parseStartOptions, type StartOptions } from './start-options.js';
import { type LocalSystem, SITEWISE_PROVIDER, startLocalSystem } from './system.js';

/** Columns of a piped run, as a terminal of the usual size would show it. */
const PIPED_WIDTH = 80;

/** The variables that point the l4e-autopilot CLI (or any AWS SDK or CLI) at the local system. */
export function followVariables(system: LocalSystem): string[] {
  const names = [
    'AWS_REGION',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT',
    'AWS_ENDPOINT_URL_DYNAMODB',
    'AWS_ENDPOINT_URL_SSM',
    'AWS_ENDPOINT_URL_EVENTBRIDGE',
    'AWS_ENDPOINT_URL_SNS',
    'AWS_ENDPOINT_URL_IOTSITEWISE',
    'AWS_ENDPOINT_URL_S3',
    // The spoke roles of a fleet scenario, which `--target` assumes.
    'AWS_ENDPOINT_URL_STS',
    'PROVIDERS',
    'STATE_TABLE_NAME',
    'PARAMETER_PREFIX',
  ];
  return names.flatMap((name) => {
    const value = name === 'PARAMETER_PREFIX' ? system.parameterPrefix : system.env[name];
    return value === undefined ? [] : [`export ${name}=${value}`];
  });
}

/** Whether an event is about the hub's own account and region (a fleet's other targets have their own lines). */
function isHome(system: LocalSystem, detail: Record<string, unknown>): boolean {
  const home = system.fleet.targets[0];
  return (
    home === undefined || detail.account === undefined || isTargetEvent({ detailType: '', detail }, home)
  );
}

/** Each model's active version at the end: from the L4E ledger, or the SiteWise ledger's run numbers. */
function activeVersions(system: LocalSystem): Map<string, unknown> {
  const active = new Map<string, unknown>();
  for (const l of system.emulator.ledger())
    if (l.field === 'ActiveModelVersion' && l.modelName !== null) active.set(l.modelName, l.to);
  for (const [name, run] of activeRuns(system.sitewise?.ledger() ?? [])) active.set(name, run);
  return active;
}

function summaryRows(
  system: LocalSystem,
  events: Array<{ detailType: string; detail: Record<string, unknown> }>,
) {
  const activeOf = activeVersions(system);
  return system.models.map((m): ModelSummaryRow => {
    const mine = events.filter((e) => e.detail.modelName === m.name && isHome(system, e.detail));
    const runs = mine
      .filter((e) => e.detailType === 'Scheduled Retraining State Change')
      .map((e) => e.detail.status);
    const decisions: Record<string, number> = {};
    for (const e of mine.filter((x) => x.detailType === 'Model Version Activation Decision')) {
      const outcome = String(e.detail.outcome);
      decisions[outcome] = (decisions[outcome] ?? 0) + 1;
    }
    const active = activeOf.get(m.name);
    return {
      model: m.label,
      promoteMode: m.promoteMode,
      runs: {
        success: runs.filter((s) => s === 'SUCCESS').length,
        failed: runs.filter((s) => s === 'FAILED').length,
        canceled: runs.filter((s) => s === 'CANCELED').length,
      },
      promoted: mine.filter(
        (e) =>
          e.detailType === 'Model Version Promotion Result' &&
          e.detail.autoPromotionResult === 'MODEL_PROMOTED',
      ).length,
      decisions,
      activeVersion: active === undefined || active === null ? '–' : `v${active}`,
    };
  });
}

interface Alerts {
  slack: SlackMessage | undefined;
  sns: Array<{ subject: string; severity: string | undefined }>;
}

/** Hands out each Slack message and SNS publish once, to the first event it reports. */
function createAlertMatcher(system: LocalSystem) {
  const takenSlack = new Set<number>();
  const takenSns = new Set<number>();
  return (eventId: string): Alerts => {
    const slack = system.sink.received();
    const slackIndex = slack.findIndex(
      (m, i) => !takenSlack.has(i) && reportsEvent(JSON.stringify(m.body), eventId),
    );
    if (slackIndex >= 0) takenSlack.add(slackIndex);
    const sns = system.sns.published().flatMap((m, i) => {
      if (takenSns.has(i) || !reportsEvent(m.message, eventId)) return [];
      takenSns.add(i);
      return [{ subject: m.subject ?? '', severity: m.attributes.severity?.StringValue }];
    });
    return { slack: slack[slackIndex]?.body as SlackMessage | undefined, sns };
  };
}

interface FeedLayout {
  opts: StartOptions;
  style: Style;
  width: number;
  nameWidth: number;
}

function feedLines(layout: FeedLayout, detailType: string, detail: Record<string, unknown>, alerts: Alerts) {
  const { opts, style, width, nameWidth } = layout;
  const line = formatEventLine(style, detailType, detail, { nameWidth, width });
  if (opts.feed === 'short') return inShortFeed(detailType, detail) ? [line] : [];
  const important =
    detailType === 'Model Version Activation Decision' ||
    alerts.sns.some((m) => m.severity === 'error' || m.severity === 'warning');
  const showSlack = opts.slack === 'full' || (opts.slack === 'brief' && important);
  return [
    line,
    ...(alerts.slack !== undefined && showSlack ? [formatSlack(style, alerts.slack, width)] : []),
    ...alerts.sns.map((m) => formatSns(style, m.subject, m.severity, width)),
  ];
}

/**
 * The name a feed line shows: the scenario's for a model of the hub's own account and region; the same
 * model name lives in several targets, so another target's model is named with its target; and a
 * target's own event (its alarm, its recovery) by the target.
 */
function feedLabel(system: LocalSystem, labels: Map<string, string>, detail: Record<string, unknown>) {
  if (typeof detail.modelName !== 'string')
    return typeof detail.target === 'string' ? detail.target : undefined;
  if (isHome(system, detail)) return labels.get(detail.modelName);
  return `${detail.modelName} ${detail.account}/${detail.region}`;
}

/** The feed lines of the events published since the last call; models by the scenario's names. */
function createFeed(system: LocalSystem, layout: FeedLayout) {
  let shownEvents = 0;
  const labels = new Map(system.models.map((m) => [m.name, m.label]));
  const alertsFor = createAlertMatcher(system);
  return (): string[] => {
    const events = system.bus.accepted();
    const fresh = events.slice(shownEvents);
    shownEvents = events.length;
    if (layout.opts.quiet) return [];
    return fresh.flatMap((event) => {
      const detail = event.detail as Record<string, unknown>;
      const label = feedLabel(system, labels, detail);
      const shown = label === undefined ? detail : { ...detail, modelName: label };
      return feedLines(layout, event['detail-type'], shown, alertsFor(String(detail.eventId)));
    });
  };
}

/** The scenario, its policies checked too, before anything starts listening; exit 2 on a mistake. */
function loadCheckedScenario(name: string): ReturnType<typeof loadScenarioFile> {
  try {
    const scenario = loadScenarioFile(name);
    parseAutopilotSettings(scenario.autopilot, `scenario ${name}`);
    return scenario;
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT_USAGE);
  }
}

/** "7 models"; with SiteWise models, how many each service holds. */
function modelCount(system: LocalSystem): string {
  const sitewise = system.models.filter((m) => m.provider === SITEWISE_PROVIDER).length;
  const l4e = system.models.length - sitewise;
  if (sitewise === 0) return `${l4e} models`;
  if (l4e === 0) return `${sitewise} IoT SiteWise models`;
  return `${system.models.length} models (${l4e} L4E, ${sitewise} IoT SiteWise)`;
}

/** The progress bar of simulated days on stderr: redrawn on a terminal, every 30 days when piped. */
function createProgress(system: LocalSystem, style: Style, startMs: number, days: number) {
  const tty = process.stderr.isTTY === true;
  let shown = false;
  let lastPrintedDay = -1;
  return {
    show(force = false): void {
      const now = system.now();
      const day = Math.floor((now - startMs) / DAY_MS);
      if (!tty && day === lastPrintedDay) return;
      const date = new Date(now).toISOString();
      const stats = `· ${system.bus.accepted().length} events · ${system.sink.received().length} Slack · ${system.sns.published().length} SNS`;
      if (tty) {
        const columns = process.stderr.columns ?? PIPED_WIDTH;
        const bar = progressBar(style, { day, totalDays: days, date, stats }, columns);
        process.stderr.write(`\r\u001b[K${fitLine(bar, columns - 1)}`);
        shown = true;
      } else if (force || day % 30 === 0) {
        lastPrintedDay = day;
        const bar = progressBar({ color: false }, { day, totalDays: days, date, stats }, PIPED_WIDTH);
        process.stderr.write(`${fitLine(bar, PIPED_WIDTH)}\n`);
      }
    },
    clear(): void {
      if (tty && shown) process.stderr.write('\r\u001b[K');
      shown = false;
    },
  };
}

/** Published events against every emulator's ledger, as one comparison. */
function ledgerCheck(
  system: LocalSystem,
  events: Array<{ detailType: string; detail: Record<string, unknown> }>,
  run: { startMs: number; pollTimes: number[] },
): LedgerComparison {
  const window = {
    since: new Date(run.startMs).toISOString(),
    until: new Date(system.now()).toISOString(),
    polls: run.pollTimes,
  };
  const l4e = compareWithLedger(system.emulator.ledger(), events, window);
  if (system.sitewise === undefined) return l4e;
  return combineComparisons(l4e, compareWithSiteWiseLedger(system.sitewise.ledger(), events, window));
}

function summaryText(
  system: LocalSystem,
  run: {
    opts: StartOptions;
    days: number;
    polls: number;
    pollTimes: number[];
    startMs: number;
    seconds: number;
  },
  style: Style,
  width: number,
) {
  const events = system.bus
    .accepted()
    .map((e) => ({ detailType: e['detail-type'], detail: e.detail as Record<string, unknown> }));
  const check = ledgerCheck(system, events, run);
  const eventsByType: Record<string, number> = {};
  for (const e of events) eventsByType[e.detailType] = (eventsByType[e.detailType] ?? 0) + 1;
  const text = formatSummary(
    style,
    {
      scenario: run.opts.scenario,
      days: run.days,
      polls: run.polls,
      seconds: run.seconds,
      rows: summaryRows(system, events),
      eventsByType,
      slackMessages: system.sink.received().length,
      teamsMessages: system.teams.received().length,
      snsMessages: system.sns.published().length,
      deadLetters: system.deadLetters().length,
      check,
      ...(system.sitewise === undefined ? {} : { ledgers: "both emulators' ledgers" }),
    },
    width,
  );
  return { text, lost: check.lost };
}

/** With targets: each one against its own account and region's ledger, a line each. */
function fleetSummary(system: LocalSystem, run: FleetRun): { lines: string[]; ok: boolean } {
  if (system.fleet.targets.length < 2) return { lines: [], ok: true };
  const checks = fleetChecks(system, run);
  const lines = [
    `\nFleet: ${checks.length} targets, each against its own ledger`,
    ...fleetCheckLines(checks),
  ];
  return { lines: lines.map((line, i) => (i === 0 ? line : `  ${line}`)), ok: checks.every((c) => c.ok) };
}

function followBlock(system: LocalSystem, opts: StartOptions): string {
  return [
    '',
    'The system stays up; point the l4e-autopilot CLI at it (npm run build first):',
    '',
    ...followVariables(system),
    '',
    `following; Ctrl-C to stop (the clock moves ${opts.pollInterval} of simulated time a second)`,
  ].join('\n');
}

interface Outputs {
  feed: () => string[];
  progress: ReturnType<typeof createProgress>;
  out: (text: string) => void;
}

/** Prints what the last poll published, keeping the progress bar below it. */
function printFeed({ feed, progress, out }: Outputs): void {
  const lines = feed();
  if (lines.length > 0) {
    progress.clear();
    out(lines.join('\n'));
  }
  progress.show();
}

/** How far the clock moves next, and how long (in seconds of wall time) to wait before the next poll. */
function pacing(
  opts: StartOptions,
  following: boolean,
  remainingMs: number,
): { step: number; pause: number } {
  if (following) return { step: opts.pollIntervalMs, pause: 1 };
  const step = Math.min(opts.pollIntervalMs, remainingMs);
  return { step, pause: opts.daysPerSecond > 0 ? step / DAY_MS / opts.daysPerSecond : 0 };
}

/** Whether SIGINT or SIGTERM has arrived since the call. */
function stopRequested(): () => boolean {
  let stopping = false;
  const stop = () => {
    stopping = true;
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return () => stopping;
}

/** Polls and advances the simulated clock to `endMs` (and on, with --follow, until a signal). */
async function runClock(system: LocalSystem, opts: StartOptions, endMs: number, outputs: Outputs) {
  const stopping = stopRequested();
  let following = false;
  const pollTimes: number[] = [];
  for (;;) {
    pollTimes.push(system.now());
    await system.poll();
    printFeed(outputs);
    const now = system.now();
    if (stopping() || (!opts.follow && now >= endMs)) break;
    if (opts.follow && now >= endMs && !following) {
      following = true;
      outputs.progress.show(true);
      outputs.progress.clear();
      outputs.out(followBlock(system, opts));
    }
    const { step, pause } = pacing(opts, following, endMs - now);
    system.advance(step);
    if (pause > 0) await new Promise((r) => setTimeout(r, pause * 1000));
  }
  return { pollTimes, following };
}

async function main(): Promise<void> {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  // The handlers target the nodejs22.x runtime; on an older local Node the SDK's upgrade notice is noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const terminal = process.stdout.isTTY === true;
  const parsed = parseStartOptions(process.argv.slice(2), terminal, {
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
  });
  if ('exitCode' in parsed) process.exit(parsed.exitCode);
  const opts = parsed.options;
  const scenario = loadCheckedScenario(opts.scenario);
  const style: Style = { color: opts.color && terminal && process.env.NO_COLOR === undefined };
  const width = terminal ? Math.max(60, process.stdout.columns ?? PIPED_WIDTH) : PIPED_WIDTH;
  const out = (text: string) => process.stdout.write(`${text}\n`);

  const began = performance.now();
  const system = await startLocalSystem({
    scenario,
    seed: opts.seed,
    emulatorPort: opts.port,
    logLevel: opts.verbose ? 'INFO' : 'CRITICAL',
  });
  const days = opts.days ?? scenario.days ?? 180;
  const startMs = system.now();
  const endMs = startMs + days * DAY_MS;
  const models = system.models.map((m) => m.label);
  const nameWidth = Math.min(24, Math.max(8, ...models.map((m) => m.length)));
  const feedName = opts.quiet ? 'no feed' : `${opts.feed} feed (--feed full|short)`;
  out(
    fitLine(bold(style, `l4e-autopilot offline: scenario "${opts.scenario}", ${days} simulated days`), width),
  );
  out(
    dim(
      style,
      fitLine(
        `${modelCount(system)}, a poll every ${opts.pollInterval} of simulated time; ${feedName}`,
        width,
      ),
    ),
  );
  out('');

  const feed = createFeed(system, { opts, style, width, nameWidth });
  const progress = createProgress(system, style, startMs, days);
  const { pollTimes, following } = await runClock(system, opts, endMs, {
    feed,
    progress,
    out,
  });
  if (!following) progress.show(true);
  progress.clear();

  const seconds = (performance.now() - began) / 1000;
  const summary = summaryText(
    system,
    { opts, days, polls: pollTimes.length, pollTimes, startMs, seconds },
    style,
    width,
  );
  out(summary.text);
  const fleet = fleetSummary(system, { startMs, pollTimes });
  for (const line of fleet.lines) out(fitLine(line, width));
  for (const failure of system.deadLetters()) {
    out(fitLine(`dead-lettered: ${failure.functionName} ${failure.eventId}: ${failure.error}`, width));
  }
  if (opts.report !== false) {
    const path = await writeRunReport(system, opts.scenario, opts.report);
    out(`\nReport: ${path}`);
    out(dim(style, fitLine('(one HTML file: open it in a browser; it needs no network)', width)));
  }
  await system.close();
  if (summary.lost > 0 || !fleet.ok || system.deadLetters().length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`\nerror: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
