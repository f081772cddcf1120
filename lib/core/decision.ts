// The rules that say whether a version may be acted on at all, and their sentences. Pure; `decide`
// (./decide.ts) applies them in one order for apply-policy and for `policy evaluate` alike.
import { PROVIDER_SERVICES } from './contract/names.js';
import type { DecisionFacts, Eligibility } from './decision-facts.js';
import { type ModelDetail, RETRAINING_SOURCE, type VersionDetail, type VersionSummary } from './model.js';

/**
 * Whether the version may be acted on now, in apply-policy's order: the model and version as they are,
 * an activation by the autopilot before (never twice), the plain rules, a newer version (newest wins),
 * then a choice made by hand (it stands).
 */
export function eligibility(facts: DecisionFacts): Eligibility {
  const { model, version, modelVersion: v } = facts;
  if (model === null || model.arn !== facts.modelArn) return { ineligible: modelGone(facts), newer: null };
  // The open decision's own activation record does not count: it is the one being completed.
  const earlier = facts.versionActivation;
  const activatedAt = earlier?.decisionId === facts.open?.detail.eventId ? null : earlier?.activatedAt;
  if (version && earlier && activatedAt) {
    const when = { decisionId: earlier.decisionId, activatedAt };
    return { ineligible: activatedBeforeSentence(v, when), newer: null };
  }
  const base = ineligibility(
    { modelName: facts.modelName, modelVersion: v },
    model,
    version,
    facts.promoteMode,
  );
  const newer = newerVersion(facts, model, base);
  if (newer !== null) return { ineligible: supersededSentence(v, newer), newer };
  const at = facts.activeVersionActivatedAt;
  const byHand =
    base === null && version
      ? manualChoiceSentence(v, version, model, at === null ? null : { activatedAt: at })
      : null;
  return { ineligible: byHand ?? base, newer: null };
}

/** Why there is no model to decide for: none of that name, or another one than the trigger's. */
function modelGone({ model, modelArn, modelName: name }: DecisionFacts): string {
  return model !== null && modelArn !== ''
    ? `model ${name} ${modelArn} no longer exists; the model named ${name} now is ${model.arn}`
    : `model ${name} does not exist`;
}

/**
 * The newer version that supersedes a successful retraining one, when it could otherwise be activated
 * or is behind the active version (so its trigger decides the newest instead); null otherwise.
 */
function newerVersion(facts: DecisionFacts, model: ModelDetail, base: string | null): number | null {
  const { version, modelVersion: v } = facts;
  const candidate = version?.status === 'SUCCESS' && version.sourceType === RETRAINING_SOURCE;
  const behindActive = model.activeVersion !== null && model.activeVersion >= v;
  return candidate && (base === null || behindActive) ? supersedingVersion(v, facts.versions) : null;
}

/** Why a version may not be acted on, or null when it may. */
function ineligibility(
  request: { modelName: string; modelVersion: number },
  model: ModelDetail | null,
  version: VersionDetail | null,
  promoteMode: string | null,
): string | null {
  const v = request.modelVersion;
  if (!model) return `model ${request.modelName} does not exist`;
  if (!version) return `version ${v} of ${request.modelName} does not exist`;
  if (version.status !== 'SUCCESS') return `version ${v} is ${version.status}, not SUCCESS`;
  if (version.sourceType !== RETRAINING_SOURCE) {
    return `version ${v} was produced by ${version.sourceType ?? 'an unknown source'}, not by retraining`;
  }
  if (model.activeVersion === v) return `version ${v} is already the active version`;
  if (model.activeVersion !== null && model.activeVersion > v) {
    return `version ${v} is older than the active version ${model.activeVersion}`;
  }
  if (promoteMode === null) return `${request.modelName} has no retraining scheduler`;
  if (promoteMode !== 'MANUAL')
    return `the retraining scheduler is in ${promoteMode} promote mode, so ${PROVIDER_SERVICES[model.origin.provider]} decides`;
  return null;
}

/**
 * The newest version newer than `version` that retraining produced and that succeeded, or null when
 * there is none: only the newest such version may be activated, an older one is superseded by it.
 */
export function supersedingVersion(
  version: number,
  versions: ReadonlyArray<Pick<VersionSummary, 'version' | 'status' | 'sourceType'>>,
): number | null {
  let newest: number | null = null;
  for (const v of versions) {
    if (v.version <= version || v.status !== 'SUCCESS' || v.sourceType !== RETRAINING_SOURCE) continue;
    if (newest === null || v.version > newest) newest = v.version;
  }
  return newest;
}

export function supersededSentence(version: number, newer: number): string {
  return `version ${version} is superseded by v${newer}, a newer successful retraining; only the newest may be activated`;
}

/** Why a version the autopilot activated before is not activated again. */
export function activatedBeforeSentence(
  version: number,
  earlier: { decisionId: string; activatedAt: string },
): string {
  return `version ${version} was activated by the autopilot before (decision ${earlier.decisionId} at ${earlier.activatedAt}); the autopilot never activates a version twice, so a rollback or manual activation stands`;
}

/**
 * Why `version` may not replace a version someone made active by hand (not the autopilot) after
 * `version` was ready: a manual choice stands until a newer version earns activation. null when the
 * active version is the autopilot's doing, or was chosen before `version` was ready. The active version
 * is the autopilot's doing only if L4E made it active no later than the autopilot confirmed its
 * activation: a version the autopilot activated once and someone put back by hand later is a manual
 * choice.
 */
export function manualChoiceSentence(
  version: number,
  candidate: Pick<VersionDetail, 'createdAt' | 'updatedAt'>,
  model: Pick<ModelDetail, 'activeVersion' | 'activatedAt'>,
  autopilotActivation: { activatedAt: string | null } | null,
): string | null {
  if (model.activeVersion === null || model.activatedAt === null) return null;
  const autopilotAt = autopilotActivation?.activatedAt ?? null;
  if (autopilotAt !== null && Date.parse(model.activatedAt) <= Date.parse(autopilotAt)) return null;
  const ready = candidate.updatedAt ?? candidate.createdAt;
  if (ready === null || Date.parse(model.activatedAt) < Date.parse(ready)) return null;
  return `v${model.activeVersion} was made active by hand at ${model.activatedAt}, after version ${version} was ready; a manual choice stands until a newer version earns activation`;
}
