// The soak run: a fleet on the emulator for a year of simulated time with faults everywhere, two
// pollers racing, crashes at every step of a cycle, and apply-policy on the bus; then everything that
// was published and decided is compared with the emulator's ledger and the policies.
import { DescribeModelVersionCommand } from '@aws-sdk/client-lookoutequipment';
import type { ActivationDecisionDetail } from '../../lib/core/events.js';
import { parseModelMetrics, withAvailableData } from '../../lib/core/metrics.js';
import { evaluatePolicy, type Policy, validatePolicy } from '../../lib/core/policy.js';
import { decideActivation } from '../../lib/decide.js';
import { parseDecisionTrigger } from '../../lib/triggers.js';
import { runWatchCycle } from '../../lib/watch.js';
import { loadServerlessConfig } from '../aws/index.js';
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
  progress?: (day: number, days: number) => void;
}

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
}

export interface SoakReport {
  options: SoakOptions;
  /** The knob mode used, and per knob how many models drew its strict value. */
  knobs: { mode: string; strict: Record<string, number> };
  seconds: number;
  polls: number;
  check: LedgerComparison;
  uniqueEvents: number;
  duplicates: { total: number; afterCrash: number; unexplained: string[] };
  decisions: Record<string, number>;
  wrongActivations: string[];
  missedActivations: string[];
  deadLetters: number;
  faults: FaultCounts;
  ok: boolean;
}

const POLICY_PROBLEM = (p: string) => new Error(`soak policy is invalid: ${p}`);

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const began = performance.now();
  const scenario = generateFleetScenario({ models: options.models, seed: options.seed, days: options.days });
  const mode = options.knobs === undefined ? environmentKnobMode() : parseKnobMode(options.knobs);
  const strict: Record<string, number> = Object.fromEntries(KNOB_NAMES.map((knob) => [knob, 0]));
  for (const model of scenario.models ?? []) {
    const knobs = knobsOfMode(mode, model.name);
    model.knobs = knobs;
    for (const knob of KNOB_NAMES)
      if (knobs[knob] === STRICT_KNOBS[knob]) strict[knob] = (strict[knob] ?? 0) + 1;
  }
  const h = await startHarness({ scenario, seed: options.seed });
  try {
    return { ...(await soak(h, options, began)), knobs: { mode: formatKnobMode(mode), strict } };
  } finally {
    await h.close();
  }
}

async function soak(h: Harness, options: SoakOptions, began: number): Promise<Omit<SoakReport, 'knobs'>> {
  const random = createPrng(options.seed * 7919 + 11);
  // Decision crashes draw from their own stream, so how many records a decision writes does not move
  // the pollers' crash schedule.
  const decisionRandom = createPrng(options.seed * 104_729 + 17);
  const crashLog = newCrashLog();
  const validated = validatePolicy(DEFAULT_POLICY);
  if (!validated.ok) throw POLICY_PROBLEM(validated.errors.join('; '));
  h.ssm.put(`${PARAMETER_PREFIX}/policies/default`, JSON.stringify(DEFAULT_POLICY));

  // PutEvents accounting, as the service reports it.
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

  // apply-policy behind the rule of serverless.yml, with EventBridge's retries and crashes of its own.
  const rule = loadServerlessConfig('serverless.yml', 'harness')
    .eventBridgeRules()
    .find((r) => r.functionName === 'applyPolicy');
  if (!rule) throw new Error('serverless.yml has no rule targeting applyPolicy');
  const decideStore = options.faults
    ? crashingDecisions(h.store, 0.1, () => decisionRandom.next(), crashLog)
    : h.store;
  let deadLetters = 0;
  h.bus.addRule({
    name: 'apply-policy',
    eventBusName: BUS_NAME,
    pattern: rule.pattern,
    targets: [
      {
        id: 'apply-policy',
        retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
        invoke: async (event) => {
          await decideActivation(
            { ...h, store: decideStore, sleep: async () => {} },
            {
              parameterPrefix: PARAMETER_PREFIX,
              now: () => new Date(h.emulator.now()),
              activationRetryDelayMs: 0,
            },
            parseDecisionTrigger(event),
          );
        },
        onDeadLetter: () => {
          deadLetters += 1;
        },
      },
    ],
  });

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
    const wrapped = crashingCycle(h.store, h.publisher, point, crashLog);
    try {
      const report = await runWatchCycle(
        { provider: h.provider, logger: h.logger, ...wrapped },
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

  const startMs = h.emulator.now();
  await cycle(false);
  await h.bus.drain();
  if (options.faults) {
    h.emulator.setFaults({ seed: options.seed, default: { throttle: 0.25, error5xx: 0.07 } });
    h.bus.setFaults({ seed: options.seed, failEntryProbability: 0.14 });
  }
  const endMs = startMs + options.days * DAY_MS;
  let lastDay = -1;
  while (h.emulator.now() < endMs) {
    h.emulator.advance(Math.min(options.pollIntervalMs, endMs - h.emulator.now()));
    // Two pollers overlap every cycle; one of them sometimes dies at a random step.
    const crash = options.faults && random.next() < 0.2;
    await Promise.all([cycle(crash), cycle(false)]);
    await h.bus.drain();
    const day = Math.floor((h.emulator.now() - startMs) / DAY_MS);
    if (day !== lastDay) options.progress?.(day, options.days);
    lastDay = day;
  }
  const stats = h.emulator.stats();
  // Faults end; the next polls (after the leases) repair whatever the crashes left behind.
  h.emulator.setFaults({});
  h.bus.setFaults({});
  const lastPoll = h.emulator.now();
  for (let i = 0; i < 2; i++) {
    h.emulator.setTime(new Date(h.emulator.now() + lease + 1000).toISOString());
    await cycle(false);
    await h.bus.drain();
  }

  const accepted = h.bus.accepted();
  const events = accepted.map((e) => ({
    detailType: e['detail-type'],
    detail: e.detail as Record<string, unknown>,
  }));
  const ledger = h.emulator.ledger();
  const check = compareWithLedger(
    ledger,
    events,
    new Date(startMs).toISOString(),
    new Date(lastPoll).toISOString(),
  );
  const unexplained = check.duplicates.filter((d) => !explainedDuplicate(accepted, d.eventId, crashLog));
  const decisionDetails = uniqueDecisions(events);
  const decisions: Record<string, number> = {};
  for (const d of decisionDetails) decisions[d.outcome] = (decisions[d.outcome] ?? 0) + 1;
  const { wrong, missed } = await auditActivations(h, ledger, decisionDetails);

  const faultCounts: FaultCounts = {
    l4eCalls: Object.values(stats.calls).reduce((a, b) => a + b, 0),
    l4eThrottled: Object.values(stats.faults ?? {}).reduce((a, f) => a + (f.throttled ?? 0), 0),
    l4eErrors: Object.values(stats.faults ?? {}).reduce((a, f) => a + (f.errors ?? 0), 0),
    putEventsEntries: putEvents.entries,
    putEventsEntriesFailed: putEvents.failed,
    claimConflicts: conflicts,
    failedCycles,
    crashes: crashLog.crashes,
  };
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
    deadLetters,
    faults: faultCounts,
    ok: false,
  };
  report.ok =
    check.lost === 0 &&
    wrong.length === 0 &&
    missed.length === 0 &&
    unexplained.length === 0 &&
    deadLetters === 0;
  return report;
}

/**
 * At-least-once delivery repeats an event only when a cycle published it and then died before clearing
 * its outbox; a decision repeats only when its trigger was such a repeat.
 */
function explainedDuplicate(
  accepted: ReturnType<Harness['bus']['accepted']>,
  eventId: string,
  log: CrashLog,
): boolean {
  if (log.publishedBeforeCrash.has(eventId)) return true;
  return accepted.some((e) => {
    const detail = e.detail as { eventId?: string; triggerEventId?: string | null };
    return (
      detail.eventId === eventId &&
      !!detail.triggerEventId &&
      log.publishedBeforeCrash.has(detail.triggerEventId)
    );
  });
}

function uniqueDecisions(
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

/**
 * Wrong: an activation that did not pass the policy, was not on a MANUAL model, or that L4E shows
 * without an ACTIVATED decision. Missed: a MANUAL version that passed the policy but got no decision
 * at all, or a REJECTED one.
 */
async function auditActivations(
  h: Harness,
  ledger: ReturnType<Harness['emulator']['ledger']>,
  decisions: ActivationDecisionDetail[],
): Promise<{ wrong: string[]; missed: string[] }> {
  const wrong: string[] = [];
  const missed: string[] = [];
  const passes = async (model: string, version: number): Promise<boolean> => {
    const v = await h.lookoutClient.send(
      new DescribeModelVersionCommand({ ModelName: model, ModelVersion: version }),
    );
    const metrics = withAvailableData(
      parseModelMetrics(v.ModelMetrics),
      v.RetrainingAvailableDataInDays ?? null,
    );
    const prior = parseModelMetrics(v.PriorModelMetrics);
    return evaluatePolicy({
      policy: DEFAULT_POLICY,
      metrics: metrics.metrics,
      priorMetrics: prior.metrics,
      modelQuality: v.ModelQuality ?? null,
    }).passed;
  };
  const manual = new Set(
    ledger
      .filter(
        (l) => l.resource === 'modelVersion' && l.field === 'AutoPromotionResult' && l.cause === 'MANUAL',
      )
      .map((l) => String(l.modelName)),
  );
  const activated = new Set(
    decisions.filter((d) => d.outcome === 'ACTIVATED').map((d) => `${d.modelName} v${d.modelVersion}`),
  );
  for (const d of decisions.filter((x) => x.outcome === 'ACTIVATED')) {
    if (!manual.has(d.modelName))
      wrong.push(`${d.modelName} v${d.modelVersion}: activated on a model not in MANUAL mode`);
    else if (!(await passes(d.modelName, d.modelVersion)))
      wrong.push(`${d.modelName} v${d.modelVersion}: activated but fails the policy`);
  }
  for (const l of ledger.filter(
    (x) => x.resource === 'model' && x.field === 'ActiveModelVersion' && x.cause === 'API',
  )) {
    if (!activated.has(`${l.modelName} v${l.to}`))
      wrong.push(`${l.modelName} v${l.to}: active in L4E without an ACTIVATED decision`);
  }
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
      manual.has(String(l.modelName)),
  );
  for (const s of successes) {
    const key = `${s.modelName} v${s.modelVersion}`;
    if (!(await passes(String(s.modelName), Number(s.modelVersion)))) continue;
    const outcomes = decided.get(key) ?? [];
    if (outcomes.length === 0) missed.push(`${key}: passed the policy but no decision was made`);
    else if (outcomes.includes('REJECTED')) missed.push(`${key}: passed the policy but was rejected`);
  }
  return { wrong, missed };
}
