// The benchmark report as markdown: one table per section, each preceded by what was measured and how.

import { grouped, ms, ratio, table } from './markdown.js';
import type { AutopilotSample, CycleRow, CycleSample } from './poll-cycles.js';
import { totalCalls } from './poll-cycles.js';
import { fleetSection } from './report-fleet.js';
import { SITEWISE_SECTION_TITLE, siteWiseSection } from './report-sitewise.js';
import type { BenchResult } from './run.js';
import { median } from './stats.js';

export const SECTION_TITLES = {
  cycles: '## 1. L4E API calls and wall time per poll cycle',
  publish: '## 2. PutEvents requests per publish',
  bundles: '## 3. Bundle size and cold-start init time',
  sitewise: SITEWISE_SECTION_TITLE,
} as const;

function spread(values: readonly number[]): string {
  const m = ms(median(values));
  if (values.length < 2) return m;
  return `${m} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`;
}

/** One count when every cycle made the same number of calls, else the range. */
function callCount(samples: readonly CycleSample[]): { text: string; value: number } {
  const totals = samples.map((s) => totalCalls(s.l4eCalls));
  const lo = Math.min(...totals);
  const hi = Math.max(...totals);
  return { text: lo === hi ? grouped(lo) : `${grouped(lo)}–${grouped(hi)}`, value: median(totals) };
}

const cycleLabel = (r: CycleRow): string =>
  r.kind === 'first' ? 'first (empty state)' : r.kind === 'idle' ? 'idle' : `${grouped(r.changed)} changed`;

function operations(calls: Record<string, number>): string {
  return Object.entries(calls)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([op, n]) => `${op} ${grouped(n)}`)
    .join(', ');
}

function rangeOf(samples: readonly AutopilotSample[], pick: (s: AutopilotSample) => number): string {
  const values = samples.map(pick);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? grouped(lo) : `${grouped(lo)}–${grouped(hi)}`;
}

/** One row per compared cycle: l4e-autopilot against the naive poller, in calls and in time. */
function comparisonRow(r: CycleRow): string[] {
  const auto = callCount(r.autopilot);
  const naive = callCount(r.naive);
  const autoMs = median(r.autopilot.map((s) => s.ms));
  const naiveMs = median(r.naive.map((s) => s.ms));
  return [
    grouped(r.models),
    cycleLabel(r),
    auto.text,
    naive.text,
    ratio(naive.value, auto.value),
    spread(r.autopilot.map((s) => s.ms)),
    spread(r.naive.map((s) => s.ms)),
    ratio(naiveMs, autoMs),
  ];
}

/** One row per l4e-autopilot cycle: what it observed, called, stored and published. */
function detailRow(r: CycleRow): string[] {
  const calls = r.autopilot[0]?.l4eCalls ?? {};
  return [
    grouped(r.models),
    cycleLabel(r),
    rangeOf(r.autopilot, (s) => s.observed),
    operations(calls),
    rangeOf(r.autopilot, (s) => s.dynamoRequests),
    rangeOf(r.autopilot, (s) => s.dynamoCapacityUnits),
    rangeOf(r.autopilot, (s) => s.putEventsRequests),
    rangeOf(r.autopilot, (s) => s.published),
    r.kind === 'first' ? ms(r.autopilot[0]?.ms ?? Number.NaN) : spread(r.autopilot.map((s) => s.ms)),
  ];
}

/** How the cycles were run, for the paragraph above the comparison table. */
function cyclesIntro(result: BenchResult, reps: string): string {
  const { cycles } = result;
  return (
    `Fleets from \`generateFleetScenario({ models: N, seed: ${result.plan.seed}, days: ${result.plan.days} })\` behind the ` +
    `L4E emulator with **${cycles.latencyMs} ms of emulated latency on every L4E call**. Both pollers use the same ` +
    `SDK client and observe **${cycles.concurrency} models at a time** (the watcher's default concurrency), one ` +
    "model's calls in sequence. l4e-autopilot is the real `runWatchCycle` with the real adapters (L4E, " +
    'DynamoDB on dynalite, EventBridge on the local bus), after its first cycle; the naive poller lists every ' +
    'model, then calls DescribeModel, DescribeModelVersion (latest version) and DescribeRetrainingScheduler ' +
    `for every model, every cycle${result.plan.naiveWarmup ? ', after one warm-up cycle' : ''}. ` +
    '"K changed" cycles follow the start or stop of ' +
    'K retraining schedulers through the SDK (K = 10% of N). Calls are counted by the emulator for one ' +
    `cycle (a range if the ${reps} cycles differed); times are the median wall time of ${reps} cycles (min–max).`
  );
}

function cyclesSection(result: BenchResult): string[] {
  const { cycles } = result;
  const compared = cycles.rows.filter((r) => r.kind !== 'first');
  const reps = [...new Set(compared.map((r) => r.autopilot.length))].join(' or ');
  const comparison = compared.map(comparisonRow);
  const detail = cycles.rows.map(detailRow);
  return [
    SECTION_TITLES.cycles,
    '',
    cyclesIntro(result, reps),
    '',
    ...table(
      [
        'models N',
        'cycle',
        'l4e-autopilot L4E calls',
        'naive L4E calls',
        'calls saved (naive ÷ autopilot)',
        'l4e-autopilot ms',
        'naive ms',
        'time saved (naive ÷ autopilot)',
      ],
      comparison,
    ),
    '',
    'Expected: an idle l4e-autopilot cycle makes ⌈N/500⌉ L4E calls (ListModels pages); a naive cycle makes ' +
      '⌈N/500⌉ + 3N.',
    '',
    '### l4e-autopilot cycles in detail',
    '',
    'DynamoDB requests and capacity units are those of the state table, counted on the SDK client; capacity ' +
      'units are as dynalite sizes them, like DynamoDB: a strongly consistent read unit per 4 KB read, a write ' +
      'unit per 1 KB written (the bench asks for ReturnConsumedCapacity; the requests are otherwise unchanged).',
    '',
    ...table(
      [
        'models N',
        'cycle',
        'models observed',
        'L4E calls by operation',
        'DynamoDB requests',
        'DynamoDB capacity units',
        'PutEvents requests',
        'events published',
        'ms',
      ],
      detail,
    ),
  ];
}

function publishSection(result: BenchResult): string[] {
  return [
    SECTION_TITLES.publish,
    '',
    'The real publisher (`createEventPublisher`) over an SDK client whose PutEvents requests are counted by a ' +
      'middleware, publishing to the local EventBridge, which refuses a request of more than 10 entries or ' +
      '256 KB. Expected = ⌈E ÷ entries per request⌉, where a request holds at most 10 entries and at most ' +
      '256 KB (262,144 bytes, counted as EventBridge counts them).',
    '',
    ...table(
      [
        'events E',
        'event kind',
        'bytes per entry',
        'expected requests',
        'PutEvents requests',
        'accepted by the bus',
      ],
      result.publish.map((r) => [
        r.events,
        r.label,
        grouped(r.entryBytes),
        r.expectedRequests,
        r.putEventsRequests,
        r.accepted,
      ]),
    ),
  ];
}

/** The function whose init the others are compared with: the one that runs every few minutes. */
const BASELINE_FUNCTION = 'pollModels';
/** apply-policy's and notify's init as deployed are to stay within this multiple of poll-models'. */
export const INIT_RATIO_TARGET = 1.3;

/** Each function's median init as deployed divided by poll-models'; empty without poll-models. */
export function initRatios(result: Pick<BenchResult, 'init'>): Map<string, number> {
  const base = result.init.find((t) => t.functionName === BASELINE_FUNCTION)?.median.deployed;
  if (!base) return new Map();
  return new Map(result.init.map((t) => [t.functionName, t.median.deployed / base]));
}

const times = (value: number | undefined): string => (value === undefined ? '–' : `${value.toFixed(2)}×`);

function ratioSentence(result: BenchResult): string {
  const ratios = initRatios(result);
  const others = result.bundles.functions.filter((fn) => fn.functionName !== BASELINE_FUNCTION);
  if (ratios.size === 0 || others.length === 0) return '';
  const listed = others.map((fn) => `${fn.file} ${times(ratios.get(fn.functionName))}`).join(', ');
  return (
    `Init as deployed against poll-models': ${listed} (apply-policy's and notify's are to stay within ` +
    `${INIT_RATIO_TARGET}×).`
  );
}

function bundlesSection(result: BenchResult): string[] {
  const { bundles, init } = result;
  const zipBytes = new Map(result.zips.map((z) => [z.file.replace(/\.zip$/, ''), z.bytes]));
  const zips = result.zips.length
    ? `Zip bytes: the function zips \`npm run package\` left in .serverless/ (${result.zips
        .map((z) => z.file)
        .join(', ')}); they are what the 300 KB budget of \`scripts/bundle-sizes.mjs\` limits.`
    : 'No packaged zips in .serverless/ (run `npm run package` to add their sizes).';
  const ratios = initRatios(result);
  return [
    SECTION_TITLES.bundles,
    '',
    `Each function bundled with esbuild using serverless.yml's \`custom.esbuild\` (${JSON.stringify(
      bundles.settings,
    )}). Init = time to \`await import()\` the handler module in a fresh \`node\` process, measured inside that ` +
      `process with performance.now(), median of ${result.plan.initRuns} runs (min–max), with the function's ` +
      "environment from serverless.yml. _unbundled_: the project's " +
      `${bundles.unbundledFiles} .ts files transpiled one by one (esbuild, bundle: false), dependencies ` +
      'resolved from node_modules; _bundled_: the bundle, NODE_OPTIONS empty; _as deployed_: the bundle with ' +
      "serverless.yml's NODE_OPTIONS (--enable-source-maps).",
    '',
    ...table(
      [
        'function',
        'bundle bytes',
        'gzip bytes',
        'source map bytes',
        'zip bytes',
        'bundled inputs',
        'init unbundled ms',
        'init bundled ms',
        'init as deployed ms',
        'as deployed ÷ poll-models',
      ],
      bundles.functions.map((fn) => {
        const t = init.find((i) => i.functionName === fn.functionName);
        const zip = zipBytes.get(fn.functionName);
        return [
          fn.file,
          grouped(fn.bundleBytes),
          grouped(fn.gzipBytes),
          grouped(fn.sourceMapBytes),
          zip === undefined ? '–' : grouped(zip),
          grouped(fn.inputs),
          t ? spread(t.samples.unbundled) : '–',
          t ? spread(t.samples.bundled) : '–',
          t ? spread(t.samples.deployed) : '–',
          times(ratios.get(fn.functionName)),
        ];
      }),
    ),
    '',
    ratioSentence(result),
    '',
    zips,
  ];
}

export function renderReport(result: BenchResult): string {
  const env = result.environment;
  return [
    '# l4e-autopilot benchmarks',
    '',
    `Run ${result.startedAt} · ${result.plan.name} plan · Node ${env.node} · ${env.platform} ${env.arch} · ` +
      `${env.cpus} CPUs (${env.cpuModel}) · took ${(result.durationMs / 1000).toFixed(0)} s`,
    '',
    ...cyclesSection(result),
    '',
    ...publishSection(result),
    '',
    ...bundlesSection(result),
    '',
    ...siteWiseSection(result.sitewise),
    '',
    ...(result.fleet === null ? [] : [...fleetSection(result.fleet), '']),
  ].join('\n');
}
