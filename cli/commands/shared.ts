// Pieces several commands share: looking a model up with a clear "not found", decision records as
// JSON, and policy references relative to the prefix.
import type { ModelDetail, ProviderName, VersionDetail } from '../../lib/core/model.js';
import type { DecisionRecord } from '../../lib/ports.js';
import type { CliContext } from '../context.js';
import { CommandFailedError } from '../errors.js';
import { DASH } from '../format.js';
import type { DecisionJson } from '../shapes.js';

export function modelNotFound(
  name: string,
  provider: ProviderName = 'lookout-equipment',
): CommandFailedError {
  const list =
    provider === 'lookout-equipment' ? 'l4e-autopilot status' : `l4e-autopilot status --provider ${provider}`;
  return new CommandFailedError(`model ${name} not found; run \`${list}\` to list the models in this region`);
}

export async function requireModel(ctx: CliContext, name: string): Promise<ModelDetail> {
  ctx.subject = { kind: 'model', name };
  const model = await ctx.models.describeModel(name);
  if (!model) throw modelNotFound(name, ctx.selected);
  return model;
}

export async function requireVersion(ctx: CliContext, name: string, version: number): Promise<VersionDetail> {
  const detail = await ctx.models.describeVersion(name, version);
  if (!detail) {
    throw new CommandFailedError(
      `version ${version} of model ${name} not found; run \`l4e-autopilot versions ${name}\` to list its versions`,
    );
  }
  return detail;
}

/** Why a scheduler call found nothing: the model is missing, or it has no retraining scheduler. */
export async function schedulerNotFound(ctx: CliContext, name: string): Promise<CommandFailedError> {
  const model = await ctx.models.describeModel(name);
  if (!model) return modelNotFound(name, ctx.selected);
  return new CommandFailedError(
    `model ${name} has no retraining scheduler; create one with \`l4e-autopilot scheduler create ${name} --frequency P1M --lookback P360D\``,
  );
}

/** The service refused because the resource is busy or in the wrong state (L4E's and SiteWise's names). */
export function isConflict(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'ConflictException' || name === 'ConflictingOperationException';
}

export function isNotFound(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'ResourceNotFoundException';
}

export function toDecisionJson(record: DecisionRecord): DecisionJson {
  const d = record.detail;
  return {
    decidedAt: record.decidedAt,
    version: record.modelVersion,
    outcome: d.outcome,
    status: record.status,
    reasons: [...d.reasons],
    checks: [...d.checks],
    policy: { parameterName: d.policy.parameterName, version: d.policy.version, mode: d.policy.mode },
    previousActiveVersion: d.previousActiveVersion,
    activeVersion: d.activeVersion,
    triggerEventId: d.triggerEventId,
    eventId: d.eventId,
  };
}

/** "default@3" or "models/pump-01@2" under the prefix; the full name elsewhere. */
export function policyLabel(
  prefix: string,
  policy: { parameterName: string | null; version: number | null },
): string {
  if (!policy.parameterName) return DASH;
  const base = `${prefix}/policies/`;
  const name = policy.parameterName.startsWith(base)
    ? policy.parameterName.slice(base.length)
    : policy.parameterName;
  return policy.version === null ? name : `${name}@${policy.version}`;
}
