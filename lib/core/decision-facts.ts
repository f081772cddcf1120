// What a decision is asked, what it knows, and what it answers. Types only: `decide` (./decide.ts)
// turns facts into a decision; the decide use-case reads the facts and carries the decision out.
import type { Check, DecisionOutcome, PolicyRef } from './events.js';
import type { ModelDetail, ModelOrigin, VersionDetail, VersionSummary } from './model.js';
import type { Evaluation } from './policy.js';

/** What a trigger asks: decide about this version of this model. */
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
  /**
   * The provider and ids the trigger named: what a decision says of a model the provider no longer has
   * (a model it has is described by the provider itself).
   */
  origin?: ModelOrigin;
}

/** A policy as stored (a parameter, or a file for `policy evaluate --file`), not yet parsed. */
export interface StoredPolicy {
  parameterName: string;
  version: number | null;
  text: string;
}

/** How a call asking the provider to activate went. */
export type ActivationCall = { ok: true } | { ok: false; retryable: boolean; error: string };

/** A decision recorded earlier and not yet completed and published, as the decision sees it. */
export interface OpenDecision {
  status: 'PENDING' | 'COMPLETE';
  decidedAt: string;
  /** Invocations that asked the provider to activate for it, this one included once it has. */
  attempts: number;
  lastError: string | null;
  detail: { eventId: string; outcome: DecisionOutcome; reasons: readonly string[] };
  /** Calls this invocation made for it, and how the last one went (null before the first). */
  calls: number;
  lastCall: ActivationCall | null;
}

export interface DecisionLimits {
  /** Activation calls one invocation may make for a decision. */
  callsPerInvocation: number;
  /** Invocations that may try one activation before it is recorded FAILED. */
  invocations: number;
}

/** Everything a decision depends on, read at decision time. */
export interface DecisionFacts {
  modelName: string;
  modelVersion: number;
  /** The model the decision is for ('' when there is none to address it to). */
  modelArn: string;
  /** The model of that name as it is now; null when none exists. */
  model: ModelDetail | null;
  /** The version as it is now; null when that model has no such version. */
  version: VersionDetail | null;
  /** The retraining scheduler's promote mode; null when the model has no scheduler. */
  promoteMode: string | null;
  /** Every version of the model, to find a newer one. */
  versions: ReadonlyArray<Pick<VersionSummary, 'version' | 'status' | 'sourceType'>>;
  /** The autopilot's record of activating this version, if any. */
  versionActivation: { decisionId: string; activatedAt: string | null } | null;
  /** When the autopilot confirmed activating the model's active version; null when it did not. */
  activeVersionActivatedAt: string | null;
  /** The policy that applies (null when none exists) and the parameters looked up for it. */
  policy: { stored: StoredPolicy | null; lookedUp: readonly string[] };
  /** Whether a decision for this version exists already. */
  decidedBefore: boolean;
  /** The decision being completed; null for a new decision. */
  open: OpenDecision | null;
  limits: DecisionLimits;
}

/** Whether a version may be acted on now. */
export interface Eligibility {
  /** Why it may not; null when it may. */
  ineligible: string | null;
  /** The newer successful retraining version that supersedes it, if any. */
  newer: number | null;
}

/** A new decision about a version. `ACTIVATED` means: activate it now (the act reports how it went). */
export interface Verdict extends Eligibility {
  kind: 'verdict';
  outcome: DecisionOutcome;
  reasons: string[];
  /** The checks the decision rests on ([] when the policy did not decide). */
  checks: Check[];
  policy: PolicyRef;
  /** The policy run on the version whether or not it decided; null when there is none to run. */
  evaluation: Evaluation | null;
  /** Metrics that could not be read, one sentence each. */
  metricProblems: string[];
}

/** What a decision answers: a new verdict, or the next step of an open decision. */
export type Decision =
  | Verdict
  /** Nothing to decide: the version was decided before. */
  | { kind: 'none' }
  /** The open decision is complete: publish it as recorded. */
  | { kind: 'publish' }
  /** Ask the provider to activate the open decision's version. */
  | { kind: 'activate' }
  /** Complete the open decision with this outcome. */
  | { kind: 'complete'; outcome: DecisionOutcome; reasons: string[]; activeVersion: number | null }
  /** The activation failed in a way a later invocation may fix: leave it open and fail this one. */
  | { kind: 'wait'; error: string };
