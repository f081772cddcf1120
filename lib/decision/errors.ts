// The decide use-case's errors. Each fails the invocation so the platform retries it (and, after the
// last retry, its DLQ and alarm take over); none loses a decision.

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
