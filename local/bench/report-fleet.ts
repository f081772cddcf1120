// Section 5 of the benchmark report: one hub watching T targets against T separate stacks.
import type { FleetBenchResult, FleetRow, HubHour } from './fleet-bench.js';
import { CYCLES_PER_HOUR } from './fleet-bench.js';
import type { HubCycle } from './fleet-hub.js';
import type { TemplateResources } from './fleet-resources.js';
import { grouped, ms, table } from './markdown.js';
import { totalCalls } from './poll-cycles.js';
import { median } from './stats.js';

export const FLEET_SECTION_TITLE = '## 5. A fleet of targets: one hub against T separate stacks';

/** The value at quantile q (0–1) of the values, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

/** One count when every cycle made the same, else the range. */
function countRange(values: readonly number[]): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? grouped(lo) : `${grouped(lo)}–${grouped(hi)}`;
}

export interface HourFigures {
  l4eCallsPerCycle: string;
  assumeRolePerHour: number;
  pollerInvocationsPerHour: number;
  dispatcherMs: number;
  targetP50: number;
  targetP95: number;
  rssPeak: number;
  heapPeak: number;
  rssBefore: number;
  heapBefore: number;
}

/** The figures of an hour of hub cycles. */
export function hourFigures(hour: HubHour): HourFigures {
  const cycles: HubCycle[] = hour.cycles;
  const targetMs = cycles.flatMap((c) => c.targetMs);
  return {
    l4eCallsPerCycle: countRange(cycles.map((c) => totalCalls(c.l4eCalls))),
    assumeRolePerHour: cycles.reduce((n, c) => n + c.assumeRole, 0),
    pollerInvocationsPerHour: cycles.reduce((n, c) => n + c.invocations, 0),
    dispatcherMs: median(cycles.map((c) => c.dispatcherMs)),
    targetP50: quantile(targetMs, 0.5),
    targetP95: quantile(targetMs, 0.95),
    rssPeak: Math.max(...cycles.map((c) => c.memory.rssPeak)),
    heapPeak: Math.max(...cycles.map((c) => c.memory.heapPeak)),
    rssBefore: cycles[0]?.memory.rssBefore ?? 0,
    heapBefore: cycles[0]?.memory.heapBefore ?? 0,
  };
}

function hubRow(row: FleetRow, hour: HubHour): string[] {
  const f = hourFigures(hour);
  return [
    grouped(row.targets),
    grouped(row.models),
    String(hour.containers),
    f.l4eCallsPerCycle,
    grouped(f.assumeRolePerHour),
    `${CYCLES_PER_HOUR} + ${grouped(f.pollerInvocationsPerHour)}`,
    ms(f.dispatcherMs),
    `${ms(f.targetP50)} / ${ms(f.targetP95)}`,
    `${mb(f.rssPeak)} (${mb(f.rssBefore)})`,
    `${mb(f.heapPeak)} (${mb(f.heapBefore)})`,
  ];
}

function stacksRow(row: FleetRow, result: FleetBenchResult): string[] {
  const { idle } = row.stacks;
  const perStack = result.resources.stack.total;
  const spoke = result.resources.spokeRoles.total;
  return [
    grouped(row.targets),
    `${grouped(idle.invocations * CYCLES_PER_HOUR)}`,
    grouped(totalCalls(idle.l4eCalls)),
    '0',
    `${ms(quantile(idle.cycleMs, 0.5))} / ${ms(quantile(idle.cycleMs, 0.95))}`,
    `${grouped(row.targets)} × ${perStack} = ${grouped(row.targets * perStack)}`,
    `${perStack} + ${grouped(row.accounts)} × ${spoke} = ${grouped(perStack + row.accounts * spoke)}`,
  ];
}

const TYPES_SHOWN = [
  'AWS::Lambda::Function',
  'AWS::Events::Rule',
  'AWS::DynamoDB::Table',
  'AWS::Events::EventBus',
  'AWS::SQS::Queue',
  'AWS::KMS::Key',
  'AWS::SNS::Topic',
  'AWS::CloudWatch::Alarm',
  'AWS::Logs::LogGroup',
  'AWS::IAM::Role',
];

function typeRows(stack: TemplateResources, spoke: TemplateResources, rows: readonly FleetRow[]) {
  const largest = rows.at(-1);
  const t = largest?.targets ?? 0;
  const accounts = largest?.accounts ?? 0;
  return TYPES_SHOWN.map((type) => {
    const one = stack.byType[type] ?? 0;
    const inSpoke = spoke.byType[type] ?? 0;
    return [type, String(one), grouped(t * one), grouped(one + accounts * inSpoke)];
  });
}

function intro(result: FleetBenchResult): string {
  return (
    `Fleets of T targets (accounts × regions, four regions per account) × 15 models, served by one L4E ` +
    'emulator that takes the account from the access key and the region from the signing scope, with ' +
    `**${result.latencyMs} ms of emulated latency on every L4E call** and none on STS, SQS or DynamoDB. ` +
    'Every model is trained and nothing changes during the hour: each target is idle after the ' +
    'baseline cycle. _Hub_: the dispatcher use case sends one message per target to the local SQS queue; ' +
    `C poller containers drain it through the SQS event source (batches of ${result.batchSize}, as the ` +
    "packaged event source mapping sets them), each container with its own credential cache, like Lambda's " +
    'execution environments; they start receiving in a seeded random order each cycle, so a target lands ' +
    'in a different container from one cycle to the next. Reader credentials come from the local STS, ' +
    'one-hour sessions renewed 5 minutes before they expire. One warm-up cycle precedes each measured hour ' +
    `of ${CYCLES_PER_HOUR} cycles at ${result.cycleMs / 60_000}-minute steps of the simulated clock; the ` +
    `first hour runs with C = ${result.defaultConcurrency} (the packaged maximum concurrency; its warm-up is ` +
    "the fleet's baseline, no latency), the second with C = 1, each with new containers. " +
    '_Separate stacks_: T deployments of the same template, each its own state table and its own ' +
    "scheduled poll-models (the real runWatchCycle, signed with the account's own credentials), after " +
    'their own first cycle.'
  );
}

function parameterSentence(rows: readonly FleetRow[]): string {
  const fits = rows.map((row) => {
    const { chars, tier } = row.targetsParameter;
    const held = tier === null ? 'fits no SSM tier (8,192 at most)' : `${tier} tier`;
    return `T = ${grouped(row.targets)}: ${grouped(chars)} characters, ${held}`;
  });
  const unfit = rows.filter((row) => row.targetsParameter.tier === null).map((row) => grouped(row.targets));
  return (
    `The targets parameter (\`[{"account":…,"region":…}, …]\`, roles derived from the spoke role names): ` +
    `${fits.join('; ')}.` +
    (unfit.length === 0
      ? ''
      : ` At T = ${unfit.join(', ')} the dispatcher and the pollers were given the same list, parsed as ` +
        'loadTargets parses the parameter, without SSM: one parameter cannot hold that fleet.')
  );
}

export function fleetSection(result: FleetBenchResult): string[] {
  const { stack, spokeRoles } = result.resources;
  return [
    FLEET_SECTION_TITLE,
    '',
    intro(result),
    '',
    ...table(
      [
        'targets T',
        'models',
        'poller containers C',
        'L4E calls per idle cycle',
        'AssumeRole per hour',
        'invocations per hour (dispatcher + poller)',
        'dispatcher ms (median)',
        'per-target cycle ms p50 / p95',
        'peak RSS MB (before)',
        'peak heap MB (before)',
      ],
      result.rows.flatMap((row) => row.hours.map((hour) => hubRow(row, hour))),
    ),
    '',
    parameterSentence(result.rows),
    '',
    '### Against T separate stacks',
    '',
    ...table(
      [
        'targets T',
        'poll-models invocations per hour',
        'L4E calls per idle cycle',
        'AssumeRole per hour',
        'per-stack cycle ms p50 / p95',
        'resources, T stacks',
        'resources, hub + spoke roles per account',
      ],
      result.rows.map((row) => stacksRow(row, result)),
    ),
    '',
    `Resources by type: one stack as \`osls package\` writes it (${stack.total} resources), T stacks at ` +
      `the largest T, and the hub with one spoke-roles stack per account (infra/spoke-roles.yml, ` +
      `${spokeRoles.total} resources, ${spokeRoles.conditional} of them only with SiteWise on).`,
    '',
    ...table(
      ['resource type', 'one stack', 'T stacks', 'hub + spoke roles'],
      typeRows(stack, spokeRoles, result.rows),
    ),
  ];
}
