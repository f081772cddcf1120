// The decide use-case: should a retrained version go live? Truth first: every fact comes from L4E at
// decision time; the triggering event only says which version to look at.
//
// Safety rules, each kept here:
// - One decision per model at a time: a lease item in the state table, released on completion and
//   expiring after a crash, serialises every invocation that decides for the same model.
// - Audit before act: an activation is recorded PENDING (with its id) before L4E is asked to change
//   anything, and completed after; whichever invocation next takes the lease completes an unfinished
//   one, re-reading L4E to learn whether the call landed, and publishes it once, under the same id.
// - At most once per version: a version the autopilot activated before is never activated again
//   automatically, so a rollback or a manual activation stands until a newer version earns activation.
// - Newest wins: only the newest successful retraining version may be activated; an older one is
//   skipped as superseded (and the newest is decided, when nothing decided it yet).
import { randomUUID } from 'node:crypto';
import {
  activatedBeforeSentence,
  activationOutcome,
  ineligibility,
  manualChoiceSentence,
  noPolicySentence,
  planDecision,
  supersededSentence,
  supersedingVersion,
} from './core/decision.js';
import {
  type ActivationDecisionDetail,
  type AutopilotEvent,
  type DecisionOutcome,
  DetailType,
  SCHEMA_VERSION,
} from './core/events.js';
import { deterministicId } from './core/ids.js';
import { arnLocation, type ModelDetail, RETRAINING_SOURCE, type VersionDetail } from './core/model.js';
import type { Logger } from './logger.js';
import { readEffectivePolicy } from './policies.js';
import type { DecisionRecord, EventPublisher, ModelProvider, ParameterSource, StateStore } from './ports.js';

export interface DecideDeps {
  provider: ModelProvider;
  store: StateStore;
  publisher: EventPublisher;
  parameters: ParameterSource;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

export interface DecideOptions {
  parameterPrefix: string;
  /** The time decisions are stamped with. */
  now: () => Date;
  /** Attempts of UpdateActiveModelVersion on ConflictException / throttling / 5xx, the first included. */
  activationAttempts?: number;
  activationRetryDelayMs?: number;
  /**
   * Invocations that may try one activation before it is recorded FAILED: the first delivery plus the
   * platform's retries (apply-policy's maximumRetryAttempts in serverless.yml is 2, so 3).
   */
  maxInvocationAttempts?: number;
  /** Wall clock (epoch ms) for the decision lease. */
  clock?: () => number;
  /** How long a lease lasts: longer than one invocation may run (the function timeout). */
  leaseMs?: number;
  /** How long an invocation waits for another one's lease before failing so the platform retries it. */
  leaseWaitMs?: number;
  /** The lease owner of this invocation (default: a random id). */
  owner?: string;
}

export interface DecisionRequest {
  modelName: string;
  modelVersion: number;
  triggerEventId: string | null;
  /**
   * The model ARN the trigger claimed. When it is the ARN of a model of that name, the decision is for
   * that model: a trigger for a model since deleted and created again under its name leaves the new one
   * alone.
   */
  modelArnHint?: string | null;
}

const MODEL_ARN_PATTERN =
  /^arn:aws[a-z-]*:lookoutequipment:[a-z0-9-]+:\d{12}:model\/([0-9a-zA-Z_-]{1,200})\/.+$/;

export const DEFAULT_MAX_INVOCATION_ATTEMPTS = 3;
const DEFAULT_LEASE_MS = 90_000;
const DEFAULT_LEASE_WAIT_MS = 20_000;
const LEASE_POLL_MS = 200;

export class DecisionPublishError extends Error {
  override name = 'DecisionPublishError';
}

/** Another invocation is deciding for the model and did not finish in time: retry later. */
export class DecisionBusyError extends Error {
  override name = 'DecisionBusyError';
}

/** L4E lists the version but does not describe it yet: a later invocation can decide it. */
export class VersionUnreadableError extends Error {
  override name = 'VersionUnreadableError';
}

/** An activation failed in a way a later attempt may fix; the decision stays PENDING for the retry. */
export class ActivationRetryableError extends Error {
  override name = 'ActivationRetryableError';
}

function isRetryableActivationError(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
  return (
    name === 'ConflictException' ||
    name === 'ThrottlingException' ||
    name === 'InternalServerException' ||
    status >= 500
  );
}

export function decisionId(modelArn: string, seq: number): string {
  return deterministicId(modelArn, 'decision', seq);
}

interface Run {
  deps: DecideDeps;
  options: DecideOptions;
  modelArn: string;
  owner: string;
  seq: number;
  sleep: (ms: number) => Promise<void>;
}

export async function decideActivation(
  deps: DecideDeps,
  options: DecideOptions,
  request: DecisionRequest,
): Promise<ActivationDecisionDetail> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const located = await deps.provider.describeModel(request.modelName);
  // The ARN the trigger names counts only when it is the ARN of a model of the name it names.
  const hinted = MODEL_ARN_PATTERN.exec(request.modelArnHint ?? '');
  const hint = hinted && hinted[1] === request.modelName ? hinted[0] : '';
  // The trigger's model, when it names one: a model deleted and created again under the same name is
  // another model (another ARN), and a trigger for the old one never acts on it.
  const modelArn = hint !== '' ? hint : (located?.arn ?? '');
  if (modelArn === '') {
    // Nothing to address a decision to, or to key it by: the model does not exist and the trigger
    // named no valid ARN. Logged, not stored.
    const detail = buildDetail(request, '', null, options.now().toISOString(), randomUUID(), {
      outcome: 'SKIPPED',
      reasons: [`model ${request.modelName} does not exist`],
    });
    deps.logger.info('activation decision', { model: request.modelName, outcome: 'SKIPPED' });
    return detail;
  }
  const owner = options.owner ?? randomUUID();
  const lease = await acquireLease(deps, options, modelArn, owner, sleep);
  const run: Run = { deps, options, modelArn, owner, seq: lease.seq, sleep };
  try {
    if (lease.open) {
      const finished = await finishOpen(run, lease.open);
      // A retry of the decision that was left open: that decision is this trigger's answer.
      const sameDecision =
        request.triggerEventId !== null &&
        lease.open.triggerEventId === request.triggerEventId &&
        lease.open.modelVersion === request.modelVersion;
      if (sameDecision) {
        return finished;
      }
    }
    return await decideFresh(run, request, true);
  } finally {
    await deps.store.releaseDecisionLease(modelArn, owner);
  }
}

async function acquireLease(
  deps: DecideDeps,
  options: DecideOptions,
  modelArn: string,
  owner: string,
  sleep: (ms: number) => Promise<void>,
) {
  const clock = options.clock ?? Date.now;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const tries = Math.max(1, Math.ceil((options.leaseWaitMs ?? DEFAULT_LEASE_WAIT_MS) / LEASE_POLL_MS));
  for (let i = 0; i < tries; i++) {
    const lease = await deps.store.acquireDecisionLease(modelArn, owner, { nowMs: clock(), leaseMs });
    if (lease) return lease;
    await sleep(LEASE_POLL_MS);
  }
  throw new DecisionBusyError(`another invocation is still deciding for ${modelArn}; retry later`);
}

function buildDetail(
  request: DecisionRequest,
  modelArn: string,
  model: ModelDetail | null,
  decidedAt: string,
  eventId: string,
  parts: Partial<ActivationDecisionDetail> & { outcome: DecisionOutcome; reasons: string[] },
): ActivationDecisionDetail {
  const { account, region } = arnLocation(modelArn);
  return {
    schemaVersion: SCHEMA_VERSION,
    eventId,
    modelName: request.modelName,
    modelArn,
    account,
    region,
    observedAt: decidedAt,
    modelVersion: request.modelVersion,
    modelVersionArn: null,
    checks: [],
    policy: { parameterName: null, version: null, mode: null },
    previousActiveVersion: model?.activeVersion ?? null,
    activeVersion: model?.activeVersion ?? null,
    triggerEventId: request.triggerEventId,
    ...parts,
  };
}

async function decideFresh(
  run: Run,
  request: DecisionRequest,
  mayDecideNewer: boolean,
): Promise<ActivationDecisionDetail> {
  const { provider, store } = run.deps;
  const name = request.modelName;
  // Re-read under the lease: whatever another invocation did before is visible now.
  const model = await provider.describeModel(name);
  const sameModel = model !== null && model.arn === run.modelArn ? model : null;
  const found = await eligibility(run, name, request.modelVersion, sameModel, null);
  const { version, newer } = found;
  const ineligible =
    model !== null && sameModel === null
      ? `model ${name} ${run.modelArn} no longer exists; the model named ${name} now is ${model.arn}`
      : found.ineligible;
  const policy =
    ineligible === null
      ? await readEffectivePolicy(run.deps.parameters, run.options.parameterPrefix, name)
      : null;
  const plan = planDecision({
    modelVersion: request.modelVersion,
    ineligible,
    version,
    policy,
    noPolicy: noPolicySentence(run.options.parameterPrefix, name),
  });
  run.seq += 1;
  const decidedAt = run.options.now().toISOString();
  const record: DecisionRecord = {
    modelName: name,
    modelArn: run.modelArn,
    modelVersion: request.modelVersion,
    seq: run.seq,
    decidedAt,
    triggerEventId: request.triggerEventId,
    status: plan.outcome === 'ACTIVATED' ? 'PENDING' : 'COMPLETE',
    attempts: 0,
    lastError: null,
    published: false,
    detail: buildDetail(request, run.modelArn, sameModel, decidedAt, decisionId(run.modelArn, run.seq), {
      outcome: plan.outcome,
      reasons: plan.reasons,
      checks: plan.checks,
      policy: plan.policy,
      modelVersionArn: version?.arn ?? null,
    }),
  };
  // Audit before act: the decision exists, with its id, before anything else happens.
  await store.openDecision(run.modelArn, run.owner, record);
  await store.putDecision(record);
  const detail =
    record.status === 'PENDING'
      ? await activateAndComplete(run, record, sameModel)
      : await publishAndClose(run, record);
  if (newer !== null && mayDecideNewer && !(await hasDecision(run, newer))) {
    await decideFresh(run, { ...request, modelVersion: newer }, false);
  }
  return detail;
}

interface Eligibility {
  version: VersionDetail | null;
  /** Why the version may not be activated now; null when it may. */
  ineligible: string | null;
  /** The newer successful retraining version that supersedes it, if any. */
  newer: number | null;
}

/**
 * The version, or null when L4E does not know it. A version L4E lists but does not describe yet is read
 * late, not missing: deciding now would skip it for good, so the invocation fails and the platform's
 * retries (and, if it never reads, the DLQ and its alarm) take it from there.
 */
async function describeCandidate(
  provider: ModelProvider,
  name: string,
  v: number,
): Promise<VersionDetail | null> {
  const version = await provider.describeVersion(name, v);
  if (version === null && (await provider.listVersions(name)).some((s) => s.version === v)) {
    throw new VersionUnreadableError(`version ${v} of ${name} is listed but cannot be read yet; retry later`);
  }
  return version;
}

/** Whether `v` may be activated now, read from L4E and the activation records. */
async function eligibility(
  run: Run,
  name: string,
  v: number,
  model: ModelDetail | null,
  deciding: string | null,
): Promise<Eligibility> {
  const { provider, store } = run.deps;
  if (!model)
    return {
      version: null,
      ineligible: ineligibility({ modelName: name, modelVersion: v }, null, null, null),
      newer: null,
    };
  const version = await describeCandidate(provider, model.name, v);
  const scheduler = version ? await provider.describeScheduler(model.name) : null;
  const earlier = version ? await store.activationRecord(run.modelArn, v) : null;
  if (earlier?.activatedAt && earlier.decisionId !== deciding) {
    const reason = activatedBeforeSentence(v, {
      decisionId: earlier.decisionId,
      activatedAt: earlier.activatedAt,
    });
    return { version, ineligible: reason, newer: null };
  }
  const base = ineligibility(
    { modelName: model.name, modelVersion: v },
    model,
    version,
    scheduler?.promoteMode ?? null,
  );
  const candidate = version?.status === 'SUCCESS' && version.sourceType === RETRAINING_SOURCE;
  const behindActive = model.activeVersion !== null && model.activeVersion >= v;
  if (candidate && (base === null || behindActive)) {
    const newer = supersedingVersion(v, await provider.listVersions(model.name));
    if (newer !== null) return { version, ineligible: supersededSentence(v, newer), newer };
  }
  if (base === null && version && model.activeVersion !== null) {
    const active = await store.activationRecord(run.modelArn, model.activeVersion);
    const byHand = manualChoiceSentence(v, version, model, active?.activatedAt ? active : null);
    if (byHand !== null) return { version, ineligible: byHand, newer: null };
  }
  return { version, ineligible: base, newer: null };
}

async function hasDecision(run: Run, version: number): Promise<boolean> {
  const records = await run.deps.store.listDecisions(run.modelArn);
  return records.some((r) => r.modelVersion === version);
}

/** Completes a decision an earlier invocation left open, then publishes it. */
async function finishOpen(run: Run, open: DecisionRecord): Promise<ActivationDecisionDetail> {
  run.deps.logger.info('completing an unfinished decision', {
    model: open.modelName,
    version: open.modelVersion,
    decisionId: open.detail.eventId,
    status: open.status,
  });
  await run.deps.store.putDecision(open);
  if (open.status === 'COMPLETE') return publishAndClose(run, open);
  const state = await reread(run, open);
  if (state.kind === 'landed') return complete(run, open, 'ACTIVATED', state.model);
  if (state.kind === 'ineligible') return complete(run, open, 'SKIPPED', state.model, [state.reason]);
  const max = run.options.maxInvocationAttempts ?? DEFAULT_MAX_INVOCATION_ATTEMPTS;
  if (open.attempts >= max) {
    return complete(run, open, 'FAILED', state.model, [
      `${open.detail.reasons[0] ?? 'the policy passed'} but activation did not succeed in ${open.attempts} attempts${open.lastError ? `: ${open.lastError}` : ''}`,
    ]);
  }
  return activateAndComplete(run, open, state.model);
}

type Reread =
  | { kind: 'landed'; model: ModelDetail | null }
  | { kind: 'ineligible'; model: ModelDetail | null; reason: string }
  | { kind: 'applies'; model: ModelDetail | null };

/**
 * An activation decided earlier, read again from L4E: whether it landed, or else whether it still
 * applies (the world may have moved since: an operator may have chosen a version by hand).
 */
async function reread(run: Run, pending: DecisionRecord): Promise<Reread> {
  const model = await run.deps.provider.describeModel(pending.modelName);
  const sameModel = model !== null && model.arn === run.modelArn ? model : null;
  const landed = activationOutcome(pending.modelVersion, pending.decidedAt, sameModel);
  if (landed !== 'not-landed') return { kind: 'landed', model: sameModel };
  const { ineligible } = await eligibility(
    run,
    pending.modelName,
    pending.modelVersion,
    sameModel,
    pending.detail.eventId,
  );
  if (ineligible === null) return { kind: 'applies', model: sameModel };
  return {
    kind: 'ineligible',
    model: sameModel,
    reason: `the activation decided at ${pending.decidedAt} did not take place and no longer applies: ${ineligible}`,
  };
}

/** Whether the model's identity or active version differs from what a decision read. */
async function changedSince(
  run: Run,
  record: DecisionRecord,
  decidedOn: ModelDetail | null,
): Promise<boolean> {
  const model = await run.deps.provider.describeModel(record.modelName);
  return (
    model?.arn !== decidedOn?.arn ||
    model?.activeVersion !== decidedOn?.activeVersion ||
    model?.activatedAt !== decidedOn?.activatedAt
  );
}

/**
 * Activates a pending decision and completes it. `decidedOn` is the model as the decision read it: if it
 * has changed by the time L4E is asked to act (an operator chose a version meanwhile), the decision is
 * read again first.
 */
async function activateAndComplete(
  run: Run,
  pending: DecisionRecord,
  decidedOn: ModelDetail | null,
): Promise<ActivationDecisionDetail> {
  const { store, provider } = run.deps;
  const record: DecisionRecord = { ...pending, attempts: pending.attempts + 1, lastError: null };
  // The attempt is counted before the call, so a run of crashes still ends in a recorded failure.
  await store.openDecision(run.modelArn, run.owner, record);
  // Recorded before the call, so the watcher attributes the change to the policy even if this
  // invocation dies right after L4E acted.
  await store.recordActivationRequest(
    run.modelArn,
    record.modelVersion,
    run.options.now().toISOString(),
    record.detail.eventId,
  );
  const result = await activate(run, record, decidedOn);
  if ('reread' in result) {
    const { reread: state } = result;
    return state.kind === 'landed'
      ? complete(run, record, 'ACTIVATED', state.model)
      : complete(run, record, 'SKIPPED', state.model, [state.reason]);
  }
  if (result.ok) {
    const model = await provider.describeModel(record.modelName);
    return complete(run, record, 'ACTIVATED', model);
  }
  const max = run.options.maxInvocationAttempts ?? DEFAULT_MAX_INVOCATION_ATTEMPTS;
  if (result.retryable && record.attempts < max) {
    const waiting = { ...record, lastError: result.error };
    await store.openDecision(run.modelArn, run.owner, waiting);
    await store.putDecision(waiting);
    run.deps.logger.warn('activation failed, left for the platform to retry', {
      model: record.modelName,
      version: record.modelVersion,
      attempt: record.attempts,
      error: result.error,
    });
    // Failing the invocation hands it to the platform's retries (and, after the last, its DLQ).
    throw new ActivationRetryableError(
      `activation of ${record.modelName} v${record.modelVersion} failed (attempt ${record.attempts} of ${max}): ${result.error}`,
    );
  }
  const model = await provider.describeModel(record.modelName);
  return complete(run, record, 'FAILED', model, [
    `${record.detail.reasons[0] ?? 'the policy passed'} but activation failed: ${result.error}`,
  ]);
}

async function activate(
  run: Run,
  record: DecisionRecord,
  decidedOn: ModelDetail | null,
): Promise<
  | { ok: true }
  | { ok: false; retryable: boolean; error: string }
  | { ok: false; reread: Exclude<Reread, { kind: 'applies' }> }
> {
  const attempts = run.options.activationAttempts ?? 4;
  const delay = run.options.activationRetryDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    // Before the first attempt, a look at the model: has anyone activated a version since the decision
    // read it? Before a retry, the full reading: a conflict may be someone else's activation. Either
    // way an activation never undoes a version an operator chose meanwhile (nor repeats one that landed).
    if (attempt > 1 || (await changedSince(run, record, decidedOn))) {
      const state = await reread(run, record);
      if (state.kind !== 'applies') return { ok: false, reread: state };
    }
    try {
      await run.deps.provider.activateVersion(record.modelName, record.modelVersion);
      return { ok: true };
    } catch (error) {
      const name = (error as Error).name || 'Error';
      const retryable = isRetryableActivationError(error);
      if (!retryable || attempt >= attempts) {
        return { ok: false, retryable, error: `${name}: ${(error as Error).message}` };
      }
      run.deps.logger.warn('activation retried', { model: record.modelName, attempt, error: name });
      await run.sleep(delay * 2 ** (attempt - 1));
    }
  }
}

/** Finishes a decision with its outcome and the active version as L4E reports it after acting. */
async function complete(
  run: Run,
  record: DecisionRecord,
  outcome: DecisionOutcome,
  model: ModelDetail | null,
  reasons?: string[],
): Promise<ActivationDecisionDetail> {
  const activeVersion = model && model.arn === run.modelArn ? model.activeVersion : null;
  const v = record.modelVersion;
  let finalReasons = reasons;
  if (outcome === 'ACTIVATED') {
    await run.deps.store.confirmActivation(
      run.modelArn,
      v,
      record.detail.eventId,
      run.options.now().toISOString(),
    );
    finalReasons =
      activeVersion === v
        ? [`${record.detail.reasons[0] ?? 'the policy passed'}; version ${v} is now active`]
        : [
            `${record.detail.reasons[0] ?? 'the policy passed'}; version ${v} was activated, and v${activeVersion ?? '–'} has been made active since`,
          ];
  }
  const done: DecisionRecord = {
    ...record,
    status: 'COMPLETE',
    detail: { ...record.detail, outcome, reasons: finalReasons ?? record.detail.reasons, activeVersion },
  };
  await run.deps.store.openDecision(run.modelArn, run.owner, done);
  await run.deps.store.putDecision(done);
  return publishAndClose(run, done);
}

async function publishAndClose(run: Run, record: DecisionRecord): Promise<ActivationDecisionDetail> {
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

export function decisionEvent(detail: ActivationDecisionDetail): AutopilotEvent {
  const resources = [detail.modelArn, detail.modelVersionArn].filter((r): r is string => !!r);
  return { detailType: DetailType.ActivationDecision, detail, resources, time: detail.observedAt };
}
