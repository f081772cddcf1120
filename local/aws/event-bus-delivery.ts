// Asynchronous, at-least-once delivery to rule targets, as EventBridge does it: each (rule, target)
// pair is retried per the target's retry policy, then dead-lettered. Nothing is dropped silently:
// every outcome is recorded.
import type { DeliveredEnvelope } from './event-bus-entries.js';

export interface RetryPolicy {
  maximumRetryAttempts: number;
  maximumEventAgeInSeconds: number;
}

export interface LocalTarget {
  id: string;
  invoke(event: DeliveredEnvelope): Promise<void>;
  retryPolicy?: RetryPolicy;
  onDeadLetter?(event: DeliveredEnvelope, error: unknown, attempts: number): void;
}

export interface DeliveryRecord {
  rule: string;
  target: string;
  eventId: string;
  attempts: number;
  ok: boolean;
  error?: unknown;
  replayName?: string;
}

export interface DeadLetterRecord {
  rule: string;
  target: string;
  event: DeliveredEnvelope;
  error: unknown;
  attempts: number;
  /** Set when the target's own onDeadLetter handler threw. */
  handlerError?: unknown;
}

/** The service's default for a target without a retry policy: 185 retries within 24 hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maximumRetryAttempts: 185,
  maximumEventAgeInSeconds: 86_400,
};
/** Caps exponential backoff so a configured base delay cannot stall a local run for hours. */
const MAX_RETRY_DELAY_MS = 60_000;
/** Deliveries that trigger further puts are drained in rounds; this bounds a runaway event loop. */
const MAX_DRAIN_ROUNDS = 10_000;

export class DrainLimitError extends Error {
  override readonly name = 'DrainLimitError';
}

export interface DeliveryJob {
  rule: string;
  target: LocalTarget;
  event: DeliveredEnvelope;
  acceptedAtMs: number;
}

export class DeliveryQueue {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly deliveryLog: DeliveryRecord[] = [];
  private readonly deadLetterLog: DeadLetterRecord[] = [];

  constructor(private readonly retryBaseDelayMs: number) {}

  schedule(job: DeliveryJob): void {
    // Deferred past the current call so PutEvents answers before any target runs, as the service does.
    const task = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.deliver(job))
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  deliveries(): DeliveryRecord[] {
    return [...this.deliveryLog];
  }

  deadLetters(): DeadLetterRecord[] {
    return [...this.deadLetterLog];
  }

  async drain(): Promise<void> {
    for (let round = 0; this.inFlight.size > 0; round += 1) {
      if (round >= MAX_DRAIN_ROUNDS) {
        throw new DrainLimitError(`deliveries still pending after ${MAX_DRAIN_ROUNDS} rounds: a rule loop?`);
      }
      await Promise.allSettled([...this.inFlight]);
    }
  }

  private async deliver(job: DeliveryJob): Promise<void> {
    const policy = job.target.retryPolicy ?? DEFAULT_RETRY_POLICY;
    let attempts = 0;
    let lastError: unknown;
    for (;;) {
      attempts += 1;
      try {
        // Each attempt gets its own copy: a target mutating its input must not alter the archive.
        await job.target.invoke(structuredClone(job.event));
        this.record(job, attempts, true);
        return;
      } catch (error) {
        lastError = error;
      }
      const ageSeconds = (Date.now() - job.acceptedAtMs) / 1000;
      if (attempts > policy.maximumRetryAttempts || ageSeconds > policy.maximumEventAgeInSeconds) break;
      await this.backoff(attempts);
    }
    this.record(job, attempts, false, lastError);
    this.deadLetter(job, lastError, attempts);
  }

  private async backoff(attempts: number): Promise<void> {
    if (this.retryBaseDelayMs <= 0) return;
    const delay = Math.min(this.retryBaseDelayMs * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }

  private record(job: DeliveryJob, attempts: number, ok: boolean, error?: unknown): void {
    const replayName = job.event['replay-name'];
    this.deliveryLog.push({
      rule: job.rule,
      target: job.target.id,
      eventId: job.event.id,
      attempts,
      ok,
      ...(ok ? {} : { error }),
      ...(replayName === undefined ? {} : { replayName }),
    });
  }

  private deadLetter(job: DeliveryJob, error: unknown, attempts: number): void {
    const record: DeadLetterRecord = {
      rule: job.rule,
      target: job.target.id,
      event: job.event,
      error,
      attempts,
    };
    try {
      job.target.onDeadLetter?.(structuredClone(job.event), error, attempts);
    } catch (handlerError) {
      record.handlerError = handlerError;
    }
    this.deadLetterLog.push(record);
  }
}
