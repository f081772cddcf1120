// Which model a decision is for, and its lease: one decision per model at a time. The lease item in
// the state table is released on completion and expires after a crash; it carries the decision an
// earlier invocation left open, if any.
import type { DecisionRequest } from '../core/decide.js';
import type { DecisionLease } from '../ports.js';
import { DecisionBusyError } from './errors.js';
import type { DecideDeps, DecideOptions } from './job.js';

const MODEL_ARN_PATTERN =
  /^arn:aws[a-z-]*:lookoutequipment:[a-z0-9-]+:\d{12}:model\/([0-9a-zA-Z_-]{1,200})\/.+$/;

const DEFAULT_LEASE_MS = 90_000;
const DEFAULT_LEASE_WAIT_MS = 20_000;
const LEASE_POLL_MS = 200;

/**
 * The model the request is for ('' when there is none) and its lease (null without a model). The ARN
 * the trigger names counts only when it is the ARN of a model of the name it names: a model deleted and
 * created again under the same name is another model, and a trigger for the old one never acts on it.
 */
export async function takeLease(
  deps: DecideDeps,
  options: DecideOptions,
  request: DecisionRequest,
  owner: string,
): Promise<{ modelArn: string; lease: DecisionLease | null }> {
  const located = await deps.provider.describeModel(request.modelName);
  const hinted = MODEL_ARN_PATTERN.exec(request.modelArnHint ?? '');
  const hint = hinted && hinted[1] === request.modelName ? hinted[0] : '';
  const modelArn = hint !== '' ? hint : (located?.arn ?? '');
  if (modelArn === '') return { modelArn, lease: null };
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const clock = options.clock ?? Date.now;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const tries = Math.max(1, Math.ceil((options.leaseWaitMs ?? DEFAULT_LEASE_WAIT_MS) / LEASE_POLL_MS));
  for (let i = 0; i < tries; i++) {
    const lease = await deps.store.acquireDecisionLease(modelArn, owner, { nowMs: clock(), leaseMs });
    if (lease) return { modelArn, lease };
    await sleep(LEASE_POLL_MS);
  }
  throw new DecisionBusyError(`another invocation is still deciding for ${modelArn}; retry later`);
}
