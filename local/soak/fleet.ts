// The fleet soak: N targets in their own accounts and regions, polled by one hub through the spoke roles
// for the simulated days, with every fault of the single-account soak (throttling, 5xx, partial PutEvents,
// two pollers racing, crashes at every step, apply-policy outages, replays and redrives, operators, late
// reads) plus outages of whole accounts, whose roles refuse AssumeRole for a window. Then the soak's audit
// runs per target: its ledger against the events about its models, its activations against its decisions.
import { mapLimit } from '../../lib/concurrency.js';
import type { ModelProvider } from '../../lib/ports.js';
import { createPrng } from '../emulator/random.js';
import type { Harness } from '../harness.js';
import { PARAMETER_PREFIX } from '../harness.js';
import { compareWithLedger } from '../ledger-check.js';
import { type CrashLog, newCrashLog } from './faults.js';
import {
  type FleetSoakOptions,
  type FleetSoakWorld,
  type Outage,
  type SoakTarget,
  startFleetSoakWorld,
  type TargetViews,
} from './fleet-world.js';
import {
  archiveReplayer,
  auditActivations,
  countPutEvents,
  createOperators,
  createPoller,
  DEFAULT_POLICY,
  explainedDuplicate,
  installApplyPolicy,
  type PolicyTarget,
  runDays,
  uniqueDecisions,
} from './run.js';

/** Targets polled at once: the poller's event source mapping's default maximum concurrency. */
const TARGETS_AT_ONCE = 5;

export interface TargetVerdict {
  target: string;
  models: number;
  /** Transitions in the target's ledger over the run: run outcomes, promotions, activations, schedulers. */
  transitions: number;
  events: number;
  lost: string[];
  wrongActivations: string[];
  rollbacksUndone: string[];
  missedActivations: string[];
  olderVersionLeftActive: string[];
  failingActivations: string[];
  unexplainedDuplicates: string[];
  decisions: Record<string, number>;
  polls: number;
  /** The target's cycles that failed as a whole: AssumeRole refused, or L4E past every retry. */
  failedCycles: number;
  /** AssumeRole calls of the target's account refused, reader and activator (both its regions). */
  assumeRoleRefused: number;
  outage: Outage | null;
  ok: boolean;
}

export interface FleetSoakReport {
  options: FleetSoakOptions;
  seconds: number;
  knobs: FleetSoakWorld['knobs'];
  targets: TargetVerdict[];
  faults: {
    l4eCalls: number;
    l4eThrottled: number;
    l4eErrors: number;
    putEventsEntries: number;
    putEventsEntriesFailed: number;
    crashes: CrashLog['crashes'];
    deadLettered: number;
    redrives: number;
    replayedEvents: number;
    concurrentTriggers: number;
    operators: { rollbacks: number; manual: number; flips: number; failed: number };
  };
  /** Dead-lettered decisions still undelivered after the last redrive. */
  deadLetters: number;
  ok: boolean;
}

type Poller = ReturnType<typeof createPoller>;
type Operators = ReturnType<typeof createOperators>;

/** Every target's poller as one: a poll of the fleet runs each target's cycle, a few at once. */
function fleetPoller(pollers: readonly Poller[]): Poller {
  const first = pollers[0];
  if (first === undefined) throw new Error('the fleet soak needs at least one target');
  const sum = (pick: (c: ReturnType<Poller['counts']>) => number) =>
    pollers.reduce((n, p) => n + pick(p.counts()), 0);
  return {
    cycle: async (crash: boolean) => {
      await mapLimit(pollers, TARGETS_AT_ONCE, (p) => p.cycle(crash));
    },
    lease: first.lease,
    pollTimes: first.pollTimes,
    counts: () => ({
      polls: sum((c) => c.polls),
      conflicts: sum((c) => c.conflicts),
      failedCycles: sum((c) => c.failedCycles),
    }),
  };
}

function fleetOperators(operators: readonly Operators[]): Operators {
  const first = operators[0];
  if (first === undefined) throw new Error('the fleet soak needs at least one target');
  return {
    ...first,
    operate: async () => {
      for (const o of operators) await o.operate();
    },
  };
}

const ARN_SCOPE = /^arn:[\w-]+:lookoutequipment:([\w-]+):(\d{12}):/;

/** What the bus accepted about the target's models. */
function acceptedOf(h: Harness, target: SoakTarget) {
  return h.bus.accepted().filter((e) => {
    const match = ARN_SCOPE.exec(String((e.detail as { modelArn?: unknown }).modelArn));
    return match?.[1] === target.region && match[2] === target.account;
  });
}

interface Run {
  world: FleetSoakWorld;
  crashLog: CrashLog;
  policy: PolicyTarget;
  startMs: number;
  lastPoll: number;
}

async function verdictOf(run: Run, views: TargetViews, parts: { poller: Poller; operators: Operators }) {
  const { world, crashLog, policy } = run;
  const { target } = views;
  const ledger = world.h.emulator.ledgerOf({ account: target.account, region: target.region });
  const accepted = acceptedOf(world.h, target);
  const events = accepted.map((e) => ({
    detailType: e['detail-type'],
    detail: e.detail as Record<string, unknown>,
  }));
  const check = compareWithLedger(ledger, events, {
    since: new Date(run.startMs).toISOString(),
    until: new Date(run.lastPoll).toISOString(),
    polls: parts.poller.pollTimes,
  });
  const decisions = uniqueDecisions(events);
  const audit = await auditActivations(views.operator, {
    ledger,
    decisions,
    operatorSeqs: parts.operators.operatorSeqs,
    rolledAway: parts.operators.rolledAway,
  });
  const counted: Record<string, number> = {};
  for (const d of decisions) counted[d.outcome] = (counted[d.outcome] ?? 0) + 1;
  const lost = [check.runs, check.promotions, check.activations, check.schedulers].flatMap((c) => c.missing);
  const verdict: TargetVerdict = {
    target: target.key,
    models: target.names.length,
    transitions:
      check.runs.expected +
      check.promotions.expected +
      check.activations.expected +
      check.schedulers.expected,
    events: new Set(events.map((e) => e.detail.eventId)).size,
    lost,
    wrongActivations: audit.wrong,
    rollbacksUndone: audit.undone,
    missedActivations: audit.missed,
    olderVersionLeftActive: audit.olderLeftActive,
    failingActivations: audit.failing,
    unexplainedDuplicates: check.duplicates
      .filter((d) => !explainedDuplicate(accepted, d.eventId, crashLog, policy.repeatedTriggers))
      .map((d) => d.eventId),
    decisions: counted,
    polls: parts.poller.counts().polls,
    failedCycles: parts.poller.counts().failedCycles,
    assumeRoleRefused: world.sts
      .calls()
      .filter((c) => c.roleArn.includes(`::${target.account}:`) && c.outcome !== 'issued').length,
    outage: world.outages.find((o) => o.account === target.account) ?? null,
    ok: false,
  };
  verdict.ok = [
    verdict.lost,
    verdict.wrongActivations,
    verdict.rollbacksUndone,
    verdict.missedActivations,
    verdict.olderVersionLeftActive,
    verdict.failingActivations,
    verdict.unexplainedDuplicates,
  ].every((problems) => problems.length === 0);
  return verdict;
}

/**
 * apply-policy on the hub's bus, deciding each trigger with its target's roles; a trigger of a target
 * whose roles refuse AssumeRole dead-letters, and each redrive sends back to the DLQ what fails again.
 */
function installFleetApplyPolicy(
  world: FleetSoakWorld,
  options: FleetSoakOptions,
  crashLog: CrashLog,
  deciders: ReadonlyMap<string, ModelProvider>,
): PolicyTarget {
  return installApplyPolicy(world.h, options, crashLog, {
    requeueUnredriven: true,
    providerFor: (event) => {
      const arn = String((event.detail as { modelArn?: unknown }).modelArn);
      const match = ARN_SCOPE.exec(arn);
      const provider = deciders.get(`${match?.[2] ?? ''}/${match?.[1] ?? ''}`);
      if (provider === undefined) throw new Error(`no target of the fleet holds ${arn}`);
      return { provider, providerName: 'lookout-equipment' };
    },
  });
}

async function soakFleet(world: FleetSoakWorld, options: FleetSoakOptions) {
  const { h } = world;
  const crashLog = newCrashLog();
  h.ssm.put(`${PARAMETER_PREFIX}/policies/default`, JSON.stringify(DEFAULT_POLICY));
  const putEvents = countPutEvents(h);
  const deciders = new Map(world.views.map((v) => [`${v.target.account}/${v.target.region}`, v.decider]));
  const policy = installFleetApplyPolicy(world, options, crashLog, deciders);
  const archive = archiveReplayer(h);
  const pollers = world.views.map((v, i) =>
    createPoller(v.poller, options, crashLog, createPrng(options.seed * 7919 + 11 + i)),
  );
  const operators = world.views.map((v, i) =>
    createOperators(v.operator, v.target.names, options.seed * 1000 + i),
  );
  const { startMs, lastPoll, stats } = await runDays({
    h,
    options,
    random: createPrng(options.seed * 7919 + 11),
    poller: fleetPoller(pollers),
    policy,
    archive,
    operators: fleetOperators(operators),
    sitewise: undefined,
  });
  const run: Run = { world, crashLog, policy, startMs, lastPoll };
  const targets: TargetVerdict[] = [];
  for (const [i, views] of world.views.entries()) {
    targets.push(
      await verdictOf(run, views, { poller: pollers[i] as Poller, operators: operators[i] as Operators }),
    );
  }
  return { targets, stats, putEvents, crashLog, policy, archive, operators };
}

export async function runFleetSoak(options: FleetSoakOptions): Promise<FleetSoakReport> {
  const began = performance.now();
  const world = await startFleetSoakWorld(options);
  try {
    const run = await soakFleet(world, options);
    const faults = Object.values(run.stats.faults ?? {});
    const operators = { rollbacks: 0, manual: 0, flips: 0, failed: 0 };
    for (const o of run.operators) {
      operators.rollbacks += o.operators.rollbacks;
      operators.manual += o.operators.manual;
      operators.flips += o.operators.flips;
      operators.failed += o.operators.failed;
    }
    const policyCounts = run.policy.counts();
    const deadLetters = run.policy.undelivered();
    return {
      options,
      seconds: (performance.now() - began) / 1000,
      knobs: world.knobs,
      targets: run.targets,
      faults: {
        l4eCalls: Object.values(run.stats.calls).reduce((a, b) => a + b, 0),
        l4eThrottled: faults.reduce((a, f) => a + (f.throttled ?? 0), 0),
        l4eErrors: faults.reduce((a, f) => a + (f.errors ?? 0), 0),
        putEventsEntries: run.putEvents.entries,
        putEventsEntriesFailed: run.putEvents.failed,
        crashes: run.crashLog.crashes,
        deadLettered: policyCounts.deadLettered,
        redrives: policyCounts.redrives,
        replayedEvents: run.archive.replayed(),
        concurrentTriggers: policyCounts.concurrentTriggers,
        operators,
      },
      deadLetters,
      ok: deadLetters === 0 && run.targets.every((t) => t.ok),
    };
  } finally {
    await world.close();
  }
}
