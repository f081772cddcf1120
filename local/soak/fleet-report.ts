// The fleet soak's tables, as `npm run soak -- --fleet N` prints them: one row per target, then the
// faults injected across the fleet.
import type { FleetSoakReport, TargetVerdict } from './fleet.js';

const pct = (part: number, whole: number) => (whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`);

function padded(rows: readonly string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(3, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join(' | ')} |`;
  const [head = [], ...body] = rows;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

function outageText(t: TargetVerdict): string {
  if (t.outage === null) return '–';
  const from = new Date(t.outage.fromMs).toISOString().slice(0, 13).replace('T', ' ');
  return `${from}h, ${t.outage.forMs / 3_600_000} h`;
}

const otherProblems = (t: TargetVerdict): number =>
  t.missedActivations.length +
  t.olderVersionLeftActive.length +
  t.failingActivations.length +
  t.unexplainedDuplicates.length;

function targetRows(report: FleetSoakReport): string[] {
  return padded([
    [
      'target',
      'models',
      'transitions',
      'events',
      'lost',
      'wrong activations',
      'rollbacks undone',
      'other problems',
      'outage (AssumeRole refused)',
      'refused calls',
      'failed cycles',
      'verdict',
    ],
    ...report.targets.map((t) => [
      t.target,
      String(t.models),
      String(t.transitions),
      String(t.events),
      String(t.lost.length),
      String(t.wrongActivations.length),
      String(t.rollbacksUndone.length),
      String(otherProblems(t)),
      outageText(t),
      String(t.assumeRoleRefused),
      String(t.failedCycles),
      t.ok ? 'passed' : 'FAILED',
    ]),
  ]);
}

function faultRows(report: FleetSoakReport): string[] {
  const f = report.faults;
  const o = report.options;
  const crashes = Object.entries(f.crashes)
    .map(([point, n]) => `${point} ${n}`)
    .join(', ');
  return padded([
    ['fleet', 'result'],
    [
      'run',
      `${o.targets} targets × ${o.models} models, ${o.days} simulated days, polls every ${o.pollIntervalMs / 3_600_000} h, seed ${o.seed}`,
    ],
    ['outages', `${o.outages} accounts (both regions' targets), ${o.outageHours} h each`],
    ['L4E calls throttled', `${f.l4eThrottled} of ${f.l4eCalls} (${pct(f.l4eThrottled, f.l4eCalls)})`],
    ['L4E calls failed with 5xx', `${f.l4eErrors} of ${f.l4eCalls} (${pct(f.l4eErrors, f.l4eCalls)})`],
    [
      'PutEvents entries failed',
      `${f.putEventsEntriesFailed} of ${f.putEventsEntries} (${pct(f.putEventsEntriesFailed, f.putEventsEntries)})`,
    ],
    ['crashes injected', crashes],
    [
      'dead-lettered triggers',
      `${f.deadLettered} (${f.redrives} redrives; ${report.deadLetters} still undelivered)`,
    ],
    ['events replayed to apply-policy', String(f.replayedEvents)],
    ['triggers run by two invocations at once', String(f.concurrentTriggers)],
    [
      'operators',
      `${f.operators.rollbacks} rollbacks, ${f.operators.manual} manual activations, ${f.operators.flips} promote-mode flips (${f.operators.failed} attempts failed)`,
    ],
    ['wall time', `${report.seconds.toFixed(1)} s`],
  ]);
}

function problemsOf(report: FleetSoakReport): string[] {
  return report.targets.flatMap((t) =>
    [
      ...t.lost.map((m) => `lost: ${m}`),
      ...t.wrongActivations.map((m) => `wrong activation: ${m}`),
      ...t.rollbacksUndone.map((m) => `rollback undone: ${m}`),
      ...t.missedActivations.map((m) => `missed activation: ${m}`),
      ...t.olderVersionLeftActive.map((m) => `older version left active: ${m}`),
      ...t.failingActivations.map((m) => `failing activation: ${m}`),
      ...t.unexplainedDuplicates.map((m) => `unexplained duplicate: ${m}`),
    ].map((p) => `${t.target} ${p}`),
  );
}

export function formatFleetSoakReport(report: FleetSoakReport): string {
  const problems = problemsOf(report);
  if (report.deadLetters > 0) problems.push(`dead-lettered triggers never completed: ${report.deadLetters}`);
  return [
    ...targetRows(report),
    '',
    ...faultRows(report),
    '',
    report.ok ? 'FLEET SOAK PASSED' : 'FLEET SOAK FAILED',
    ...problems.slice(0, 20),
  ].join('\n');
}
