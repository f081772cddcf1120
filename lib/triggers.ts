// Validation of what arrives at the edge: events delivered by EventBridge to a function, parsed into
// the contract's discriminated union (lib/core/contract) or refused with every field that is wrong.
import * as z from 'zod/mini';
import { deliveredEventSchema, EVENT_SCHEMAS } from './core/contract/envelope.js';
import { describeIssues } from './core/contract/issues.js';
import { upgradeEvent } from './core/contract/upgrade.js';
import type { DecisionRequest } from './core/decide.js';
import { type DeliveredEvent, type DetailBase, DetailType } from './core/events.js';
import type { ModelOrigin } from './core/model.js';
import type { ModelNaming } from './ports.js';
import { type EnabledProvider, providerOfArn } from './providers.js';

export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

const retrainingEventSchema = EVENT_SCHEMAS[DetailType.RetrainingStateChange];

/** Enough to fix the sender; a value that is wrong everywhere does not make an unreadable error. */
const MAX_PROBLEMS = 10;

function explain(error: z.core.$ZodError): string {
  const problems = describeIssues(error.issues);
  const more = problems.length - MAX_PROBLEMS;
  return [...problems.slice(0, MAX_PROBLEMS), ...(more > 0 ? [`and ${more} more`] : [])].join('; ');
}

/** The provider and ids an event names. */
export function originOf(detail: DetailBase): ModelOrigin {
  const { provider, computationModelId, assetId } = detail;
  return {
    provider,
    ...(computationModelId === undefined ? {} : { computationModelId }),
    ...(assetId === undefined ? {} : { assetId }),
  };
}

/**
 * An autopilot event as delivered; anything else is rejected with the fields that are wrong. An event of
 * an earlier schemaVersion (in flight across an upgrade) is read as the current one.
 */
export function parseDeliveredEvent(input: unknown): DeliveredEvent {
  const result = deliveredEventSchema.safeParse(upgradeEvent(input), { reportInput: true });
  if (!result.success) throw new InvalidEventError(`not an l4e.autopilot event: ${explain(result.error)}`);
  return result.data;
}

/**
 * The decision a retraining event asks for. Only identifiers are taken from it; facts come from the
 * provider. apply-policy passes the model name to the provider, so only a name it accepts gets that far.
 */
export function parseDecisionTrigger(input: unknown, naming: ModelNaming): DecisionRequest {
  const result = retrainingEventSchema.safeParse(upgradeEvent(input), { reportInput: true });
  if (!result.success) throw new InvalidEventError(`not a retraining state change: ${explain(result.error)}`);
  const { detail } = result.data;
  const modelNameSchema = z
    .string()
    .check(z.refine(naming.isModelName, { message: 'must be a model name the provider accepts' }));
  const name = modelNameSchema.safeParse(detail.modelName, { reportInput: true });
  if (!name.success) {
    const problems = describeIssues(name.error.issues.map((i) => ({ ...i, path: ['detail', 'modelName'] })));
    throw new InvalidEventError(`not a retraining state change: ${problems.join('; ')}`);
  }
  return {
    modelName: detail.modelName,
    modelVersion: detail.modelVersion,
    triggerEventId: detail.eventId,
    modelArnHint: detail.modelArn,
    origin: originOf(detail),
  };
}

/** What a trigger says of itself besides the decision it asks for. */
export interface TriggerClaims {
  /** The model ARN the trigger names (the request's modelArnHint). */
  modelArn: string;
  /** The account and region the trigger says the model lives in. */
  account: string;
  region: string;
}

/**
 * A retraining event and the enabled provider it is for: the one whose naming claims its model ARN. A
 * trigger no enabled provider claims, or whose `provider` is not the one that claims it, is refused.
 */
export function parseProviderTrigger(
  input: unknown,
  enabled: readonly EnabledProvider[],
): { request: DecisionRequest; entry: EnabledProvider; claims: TriggerClaims } {
  const result = retrainingEventSchema.safeParse(upgradeEvent(input), { reportInput: true });
  if (!result.success) throw new InvalidEventError(`not a retraining state change: ${explain(result.error)}`);
  const { provider, modelArn } = result.data.detail;
  const entry = providerOfArn(enabled, modelArn);
  const names = enabled.map((e) => e.name).join(', ');
  if (entry === null) {
    throw new InvalidEventError(
      `not a trigger for an enabled provider: detail.modelArn is the ARN of a model of none of ${names} (PROVIDERS); the event says ${provider}`,
    );
  }
  if (entry.name !== provider) {
    throw new InvalidEventError(
      `not a consistent trigger: detail.provider is ${provider} but detail.modelArn is the ARN of a ${entry.name} model`,
    );
  }
  const { account, region } = result.data.detail;
  return {
    request: parseDecisionTrigger(input, entry.provider),
    entry,
    claims: { modelArn, account, region },
  };
}
