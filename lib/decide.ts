// The decide use-case: should a retrained version go live? Truth first: every fact comes from L4E at
// decision time; the triggering event only says which version to look at.
import { ineligibility, noPolicySentence, planDecision } from './core/decision.js';
import {
  type ActivationDecisionDetail,
  type AutopilotEvent,
  DetailType,
  SCHEMA_VERSION,
} from './core/events.js';
import { deterministicId } from './core/ids.js';
import { arnLocation } from './core/model.js';
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
  now: () => Date;
  /** Attempts of UpdateActiveModelVersion on ConflictException / throttling, the first included. */
  activationAttempts?: number;
  activationRetryDelayMs?: number;
}

export interface DecisionRequest {
  modelName: string;
  modelVersion: number;
  triggerEventId: string | null;
  /** The model ARN the trigger claimed; used only to address the decision when the model is gone. */
  modelArnHint?: string | null;
}

const MODEL_ARN_PATTERN =
  /^arn:aws[a-z-]*:lookoutequipment:[a-z0-9-]+:\d{12}:model\/[0-9a-zA-Z_-]{1,200}\/.+$/;

export class DecisionPublishError extends Error {
  override name = 'DecisionPublishError';
}

function isRetryableActivationError(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? '';
  return name === 'ConflictException' || name === 'ThrottlingException' || name === 'InternalServerException';
}

export async function decideActivation(
  deps: DecideDeps,
  options: DecideOptions,
  request: DecisionRequest,
): Promise<ActivationDecisionDetail> {
  const { provider, store, logger } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  // A decision recorded by an earlier attempt but not yet published is published as it was,
  // instead of deciding again against a world the first attempt already changed.
  if (request.triggerEventId) {
    const earlier = await store.findUnpublishedDecision(request.modelName, request.triggerEventId);
    if (earlier) {
      await publishDecision(deps, earlier);
      return earlier.detail;
    }
  }

  const model = await provider.describeModel(request.modelName);
  const version = model ? await provider.describeVersion(request.modelName, request.modelVersion) : null;
  const scheduler = model ? await provider.describeScheduler(request.modelName) : null;

  const previousActiveVersion = model?.activeVersion ?? null;
  const ineligible = ineligibility(request, model, version, scheduler?.promoteMode ?? null);
  const policy =
    ineligible === null
      ? await readEffectivePolicy(deps.parameters, options.parameterPrefix, request.modelName)
      : null;
  const plan = planDecision({
    modelVersion: request.modelVersion,
    ineligible,
    version,
    policy,
    noPolicy: noPolicySentence(options.parameterPrefix, request.modelName),
  });
  let { outcome, reasons } = plan;
  let activeVersion = previousActiveVersion;
  if (plan.outcome === 'ACTIVATED') {
    const activation = await activate(deps, options, request, sleep);
    outcome = activation.ok ? 'ACTIVATED' : 'FAILED';
    activeVersion = activation.ok ? request.modelVersion : activeVersion;
    reasons = activation.ok
      ? [`${plan.reasons[0]}; version ${request.modelVersion} is now active`]
      : [`${plan.reasons[0]} but activation failed: ${activation.error}`];
  }

  const hint =
    request.modelArnHint && MODEL_ARN_PATTERN.test(request.modelArnHint) ? request.modelArnHint : '';
  const modelArn = model?.arn ?? hint;
  const { account, region } = arnLocation(modelArn);
  const decidedAt = options.now().toISOString();
  const detail: ActivationDecisionDetail = {
    schemaVersion: SCHEMA_VERSION,
    eventId: deterministicId(
      modelArn || request.modelName,
      'decision',
      request.modelVersion,
      request.triggerEventId,
      outcome,
    ),
    modelName: request.modelName,
    modelArn,
    account,
    region,
    observedAt: decidedAt,
    modelVersion: request.modelVersion,
    modelVersionArn: version?.arn ?? null,
    outcome,
    reasons,
    checks: plan.checks,
    policy: plan.policy,
    previousActiveVersion,
    activeVersion,
    triggerEventId: request.triggerEventId,
  };
  const record: DecisionRecord = {
    modelName: request.modelName,
    modelVersion: request.modelVersion,
    decidedAt,
    triggerEventId: request.triggerEventId,
    published: false,
    detail,
  };
  logger.info('activation decision', {
    model: request.modelName,
    version: request.modelVersion,
    outcome,
    reasons,
  });
  if (modelArn === '') {
    // Nothing to address an event to: the model does not exist and the trigger named no valid ARN.
    await store.putDecision({ ...record, published: true });
    return detail;
  }
  await store.putDecision(record);
  await publishDecision(deps, record);
  return detail;
}

async function activate(
  deps: DecideDeps,
  options: DecideOptions,
  request: DecisionRequest,
  sleep: (ms: number) => Promise<void>,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const attempts = options.activationAttempts ?? 4;
  const delay = options.activationRetryDelayMs ?? 500;
  // Recorded before the call, so the watcher attributes the change to the policy even if this
  // function dies right after L4E acted.
  await deps.store.recordActivationRequest(
    request.modelName,
    request.modelVersion,
    options.now().toISOString(),
    request.triggerEventId ?? '',
  );
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.provider.activateVersion(request.modelName, request.modelVersion);
      return { ok: true };
    } catch (error) {
      const name = (error as Error).name || 'Error';
      if (!isRetryableActivationError(error) || attempt >= attempts) {
        return { ok: false, error: `${name}: ${(error as Error).message}` };
      }
      deps.logger.warn('activation retried', { model: request.modelName, attempt, error: name });
      await sleep(delay * 2 ** (attempt - 1));
    }
  }
}

export function decisionEvent(detail: ActivationDecisionDetail): AutopilotEvent {
  const resources = [detail.modelArn, detail.modelVersionArn].filter((r): r is string => !!r);
  return { detailType: DetailType.ActivationDecision, detail, resources, time: detail.observedAt };
}

async function publishDecision(deps: DecideDeps, record: DecisionRecord): Promise<void> {
  const result = await deps.publisher.publish([decisionEvent(record.detail)]);
  if (result.failed.length > 0) {
    const failure = result.failed[0];
    // Failing the invocation makes EventBridge retry it; the recorded decision is then published as is.
    throw new DecisionPublishError(
      `decision ${record.detail.eventId} recorded but not published: ${failure?.errorCode} ${failure?.errorMessage}`,
    );
  }
  await deps.store.markDecisionPublished(record);
}
