// `npm start`: the whole of l4e-autopilot, offline, on a simulated clock.
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError } from 'commander';
import type { SlackMessage } from '../lib/core/messages/slack.js';
import { DAY_MS, parseDuration } from './emulator/durations.js';
import {
  bold,
  dim,
  formatEventLine,
  formatSlack,
  formatSns,
  formatSummary,
  type ModelSummaryRow,
  progressBar,
  type Style,
} from './feed.js';
import { compareWithLedger } from './ledger-check.js';
import { startLocalSystem } from './system.js';

interface Options {
  scenario: string;
  days?: number;
  pollInterval: string;
  speed: number;
  seed?: number;
  port: number;
  follow: boolean;
  quiet: boolean;
  slack: 'full' | 'brief' | 'none';
  verbose: boolean;
  color: boolean;
}

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new InvalidArgumentError('must be a number >= 0');
  return value;
}

function durationMs(text: string): number {
  try {
    const d = parseDuration(text);
    const ms =
      d.days * DAY_MS +
      d.hours * 3_600_000 +
      d.minutes * 60_000 +
      d.seconds * 1000 +
      d.months * 30 * DAY_MS +
      d.years * 365 * DAY_MS;
    if (ms < 60_000) throw new Error('too short');
    return ms;
  } catch {
    throw new InvalidArgumentError(
      `expected an ISO-8601 duration of at least a minute (e.g. PT1H, PT5M), got "${text}"`,
    );
  }
}

const program = new Command('npm start --')
  .description(
    'Runs l4e-autopilot offline: the L4E emulator, a local event bus, SSM, SNS, DynamoDB and a Slack sink on\nloopback, and the real Lambda handlers on a simulated clock. Shows the events, alerts and policy decisions.',
  )
  .option(
    '--scenario <name|path>',
    'scenario in local/scenarios or a JSON file (see docs/scenarios.md)',
    'demo',
  )
  .option('--days <n>', "simulated days to run (default: the scenario's, else 180)", positiveNumber)
  .option('--poll-interval <duration>', 'simulated time between polls (deployed default is PT5M)', 'PT1H')
  .option(
    '--speed <days-per-second>',
    'pace: simulated days per real second; 0 runs as fast as it can',
    positiveNumber,
    0,
  )
  .option('--seed <n>', 'seed for the emulator (same seed, same story)', positiveNumber)
  .option('--port <port>', 'port for the L4E emulator (0 picks a free one)', positiveNumber, 0)
  .option('--follow', 'keep going after the last day, one poll per second, until Ctrl-C', false)
  .option('--quiet', 'no feed: progress and summary only', false)
  .option(
    '--slack <level>',
    'Slack messages in the feed: full (every one), brief (warnings, errors, decisions), none',
    'full',
  )
  .option('--verbose', "show the handlers' own logs", false)
  .option('--no-color', 'no ANSI colours')
  .addHelpText(
    'after',
    '\nExamples:\n  npm start\n  npm start -- --days 60 --slack full\n  npm start -- --scenario fleet-15 --quiet\n  npm start -- --follow --port 8787   # then: l4e-autopilot status (see README)',
  );

async function main(): Promise<void> {
  // The handlers target the nodejs22.x runtime; on an older local Node the SDK's upgrade notice is noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  program.parse();
  const opts = program.opts<Options>();
  if (!['full', 'brief', 'none'].includes(opts.slack)) {
    program.error(`--slack must be full, brief or none, got "${opts.slack}"`);
  }
  const interval = durationMs(opts.pollInterval);
  const style: Style = { color: opts.color && process.stdout.isTTY === true };
  const width = Math.min(process.stdout.columns ?? 100, 110);
  const out = (text: string) => process.stdout.write(`${text}\n`);
  const tty = process.stderr.isTTY === true;
  let progressShown = false;
  const clearProgress = () => {
    if (tty && progressShown) process.stderr.write('\r\u001b[K');
    progressShown = false;
  };

  const began = performance.now();
  const system = await startLocalSystem({
    scenario: opts.scenario,
    seed: opts.seed,
    emulatorPort: opts.port,
    logLevel: opts.verbose ? 'INFO' : 'CRITICAL',
  });
  const scenarioDays = (system.scenario as { days?: number }).days;
  const days = opts.days ?? scenarioDays ?? 180;
  const startMs = system.emulator.now();
  const endMs = startMs + days * DAY_MS;
  const models = (system.scenario.models ?? []).map((m) => m.name);
  const nameWidth = Math.min(24, Math.max(8, ...models.map((m) => m.length)));

  out(bold(style, `l4e-autopilot — offline run of scenario "${opts.scenario}" for ${days} simulated days`));
  out(
    dim(
      style,
      `L4E emulator   ${system.emulator.url}   (AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT=${system.emulator.url})`,
    ),
  );
  out(
    dim(
      style,
      `event bus      ${system.env.EVENT_BUS_NAME} · table ${system.env.STATE_TABLE_NAME} · policies under ${system.parameterPrefix}`,
    ),
  );
  out(dim(style, `polling every  ${opts.pollInterval} of simulated time; ${models.length} models\n`));

  let shownEvents = 0;
  let shownSlack = 0;
  let shownSns = 0;
  let polls = 0;
  const showFeed = () => {
    const events = system.bus.accepted();
    const slack = system.sink.received();
    const sns = system.sns.published();
    if (opts.quiet) {
      shownEvents = events.length;
      shownSlack = slack.length;
      shownSns = sns.length;
      return;
    }
    const newSlack = slack
      .slice(shownSlack)
      .map((m) => ({ text: JSON.stringify(m.body), message: m.body as SlackMessage }));
    const newSns = sns.slice(shownSns);
    const lines: string[] = [];
    for (const event of events.slice(shownEvents)) {
      const detail = event.detail as Record<string, unknown>;
      const id = String(detail.eventId);
      lines.push(formatEventLine(style, event['detail-type'], detail, nameWidth));
      const slackMessage = newSlack.find((m) => m.text.includes(id));
      const severity = newSns.find((m) => m.message.includes(id))?.attributes.severity?.StringValue;
      const important =
        event['detail-type'] === 'Model Version Activation Decision' ||
        severity === 'error' ||
        severity === 'warning';
      if (slackMessage && (opts.slack === 'full' || (opts.slack === 'brief' && important))) {
        lines.push(formatSlack(style, slackMessage.message, width));
      }
      for (const m of newSns.filter((p) => p.message.includes(id))) {
        lines.push(formatSns(style, m.subject ?? '', m.attributes.severity?.StringValue));
      }
    }
    shownEvents = events.length;
    shownSlack = slack.length;
    shownSns = sns.length;
    if (lines.length > 0) {
      clearProgress();
      out(lines.join('\n'));
    }
  };
  let lastPrintedDay = -1;
  const showProgress = (force = false) => {
    const now = system.emulator.now();
    const day = Math.floor((now - startMs) / DAY_MS);
    if (!tty && day === lastPrintedDay) return;
    const stats = `· ${system.bus.accepted().length} events · ${system.sink.received().length} Slack · ${system.sns.published().length} SNS`;
    if (tty) {
      process.stderr.write(
        `\r\u001b[K${progressBar(style, day, days, new Date(now).toISOString(), stats, process.stderr.columns ?? 80)}`,
      );
      progressShown = true;
    } else if (force || day % 30 === 0) {
      lastPrintedDay = day;
      process.stderr.write(
        `${progressBar({ color: false }, day, days, new Date(now).toISOString(), stats, 80)}\n`,
      );
    }
  };

  let stopping = false;
  process.once('SIGINT', () => {
    stopping = true;
  });
  let lastProgressDay = -1;
  const pollTimes: number[] = [];
  for (;;) {
    pollTimes.push(system.emulator.now());
    await system.poll();
    polls += 1;
    showFeed();
    const now = system.emulator.now();
    const day = Math.floor((now - startMs) / DAY_MS);
    if (day !== lastProgressDay) {
      showProgress();
      lastProgressDay = day;
    }
    if (stopping || (!opts.follow && now >= endMs)) break;
    const step = opts.follow && now >= endMs ? interval : Math.min(interval, endMs - now);
    system.emulator.advance(step);
    if (opts.follow && now >= endMs) await new Promise((r) => setTimeout(r, 1000));
    else if (opts.speed > 0) await new Promise((r) => setTimeout(r, (step / DAY_MS / opts.speed) * 1000));
  }
  showProgress(true);
  clearProgress();

  const events = system.bus
    .accepted()
    .map((e) => ({ detailType: e['detail-type'], detail: e.detail as Record<string, unknown> }));
  const ledger = system.emulator.ledger();
  const check = compareWithLedger(
    ledger,
    events,
    new Date(startMs).toISOString(),
    new Date(system.emulator.now()).toISOString(),
    pollTimes,
  );
  const eventsByType: Record<string, number> = {};
  for (const e of events) eventsByType[e.detailType] = (eventsByType[e.detailType] ?? 0) + 1;
  const rows: ModelSummaryRow[] = (system.scenario.models ?? []).map((m) => {
    const mine = events.filter((e) => e.detail.modelName === m.name);
    const runs = mine
      .filter((e) => e.detailType === 'Scheduled Retraining State Change')
      .map((e) => e.detail.status);
    const decisions: Record<string, number> = {};
    for (const e of mine.filter((x) => x.detailType === 'Model Version Activation Decision')) {
      const outcome = String(e.detail.outcome);
      decisions[outcome] = (decisions[outcome] ?? 0) + 1;
    }
    const active = ledger
      .filter((l) => l.modelName === m.name && l.field === 'ActiveModelVersion')
      .at(-1)?.to;
    return {
      model: m.name,
      promoteMode: m.retrainingScheduler?.promoteMode ?? (m.retrainingScheduler ? 'MANAGED' : '–'),
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
  out(
    formatSummary(style, {
      scenario: opts.scenario,
      days,
      polls,
      seconds: (performance.now() - began) / 1000,
      rows,
      eventsByType,
      slackMessages: system.sink.received().length,
      snsMessages: system.sns.published().length,
      deadLetters: system.deadLetters().length,
      check,
    }),
  );
  for (const failure of system.deadLetters())
    out(`dead-lettered: ${failure.functionName} ${failure.eventId}: ${failure.error}`);
  await system.close();
  if (check.lost > 0 || system.deadLetters().length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `\nl4e-autopilot could not run: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
