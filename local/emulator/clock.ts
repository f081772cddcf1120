// The simulated clock. With speed 0 it only moves when told to; with speed N it runs N times faster
// than real time from the moment it was last set. Real time is read through an injected source so the
// simulation itself never depends on the wall clock.

import { performance } from 'node:perf_hooks';

export type RealTimeSource = () => number;

export class ClockError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClockError';
  }
}

export class SimClock {
  #baseSim: number;
  #baseReal: number;
  readonly #speed: number;
  readonly #realNow: RealTimeSource;

  constructor(startMs: number, speed = 0, realNow: RealTimeSource = () => performance.now()) {
    if (!Number.isFinite(speed) || speed < 0) throw new ClockError(`speed must be >= 0, got ${speed}`);
    this.#speed = speed;
    this.#realNow = realNow;
    this.#baseSim = startMs;
    this.#baseReal = realNow();
  }

  get speed(): number {
    return this.#speed;
  }

  now(): number {
    if (this.#speed === 0) return this.#baseSim;
    return Math.floor(this.#baseSim + (this.#realNow() - this.#baseReal) * this.#speed);
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new ClockError(`cannot advance the clock by ${ms} ms`);
    return this.setTime(this.now() + ms);
  }

  /** Moves the clock forward to an instant; going backwards is refused. */
  setTime(epochMs: number): number {
    const current = this.now();
    if (!Number.isFinite(epochMs)) throw new ClockError('the target time is not a valid instant');
    if (epochMs < current) {
      throw new ClockError(
        `the clock never goes backwards: ${new Date(epochMs).toISOString()} is before ${new Date(current).toISOString()}`,
      );
    }
    this.#rebase(epochMs);
    return epochMs;
  }

  /** Restarts the clock at an instant (used when a scenario replaces all state). */
  reset(epochMs: number): void {
    this.#rebase(epochMs);
  }

  #rebase(epochMs: number): void {
    this.#baseSim = epochMs;
    this.#baseReal = this.#realNow();
  }
}
