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
import { type DecisionRequest, decide } from './core/decide.js';
import type { ActivationDecisionDetail } from './core/events.js';
import { carryOut } from './decision/carry-out.js';
import { readDecisionFacts } from './decision/facts.js';
import { type DecideDeps, type DecideOptions, type DecisionJob, firstJob } from './decision/job.js';
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
export { DEFAULT_MAX_INVOCATION_ATTEMPTS } from './decision/lease.js';
export { type RefuseDeps, refuseActivation } from './decision/refuse.js';

export async function decideActivation(
  deps: DecideDeps,
  options: DecideOptions,
  request: DecisionRequest,
): Promise<ActivationDecisionDetail> {
  const { run, open, held } = await takeLease(request, deps, options);
  let job: DecisionJob | null = firstJob(request, open);
  let answer: ActivationDecisionDetail | null = null;
  try {
    while (job !== null) {
      const facts = await readDecisionFacts(job, run);
      const decision = decide(facts);
      const carried = await carryOut(job, decision, facts, run);
      if (job.answers) answer = carried.detail ?? answer;
      job = carried.next;
    }
  } finally {
    if (held) await deps.store.releaseDecisionLease(run.modelArn, run.owner);
  }
  if (answer === null) throw new Error(`no decision answered ${request.modelName} v${request.modelVersion}`);
  return answer;
}
