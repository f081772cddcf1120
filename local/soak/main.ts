// `npm run soak`: a year of a fleet under faults, checked against the truth. Exits 1 on any loss,
// wrong or missed activation, unexplained duplicate or dead-lettered decision. `--fleet N` soaks N
// targets in their own accounts and regions polled by one hub, with outages of whole accounts, and
// checks every target on its own.
import { Command, InvalidArgumentError } from 'commander';
import { runFleetSoak } from './fleet.js';
import { formatFleetSoakReport } from './fleet-report.js';
import { formatSoakReport } from './report.js';
import { runSoak } from './run.js';

function integer(min: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min)
      throw new InvalidArgumentError(`must be an integer >= ${min}`);
    return value;
  };
}

async function main(): Promise<void> {
  const program = new Command('npm run soak --')
    .description(
      'Runs a mixed fleet on the L4E and IoT SiteWise emulators under faults and checks every event and decision against the truth.',
    )
    .option('--days <n>', 'simulated days', integer(1), 365)
    .option('--models <n>', 'L4E models in the fleet', integer(1), 16)
    .option(
      '--sitewise-models <n>',
      'IoT SiteWise models (computation models × assets) beside them',
      integer(0),
      15,
    )
    .option('--seed <n>', 'seed for the fleet and the faults', integer(0), 7)
    .option('--poll-hours <n>', 'simulated hours between polls', integer(1), 3)
    .option('--no-faults', 'run without injected faults (a baseline)')
    .option(
      '--knobs <mode>',
      "emulator knobs per model: strict, lenient or random:<seed> (default: random with the soak's seed)",
    )
    .option('--fleet <n>', 'soak N targets (accounts × regions) polled by one hub instead', integer(1))
    .option('--models-per-target <n>', 'with --fleet: L4E models in each target', integer(1), 4)
    .option(
      '--outages <n>',
      'with --fleet: accounts whose roles refuse AssumeRole for a while',
      integer(0),
      3,
    )
    .option('--outage-hours <n>', 'with --fleet: how long each outage lasts', integer(1), 24)
    .parse();
  const opts = program.opts<{
    days: number;
    models: number;
    sitewiseModels: number;
    seed: number;
    pollHours: number;
    faults: boolean;
    knobs?: string;
    fleet?: number;
    modelsPerTarget: number;
    outages: number;
    outageHours: number;
  }>();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const progress = (day: number, days: number) => {
    if (day % 30 === 0 || day === days) process.stderr.write(`soak: day ${day}/${days}\n`);
  };
  if (opts.fleet !== undefined) {
    const fleet = await runFleetSoak({
      targets: opts.fleet,
      models: opts.modelsPerTarget,
      days: opts.days,
      seed: opts.seed,
      pollIntervalMs: opts.pollHours * 3_600_000,
      faults: opts.faults,
      knobs: opts.knobs ?? `random:${opts.seed}`,
      outages: opts.outages,
      outageHours: opts.outageHours,
      progress,
    });
    process.stdout.write(`${formatFleetSoakReport(fleet)}\n`);
    if (!fleet.ok) process.exitCode = 1;
    return;
  }
  const report = await runSoak({
    days: opts.days,
    models: opts.models,
    sitewiseModels: opts.sitewiseModels,
    seed: opts.seed,
    pollIntervalMs: opts.pollHours * 3_600_000,
    faults: opts.faults,
    knobs: opts.knobs ?? `random:${opts.seed}`,
    progress,
  });
  process.stdout.write(`${formatSoakReport(report)}\n`);
  if (!report.ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `soak could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
