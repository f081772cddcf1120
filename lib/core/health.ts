// What makes a watch cycle a success: every model it listed was read, and every event it owed went out.
// A cycle that left a model failed or an event in the outbox is repaired by a later one, but until
// then it is not healthy, and the stale-poll alarm must be able to see that.

export interface CycleOutcome {
  /** Events claimed but not published (they stay in the outbox). */
  failed: number;
  /** Models the cycle could not process. */
  errors: readonly unknown[];
}

export function cycleSucceeded(outcome: CycleOutcome): boolean {
  return outcome.failed === 0 && outcome.errors.length === 0;
}
