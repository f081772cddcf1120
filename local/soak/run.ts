// The soak run: a fleet on the emulator for a year of simulated time with faults everywhere, two
// pollers racing, crashes at every step of a cycle, and apply-policy on the bus; then everything that
// was published and decided is compared with the emulator's ledger and the policies.
import {
  DescribeModelVersionCommand,
  DescribeRetrainingSchedulerCommand,
  UpdateRetrainingSchedulerCommand,
} from '@aws-sdk/client-lookoutequipment';
import { createSiteWiseProvider } from '../../lib/adapters/sitewise.js';
import type { ActivationDecisionDetail } from '../../lib/core/events.js';
import { parseModelMetrics, withAvailableData } from '../../lib/core/metrics.js';
import { evaluatePolicy, type Policy, validatePolicy } from '../../lib/core/policy.js';
import { decideActivation } from '../../lib/decide.js';
import type { DecisionLog, EventPublisher, ModelProvider, ParameterSource } from '../../lib/ports.js';
import { parseDecisionTrigger } from '../../lib/triggers.js';
import { runWatchCycle } from '../../lib/watch.js';
import { type DeliveredEnvelope, loadServerlessConfig } from '../aws/index.js';
import { DAY_MS } from '../emulator/durations.js';
import { generateFleetScenario } from '../emulator/index.js';
import {
  environmentKnobMode,
  formatKnobMode,
  KNOB_NAMES,
  knobsOfMode,
  parseKnobMode,
  STRICT_KNOBS,
} from '../emulator/knobs.js';
import { createPrng } from '../emulator/random.js';
import { BUS_NAME, type Harness, PARAMETER_PREFIX, startHarness } from '../harness.js';
import { compareWithLedger, type LedgerComparison } from '../ledger-check.js';
import { CRASH_POINTS, type CrashLog, crashingCycle, crashingDecisions, newCrashLog } from './faults.js';
import { type SiteWisePart, startSiteWisePart } from './sitewise.js';
import { auditSiteWise, type SiteWiseSoakCheck } from './sitewise-audit.js';

export interface SoakOptions {
  days: number;
  models: number;
  seed: number;
  /** Simulated time between polls. */
  pollIntervalMs: number;
  faults: boolean;
  /**
   * How the emulator's ambiguity knobs are set per model: `strict`, `lenient` or `random:<seed>` (each
   * model draws each knob). Without it, L4E_EMULATOR_KNOBS decides (strict when unset).
   */
  knobs?: string;
  /** IoT SiteWise models (models × assets) watched beside the L4E fleet; none when 0 or absent. */
  sitewiseModels?: number;
  progress?: (day: number, days: number) => void;
  /**
   * Replaces a port the product is given (apply-policy's store or parameters, the pollers' publisher):
   * the soak's own tests break a mechanism on purpose and expect the report to catch it.
   */
  tamper?: {
    decideStore?: (store: DecisionLog, provider: ModelProvider) => DecisionLog;
    decideParameters?: (parameters: ParameterSource) => ParameterSource;
    decideProvider?: (provider: ModelProvider) => ModelProvider;
    publisher?: (publisher: EventPublisher) => EventPublisher;
    /** apply-policy's SiteWise provider. */
    sitewiseDecideProvider?: (provider: ModelProvider) => ModelProvider;
  };
}

/**
 * The moodier L4E of a faulty run: a model that drew the strict lag may stretch it to hours, so new
 * versions stay NotFound across several polls and promotion results come long after SUCCESS.
 */
export const MOODY_LAGS = { promotionResultLag: 'PT7H', readAfterWriteLag: 'PT5H' } as const;

export const DEFAULT_POLICY: Policy = {
  mode: 'enforce',
  rules: [
    { metric: 'recall', min: 0.75 },
    { metric: 'precision', min: 0.6 },
    { metric: 'recall', minDeltaVsPrior: 0 },
  ],
  onMissingMetric: 'reject',
};

export interface FaultCounts {
  l4eCalls: number;
  l4eThrottled: number;
  l4eErrors: number;
  putEventsEntries: number;
  putEventsEntriesFailed: number;
  claimConflicts: number;
  /** Cycles that failed on their own (L4E errors outlasting every retry), as a Lambda invocation would. */
  failedCycles: number;
  crashes: CrashLog['crashes'];
  /** DescribeModelVersion calls, and those answered ResourceNotFoundException. */
  versionReads: number;
  versionReadsNotFound: number;
  /** Operators acting through UpdateActiveModelVersion and UpdateRetrainingScheduler, as the CLI does. */
  rollbacks: number;
  manualActivations: number;
  promoteModeFlips: number;
  operatorCallsFailed: number;
  /** Every published event re-delivered to apply-policy with replay-name set, as an archive replay. */
  replayedEvents: number;
  /** Dead-lettered apply-policy triggers run again (a DLQ redrive), and those dead-lettered at all. */
  redrives: number;
  deadLettered: number;
  /** Triggers delivered to two apply-policy invocations at once. */
  concurrentTriggers: number;
}

export interface SoakReport {
  options: SoakOptions;
  /** The knob mode used, and per knob how many models drew its strict value. */
  knobs: { mode: string; strict: Record<string, number>; moody: Record<string, number> };
  seconds: number;
  polls: number;
  check: LedgerComparison;
  uniqueEvents: number;
  duplicates: { total: number; afterCrash: number; unexplained: string[] };
  decisions: Record<string, number>;
  wrongActivations: string[];
  missedActivations: string[];
  /** A version an operator rolled away from that the autopilot activated again. */
  rollbacksUndone: string[];
  /** After the decisions settle, an older version active while a newer one's decision says ACTIVATED. */
  olderVersionLeftActive: string[];
  /** Autopilot activations of a version that fails the policy as the soak evaluates it. */
  failingActivations: string[];
  /** Run outcomes and promotion results in the ledger that no event carried. */
  runsPromotionsLost: number;
  /** Dead-lettered decisions that no redrive completed. */
  deadLetters: number;
  faults: FaultCounts;
  /** The SiteWise models' verdict, when the fleet had some. */
  sitewise: SiteWiseSoakCheck | null;
  ok: boolean;
}

const POLICY_PROBLEM = (p: string) => new Error(`soak policy is invalid: ${p}`);

/**
 * Gives every model of the fleet the knobs of `mode`, counting the models on each strict value; with
 * faults, stretches the lags of about half of those on the strict value.
 */
export function assignKnobs(
  scenario: ReturnType<typeof generateFleetScenario>,
  mode: ReturnType<typeof parseKnobMode>,
  options: SoakOptions,
): { strict: Record<string, number>; moody: Record<string, number>; names: string[] } {
  const strict: Record<string, number> = Object.fromEntries(KNOB_NAMES.map((knob) => [knob, 0]));
  const moody: Record<string, number> = { promotionResultLag: 0, readAfterWriteLag: 0 };
  const moodRandom = createPrng(options.seed * 6151 + 3);
  const names: string[] = [];
  for (const model of scenario.models ?? []) {
    const knobs = knobsOfMode(mode, model.name);
    for (const knob of KNOB_NAMES)
      if (knobs[knob] === STRICT_KNOBS[knob]) strict[knob] = (strict[knob] ?? 0) + 1;
    for (const knob of ['promotionResultLag', 'readAfterWriteLag'] as const) {
      const stretch = moodRandom.next() < 0.5;
      if (options.faults && stretch && knobs[knob] === STRICT_KNOBS[knob]) {
        knobs[knob] = MOODY_LAGS[knob];
        moody[knob] = (moody[knob] ?? 0) + 1;
      }
    }
    model.knobs = knobs;
    names.push(model.name);
  }
  return { strict, moody, names };
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const began = performance.now();
  const scenario = generateFleetScenario({ models: options.models, seed: options.seed, days: options.days });
  const mode = options.knobs === undefined ? environmentKnobMode() : parseKnobMode(options.knobs);
  const { strict, moody, names } = assignKnobs(scenario, mode, options);
  const h = await startHarness({ scenario, seed: options.seed });
  const sitewise = await startSiteWise(h, options);
  try {
    return {
      ...(await soak({ h, sitewise }, options, names, began)),
      knobs: { mode: formatKnobMode(mode), strict, moody },
    };
  } finally {
    await sitewise?.close();
    await h.close();
  }
}

export type Prng = ReturnType<typeof createPrng>;

/** The SiteWise fleet beside the L4E one, with its own watch partition of the harness's table. */
async function startSiteWise(h: Harness, options: SoakOptions): Promise<SiteWisePart | undefined> {
  if (!options.sitewiseModels) return undefined;
  return startSiteWisePart(h, {
    models: options.sitewiseModels,
    seed: options.seed,
    faults: options.faults,
    knobs: options.knobs ?? `random:${options.seed}`,
    pollIntervalMs: options.pollIntervalMs,
    provider: ({ sitewise, s3 }) => createSiteWiseProvider(sitewise, s3),
  });
}

/** PutEvents entries sent and failed, as the service reports them. */
export function countPutEvents(h: Harness): { entries: number; failed: number } {
  const putEvents = { entries: 0, failed: 0 };
  h.eventBridgeClient.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const input = args.input as { Entries?: unknown[] };
      const output = result.output as { FailedEntryCount?: number };
      putEvents.entries += input.Entries?.length ?? 0;
      putEvents.failed += output.FailedEntryCount ?? 0;
      return result;
    },
    { step: 'initialize', name: 'soakPutEventsCounter' },
  );
  return putEvents;
}

/** DescribeModelVersion as L4E answers it: how often a version is not readable yet. */
function countVersionReads(h: Harness): { versions: number; notFound: number } {
  const reads = { versions: 0, notFound: 0 };
  h.lookoutClient.middlewareStack.add(
    (next, context) => async (args) => {
      const counted = context.commandName === 'DescribeModelVersionCommand';
      if (counted) reads.versions += 1;
      try {
        return await next(args);
      } catch (error) {
        if (counted && (error as Error).name === 'ResourceNotFoundException') reads.notFound += 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'soakVersionReadCounter' },
  );
  return reads;
}

/** apply-policy as the soak delivers it, its DLQ redrive, and what happened to its triggers. */
export interface PolicyTarget {
  /** Trigger ids apply-policy saw more than once on purpose (replays, redrives, concurrent pairs). */
  repeatedTriggers: Set<string>;
  redrive: () => Promise<void>;
  counts: () => { concurrentTriggers: number; redrives: number; deadLettered: number };
  /** Dead-lettered triggers that no redrive completed. */
  undelivered: () => number;
}

/** The provider apply-policy decides a trigger with, and its name. */
export type DeciderRoute = (event: DeliveredEnvelope) => {
  provider: ModelProvider;
  providerName: 'lookout-equipment' | 'iot-sitewise';
};

/** Where apply-policy's triggers go, and what its DLQ redrive does with one that fails again. */
export interface ApplyPolicyRouting {
  sitewise?: SiteWisePart | undefined;
  /** The provider of each trigger; by default the harness's, or the SiteWise part's for its ARNs. */
  providerFor?: DeciderRoute;
  /** A redriven trigger that fails every attempt goes back to the DLQ for the next redrive. */
  requeueUnredriven?: boolean;
}

/** apply-policy's provider for a trigger: the one whose ARN the trigger's model has, as deployed. */
function deciderProviders(
  h: Harness,
  options: SoakOptions,
  sitewise: SiteWisePart | undefined,
): DeciderRoute {
  const l4e = options.tamper?.decideProvider?.(h.provider) ?? h.provider;
  const sw = sitewise && (options.tamper?.sitewiseDecideProvider?.(sitewise.provider) ?? sitewise.provider);
  return (event: DeliveredEnvelope) => {
    const arn = String((event.detail as { modelArn?: unknown }).modelArn);
    return sw !== undefined && sw.modelNameOf(arn) !== null
      ? { provider: sw, providerName: 'iot-sitewise' as const }
      : { provider: l4e, providerName: 'lookout-equipment' as const };
  };
}

export function installApplyPolicy(
  h: Harness,
  options: SoakOptions,
  crashLog: CrashLog,
  routing: ApplyPolicyRouting,
): PolicyTarget {
  // Decision crashes draw from their own stream, so how many records a decision writes does not move
  // the pollers' crash schedule.
  const decisionRandom = createPrng(options.seed * 104_729 + 17);
  // apply-policy behind the rule of serverless.yml, with EventBridge's retries and crashes of its own,
  // sometimes twice at once for the same trigger, sometimes down until its DLQ is redriven.
  const rule = loadServerlessConfig('serverless.yml', 'harness')
    .eventBridgeRules()
    .find((r) => r.functionName === 'applyPolicy');
  if (!rule) throw new Error('serverless.yml has no rule targeting applyPolicy');
  const crashingStore = options.faults
    ? crashingDecisions(h.decisions, 0.1, () => decisionRandom.next(), crashLog)
    : h.decisions;
  const decideStore = options.tamper?.decideStore?.(crashingStore, h.provider) ?? crashingStore;
  const decideParameters = options.tamper?.decideParameters?.(h.parameters) ?? h.parameters;
  const providerFor = routing.providerFor ?? deciderProviders(h, options, routing.sitewise);
  const deliveryRandom = createPrng(options.seed * 15_485_863 + 29);
  const repeatedTriggers = new Set<string>();
  const outage = new Set<string>();
  const deadLettered: Array<DeliveredEnvelope> = [];
  let concurrentTriggers = 0;
  let redrives = 0;
  let deadLetteredTotal = 0;
  const applyPolicy = async (event: DeliveredEnvelope, concurrent: boolean) => {
    const { provider, providerName } = providerFor(event);
    const trigger = parseDecisionTrigger(event, provider);
    const invocation = () =>
      decideActivation(
        {
          ...h,
          provider,
          store: decideStore,
          parameters: decideParameters,
          sleep: async () => {},
        },
        {
          parameterPrefix: PARAMETER_PREFIX,
          providerName,
          now: () => new Date(h.emulator.now()),
          activationRetryDelayMs: 0,
        },
        trigger,
      );
    if (!concurrent) return invocation();
    concurrentTriggers += 1;
    await Promise.all([invocation(), invocation()]);
  };
  const eventIdOf = (event: DeliveredEnvelope) => String((event.detail as { eventId?: unknown }).eventId);
  h.bus.addRule({
    name: 'apply-policy',
    eventBusName: BUS_NAME,
    pattern: rule.pattern,
    targets: [
      {
        id: 'apply-policy',
        retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
        invoke: async (event) => {
          const id = eventIdOf(event);
          if (event['replay-name']) repeatedTriggers.add(id);
          // An outage of the function for this trigger: every attempt fails, the trigger dead-letters.
          if (options.faults && !event['replay-name'] && deliveryRandom.next() < 0.06) outage.add(id);
          if (outage.has(id)) throw new Error('apply-policy unavailable');
          const concurrent = options.faults && deliveryRandom.next() < 0.15;
          if (concurrent) repeatedTriggers.add(id);
          await applyPolicy(event, concurrent);
        },
        onDeadLetter: (event) => {
          deadLetteredTotal += 1;
          deadLettered.push(event);
        },
      },
    ],
  });
  // The DLQ redrive: every dead-lettered trigger goes to apply-policy again once the outage is over.
  /** Redelivered from the queue until it succeeds, as the redrive's consumer retries; false if never. */
  const redriveOne = async (event: DeliveredEnvelope): Promise<boolean> => {
    for (let attempt = 0; attempt < 9; attempt++) {
      try {
        await applyPolicy(event, false);
        return true;
      } catch {
        // The next attempt.
      }
    }
    return false;
  };
  const redrive = async () => {
    for (const event of deadLettered.splice(0)) {
      const id = eventIdOf(event);
      outage.delete(id);
      repeatedTriggers.add(id);
      redrives += 1;
      if (await redriveOne(event)) continue;
      if (routing.requeueUnredriven) deadLettered.push(event);
      else unredriven.push(id);
    }
  };
  const unredriven: string[] = [];

  return {
    repeatedTriggers,
    redrive,
    counts: () => ({ concurrentTriggers, redrives, deadLettered: deadLetteredTotal }),
    undelivered: () => unredriven.length + deadLettered.length,
  };
}

/** Replays of the archive up to an instant, each starting where the last one ended. */
export function archiveReplayer(h: Harness): { replay: (to: Date) => void; replayed: () => number } {
  // Replays of the archive (with replay-name set) re-deliver every published event to apply-policy.
  let replayedEvents = 0;
  let replayedTo = new Date(0);
  const replay = (to: Date) => {
    if (to.getTime() < replayedTo.getTime()) return;
    const r = h.bus.replay({
      from: replayedTo,
      to,
      eventBusName: BUS_NAME,
      ruleNames: ['apply-policy'],
    });
    replayedEvents += r.eventCount;
    replayedTo = new Date(to.getTime() + 1);
  };

  return { replay, replayed: () => replayedEvents };
}

/** Operators acting on the fleet between polls, and the marks their changes leave in the ledger. */
export function createOperators(h: Harness, names: readonly string[], seed: number) {
  // Operators: rollbacks and manual activations through UpdateActiveModelVersion (as the CLI's
  // rollback and activate do), promote-mode flips through UpdateRetrainingScheduler.
  const operatorRandom = createPrng(seed * 32_452_843 + 41);
  const operatorSeqs = new Set<number>();
  /** Each version an operator moved a model away from, with the ledger seq of that change. */
  const rolledAway: Array<{ model: string; version: number; seq: number }> = [];
  const operators = { rollbacks: 0, manual: 0, flips: 0, failed: 0 };
  const activateAsOperator = async (model: string, from: number, to: number) => {
    await h.provider.activateVersion(model, to);
    const change = h.emulator
      .ledger()
      .filter((l) => l.modelName === model && l.field === 'ActiveModelVersion' && l.to === to)
      .at(-1);
    if (change) {
      operatorSeqs.add(change.seq);
      rolledAway.push({ model, version: from, seq: change.seq });
    }
  };
  let ledgerSeen = 0;
  const rollBackDisliked = async (d: { model: string; from: number; to: number }) => {
    try {
      const live = (await h.provider.describeModel(d.model))?.activeVersion ?? null;
      if (live !== d.to) return;
      await activateAsOperator(d.model, d.to, d.from);
      operators.rollbacks += 1;
    } catch {
      operators.failed += 1;
    }
  };
  let disliked: Array<{ model: string; from: number; to: number }> = [];
  /** A rollback to the newest older version (roll < 0.004), or a manual activation of any other. */
  const moveActiveVersion = async (model: string, roll: number) => {
    const detail = await h.provider.describeModel(model);
    const active = detail?.activeVersion ?? null;
    if (active === null) return;
    const ready = (await h.provider.listVersions(model))
      .filter((v) => v.status === 'SUCCESS' && v.version !== active)
      .map((v) => v.version);
    if (roll < 0.004) {
      const previous = ready.filter((v) => v < active).sort((a, b) => b - a)[0];
      if (previous === undefined) return;
      await activateAsOperator(model, active, previous);
      operators.rollbacks += 1;
    } else {
      const target = ready[Math.floor(operatorRandom.next() * ready.length)];
      if (target === undefined) return;
      await activateAsOperator(model, active, target);
      operators.manual += 1;
    }
  };
  const operate = async () => {
    // An operator who dislikes what the autopilot put live rolls it back, once the feed has shown it
    // (a poll later), unless something else changed the live version meanwhile.
    for (const d of disliked) await rollBackDisliked(d);
    const fresh = h.emulator.ledger().filter((l) => l.seq > ledgerSeen);
    ledgerSeen = fresh.at(-1)?.seq ?? ledgerSeen;
    disliked = fresh
      .filter((l) => l.field === 'ActiveModelVersion' && l.cause === 'API' && !operatorSeqs.has(l.seq))
      .filter((l) => typeof l.from === 'number' && typeof l.to === 'number')
      .filter(() => operatorRandom.next() < 0.4)
      .map((l) => ({ model: String(l.modelName), from: Number(l.from), to: Number(l.to) }));
    for (const model of names) {
      const roll = operatorRandom.next();
      if (roll >= 0.0055) continue;
      try {
        if (roll < 0.001) {
          await flipPromoteMode(h, model);
          operators.flips += 1;
        } else await moveActiveVersion(model, roll);
      } catch {
        // Throttled or failed past the CLI's retries: the operator tries again another day.
        operators.failed += 1;
      }
    }
  };

  return { operate, operators, operatorSeqs, rolledAway };
}

/** One poller's cycle, possibly dying at a random crash point, and the pollers' tallies. */
export function createPoller(h: Harness, options: SoakOptions, crashLog: CrashLog, random: Prng) {
  const lease = Math.max(60_000, Math.floor(options.pollIntervalMs / 2));
  let polls = 0;
  let conflicts = 0;
  let failedCycles = 0;
  let owner = 0;
  const pollTimes: number[] = [];
  const cycle = async (crash: boolean) => {
    owner += 1;
    pollTimes.push(h.emulator.now());
    const point = crash ? CRASH_POINTS[Math.floor(random.next() * CRASH_POINTS.length)] : undefined;
    const publisher = options.tamper?.publisher?.(h.publisher) ?? h.publisher;
    const wrapped = crashingCycle(h.store, publisher, point, crashLog);
    try {
      const report = await runWatchCycle(
        { provider: h.provider, activations: h.activations, logger: h.logger, ...wrapped },
        {
          now: new Date(h.emulator.now()),
          owner: `poller-${owner}`,
          leaseMs: lease,
          baselineLookbackMs: DAY_MS,
        },
      );
      conflicts += report.conflicts;
    } catch (error) {
      // A cycle that dies (an injected crash, or L4E failing past every retry) is a failed Lambda
      // invocation: the next scheduled poll picks up from the state table.
      if ((error as Error).name !== 'InjectedCrash') failedCycles += 1;
    }
    polls += 1;
  };

  return { cycle, lease, pollTimes, counts: () => ({ polls, conflicts, failedCycles }) };
}

export type Soak = {
  h: Harness;
  options: SoakOptions;
  random: Prng;
  poller: ReturnType<typeof createPoller>;
  policy: PolicyTarget;
  archive: ReturnType<typeof archiveReplayer>;
  operators: ReturnType<typeof createOperators>;
  sitewise: SiteWisePart | undefined;
};

/**
 * Polls through the simulated days with faults on, then with faults off past the leases so the last
 * polls repair what crashes left; returns the first and last poll instants and the emulator's stats.
 */
export async function runDays({ h, options, random, poller, policy, archive, operators, sitewise }: Soak) {
  const { cycle, lease } = poller;
  const { redrive } = policy;
  const { replay } = archive;
  const { operate } = operators;
  const startMs = h.emulator.now();
  await cycle(false);
  await h.bus.drain();
  if (options.faults) {
    h.emulator.setFaults({ seed: options.seed, default: { throttle: 0.25, error5xx: 0.07 } });
    h.bus.setFaults({ seed: options.seed, failEntryProbability: 0.14 });
    sitewise?.setFaults(true);
  }
  const endMs = startMs + options.days * DAY_MS;
  let lastDay = -1;
  while (h.emulator.now() < endMs) {
    h.emulator.advance(Math.min(options.pollIntervalMs, endMs - h.emulator.now()));
    // Two pollers overlap every cycle; one of them sometimes dies at a random step.
    const crash = options.faults && random.next() < 0.2;
    await Promise.all([cycle(crash), cycle(false)]);
    await h.bus.drain();
    if (options.faults) {
      await redrive();
      await operate();
    }
    const day = Math.floor((h.emulator.now() - startMs) / DAY_MS);
    if (day !== lastDay) {
      options.progress?.(day, options.days);
      // Every few days an operator replays the archive up to a day ago, after rollbacks happened.
      if (options.faults && day % 4 === 0) {
        replay(new Date(h.emulator.now() - DAY_MS));
        await h.bus.drain();
      }
    }
    lastDay = day;
  }
  const stats = h.emulator.stats();
  // Faults end; the next polls (after the leases) repair whatever the crashes left behind.
  h.emulator.setFaults({});
  h.bus.setFaults({});
  sitewise?.setFaults(false);
  const lastPoll = h.emulator.now();
  for (let i = 0; i < 2; i++) {
    h.emulator.setTime(new Date(h.emulator.now() + lease + 1000).toISOString());
    await cycle(false);
    await h.bus.drain();
    await redrive();
  }
  if (options.faults) {
    // The rest of the archive replayed: every published event has now been re-delivered once.
    replay(new Date(8_640_000_000_000_000));
    await h.bus.drain();
    await redrive();
  }

  return { startMs, lastPoll, stats };
}

/**
 * The pollers and operators of both providers: each poll runs L4E's cycle and SiteWise's side by side
 * (the SiteWise clock first moved to the L4E instant), each possibly dying at its own crash point.
 */
function withSiteWise(
  parts: { poller: ReturnType<typeof createPoller>; operators: ReturnType<typeof createOperators> },
  run: { h: Harness; options: SoakOptions; crashLog: CrashLog },
  sitewise: SiteWisePart | undefined,
) {
  if (sitewise === undefined) return parts;
  const { h, options, crashLog } = run;
  const random = createPrng(options.seed * 49_979_687 + 13);
  const cycle = async (crash: boolean) => {
    sitewise.follow(h);
    const point = crash ? CRASH_POINTS[Math.floor(random.next() * CRASH_POINTS.length)] : undefined;
    const publisher = options.tamper?.publisher?.(h.publisher) ?? h.publisher;
    await Promise.all([parts.poller.cycle(crash), sitewise.cycle(h, { point, log: crashLog, publisher })]);
  };
  const operate = async () => {
    await parts.operators.operate();
    await sitewise.operate();
  };
  return { poller: { ...parts.poller, cycle }, operators: { ...parts.operators, operate } };
}

async function soak(
  { h, sitewise }: { h: Harness; sitewise: SiteWisePart | undefined },
  options: SoakOptions,
  names: readonly string[],
  began: number,
): Promise<Omit<SoakReport, 'knobs'>> {
  const random = createPrng(options.seed * 7919 + 11);
  const crashLog = newCrashLog();
  const validated = validatePolicy(DEFAULT_POLICY);
  if (!validated.ok) throw POLICY_PROBLEM(validated.errors.join('; '));
  h.ssm.put(`${PARAMETER_PREFIX}/policies/default`, JSON.stringify(DEFAULT_POLICY));
  const putEvents = countPutEvents(h);
  const reads = countVersionReads(h);
  const policy = installApplyPolicy(h, options, crashLog, { sitewise });
  const archive = archiveReplayer(h);
  const { operators, poller } = withSiteWise(
    {
      operators: createOperators(h, names, options.seed),
      poller: createPoller(h, options, crashLog, random),
    },
    { h, options, crashLog },
    sitewise,
  );
  const { startMs, lastPoll, stats } = await runDays({
    h,
    options,
    random,
    poller,
    policy,
    archive,
    operators,
    sitewise,
  });
  const report = await summarise(
    { h, options, began, crashLog, sitewise },
    { startMs, lastPoll, stats, putEvents, reads },
    { poller, policy, archive, operators, sitewise },
  );
  return sitewise === undefined ? report : withSiteWiseVerdict(report, { h, sitewise, startMs, lastPoll });
}

/** What the bus accepted about L4E models: every event but those about the SiteWise fleet. */
function l4eAccepted(h: Harness, sitewise: SiteWisePart | undefined) {
  const accepted = h.bus.accepted();
  if (sitewise === undefined) return accepted;
  const arnOf = (detail: unknown) => String((detail as { modelArn?: unknown }).modelArn);
  return accepted.filter((e) => sitewise.provider.modelNameOf(arnOf(e.detail)) === null);
}

/** The report with the SiteWise fleet's verdict: the soak passes only if both providers' do. */
function withSiteWiseVerdict(
  report: Omit<SoakReport, 'knobs'>,
  run: { h: Harness; sitewise: SiteWisePart; startMs: number; lastPoll: number },
): Omit<SoakReport, 'knobs'> {
  const events = run.h.bus
    .accepted()
    .map((e) => ({ detailType: e['detail-type'], detail: e.detail as Record<string, unknown> }));
  const check = auditSiteWise(run.sitewise, events, { since: run.startMs, until: run.lastPoll });
  const clean = check.lost.length + check.wrongActivations.length + check.rollbacksUndone.length === 0;
  return { ...report, sitewise: check, ok: report.ok && clean };
}

/** The report: the ledger against what was published, the activation audit, and every tally. */
async function summarise(
  run: { h: Harness; options: SoakOptions; began: number; crashLog: CrashLog; sitewise?: SiteWisePart },
  measured: {
    startMs: number;
    lastPoll: number;
    stats: ReturnType<Harness['emulator']['stats']>;
    putEvents: { entries: number; failed: number };
    reads: { versions: number; notFound: number };
  },
  parts: Omit<Soak, 'h' | 'options' | 'random'>,
): Promise<Omit<SoakReport, 'knobs'>> {
  const { h, options, began, crashLog } = run;
  const { startMs, lastPoll, stats, putEvents, reads } = measured;
  const { pollTimes } = parts.poller;
  const { polls, conflicts, failedCycles } = parts.poller.counts();
  const { repeatedTriggers } = parts.policy;
  const { concurrentTriggers, redrives, deadLettered: deadLetteredTotal } = parts.policy.counts();
  const replayedEvents = parts.archive.replayed();
  const { operators, operatorSeqs, rolledAway } = parts.operators;
  const accepted = l4eAccepted(h, run.sitewise);
  const events = accepted.map((e) => ({
    detailType: e['detail-type'],
    detail: e.detail as Record<string, unknown>,
  }));
  const ledger = h.emulator.ledger();
  const check = compareWithLedger(ledger, events, {
    since: new Date(startMs).toISOString(),
    until: new Date(lastPoll).toISOString(),
    polls: pollTimes,
  });
  const unexplained = check.duplicates.filter(
    (d) => !explainedDuplicate(accepted, d.eventId, crashLog, repeatedTriggers),
  );
  const decisionDetails = uniqueDecisions(events);
  const decisions: Record<string, number> = {};
  for (const d of decisionDetails) decisions[d.outcome] = (decisions[d.outcome] ?? 0) + 1;
  const audit = await auditActivations(h, { ledger, decisions: decisionDetails, operatorSeqs, rolledAway });
  const { wrong, missed } = audit;

  const faultCounts: FaultCounts = {
    l4eCalls: Object.values(stats.calls).reduce((a, b) => a + b, 0),
    l4eThrottled: Object.values(stats.faults ?? {}).reduce((a, f) => a + (f.throttled ?? 0), 0),
    l4eErrors: Object.values(stats.faults ?? {}).reduce((a, f) => a + (f.errors ?? 0), 0),
    putEventsEntries: putEvents.entries,
    putEventsEntriesFailed: putEvents.failed,
    claimConflicts: conflicts,
    failedCycles,
    crashes: crashLog.crashes,
    versionReads: reads.versions,
    versionReadsNotFound: reads.notFound,
    rollbacks: operators.rollbacks,
    manualActivations: operators.manual,
    promoteModeFlips: operators.flips,
    operatorCallsFailed: operators.failed,
    replayedEvents,
    redrives,
    deadLettered: deadLetteredTotal,
    concurrentTriggers,
  };
  const deadLetters = parts.policy.undelivered();
  const runsPromotionsLost = check.runs.missing.length + check.promotions.missing.length;
  const report: Omit<SoakReport, 'knobs'> = {
    options,
    seconds: (performance.now() - began) / 1000,
    polls,
    check,
    uniqueEvents: new Set(events.map((e) => e.detail.eventId)).size,
    duplicates: {
      total: check.duplicates.length,
      afterCrash: check.duplicates.length - unexplained.length,
      unexplained: unexplained.map((d) => d.eventId),
    },
    decisions,
    wrongActivations: wrong,
    missedActivations: missed,
    rollbacksUndone: audit.undone,
    olderVersionLeftActive: audit.olderLeftActive,
    failingActivations: audit.failing,
    runsPromotionsLost,
    deadLetters,
    faults: faultCounts,
    sitewise: null,
    ok: false,
  };
  report.ok =
    check.lost === 0 &&
    wrong.length === 0 &&
    missed.length === 0 &&
    unexplained.length === 0 &&
    audit.undone.length === 0 &&
    audit.olderLeftActive.length === 0 &&
    audit.failing.length === 0 &&
    runsPromotionsLost === 0 &&
    deadLetters === 0;
  return report;
}

/**
 * At-least-once delivery repeats an event only when a cycle published it and then died before clearing
 * its outbox; a decision repeats only when its trigger was such a repeat.
 */
export function explainedDuplicate(
  accepted: ReturnType<Harness['bus']['accepted']>,
  eventId: string,
  log: CrashLog,
  repeatedTriggers: ReadonlySet<string>,
): boolean {
  if (log.publishedBeforeCrash.has(eventId)) return true;
  return accepted.some((e) => {
    const detail = e.detail as { eventId?: string; triggerEventId?: string | null };
    return (
      detail.eventId === eventId &&
      !!detail.triggerEventId &&
      (log.publishedBeforeCrash.has(detail.triggerEventId) || repeatedTriggers.has(detail.triggerEventId))
    );
  });
}

export function uniqueDecisions(
  events: Array<{ detailType: string; detail: Record<string, unknown> }>,
): ActivationDecisionDetail[] {
  const seen = new Map<string, ActivationDecisionDetail>();
  for (const e of events) {
    if (e.detailType === 'Model Version Activation Decision') {
      seen.set(String(e.detail.eventId), e.detail as unknown as ActivationDecisionDetail);
    }
  }
  return [...seen.values()];
}

/** An operator flips a model's promote mode between MANAGED and MANUAL. */
async function flipPromoteMode(h: Harness, model: string): Promise<void> {
  const s = await h.lookoutClient.send(new DescribeRetrainingSchedulerCommand({ ModelName: model }));
  const flipped = s.PromoteMode === 'MANAGED' ? 'MANUAL' : 'MANAGED';
  await h.lookoutClient.send(
    new UpdateRetrainingSchedulerCommand({ ModelName: model, PromoteMode: flipped }),
  );
}

/**
 * Wrong: an activation that did not pass the policy, was not of a version whose promotion result said
 * MANUAL, or that L4E shows without an ACTIVATED decision (operators' own changes aside). Missed: a
 * MANUAL version that passed the policy but got no decision at all, or was rejected and never
 * activated. Undone: the autopilot activating again a version an operator moved away from. Older left
 * active: at the end, a model on an older version than its newest ACTIVATED decision with no operator
 * change since that activation.
 */
type Ledger = ReturnType<Harness['emulator']['ledger']>;

/** What the audit reads: the emulator's ledger, the decisions made, and the operators' own changes. */
export interface AuditInput {
  ledger: Ledger;
  decisions: ActivationDecisionDetail[];
  operatorSeqs: ReadonlySet<number>;
  rolledAway: ReadonlyArray<{ model: string; version: number; seq: number }>;
}

type PolicyVerdict = (model: string, version: number) => Promise<boolean>;

/** Whether a version passes the soak's policy, read once per version from L4E. */
function policyVerdicts(h: Harness): PolicyVerdict {
  const verdicts = new Map<string, boolean>();
  return async (model, version) => {
    const key = `${model} v${version}`;
    const known = verdicts.get(key);
    if (known !== undefined) return known;
    const v = await h.lookoutClient.send(
      new DescribeModelVersionCommand({ ModelName: model, ModelVersion: version }),
    );
    const metrics = withAvailableData(
      parseModelMetrics(v.ModelMetrics),
      v.RetrainingAvailableDataInDays ?? null,
    );
    const prior = parseModelMetrics(v.PriorModelMetrics);
    const passed = evaluatePolicy({
      policy: DEFAULT_POLICY,
      metrics: metrics.metrics,
      priorMetrics: prior.metrics,
      modelQuality: v.ModelQuality ?? null,
    }).passed;
    verdicts.set(key, passed);
    return passed;
  };
}

/** ACTIVATED decisions of a version whose promotion result was not MANUAL, or that fails the policy. */
async function activatedProblems(
  activated: ReadonlySet<string>,
  manual: ReadonlySet<string>,
  passes: PolicyVerdict,
): Promise<{ wrong: string[]; failing: string[] }> {
  const wrong: string[] = [];
  const failing: string[] = [];
  for (const key of activated) {
    const [model = '', v = ''] = key.split(' v');
    if (!manual.has(key)) wrong.push(`${key}: activated but its promotion result was not MANUAL`);
    else if (!(await passes(model, Number(v)))) failing.push(`${key}: activated but fails the policy`);
  }
  return { wrong, failing };
}

/** Autopilot changes without an ACTIVATED decision, or that undid an operator's move. */
function changeProblems(
  autopilotChanges: Ledger,
  activated: ReadonlySet<string>,
  rolledAway: AuditInput['rolledAway'],
): { wrong: string[]; undone: string[] } {
  const wrong: string[] = [];
  const undone: string[] = [];
  for (const l of autopilotChanges) {
    if (!activated.has(`${l.modelName} v${l.to}`))
      wrong.push(`${l.modelName} v${l.to}: active in L4E without an ACTIVATED decision`);
    for (const away of rolledAway)
      if (away.model === l.modelName && away.version === l.to && l.seq > away.seq)
        undone.push(`${l.modelName} v${l.to}: activated again after an operator moved away from it`);
  }
  return { wrong, undone };
}

/** MANUAL versions that retrained, passed the policy, and got no decision or only a rejection. */
async function missedActivations(
  { ledger, decisions }: AuditInput,
  manual: ReadonlySet<string>,
  passes: PolicyVerdict,
): Promise<string[]> {
  const missed: string[] = [];
  const decided = new Map<string, string[]>();
  for (const d of decisions)
    decided.set(`${d.modelName} v${d.modelVersion}`, [
      ...(decided.get(`${d.modelName} v${d.modelVersion}`) ?? []),
      d.outcome,
    ]);
  const successes = ledger.filter(
    (l) =>
      l.resource === 'modelVersion' &&
      l.field === 'Status' &&
      l.cause === 'RETRAINING' &&
      l.to === 'SUCCESS' &&
      manual.has(`${l.modelName} v${l.modelVersion}`),
  );
  for (const s of successes) {
    const key = `${s.modelName} v${s.modelVersion}`;
    if (!(await passes(String(s.modelName), Number(s.modelVersion)))) continue;
    const outcomes = decided.get(key) ?? [];
    if (outcomes.length === 0) missed.push(`${key}: passed the policy but no decision was made`);
    else if (outcomes.includes('REJECTED') && !outcomes.includes('ACTIVATED'))
      missed.push(`${key}: passed the policy but was rejected`);
  }
  return missed;
}

/**
 * Wrong: an activation that did not pass the policy, was not of a version whose promotion result said
 * MANUAL, or that L4E shows without an ACTIVATED decision (operators' own changes aside). Missed: a
 * MANUAL version that passed the policy but got no decision at all, or was rejected and never
 * activated. Undone: the autopilot activating again a version an operator moved away from. Older left
 * active: at the end, a model on an older version than its newest ACTIVATED decision with no operator
 * change since that activation.
 */
export async function auditActivations(
  h: Harness,
  input: AuditInput,
): Promise<{
  wrong: string[];
  missed: string[];
  undone: string[];
  olderLeftActive: string[];
  failing: string[];
}> {
  const { ledger, decisions, operatorSeqs } = input;
  const passes = policyVerdicts(h);
  const manual = new Set(
    ledger
      .filter(
        (l) => l.resource === 'modelVersion' && l.field === 'AutoPromotionResult' && l.cause === 'MANUAL',
      )
      .map((l) => `${l.modelName} v${l.modelVersion}`),
  );
  const activated = new Set(
    decisions.filter((d) => d.outcome === 'ACTIVATED').map((d) => `${d.modelName} v${d.modelVersion}`),
  );
  const byDecision = await activatedProblems(activated, manual, passes);
  const autopilotChanges = ledger.filter(
    (x) =>
      x.resource === 'model' &&
      x.field === 'ActiveModelVersion' &&
      x.cause === 'API' &&
      !operatorSeqs.has(x.seq),
  );
  const byChange = changeProblems(autopilotChanges, activated, input.rolledAway);
  const missed = await missedActivations(input, manual, passes);
  const olderLeftActive = await olderVersionsLeftActive(h, input, autopilotChanges);
  return {
    wrong: [...byDecision.wrong, ...byChange.wrong],
    missed,
    undone: byChange.undone,
    olderLeftActive,
    failing: byDecision.failing,
  };
}

/** Models on an older version than their newest ACTIVATED decision, with no operator change since. */
async function olderVersionsLeftActive(
  h: Harness,
  { ledger, decisions, operatorSeqs }: AuditInput,
  autopilotChanges: Ledger,
): Promise<string[]> {
  const olderLeftActive: string[] = [];
  const models = new Set(decisions.filter((d) => d.outcome === 'ACTIVATED').map((d) => d.modelName));
  for (const model of models) {
    const newestDecided = Math.max(
      ...decisions
        .filter((d) => d.modelName === model && d.outcome === 'ACTIVATED')
        .map((d) => d.modelVersion),
    );
    // The change that put the newest ACTIVATED version live; an operator's change after it stands.
    const landing = autopilotChanges.filter((l) => l.modelName === model && l.to === newestDecided).at(-1);
    const operatorSince = ledger.some(
      (l) => l.modelName === model && operatorSeqs.has(l.seq) && l.seq > (landing?.seq ?? -1),
    );
    const active = (await h.provider.describeModel(model))?.activeVersion ?? null;
    if (!operatorSince && (active === null || active < newestDecided))
      olderLeftActive.push(`${model}: v${active ?? 'none'} active while v${newestDecided} was ACTIVATED`);
  }
  return olderLeftActive;
}
