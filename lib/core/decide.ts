// decide(facts) → decision. Pure: no I/O, no clock, no SDK. apply-policy and `policy evaluate` both
// decide through it, so they share one order of checks and one wording.
import { eligibility } from './decision.js';
import type { Decision, DecisionFacts, Verdict } from './decision-facts.js';
import { settle } from './settle.js';
import { judge } from './verdict.js';

export type {
  ActivationCall,
  Decision,
  DecisionFacts,
  DecisionLimits,
  DecisionRequest,
  Eligibility,
  OpenDecision,
  StoredPolicy,
  Verdict,
} from './decision-facts.js';

/** A new decision about a version no decision was made for: always a verdict. */
export function decide(facts: DecisionFacts & { open: null; decidedBefore: false }): Verdict;
export function decide(facts: DecisionFacts): Decision;
export function decide(facts: DecisionFacts): Decision {
  const eligible = eligibility(facts);
  if (facts.open !== null) return settle(facts, facts.open, eligible);
  // A version decided before is not decided again unasked (see the decide use-case's follow-up).
  if (facts.decidedBefore) return { kind: 'none' };
  return judge(facts, eligible);
}
