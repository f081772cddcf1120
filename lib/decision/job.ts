// The decide use-case's dependencies, options and units of work.
import type { ActivationCall, DecisionLimits, DecisionRequest } from '../core/decide.js';
import type { ModelOrigin, ProviderName } from '../core/model.js';
import type { Logger } from '../logger.js';
import type {
  DecisionLog,
  DecisionRecord,
  EventPublisher,
  ModelProvider,
  ParameterSource,
} from '../ports.js';

export interface DecideDeps {
  provider: ModelProvider;
  store: DecisionLog;
  publisher: EventPublisher;
  parameters: ParameterSource;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

export interface DecideOptions {
  parameterPrefix: string;
  /** The provider `deps.provider` is: its decisions say so even when the model cannot be read. */
  providerName: ProviderName;
  /** The time decisions are stamped with. */
  now: () => Date;
  /** Attempts of an activation on a retryable failure (conflict, throttling, fault), the first included. */
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

/** One invocation deciding for one model, under the model's lease. */
export interface DecisionRun {
  deps: DecideDeps;
  options: DecideOptions;
  request: DecisionRequest;
  /** The model decided for; '' when there is none (nothing is then recorded). */
  modelArn: string;
  /** The provider and ids the decisions for this model carry. */
  origin: ModelOrigin;
  owner: string;
  /** The number of the model's latest decision. */
  seq: number;
  sleep: (ms: number) => Promise<void>;
  limits: DecisionLimits;
}

/**
 * One decision to carry through. `answers`: its outcome is the answer to the request. `afterwards`: the new
 * decision to make once this one is done.
 */
export type DecisionJob =
  | { kind: 'new'; modelVersion: number; followUp: boolean; answers: boolean }
  | {
      kind: 'open';
      record: DecisionRecord;
      /** Activation calls this invocation made for it, and how the last one went. */
      calls: number;
      lastCall: ActivationCall | null;
      /** Left open by an earlier invocation. */
      recovered: boolean;
      answers: boolean;
      afterwards: DecisionJob | null;
    };

/** The open decision first; the request after it, unless the open one is the request's own, retried. */
export function firstJob(request: DecisionRequest, open: DecisionRecord | null): DecisionJob {
  const asked: DecisionJob = {
    kind: 'new',
    modelVersion: request.modelVersion,
    followUp: false,
    answers: true,
  };
  if (open === null) return asked;
  const same =
    request.triggerEventId !== null &&
    open.triggerEventId === request.triggerEventId &&
    open.modelVersion === request.modelVersion;
  return {
    kind: 'open',
    record: open,
    calls: 0,
    lastCall: null,
    recovered: true,
    answers: same,
    afterwards: same ? null : asked,
  };
}
