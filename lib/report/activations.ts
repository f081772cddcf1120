// Which versions served when, and who made them active: the activation bands of the timeline.
import type { ModelDetail } from '../core/model.js';
import { RETRAINING_SOURCE } from '../core/model.js';
import type { ActivationCause, ActivationSpan, DecisionView, VersionPoint } from './model.js';

interface Activation {
  version: number;
  at: string;
  cause: ActivationCause;
  by: string;
}

const CAUSE_TEXT: Record<ActivationCause, string> = {
  MANAGED_PROMOTION: 'L4E managed promotion',
  AUTOPILOT_POLICY: 'autopilot policy',
  EXTERNAL: 'a person or another tool (console, API, CLI)',
  TRAINING: 'initial training',
};

/** A recorded activation lies this close after a known one and still is the same act. */
const SAME_ACTIVATION_MS = 60_000;

function time(value: string | null | undefined): number {
  if (!value) return Number.NaN;
  return Date.parse(value);
}

function decidedActivations(decisions: readonly DecisionView[]): Activation[] {
  return decisions
    .filter((d) => d.outcome === 'ACTIVATED')
    .map((d) => {
      const passed = d.checks.filter((c) => c.passed).length;
      const by = `${CAUSE_TEXT.AUTOPILOT_POLICY} ${d.policyLabel} (${passed} of ${d.checks.length} checks passed)`;
      return { version: d.version, at: d.decidedAt, cause: 'AUTOPILOT_POLICY', by };
    });
}

function promotedActivations(versions: readonly VersionPoint[]): Activation[] {
  const promoted: Activation[] = [];
  for (const v of versions) {
    const at = v.endedAt ?? v.createdAt;
    if (v.promotionResult === 'MODEL_PROMOTED' && at) {
      promoted.push({ version: v.version, at, cause: 'MANAGED_PROMOTION', by: CAUSE_TEXT.MANAGED_PROMOTION });
    }
  }
  return promoted;
}

/** The same activation as a known one when no other version was activated in between. */
function isExplained(known: readonly Activation[], version: number, at: number): boolean {
  return known.some(
    (k) =>
      k.version === version &&
      time(k.at) <= at + SAME_ACTIVATION_MS &&
      !known.some((o) => o.version !== version && time(o.at) > time(k.at) && time(o.at) < at),
  );
}

/** The model's own record of its previous and current activation, where nothing known explains it. */
function addRecorded(
  known: Activation[],
  detail: ModelDetail | null,
  versions: readonly VersionPoint[],
): void {
  if (detail === null) return;
  const recorded = [
    { version: detail.previousActiveVersion, at: detail.previousActivatedAt },
    { version: detail.activeVersion, at: detail.activatedAt },
  ];
  for (const r of recorded) {
    if (r.version === null || !r.at || isExplained(known, r.version, time(r.at))) continue;
    const version = versions.find((v) => v.version === r.version);
    const trained = version !== undefined && version.sourceType !== RETRAINING_SOURCE;
    const cause: ActivationCause = trained && r.version === versions[0]?.version ? 'TRAINING' : 'EXTERNAL';
    known.push({ version: r.version, at: r.at, cause, by: CAUSE_TEXT[cause] });
  }
}

/** Before any known activation, the first trained version served from when it was created. */
function initialTraining(
  known: readonly Activation[],
  detail: ModelDetail | null,
  versions: readonly VersionPoint[],
): Activation | null {
  const first = versions.find((v) => v.status === 'SUCCESS');
  if (!first?.createdAt) return null;
  const created = time(first.createdAt);
  // Written as "not before" so that an unreadable time (NaN) never counts as earlier.
  if (known.length > 0 && !(created < Math.min(...known.map((k) => time(k.at))))) return null;
  const servedFirst = known.length > 0 || detail?.activeVersion === first.version;
  if (!servedFirst || known.some((k) => k.version === first.version && time(k.at) <= created)) return null;
  return {
    version: first.version,
    at: first.endedAt ?? first.createdAt,
    cause: 'TRAINING',
    by: CAUSE_TEXT.TRAINING,
  };
}

function toSpans(activations: Activation[]): ActivationSpan[] {
  const sorted = [...activations].sort((a, b) => time(a.at) - time(b.at) || a.version - b.version);
  const spans: ActivationSpan[] = [];
  for (const a of sorted) {
    const last = spans.at(-1);
    if (last && last.version === a.version) continue;
    if (last) last.to = a.at;
    spans.push({ version: a.version, from: a.at, to: null, cause: a.cause, by: a.by });
  }
  return spans;
}

/**
 * Which versions served when, and who made them active. Known activations come from autopilot's
 * decision log (ACTIVATED), L4E's promotion results (MODEL_PROMOTED) and the model's own record
 * of its current and previous activation; an activation the first two do not explain was a person's.
 */
export function activationSpans(
  detail: ModelDetail | null,
  versions: readonly VersionPoint[],
  decisions: readonly DecisionView[],
): ActivationSpan[] {
  const known = [...decidedActivations(decisions), ...promotedActivations(versions)];
  addRecorded(known, detail, versions);
  const training = initialTraining(known, detail, versions);
  if (training) known.push(training);
  return toSpans(known);
}
