// Validation of what arrives at the edge: events delivered by EventBridge to a function.
import { z } from 'zod';
import type { DecisionRequest } from './core/decide.js';
import { DETAIL_TYPES, type DeliveredEvent, DetailType, EVENT_SOURCE } from './core/events.js';

export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

const envelopeSchema = z.object({
  source: z.literal(EVENT_SOURCE),
  'detail-type': z.enum(DETAIL_TYPES as [string, ...string[]]),
  detail: z.object({ eventId: z.string().min(1), modelName: z.string().min(1).max(200) }).passthrough(),
});

const retrainingSchema = z.object({
  'detail-type': z.literal(DetailType.RetrainingStateChange),
  detail: z
    .object({
      eventId: z.string().min(1),
      modelName: z.string().regex(/^[0-9a-zA-Z_-]{1,200}$/),
      modelArn: z.string().optional(),
      modelVersion: z.number().int().min(1),
    })
    .passthrough(),
});

function explain(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'event'}: ${i.message}`).join('; ');
}

/** An autopilot event as delivered; anything else is rejected with the reason. */
export function parseDeliveredEvent(input: unknown): DeliveredEvent {
  const result = envelopeSchema.safeParse(input);
  if (!result.success) throw new InvalidEventError(`not an l4e.autopilot event: ${explain(result.error)}`);
  return input as DeliveredEvent;
}

/** The decision a retraining event asks for. Only identifiers are taken from it; facts come from L4E. */
export function parseDecisionTrigger(input: unknown): DecisionRequest {
  parseDeliveredEvent(input);
  const result = retrainingSchema.safeParse(input);
  if (!result.success) throw new InvalidEventError(`not a retraining state change: ${explain(result.error)}`);
  const { detail } = result.data;
  return {
    modelName: detail.modelName,
    modelVersion: detail.modelVersion,
    triggerEventId: detail.eventId,
    modelArnHint: detail.modelArn ?? null,
  };
}
