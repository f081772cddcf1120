// Carries a decision out: records it (before anything is asked of the provider), acts, completes the
// record, publishes it. Every write is keyed by the decision's id, so a retry completes the same
// decision and publishes it once.
import { randomUUID } from 'node:crypto';
import type { Decision, DecisionFacts, Verdict } from '../core/decide.js';
import { type ActivationDecisionDetail, type AutopilotEvent, DetailType } from '../core/events.js';
import { deterministicId } from '../core/ids.js';
import { detailBase } from '../core/transitions-events.js';
import type { DecisionRecord } from '../ports.js';
import { ActivationRetryableError, DecisionPublishError } from './errors.js';
import type { DecisionJob, DecisionRun } from './job.js';

type NewJob = Extract<DecisionJob, { kind: 'new' }>;
type OpenJob = Extract<DecisionJob, { kind: 'open' }>;
type OpenStep = Exclude<Decision, { kind: 'verdict' | 'none' }>;
type CompleteStep = Extract<Decision, { kind: 'complete' }>;

/** What carrying a decision out gave: the decision as published (null until it is), and what is next. */
export interface Carried {
  detail: ActivationDecisionDetail | null;
  next: DecisionJob | null;
}

export function decisionId(modelArn: string, seq: number): string {
  return deterministicId(modelArn, 'decision', seq);
}

export function decisionEvent(detail: ActivationDecisionDetail): AutopilotEvent {
  const resources = [detail.modelArn, detail.modelVersionArn].filter((r): r is string => !!r);
  return { detailType: DetailType.ActivationDecision, detail, resources, time: detail.observedAt };
}

export async function carryOut(
  job: DecisionJob,
  decision: Decision,
  facts: DecisionFacts,
  run: DecisionRun,
): Promise<Carried> {
  if (decision.kind === 'none') return { detail: null, next: null };
  if (job.kind === 'new' && decision.kind === 'verdict') return recordVerdict(job, decision, facts, run);
  if (job.kind === 'open' && decision.kind !== 'verdict') return advance(job, decision, run);
  throw new TypeError(`a ${job.kind} decision cannot take a ${decision.kind} step`);
}

/** Audit before act: a new decision is recorded, with its id, before anything else happens. */
async function recordVerdict(
  job: NewJob,
  verdict: Verdict,
  facts: DecisionFacts,
  run: DecisionRun,
): Promise<Carried> {
  const record = newRecord(job, verdict, facts, run);
  if (run.modelArn === '') {
    // Nothing to address a decision to, or to key it by: logged, not stored.
    run.deps.logger.info('activation decision', { model: record.modelName, outcome: verdict.outcome });
    return { detail: record.detail, next: null };
  }
  run.seq = record.seq;
  await run.deps.store.openDecision(run.modelArn, run.owner, record);
  await run.deps.store.putDecision(record);
  if (record.status === 'PENDING') {
    const open = {
      record,
      calls: 0,
      lastCall: null,
      recovered: false,
      answers: job.answers,
      afterwards: null,
    };
    return { detail: null, next: { kind: 'open' as const, ...open } };
  }
  const published = await publishAndClose(run, record);
  // Newest wins: the trigger of a superseded version decides the newest, when nothing decided it yet.
  const newer = verdict.newer !== null && !job.followUp ? verdict.newer : null;
  const next: DecisionJob | null =
    newer === null ? null : { kind: 'new', modelVersion: newer, followUp: true, answers: false };
  return { detail: published, next };
}

function newRecord(job: NewJob, verdict: Verdict, facts: DecisionFacts, run: DecisionRun): DecisionRecord {
  const { request, modelArn, origin } = run;
  const decidedAt = run.options.now().toISOString();
  const model = facts.model?.arn === modelArn ? facts.model : null;
  const seq = run.seq + 1;
  const subject = { modelName: request.modelName, modelArn, origin: model?.origin ?? origin };
  const eventId = modelArn === '' ? randomUUID() : decisionId(modelArn, seq);
  const detail: ActivationDecisionDetail = {
    ...detailBase({ ...subject, observedAt: decidedAt }, eventId),
    modelVersion: job.modelVersion,
    modelVersionArn: facts.version?.arn ?? null,
    outcome: verdict.outcome,
    reasons: verdict.reasons,
    checks: verdict.checks,
    policy: verdict.policy,
    previousActiveVersion: model?.activeVersion ?? null,
    activeVersion: model?.activeVersion ?? null,
    triggerEventId: request.triggerEventId,
  };
  return {
    modelName: request.modelName,
    modelArn,
    modelVersion: job.modelVersion,
    seq,
    decidedAt,
    triggerEventId: request.triggerEventId,
    status: verdict.outcome === 'ACTIVATED' ? 'PENDING' : 'COMPLETE',
    attempts: 0,
    lastError: null,
    published: false,
    detail,
  };
}

/** The next step of an open decision: act, leave it for the platform's retry, or complete and publish. */
async function advance(job: OpenJob, step: OpenStep, run: DecisionRun): Promise<Carried> {
  if (job.recovered) {
    run.deps.logger.info('completing an unfinished decision', {
      model: job.record.modelName,
      version: job.record.modelVersion,
      decisionId: job.record.detail.eventId,
      status: job.record.status,
    });
    await run.deps.store.putDecision(job.record);
  }
  const current = { ...job, recovered: false };
  if (step.kind === 'activate') return { detail: null, next: await activate(current, run) };
  if (step.kind === 'wait') return wait(current.record, step.error, run);
  const record = step.kind === 'publish' ? current.record : await complete(current.record, step, run);
  return { detail: await publishAndClose(run, record), next: job.afterwards };
}

/** Records the outcome; an activation is confirmed first, so it is never repeated. */
async function complete(
  record: DecisionRecord,
  step: CompleteStep,
  run: DecisionRun,
): Promise<DecisionRecord> {
  const { outcome, reasons, activeVersion } = step;
  if (outcome === 'ACTIVATED') {
    const at = run.options.now().toISOString();
    await run.deps.store.confirmActivation(run.modelArn, record.modelVersion, record.detail.eventId, at);
  }
  const done: DecisionRecord = {
    ...record,
    status: 'COMPLETE',
    detail: { ...record.detail, outcome, reasons, activeVersion },
  };
  await run.deps.store.openDecision(run.modelArn, run.owner, done);
  await run.deps.store.putDecision(done);
  return done;
}

/** One call asking the provider to activate; what became of it is read on the next round. */
async function activate(job: OpenJob, run: DecisionRun): Promise<OpenJob> {
  const { store, provider, logger } = run.deps;
  let record = job.record;
  if (job.calls === 0) {
    // The attempt is counted before the call, so a run of crashes still ends in a recorded failure.
    record = { ...record, attempts: record.attempts + 1, lastError: null };
    await store.openDecision(run.modelArn, run.owner, record);
    // Recorded before the call, so the watcher attributes the change to the policy even if this
    // invocation dies right after the provider acted.
    const at = run.options.now().toISOString();
    await store.recordActivationRequest(run.modelArn, record.modelVersion, at, record.detail.eventId);
  }
  const call = job.calls + 1;
  try {
    await provider.activateVersion(record.modelName, record.modelVersion);
    return { ...job, record, calls: call, lastCall: { ok: true } };
  } catch (error) {
    const name = (error as Error).name || 'Error';
    const retryable = provider.isRetryable(error);
    if (retryable && call < run.limits.callsPerInvocation) {
      logger.warn('activation retried', { model: record.modelName, attempt: call, error: name });
      await run.sleep((run.options.activationRetryDelayMs ?? 500) * 2 ** (call - 1));
    }
    const lastCall = { ok: false as const, retryable, error: `${name}: ${(error as Error).message}` };
    return { ...job, record, calls: call, lastCall };
  }
}

/** Leaves the decision open for the platform's retry, and fails the invocation. */
async function wait(record: DecisionRecord, error: string, run: DecisionRun): Promise<never> {
  const waiting = { ...record, lastError: error };
  await run.deps.store.openDecision(run.modelArn, run.owner, waiting);
  await run.deps.store.putDecision(waiting);
  run.deps.logger.warn('activation failed, left for the platform to retry', {
    model: record.modelName,
    version: record.modelVersion,
    attempt: record.attempts,
    error,
  });
  throw new ActivationRetryableError(
    `activation of ${record.modelName} v${record.modelVersion} failed (attempt ${record.attempts} of ${run.limits.invocations}): ${error}`,
  );
}

/** What publishing a decision and closing it needs of a run. */
type Closing = Pick<DecisionRun, 'modelArn' | 'owner'> & {
  deps: Pick<DecisionRun['deps'], 'store' | 'publisher' | 'logger'>;
};

export async function publishAndClose(
  run: Closing,
  record: DecisionRecord,
): Promise<ActivationDecisionDetail> {
  run.deps.logger.info('activation decision', {
    model: record.modelName,
    version: record.modelVersion,
    decisionId: record.detail.eventId,
    outcome: record.detail.outcome,
    reasons: record.detail.reasons,
  });
  const result = await run.deps.publisher.publish([decisionEvent(record.detail)]);
  if (result.failed.length > 0) {
    const failure = result.failed[0];
    // Failing the invocation makes the platform retry it; the open decision is then published as is.
    throw new DecisionPublishError(
      `decision ${record.detail.eventId} recorded but not published: ${failure?.errorCode} ${failure?.errorMessage}`,
    );
  }
  await run.deps.store.markDecisionPublished(record);
  await run.deps.store.closeDecision(run.modelArn, run.owner);
  return record.detail;
}
