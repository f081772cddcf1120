// Section 4 of the benchmark report: the SiteWise comparison table and the autopilot's cycles in detail.
import { grouped, ms, ratio, table } from './markdown.js';
import type { SiteWiseBenchResult, SiteWiseRow, SiteWiseSample } from './sitewise-cycles.js';
import { median } from './stats.js';

export const SITEWISE_SECTION_TITLE = '## 4. IoT SiteWise and S3 calls per poll cycle';

const sum = (calls: Record<string, number>): number => Object.values(calls).reduce((a, b) => a + b, 0);

/** Requests of one sample, SiteWise and S3 together. */
export const sampleCalls = (s: SiteWiseSample): number => sum(s.sitewise) + sum(s.s3);

function spread(values: readonly number[]): string {
  if (values.length === 0) return '–';
  const m = ms(median(values));
  if (values.length < 2) return m;
  return `${m} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`;
}

function countText(values: readonly number[]): string {
  if (values.length === 0) return '–';
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? grouped(lo) : `${grouped(lo)}–${grouped(hi)}`;
}

const label = (r: SiteWiseRow): string =>
  r.kind === 'first' ? 'first (empty state)' : r.kind === 'idle' ? 'idle' : `${grouped(r.changed)} changed`;

function operations(samples: readonly SiteWiseSample[]): string {
  const first = samples[0];
  if (first === undefined) return '–';
  const calls = {
    ...first.sitewise,
    ...Object.fromEntries(Object.entries(first.s3).map(([k, v]) => [`S3 ${k}`, v])),
  };
  return Object.entries(calls)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([op, n]) => `${op} ${grouped(n)}`)
    .join(', ');
}

function comparisonRow(r: SiteWiseRow): string[] {
  const auto = r.autopilot.map(sampleCalls);
  const naive = r.naive.map(sampleCalls);
  return [
    grouped(r.models),
    label(r),
    countText(r.autopilot.map((s) => sum(s.sitewise))),
    countText(r.autopilot.map((s) => sum(s.s3))),
    countText(r.naive.map((s) => sum(s.sitewise))),
    countText(r.naive.map((s) => sum(s.s3))),
    ratio(median(naive), median(auto)),
    (median(auto) / r.models).toFixed(2),
    spread(r.autopilot.map((s) => s.ms)),
    spread(r.naive.map((s) => s.ms)),
    r.kind === 'changed' ? `${r.transitions} / ${r.missed.length}` : '–',
  ];
}

function detailRow(r: SiteWiseRow): string[] {
  return [
    grouped(r.models),
    label(r),
    countText(r.autopilot.map((s) => s.observed)),
    operations(r.autopilot),
    countText(r.autopilot.map((s) => s.published)),
    spread(r.autopilot.map((s) => s.ms)),
  ];
}

function intro(result: SiteWiseBenchResult): string {
  const shapes = result.shapes
    .map((s) => `N = ${grouped(s.models)}: ${s.assetLevel} + ${s.assetModelLevel} × 5`)
    .join('; ');
  const compared = result.rows.filter((r) => r.kind !== 'first');
  const naiveReps = [...new Set(compared.map((r) => r.naive.length))];
  const autoReps = [...new Set(compared.map((r) => r.autopilot.length))];
  return (
    'Fleets built on the IoT SiteWise emulator through the SDK (`local/bench/sitewise-fleet.ts`): a model is a ' +
    'computation model bound to one asset, or one asset of a computation model bound at asset-model level ' +
    `(${shapes}: computation models bound to one asset + computation models bound at asset-model level × ` +
    'their 5 assets). Each model is ' +
    'trained once on labeled data, runs inference on version 1 and has a retraining scheduler whose first run is 10 days ' +
    `away; the emulator's knobs are all ${result.knobs} (docs/sitewise-emulator.md), with ` +
    `**${result.latencyMs} ms of emulated latency on every SiteWise call** (none on S3). Both pollers observe ` +
    `**${result.concurrency} models at a time**. l4e-autopilot is the real \`runWatchCycle\` with ` +
    '`createSiteWiseProvider` (DynamoDB on dynalite, EventBridge on the local bus), after its first cycle; the ' +
    'naive poller (`local/bench/sitewise-naive-poller.ts`) lists every computation model, describes it and ' +
    'its assets, then for every model lists and describes every action and execution, reads the execution ' +
    'summary, and lists and reads every object under its metrics destination, every cycle. "K changed" ' +
    'cycles follow one operator step on K models (K = 10% of N), in turn: stop the retraining scheduler, let ' +
    'the action settle, start it again, let it settle. SiteWise requests are counted by the emulator, S3 ' +
    `requests by the S3 stand-in. Cycles per row: l4e-autopilot ${autoReps.join(' or ')}, the naive poller ` +
    `${naiveReps.join(' or ')} (the fewest at ` +
    'N = 1,500, where a naive cycle takes the longest). _Transitions / missed_: the retraining scheduler ' +
    "changes, activations and scheduled runs in the emulator's ledger over the changed cycles, and those " +
    'that no published event carried (a change still settling at the end of the row gets one more, unmeasured, ' +
    'cycle first).'
  );
}

export function siteWiseSection(result: SiteWiseBenchResult): string[] {
  const compared = result.rows.filter((r) => r.kind !== 'first');
  return [
    SITEWISE_SECTION_TITLE,
    '',
    intro(result),
    '',
    ...table(
      [
        'models N',
        'cycle',
        'l4e-autopilot SiteWise calls',
        'l4e-autopilot S3 calls',
        'naive SiteWise calls',
        'naive S3 calls',
        'calls saved (naive ÷ autopilot)',
        'l4e-autopilot calls per model',
        'l4e-autopilot ms',
        'naive ms',
        'transitions / missed',
      ],
      compared.map(comparisonRow),
    ),
    '',
    '### l4e-autopilot SiteWise cycles in detail',
    '',
    ...table(
      ['models N', 'cycle', 'models observed', 'calls by operation', 'events published', 'ms'],
      result.rows.map(detailRow),
    ),
  ];
}
