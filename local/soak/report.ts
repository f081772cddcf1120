// The soak table, as `npm run soak` prints it.
import type { SoakReport } from './run.js';

const pct = (part: number, whole: number) => (whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`);

type Row = [string, string];

/** The fleet, what the ledger holds, what was published, and whether every safety promise held. */
function outcomeRows(r: SoakReport): Row[] {
  const c = r.check;
  const transitions =
    c.runs.expected + c.promotions.expected + c.activations.expected + c.schedulers.expected;
  const decisions = Object.entries(r.decisions)
    .sort()
    .map(([outcome, n]) => `${outcome} ${n}`)
    .join(' · ');
  return [
    [
      'fleet',
      `${r.options.models} models, ${r.options.days} simulated days, polls every ${r.options.pollIntervalMs / 3_600_000} h, seed ${r.options.seed}`,
    ],
    [
      'emulator knobs',
      `${r.knobs.mode}; models on the strict value: ${Object.entries(r.knobs.strict)
        .map(([knob, n]) => `${knob} ${n}/${r.options.models}`)
        .join(', ')}; stretched lags: ${Object.entries(r.knobs.moody)
        .map(([knob, n]) => `${knob} ${n}/${r.options.models}`)
        .join(', ')}`,
    ],
    ['polls (two pollers overlapping)', String(r.polls)],
    [
      'transitions in the ledger',
      `${transitions} (run outcomes ${c.runs.expected}, promotion results ${c.promotions.expected}, activations ${c.activations.expected}, scheduler states ${c.schedulers.expected})`,
    ],
    ['events published (unique ids)', String(r.uniqueEvents)],
    ['lost transitions', String(c.lost)],
    [
      'duplicated ids',
      `${r.duplicates.total} (${r.duplicates.afterCrash} republished after a crash between publish and clear; ${r.duplicates.unexplained.length} unexplained)`,
    ],
    ['runs/promotions lost', String(r.runsPromotionsLost)],
    ['wrong activations', String(r.wrongActivations.length)],
    ['activations of a version failing its policy', String(r.failingActivations.length)],
    ['rollbacks undone', String(r.rollbacksUndone.length)],
    ['older version left active', String(r.olderVersionLeftActive.length)],
    ['missed activations', String(r.missedActivations.length)],
    ['decisions', decisions || 'none'],
  ];
}

/** The faults injected and met along the way, and the wall time. */
function faultRows(r: SoakReport): Row[] {
  const f = r.faults;
  const crashes = Object.entries(f.crashes)
    .map(([point, n]) => `${point} ${n}`)
    .join(', ');
  return [
    [
      'dead-lettered triggers',
      `${f.deadLettered} (${f.redrives} redriven from the DLQ; ${r.deadLetters} never completed)`,
    ],
    [
      'operators',
      `${f.rollbacks} rollbacks, ${f.manualActivations} manual activations, ${f.promoteModeFlips} promote-mode flips (${f.operatorCallsFailed} attempts failed)`,
    ],
    ['events replayed to apply-policy', String(f.replayedEvents)],
    ['triggers run by two invocations at once', String(f.concurrentTriggers)],
    [
      'DescribeModelVersion NotFound',
      `${f.versionReadsNotFound} of ${f.versionReads} (${pct(f.versionReadsNotFound, f.versionReads)})`,
    ],
    ['L4E calls throttled', `${f.l4eThrottled} of ${f.l4eCalls} (${pct(f.l4eThrottled, f.l4eCalls)})`],
    ['L4E calls failed with 5xx', `${f.l4eErrors} of ${f.l4eCalls} (${pct(f.l4eErrors, f.l4eCalls)})`],
    [
      'PutEvents entries failed',
      `${f.putEventsEntriesFailed} of ${f.putEventsEntries} (${pct(f.putEventsEntriesFailed, f.putEventsEntries)})`,
    ],
    ['claim conflicts between pollers', String(f.claimConflicts)],
    ['cycles failed by L4E errors past retries', String(f.failedCycles)],
    ['crashes injected', crashes],
    ['wall time', `${r.seconds.toFixed(1)} s`],
  ];
}

/** The SiteWise fleet's rows: what its ledger holds, what was lost, activated wrongly or undone. */
function siteWiseRows(r: SoakReport): Row[] {
  const s = r.sitewise;
  if (s === null) return [];
  const t = s.transitions;
  const decisions = Object.entries(s.decisions)
    .sort()
    .map(([outcome, n]) => `${outcome} ${n}`)
    .join(' · ');
  return [
    ['IoT SiteWise fleet', `${s.models} models (computation models × assets), ${s.polls} polls`],
    [
      'SiteWise transitions in the ledger',
      `${t.runs + t.promotions + t.activations + t.schedulers} (run outcomes ${t.runs}, promotion results ${t.promotions}, activations ${t.activations}, scheduler states ${t.schedulers})`,
    ],
    ['SiteWise events published (unique ids)', String(s.events)],
    ['SiteWise lost transitions', String(s.lost.length)],
    ['SiteWise wrong activations', String(s.wrongActivations.length)],
    ['SiteWise rollbacks undone', String(s.rollbacksUndone.length)],
    ['SiteWise decisions', decisions || 'none'],
    [
      'SiteWise operators (inference START)',
      `${s.operators.rollbacks} rollbacks, ${s.operators.manualActivations} manual activations (${s.operators.failed} attempts failed)`,
    ],
    ['SiteWise calls throttled', `${s.throttled} of ${s.calls} (${pct(s.throttled, s.calls)})`],
    ['SiteWise calls failed with 5xx', `${s.errors} of ${s.calls} (${pct(s.errors, s.calls)})`],
    [
      'SiteWise cycles failed past retries',
      `${s.failedCycles} (claim conflicts between pollers ${s.claimConflicts})`,
    ],
  ];
}

function problemsOf(r: SoakReport): string[] {
  const c = r.check;
  const problems = [
    ...c.runs.missing,
    ...c.promotions.missing,
    ...c.activations.missing,
    ...c.schedulers.missing,
  ].map((m) => `lost: ${m}`);
  problems.push(...r.wrongActivations.map((w) => `wrong activation: ${w}`));
  problems.push(...r.missedActivations.map((m) => `missed activation: ${m}`));
  problems.push(...r.failingActivations.map((m) => `failing activation: ${m}`));
  problems.push(...r.rollbacksUndone.map((m) => `rollback undone: ${m}`));
  problems.push(...r.olderVersionLeftActive.map((m) => `older version left active: ${m}`));
  if (r.deadLetters > 0) problems.push(`dead-lettered triggers never completed: ${r.deadLetters}`);
  problems.push(...r.duplicates.unexplained.map((id) => `unexplained duplicate: ${id}`));
  problems.push(...(r.sitewise?.lost ?? []).map((m) => `SiteWise lost: ${m}`));
  problems.push(...(r.sitewise?.wrongActivations ?? []).map((m) => `SiteWise wrong activation: ${m}`));
  problems.push(...(r.sitewise?.rollbacksUndone ?? []).map((m) => `SiteWise rollback undone: ${m}`));
  return problems;
}

export function formatSoakReport(r: SoakReport): string {
  const rows = [...outcomeRows(r), ...siteWiseRows(r), ...faultRows(r)];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [
    `| ${'check'.padEnd(width)} | result |`,
    `| ${'-'.repeat(width)} | ------ |`,
    ...rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v} |`),
  ];
  const problems = problemsOf(r);
  return [...lines, '', r.ok ? 'SOAK PASSED' : 'SOAK FAILED', ...problems.slice(0, 20)].join('\n');
}
