// A trigger the hub may not act on (its model is in no configured target, or it contradicts itself):
// recorded and published as a FAILED decision naming why, under the model's lease like any decision,
// without a single call to a model provider.
import { randomUUID } from 'node:crypto';
import type { DecisionRequest } from '../core/decide.js';
import type { ActivationDecisionDetail } from '../core/events.js';
import { detailBase } from '../core/transitions-events.js';
import type { DecisionRecord } from '../ports.js';
import { decisionId, publishAndClose } from './carry-out.js';
import type { DecideDeps, DecideOptions } from './job.js';
import { acquire } from './lease.js';

/** What a refusal needs: everything a decision does but the provider, which it never reaches. */
export type RefuseDeps = Omit<DecideDeps, 'provider'>;

const NO_POLICY = { parameterName: null, version: null, mode: null };

export async function refuseActivation(
  deps: RefuseDeps,
  options: DecideOptions,
  request: DecisionRequest,
  reason: string,
): Promise<ActivationDecisionDetail> {
  const modelArn = request.modelArnHint ?? '';
  const owner = options.owner ?? randomUUID();
  const lease = modelArn === '' ? null : await acquire(deps, options, modelArn, owner);
  try {
    // The platform's retry of a refusal whose publishing failed publishes the one already recorded.
    const open = lease?.open ?? null;
    const retry =
      open?.status === 'COMPLETE' &&
      request.triggerEventId !== null &&
      open.triggerEventId === request.triggerEventId &&
      open.modelVersion === request.modelVersion;
    if (open !== null && retry) {
      return await publishAndClose({ deps, modelArn, owner }, open);
    }
    const record = refusalRecord(request, options, { modelArn, seq: (lease?.seq ?? 0) + 1 }, reason);
    if (lease === null) {
      deps.logger.warn('activation decision', { model: request.modelName, outcome: 'FAILED', reason });
      return record.detail;
    }
    await deps.store.openDecision(modelArn, owner, record);
    await deps.store.putDecision(record);
    return await publishAndClose({ deps, modelArn, owner }, record);
  } finally {
    if (lease !== null) await deps.store.releaseDecisionLease(modelArn, owner);
  }
}

function refusalRecord(
  request: DecisionRequest,
  options: DecideOptions,
  at: { modelArn: string; seq: number },
  reason: string,
): DecisionRecord {
  const { modelArn, seq } = at;
  const decidedAt = options.now().toISOString();
  const origin = request.origin ?? { provider: options.providerName };
  const eventId = modelArn === '' ? randomUUID() : decisionId(modelArn, seq);
  return {
    modelName: request.modelName,
    modelArn,
    modelVersion: request.modelVersion,
    seq,
    decidedAt,
    triggerEventId: request.triggerEventId,
    status: 'COMPLETE',
    attempts: 0,
    lastError: null,
    published: false,
    detail: {
      ...detailBase({ modelName: request.modelName, modelArn, origin, observedAt: decidedAt }, eventId),
      modelVersion: request.modelVersion,
      modelVersionArn: null,
      outcome: 'FAILED',
      reasons: [reason],
      checks: [],
      policy: NO_POLICY,
      previousActiveVersion: null,
      activeVersion: null,
      triggerEventId: request.triggerEventId,
    },
  };
}
