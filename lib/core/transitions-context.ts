// What one diff needs to know besides the snapshot and the observation, and the time rules it applies.

export interface DiffContext {
  observedAt: string;
  /** A first observation reports only what is in progress or changed since this instant. */
  baselineSince: string;
  /** Versions apply-policy asked L4E to activate, with when it asked. */
  autopilotActivations: ReadonlyMap<number, string>;
  /**
   * How long a finished run waits for its promotion result before one event says none came
   * (default DEFAULT_PROMOTION_RESULT_WAIT_MS).
   */
  promotionResultWaitMs?: number;
}

/** How far apart apply-policy's request and L4E's activation time may be and still be the same act. */
export const AUTOPILOT_ATTRIBUTION_WINDOW_MS = 15 * 60 * 1000;
export const DEFAULT_PROMOTION_RESULT_WAIT_MS = 24 * 3600 * 1000;

export function changedSince(time: string | null, since: string): boolean {
  return time !== null && Date.parse(time) >= Date.parse(since);
}

export function withinBaseline(time: string | null, ctx: DiffContext): boolean {
  return changedSince(time, ctx.baselineSince);
}
