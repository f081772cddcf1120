// Carries a decision out: records it (before anything is asked of the provider), acts, completes the
// record, publishes it. Every write is keyed by the decision's id, so a retry completes the same
// decision and publishes it once.
import { randomUUID } from 'node:crypto';
import type { Decision, DecisionFacts, Verdict } from '../core/decide.js';
import {
  type ActivationDecisionDetail,
  type AutopilotEvent,
  DetailType,
  SCHEMA_VERSION,
} from '../core/events.js';
import { deterministicId } from '../core/ids.js';
import { arnLocation } from '../core/model.js';
import type { DecisionRecord } from '../ports.js';
import { ActivationRetryableError, DecisionPublishError } from './errors.js';
import type { DecisionJob, DecisionRun } from './job.js';

type OpenJob = Extract<DecisionJob, { kind: 'open' }>;

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
  if (decision.kind === 'verdict') return recordVerdict(run, job, facts, decision);
  if (job.kind !== 'open') throw new TypeError(`a new decision cannot ${decision.kind}`);
  const { store, logger } = run.deps;
  if (job.recovered) {
    logger.info('completing an unfinished decision', {
      model: job.record.modelName,
      version: job.record.modelVersion,
      decisionId: job.record.detail.eventId,
      status: job.record.status,
    });
    await store.putDecision(job.record);
  }
  const next = { ...job, recovered: false };
  if (decision.kind === 'activate') return { detail: null, next: await activate(run, next) };
  if (decision.kind === 'wait') return wait(run, next.record, decision.error);
  if (decision.kind === 'publish')
    return { detail: await publishAndClose(run, next.record), next: job.afterwards };
  const { outcome, reasons, activeVersion } = decision;
  const record = next.record;
  if (outcome === 'ACTIVATED') {
    const at = run.options.now().toISOString();
    await store.confirmActivation(run.modelArn, record.modelVersion, record.detail.eventId, at);
  }
  const done: DecisionRecord = {
    ...record,
    status: 'COMPLETE',
    detail: { ...record.detail, outcome, reasons, activeVersion },
  };
  await store.openDecision(run.modelArn, run.owner, done);
  await store.putDecision(done);
  return { detail: await publishAndClose(run, done), next: job.afterwards };
}

/** Audit before act: a new decision is recorded, with its id, before anything else happens. */
async function recordVerdict(
  run: DecisionRun,
  job: DecisionJob,
  facts: DecisionFacts,
  verdict: Verdict,
): Promise<Carried> {
  if (job.kind !== 'new') throw new TypeError('an open decision has its verdict already');
  const { request, modelArn } = run;
  const decidedAt = run.options.now().toISOString();
  const model = facts.model?.arn === modelArn ? facts.model : null;
  const seq = run.seq + 1;
  const { account, region } = arnLocation(modelArn);
  const detail: ActivationDecisionDetail = {
    schemaVersion: SCHEMA_VERSION,
    eventId: modelArn === '' ? randomUUID() : decisionId(modelArn, seq),
    modelName: request.modelName,
    modelArn,
    account,
    region,
    observedAt: decidedAt,
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
  if (modelArn === '') {
    // Nothing to address a decision to, or to key it by: logged, not stored.
    run.deps.logger.info('activation decision', { model: request.modelName, outcome: detail.outcome });
    return { detail, next: null };
  }
  run.seq = seq;
  const record: DecisionRecord = {
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
  await run.deps.store.openDecision(modelArn, run.owner, record);
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
    return { detail: null, next: { kind: 'open', ...open } };
  }
  const published = await publishAndClose(run, record);
  const newer = verdict.newer !== null && !job.followUp ? verdict.newer : null;
  return {
    detail: published,
    next: newer === null ? null : { kind: 'new', modelVersion: newer, followUp: true, answers: false },
  };
}

function isRetryable(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
  return (
    name === 'ConflictException' ||
    name === 'ThrottlingException' ||
    name === 'InternalServerException' ||
    status >= 500
  );
}

/** One call asking the provider to activate; what became of it is read on the next round. */
async function activate(run: DecisionRun, job: OpenJob): Promise<OpenJob> {
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
    const retryable = isRetryable(error);
    if (retryable && call < run.limits.callsPerInvocation) {
      logger.warn('activation retried', { model: record.modelName, attempt: call, error: name });
      await run.sleep((run.options.activationRetryDelayMs ?? 500) * 2 ** (call - 1));
    }
    const lastCall = { ok: false as const, retryable, error: `${name}: ${(error as Error).message}` };
    return { ...job, record, calls: call, lastCall };
  }
}

/** Leaves the decision open for the platform's retry, and fails the invocation. */
async function wait(run: DecisionRun, record: DecisionRecord, error: string): Promise<never> {
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

async function publishAndClose(run: DecisionRun, record: DecisionRecord): Promise<ActivationDecisionDetail> {
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
