// What apply-policy decides for a version, from facts already read: eligibility first, then the
// policy's presence, validity and mode, then the checks. Pure, so the decide use-case and the CLI's
// `policy evaluate` share one order and one wording.
import type { Check, DecisionOutcome, PolicyRef } from './events.js';
import { parseModelMetrics, withAvailableData } from './metrics.js';
import { type ModelDetail, RETRAINING_SOURCE, type VersionDetail, type VersionSummary } from './model.js';
import { type Evaluation, evaluatePolicy, type PolicyParseResult } from './policy.js';

export function policyParameterNames(prefix: string, modelName: string): { model: string; fallback: string } {
  return { model: `${prefix}/policies/models/${modelName}`, fallback: `${prefix}/policies/default` };
}

export function noPolicySentence(prefix: string, modelName: string): string {
  const names = policyParameterNames(prefix, modelName);
  return `no policy: neither ${names.model} nor ${names.fallback} exists`;
}

/** Why a version may not be acted on, or null when it may. */
export function ineligibility(
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
    return `the retraining scheduler is in ${promoteMode} promote mode, so L4E decides`;
  return null;
}

export interface FoundPolicy {
  parameterName: string;
  version: number | null;
  parsed: PolicyParseResult;
}

export interface DecisionInput {
  modelVersion: number;
  /** From `ineligibility`. */
  ineligible: string | null;
  /** The candidate; only read when the version is eligible. */
  version: VersionDetail | null;
  /** null when no policy exists. */
  policy: FoundPolicy | null;
  /** The sentence for a missing policy (see `noPolicySentence`). */
  noPolicy: string;
}

export interface DecisionPlan {
  /** `ACTIVATED` means the version should be activated now; the caller reports how that went. */
  outcome: DecisionOutcome;
  reasons: string[];
  checks: Check[];
  policy: PolicyRef;
  evaluation: Evaluation | null;
  /** Metrics that could not be read, one sentence each. */
  metricProblems: string[];
}

const NO_POLICY_REF: PolicyRef = { parameterName: null, version: null, mode: null };

export function planDecision(input: DecisionInput): DecisionPlan {
  const base = { checks: [], evaluation: null, metricProblems: [] };
  if (input.ineligible !== null) {
    return { ...base, outcome: 'SKIPPED', reasons: [input.ineligible], policy: NO_POLICY_REF };
  }
  if (input.policy === null)
    return { ...base, outcome: 'SKIPPED', reasons: [input.noPolicy], policy: NO_POLICY_REF };
  const { parameterName, version, parsed } = input.policy;
  const ref: PolicyRef = { parameterName, version, mode: parsed.ok ? parsed.policy.mode : null };
  if (!parsed.ok) {
    return {
      ...base,
      outcome: 'FAILED',
      reasons: [`policy ${parameterName} is invalid and was not applied`, ...parsed.errors],
      policy: ref,
    };
  }
  if (parsed.policy.mode === 'off') {
    return { ...base, outcome: 'SKIPPED', reasons: [`policy ${parameterName} is off`], policy: ref };
  }
  const candidate = input.version;
  const metrics = withAvailableData(
    parseModelMetrics(candidate?.metricsJson),
    candidate?.availableDataInDays,
  );
  const prior = parseModelMetrics(candidate?.priorMetricsJson);
  const evaluation = evaluatePolicy({
    policy: parsed.policy,
    metrics: metrics.metrics,
    priorMetrics: prior.metrics,
    modelQuality: candidate?.modelQuality ?? null,
    malformed: { candidate: metrics.malformed, prior: prior.malformed },
  });
  const metricProblems = [
    ...metrics.problems.map((p) => `candidate metrics: ${p}`),
    ...prior.problems.map((p) => `prior metrics: ${p}`),
  ];
  const common = { checks: evaluation.checks, evaluation, metricProblems, policy: ref };
  if (!evaluation.passed)
    return { ...common, outcome: 'REJECTED', reasons: [...evaluation.failures, ...metricProblems] };
  const count = evaluation.checks.length;
  if (parsed.policy.mode === 'dry-run') {
    return {
      ...common,
      outcome: 'DRY_RUN',
      reasons: [
        `all ${count} checks passed; dry-run policy, so version ${input.modelVersion} is not activated`,
      ],
    };
  }
  return { ...common, outcome: 'ACTIVATED', reasons: [`all ${count} checks passed`] };
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
 * What became of an activation an earlier invocation asked for and did not see through, read from the
 * model as it is now: `landed` when the version is active, or was made active after the decision and
 * has been replaced since (a rollback in between must not be undone); `not-landed` otherwise.
 */
export function activationOutcome(
  version: number,
  decidedAt: string,
  model: Pick<ModelDetail, 'activeVersion' | 'previousActiveVersion' | 'activatedAt'> | null,
): 'landed' | 'landed-then-replaced' | 'not-landed' {
  if (!model) return 'not-landed';
  if (model.activeVersion === version) return 'landed';
  const since = model.activatedAt === null ? Number.NaN : Date.parse(model.activatedAt);
  if (model.previousActiveVersion === version && since >= Date.parse(decidedAt)) {
    return 'landed-then-replaced';
  }
  return 'not-landed';
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
