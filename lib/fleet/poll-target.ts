// The per-target poller use-case: each queue record is one target's cycle. The record is parsed (a
// malformed one is reported failed, so it reaches the dead-letter queue), the target is looked up in
// the current fleet (one no longer listed is dropped), its providers' cycles run with its own state,
// and its health is recorded. A cycle that failed as a whole is reported failed only when a retry can
// help; records run side by side, and one failing never fails the others.
import { mapLimit } from '../concurrency.js';
import type { ProviderName } from '../core/model.js';
import { targetErrorText } from '../core/target-error.js';
import { nextTargetHealth } from '../core/target-health.js';
import type { Logger } from '../logger.js';
import type { ActivationHistory, EventPublisher, FleetRegistry, ModelStateStore } from '../ports.js';
import type { EnabledProvider } from '../providers.js';
import type { Target } from '../targets.js';
import type { WatchOptions } from '../watch.js';
import { type ProvidersReport, runProviderCycles } from '../watch-providers.js';
import { parseTargetMessage } from './target-message.js';

export interface TargetPollDeps {
  /** The target's providers (those it watches), reading with its reader credentials. */
  providersFor(target: Target): EnabledProvider[];
  /** The target's own model state for one provider. */
  storeFor(target: Target, provider: ProviderName): ModelStateStore;
  /** Whether an error is passing (throttling, a timeout, a server error), so a retry can help. */
  retryable(error: unknown): boolean;
  activations: ActivationHistory;
  publisher: EventPublisher;
  /** Where each target is resolved from (one read per record), and where its health is kept. */
  registry: FleetRegistry;
  logger: Logger;
}

export interface TargetPollOptions {
  now: Date;
  /** `<account>/<region>` of the hub itself: poll-models watches it. */
  homeKey: string;
  /** Every cycle's options but its time and owner. */
  cycle: Omit<WatchOptions, 'now' | 'owner'>;
  /** A unique owner for each cycle's claims. */
  owner: () => string;
  /** Records whose cycles run at once. */
  concurrency: number;
  /** Failed cycles in a row before the target's unreachable event fires. */
  alarmAfter: number;
  /** Values no recorded error may repeat (the external ids). */
  secrets: readonly string[];
}

export interface QueueRecord {
  id: string;
  body: string;
}

export type RecordStatus = 'polled' | 'unreachable' | 'dropped' | 'malformed' | 'unresolved';

export interface RecordResult {
  id: string;
  /** `<account>/<region>`; null for a malformed record. */
  target: string | null;
  status: RecordStatus;
  /** Reported failed, to come back after the visibility timeout (and at last to the dead-letter queue). */
  retry: boolean;
  report: ProvidersReport | null;
  error: string | null;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The logger with the target's key on every line. */
function tagged(logger: Logger, target: string): Logger {
  const tag = { target };
  return {
    debug: (message, ...extra) => logger.debug(message, tag, ...extra),
    info: (message, ...extra) => logger.info(message, tag, ...extra),
    warn: (message, ...extra) => logger.warn(message, tag, ...extra),
    error: (message, ...extra) => logger.error(message, tag, ...extra),
  };
}

interface Poll {
  deps: TargetPollDeps;
  options: TargetPollOptions;
}

type CycleOutcome = { ok: true; report: ProvidersReport } | { ok: false; error: unknown };

async function runCycle(poll: Poll, target: Target, logger: Logger): Promise<CycleOutcome> {
  const { deps, options } = poll;
  try {
    const watches = deps.providersFor(target).map(({ name, provider }) => ({
      name,
      deps: {
        provider,
        store: deps.storeFor(target, name),
        activations: deps.activations,
        publisher: deps.publisher,
        logger,
      },
    }));
    const report = await runProviderCycles(watches, {
      ...options.cycle,
      now: options.now,
      owner: options.owner(),
    });
    return { ok: true, report };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Records the cycle's outcome in the target's health, publishing the event it owes first: when the
 * publish fails the record is left as it was, so the next cycle owes (and sends) the same event again.
 */
async function recordHealth(poll: Poll, target: Target, outcome: CycleOutcome, logger: Logger) {
  const { deps, options } = poll;
  const member = { account: target.account, region: target.region };
  const stored = await deps.registry.readHealth(member);
  if (stored === null) {
    logger.warn('the target is not registered (removed meanwhile?); its health is not kept');
    return;
  }
  const step = nextTargetHealth(
    stored.health,
    outcome.ok
      ? { target: member, ok: true }
      : { target: member, ok: false, error: describeError(outcome.error) },
    { now: options.now, alarmAfter: options.alarmAfter, secrets: options.secrets },
  );
  if (step.event !== null) {
    const published = await deps.publisher.publish([step.event]);
    if (published.failed.length > 0) {
      logger.error('the target health event was not published; the next cycle sends it again', {
        detailType: step.event.detailType,
        failed: published.failed,
      });
      return;
    }
  }
  if (!(await deps.registry.writeHealth(member, step.health, stored.rev))) {
    logger.warn('the target health changed meanwhile; this cycle leaves it to the other');
  }
}

type Resolution = { target: Target } | { result: RecordResult };

/** The record's target as the registry holds it, or the record's result when there is none to run. */
async function resolveRecord(poll: Poll, record: QueueRecord): Promise<Resolution> {
  const result = { id: record.id, report: null, error: null };
  const describe = (error: unknown) => targetErrorText(describeError(error), poll.options.secrets);
  let member: { account: string; region: string };
  try {
    const { account, region } = parseTargetMessage(record.body);
    member = { account, region };
  } catch (error) {
    poll.deps.logger.error('a fleet queue message was malformed', {
      messageId: record.id,
      error: describe(error),
    });
    return { result: { ...result, target: null, status: 'malformed', retry: true, error: describe(error) } };
  }
  const key = `${member.account}/${member.region}`;
  const logger = tagged(poll.deps.logger, key);
  let target: Target | null = null;
  try {
    if (key !== poll.options.homeKey) target = await poll.deps.registry.resolved(member);
  } catch (error) {
    logger.error('the target could not be read from the fleet registry', { error: describe(error) });
    return { result: { ...result, target: key, status: 'unresolved', retry: true, error: describe(error) } };
  }
  if (target === null) {
    logger.info('the fleet registry no longer holds this target (or it is the home one); message dropped');
    return { result: { ...result, target: key, status: 'dropped', retry: false } };
  }
  return { target };
}

async function pollRecord(shared: Poll, record: QueueRecord): Promise<RecordResult> {
  const resolution = await resolveRecord(shared, record);
  if ('result' in resolution) return resolution.result;
  const { target } = resolution;
  const key = target.key;
  // The target's external id is kept out of what is logged and recorded.
  const secrets = target.externalId === undefined ? [] : [target.externalId];
  const poll = {
    ...shared,
    options: { ...shared.options, secrets: [...shared.options.secrets, ...secrets] },
  };
  const result = { id: record.id, report: null, error: null };
  const describe = (error: unknown) => targetErrorText(describeError(error), poll.options.secrets);
  const logger = tagged(poll.deps.logger, key);
  const outcome = await runCycle(poll, target, logger);
  const error = outcome.ok ? null : describe(outcome.error);
  if (error !== null) logger.error('the target cycle failed', { error });
  try {
    await recordHealth(poll, target, outcome, logger);
  } catch (healthError) {
    logger.error('the target health was not recorded', { error: describe(healthError) });
    return { ...result, target: key, status: outcome.ok ? 'polled' : 'unreachable', retry: true, error };
  }
  if (outcome.ok) return { ...result, target: key, status: 'polled', retry: false, report: outcome.report };
  return { ...result, target: key, status: 'unreachable', retry: poll.deps.retryable(outcome.error), error };
}

/** Every record's result, in order; the ids of those to retry are the batch's item failures. */
export async function pollTargets(
  deps: TargetPollDeps,
  records: readonly QueueRecord[],
  options: TargetPollOptions,
): Promise<RecordResult[]> {
  const poll: Poll = { deps, options };
  return mapLimit(records, options.concurrency, (record) => pollRecord(poll, record));
}
