// Which model a decision is for, and its lease: one decision per model at a time. The lease item in
// the state table is released on completion and expires after a crash; it carries the decision an
// earlier invocation left open, if any.
import { randomUUID } from 'node:crypto';
import type { DecisionRequest } from '../core/decide.js';
import type { DecisionLease, DecisionRecord } from '../ports.js';
import { DecisionBusyError } from './errors.js';
import type { DecideDeps, DecideOptions, DecisionRun } from './job.js';

export const DEFAULT_MAX_INVOCATION_ATTEMPTS = 3;
const DEFAULT_ACTIVATION_ATTEMPTS = 4;

const DEFAULT_LEASE_MS = 90_000;
const DEFAULT_LEASE_WAIT_MS = 20_000;
const LEASE_POLL_MS = 200;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts deciding for the request: finds the model it is for and takes the model's lease, with the
 * decision an earlier invocation left open, if any. `held` is false when there is no model to lease (a
 * decision is then made but not recorded).
 */
export async function takeLease(
  request: DecisionRequest,
  deps: DecideDeps,
  options: DecideOptions,
): Promise<{ run: DecisionRun; open: DecisionRecord | null; held: boolean }> {
  const owner = options.owner ?? randomUUID();
  const { modelArn, origin } = await modelFor(request, deps, options);
  const lease = modelArn === '' ? null : await acquire(deps, options, modelArn, owner);
  const run: DecisionRun = {
    deps,
    options,
    request,
    modelArn,
    origin,
    owner,
    seq: lease?.seq ?? 0,
    sleep: deps.sleep ?? pause,
    limits: {
      callsPerInvocation: options.activationAttempts ?? DEFAULT_ACTIVATION_ATTEMPTS,
      invocations: options.maxInvocationAttempts ?? DEFAULT_MAX_INVOCATION_ATTEMPTS,
    },
  };
  return { run, open: lease?.open ?? null, held: lease !== null };
}

/**
 * The model the request is for ('' when there is none). The ARN the trigger names counts only when it
 * is the ARN of a model of the name it names: a model deleted and created again under the same name is
 * another model, and a trigger for the old one never acts on it.
 */
async function modelFor(
  request: DecisionRequest,
  deps: DecideDeps,
  options: DecideOptions,
): Promise<Pick<DecisionRun, 'modelArn' | 'origin'>> {
  const located = await deps.provider.describeModel(request.modelName);
  const origin = located?.origin ?? request.origin ?? { provider: options.providerName };
  const hint = request.modelArnHint ?? '';
  if (hint !== '' && deps.provider.modelNameOf(hint) === request.modelName) return { modelArn: hint, origin };
  return { modelArn: located?.arn ?? '', origin };
}

/** Takes the model's lease, waiting a while for another invocation's to end. */
export async function acquire(
  deps: Pick<DecideDeps, 'store' | 'sleep'>,
  options: DecideOptions,
  modelArn: string,
  owner: string,
): Promise<DecisionLease> {
  const sleep = deps.sleep ?? pause;
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
