// The decide use-case: should a retrained version go live? It reads the facts, decides (a pure
// function, lib/core/decide.ts), carries the decision out (record, act, publish), and goes round again
// while a decision stays open. Truth first: every fact comes from L4E at decision time; the trigger
// only says which version to look at.
//
// Safety rules, each kept here:
// - One decision per model at a time: the model's lease (./decision/lease.ts) serialises every
//   invocation that decides for the same model.
// - Audit before act: an activation is recorded PENDING (with its id) before L4E is asked to change
//   anything, and completed after; whichever invocation next takes the lease completes an unfinished
//   one, re-reading L4E to learn whether the call landed, and publishes it once, under the same id.
// - At most once per version, newest wins, a manual choice stands: see lib/core/decision.ts.
import { randomUUID } from 'node:crypto';
import { type DecisionRequest, decide } from './core/decide.js';
import type { ActivationDecisionDetail } from './core/events.js';
import { carryOut } from './decision/carry-out.js';
import { readDecisionFacts } from './decision/facts.js';
import type { DecideDeps, DecideOptions, DecisionJob, DecisionRun } from './decision/job.js';
import { takeLease } from './decision/lease.js';

export type { DecisionRequest } from './core/decide.js';
export { decisionEvent, decisionId } from './decision/carry-out.js';
export {
  ActivationRetryableError,
  DecisionBusyError,
  DecisionPublishError,
  VersionUnreadableError,
} from './decision/errors.js';
export type { DecideDeps, DecideOptions } from './decision/job.js';

export const DEFAULT_MAX_INVOCATION_ATTEMPTS = 3;
const DEFAULT_ACTIVATION_ATTEMPTS = 4;

export async function decideActivation(
  deps: DecideDeps,
  options: DecideOptions,
  request: DecisionRequest,
): Promise<ActivationDecisionDetail> {
  const owner = options.owner ?? randomUUID();
  const { modelArn, lease } = await takeLease(deps, options, request, owner);
  const run: DecisionRun = {
    deps,
    options,
    request,
    modelArn,
    owner,
    seq: lease?.seq ?? 0,
    sleep: deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    limits: {
      callsPerInvocation: options.activationAttempts ?? DEFAULT_ACTIVATION_ATTEMPTS,
      invocations: options.maxInvocationAttempts ?? DEFAULT_MAX_INVOCATION_ATTEMPTS,
    },
  };
  const asked: DecisionJob = {
    kind: 'new',
    modelVersion: request.modelVersion,
    followUp: false,
    answers: true,
  };
  const open = lease?.open ?? null;
  // A retry of the decision that was left open: that decision is this trigger's answer.
  const same =
    open !== null &&
    request.triggerEventId !== null &&
    open.triggerEventId === request.triggerEventId &&
    open.modelVersion === request.modelVersion;
  let job: DecisionJob | null =
    open === null
      ? asked
      : {
          kind: 'open',
          record: open,
          calls: 0,
          lastCall: null,
          recovered: true,
          answers: same,
          afterwards: same ? null : asked,
        };
  let answer: ActivationDecisionDetail | null = null;
  try {
    while (job !== null) {
      const facts = await readDecisionFacts(job, run);
      const decision = decide(facts);
      const carried = await carryOut(job, decision, facts, run);
      if (job.answers && carried.detail !== null) answer = carried.detail;
      job = carried.next;
    }
  } finally {
    if (lease !== null) await deps.store.releaseDecisionLease(modelArn, owner);
  }
  if (answer === null)
    throw new Error(`no decision was made for ${request.modelName} v${request.modelVersion}`);
  return answer;
}
