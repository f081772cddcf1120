// The quick benchmark plan end to end: exact L4E call counts for idle and changed cycles, PutEvents
// batching, bundles and cold starts, and a report with every section.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { naiveCallsPerCycle } from '../../../local/bench/naive-poller.js';
import { type CycleRow, changedModelsFor, totalCalls } from '../../../local/bench/poll-cycles.js';
import { expectedPutEventsRequests } from '../../../local/bench/publish-batches.js';
import { renderReport, SECTION_TITLES } from '../../../local/bench/report.js';
import { type BenchResult, QUICK_PLAN, runBench } from '../../../local/bench/run.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let workDir = '';
let result: BenchResult;

beforeAll(async () => {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  // Inside the project so the unbundled code resolves node_modules; unique so parallel runs do not collide.
  workDir = mkdtempSync(join(root, '.tmp', 'bench-test-'));
  result = await runBench({ plan: QUICK_PLAN, root, workDir, progress: () => {} });
}, 120_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const rowOf = (models: number, kind: CycleRow['kind']): CycleRow => {
  const row = result.cycles.rows.find((r) => r.models === models && r.kind === kind);
  if (!row) throw new Error(`no ${kind} row for ${models} models`);
  return row;
};

describe('npm run bench --quick', () => {
  it.each([15, 150])(
    'makes ⌈N/500⌉ L4E calls in an idle l4e-autopilot cycle and ⌈N/500⌉ + 3N naive (N = %i)',
    (models) => {
      // Act
      const idle = rowOf(models, 'idle');
      // Assess
      const pages = Math.ceil(models / 500);
      expect(idle.autopilot.length).toBe(QUICK_PLAN.repetitions(models));
      for (const sample of idle.autopilot) {
        expect(sample.l4eCalls).toEqual({ ListModels: pages });
        expect(sample.observed).toBe(0);
        expect(sample.putEventsRequests).toBe(0);
        // One Query page reads the whole state: under 1 MB of snapshots at these fleet sizes.
        expect(sample.dynamoRequests).toBe(1);
        expect(sample.dynamoCapacityUnits).toBeGreaterThan(0);
      }
      for (const sample of idle.naive) {
        expect(sample.l4eCalls).toEqual({
          ListModels: pages,
          DescribeModel: models,
          DescribeModelVersion: models,
          DescribeRetrainingScheduler: models,
        });
        expect(totalCalls(sample.l4eCalls)).toBe(naiveCallsPerCycle(models));
      }
    },
  );

  it.each([15, 150])('describes only the K models whose scheduler changed (N = %i)', (models) => {
    // Act
    const changed = rowOf(models, 'changed');
    // Assess
    const k = changedModelsFor(models);
    expect(changed.changed).toBe(k);
    for (const sample of changed.autopilot) {
      expect(sample.observed).toBe(k);
      expect(sample.published).toBe(k);
      expect(sample.l4eCalls).toEqual({
        ListModels: Math.ceil(models / 500),
        DescribeModel: k,
        DescribeRetrainingScheduler: k,
      });
      expect(sample.putEventsRequests).toBe(Math.ceil(k / 10));
    }
    for (const sample of changed.naive) expect(totalCalls(sample.l4eCalls)).toBe(naiveCallsPerCycle(models));
  });

  it('observes every model once in the first cycle over an empty state table', () => {
    // Act
    const first = rowOf(150, 'first');
    // Assess
    const sample = first.autopilot[0];
    expect(sample?.observed).toBe(150);
    expect(sample?.l4eCalls.DescribeModel).toBe(150);
    expect(sample?.l4eCalls.ListModels).toBe(1);
  });

  it('publishes small events in ⌈E/10⌉ PutEvents requests and near-limit events one per request', () => {
    // Act
    const small = result.publish.filter((r) => r.label === 'small');
    const large = result.publish.filter((r) => r.label !== 'small');
    // Assess
    expect(small.map((r) => r.events)).toEqual([1, 10, 25, 100]);
    for (const r of small) {
      expect(r.putEventsRequests).toBe(Math.ceil(r.events / 10));
      expect(r.accepted).toBe(r.events);
    }
    expect(large.length).toBeGreaterThan(0);
    for (const r of large) {
      expect(r.entryBytes).toBeGreaterThan(128 * 1024);
      expect(r.putEventsRequests).toBe(r.events);
      expect(r.putEventsRequests).toBe(expectedPutEventsRequests(r.events, r.entryBytes));
      expect(r.accepted).toBe(r.events);
    }
  });

  it('bundles every function and times its import in fresh processes', () => {
    // Act
    const names = result.bundles.functions.map((f) => f.file);
    // Assess
    expect(names).toEqual([
      'poll-models',
      'dispatch-targets',
      'poll-target',
      'apply-policy',
      'notify',
      'report-widget',
    ]);
    for (const fn of result.bundles.functions) {
      expect(fn.bundleBytes).toBeGreaterThan(fn.gzipBytes);
      expect(fn.gzipBytes).toBeGreaterThan(0);
      const times = result.init.find((t) => t.functionName === fn.functionName);
      for (const variant of ['unbundled', 'bundled', 'deployed'] as const) {
        expect(times?.samples[variant]).toHaveLength(QUICK_PLAN.initRuns);
        expect(times?.median[variant]).toBeGreaterThan(0);
      }
    }
  });

  it('renders a report with every section and the idle comparison rows', () => {
    // Act
    const report = renderReport(result);
    // Assess
    expect(report).toMatch(/^# l4e-autopilot benchmarks\n/);
    for (const title of Object.values(SECTION_TITLES)) expect(report).toContain(`\n${title}\n`);
    const cells = (...values: string[]) =>
      new RegExp(`^\\| ${values.map((v) => `${v}\\s*`).join('\\| ')}\\|`, 'm');
    expect(report).toMatch(cells('15', 'idle', '1', '46', '46×'));
    expect(report).toMatch(cells('150', 'idle', '1', '451', '451×'));
    expect(report).toContain('**8 models at a time**');
    expect(report).toMatch(cells('25', 'small', '[\\d,]+', '3', '3', '25'));
    expect(report).toMatch(cells('poll-models', '[\\d,]+', '[\\d,]+'));
    expect(report).toMatch(
      /^\| function +\| bundle bytes \| gzip bytes \| source map bytes \| zip bytes \| bundled inputs \|/m,
    );
    // Each function's init as deployed against poll-models', and the two the 1.3× target is about.
    expect(report).toMatch(/^\| poll-models .*\| 1\.00× +\|$/m);
    expect(report).toMatch(/^\| notify .*\| \d+\.\d\d× +\|$/m);
    expect(report).toMatch(
      /Init as deployed against poll-models': dispatch-targets \d+\.\d\d×, poll-target \d+\.\d\d×, apply-policy \d+\.\d\d×, notify \d+\.\d\d×, report-widget \d+\.\d\d× \(apply-policy's and notify's are to stay within 1\.3×\)\./,
    );
  });
});
