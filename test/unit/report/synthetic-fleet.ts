// An in-memory fleet of any size behind the report's ports: models with retraining histories,
// failures, cancellations, managed promotions, autopilot and human activations. Deterministic.
import type { ActivationDecisionDetail, Check } from '../../../lib/core/events.js';
import type {
  ModelDetail,
  RetrainingSchedule,
  VersionDetail,
  VersionSummary,
} from '../../../lib/core/model.js';
import { parsePolicy } from '../../../lib/core/policy.js';
import type { EffectivePolicy } from '../../../lib/policies.js';
import type { DecisionRecord } from '../../../lib/ports.js';
import type { ReportProvider, ReportSources } from '../../../lib/report/gather.js';

const DAY = 86_400_000;
const START = Date.parse('2025-01-01T00:00:00Z');
export const SYNTHETIC_NOW = '2026-01-10T00:00:00.000Z';

const POLICY_TEXT = JSON.stringify({
  mode: 'enforce',
  rules: [
    { metric: 'recall', min: 0.8 },
    { metric: 'precision', min: 0.6 },
    { metric: 'unknownEvents', max: 20 },
  ],
  onMissingMetric: 'reject',
});

function rng(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const iso = (t: number) => new Date(t).toISOString();

interface SyntheticModel {
  detail: ModelDetail;
  scheduler: RetrainingSchedule | null;
  versions: VersionDetail[];
  decisions: DecisionRecord[];
}

function metricsJson(recall: number, precision: number, unknown: number): string {
  return JSON.stringify({
    model_version_metrics: { recall, precision, auc: Math.min(1, recall + 0.05) },
    unknown_event_metrics: { num_identified: unknown, total_duration_in_seconds: unknown * 3600 },
  });
}

/** One synthetic retraining run, as drawn from the model's random sequence. */
interface Run {
  version: number;
  at: number;
  status: string;
  recall: number;
  precision: number;
  unknown: number;
  promoted: boolean;
}

/** Which version serves, since when, and which served before it. */
interface Serving {
  active: number;
  activatedAt: string;
  previous: number | null;
  previousAt: string | null;
}

interface Identity {
  name: string;
  arn: string;
}

function runStatus(version: number, roll: number): string {
  if (version === 1) return 'SUCCESS';
  if (roll < 0.12) return 'FAILED';
  return roll < 0.18 ? 'CANCELED' : 'SUCCESS';
}

/** Draws one run; the order of the draws is what keeps the fleet the same from run to run. */
function drawRun(random: () => number, version: number, recallBefore: number, manual: boolean): Run {
  const at = START + (version - 1) * 30 * DAY + Math.floor(random() * DAY);
  const status = runStatus(version, random());
  const recall = Math.max(0.5, Math.min(0.98, recallBefore + (random() - 0.45) * 0.06));
  const precision = 0.55 + random() * 0.3;
  const unknown = Math.floor(random() * 26);
  const promoted = !manual && status === 'SUCCESS' && version > 1 && random() < 0.6;
  return { version, at, status, recall, precision, unknown, promoted };
}

function promotionResult(run: Run): string | null {
  if (run.version === 1) return null;
  if (run.status === 'FAILED') return 'RETRAINING_CUSTOMER_ERROR';
  return run.promoted ? 'MODEL_PROMOTED' : 'MODEL_NOT_PROMOTED';
}

function versionOf({ name, arn }: Identity, run: Run): VersionDetail {
  const { version: v, at, status } = run;
  return {
    modelName: name,
    version: v,
    arn: `${arn}/model-version/${v}`,
    status,
    sourceType: v === 1 ? 'MODEL_TRAINING' : 'RETRAINING',
    createdAt: iso(at),
    updatedAt: iso(at + 3 * 3_600_000),
    trainingStartTime: iso(at),
    failedReason:
      status === 'FAILED'
        ? `Sensor Sensor${v} has more than 50% missing values <in the lookback window>`
        : null,
    metricsJson: status === 'SUCCESS' ? metricsJson(run.recall, run.precision, run.unknown) : null,
    priorMetricsJson: null,
    availableDataInDays: status === 'CANCELED' ? null : 180,
    autoPromotionResult: promotionResult(run),
    autoPromotionResultReason: null,
    modelQuality: 'QUALITY_THRESHOLD_MET',
  };
}

function decisionOf({ name, arn }: Identity, run: Run, seq: number): DecisionRecord {
  const { recall, precision, unknown } = run;
  const checks: Check[] = [
    { metric: 'recall', rule: 'min', threshold: 0.8, actual: recall, passed: recall >= 0.8 },
    { metric: 'precision', rule: 'min', threshold: 0.6, actual: precision, passed: precision >= 0.6 },
    { metric: 'unknownEvents', rule: 'max', threshold: 20, actual: unknown, passed: unknown <= 20 },
  ];
  const ok = checks.every((c) => c.passed);
  const detail = {
    outcome: ok ? 'ACTIVATED' : 'REJECTED',
    reasons: ok ? ['all 3 checks passed'] : ['a check failed'],
    checks,
    policy: { parameterName: '/l4e-autopilot/dev/policies/default', version: 2, mode: 'enforce' },
  } as unknown as ActivationDecisionDetail;
  return {
    modelName: name,
    modelArn: arn,
    modelVersion: run.version,
    seq,
    decidedAt: iso(run.at + 4 * 3_600_000),
    triggerEventId: null,
    status: 'COMPLETE',
    attempts: ok ? 1 : 0,
    lastError: null,
    published: true,
    detail,
  };
}

function activate(serving: Serving, version: number, at: string): Serving {
  return { active: version, activatedAt: at, previous: serving.active, previousAt: serving.activatedAt };
}

function schedulerOf(detail: ModelDetail, manual: boolean): RetrainingSchedule | null {
  if (detail.schedulerStatus === null) return null;
  return {
    modelName: detail.name,
    status: detail.schedulerStatus,
    promoteMode: manual ? 'MANUAL' : 'MANAGED',
    frequency: 'P30D',
    lookbackWindow: 'P180D',
    startDate: iso(START),
    createdAt: iso(START),
    updatedAt: iso(START),
  };
}

function modelDetailOf(
  index: number,
  { name, arn }: Identity,
  serving: Serving,
  last: VersionDetail | undefined,
) {
  const stopped = index % 13 === 4;
  const end = START + (last?.version ?? 0) * 30 * DAY;
  const detail: ModelDetail = {
    name,
    origin: { provider: 'lookout-equipment' },
    arn,
    status: 'SUCCESS',
    createdAt: iso(START),
    activeVersion: serving.active,
    activeVersionArn: `${arn}/model-version/${serving.active}`,
    latestRunVersion: last?.version ?? null,
    latestRunStatus: last?.status ?? null,
    latestRunStartTime: last?.createdAt ?? null,
    nextRetrainingDate: stopped ? null : iso(end + 10 * DAY),
    schedulerStatus: index % 17 === 3 ? null : stopped ? 'STOPPED' : 'RUNNING',
    modelQuality: 'QUALITY_THRESHOLD_MET',
    activatedAt: serving.activatedAt,
    previousActiveVersion: serving.previous,
    previousActivatedAt: serving.previousAt,
    latestRunFailedReason: last?.failedReason ?? null,
    latestRunAvailableDataInDays: 180,
  };
  return detail;
}

function buildModel(index: number, versionsPerModel: number): SyntheticModel {
  const random = rng(index + 7);
  const name = `model-${String(index).padStart(4, '0')}${index % 97 === 0 ? '-<b>&"quoted"' : ''}`;
  const id: Identity = {
    name,
    arn: `arn:aws:lookoutequipment:us-east-1:123456789012:model/${name}/id${index}`,
  };
  const manual = index % 3 !== 0;
  const versions: VersionDetail[] = [];
  const decisions: DecisionRecord[] = [];
  let serving: Serving = { active: 1, activatedAt: iso(START), previous: null, previousAt: null };
  let recall = 0.78 + random() * 0.1;
  for (let v = 1; v <= versionsPerModel; v++) {
    const run = drawRun(random, v, recall, manual);
    recall = run.recall;
    versions.push(versionOf(id, run));
    if (manual && run.status === 'SUCCESS' && v > 1) {
      const decision = decisionOf(id, run, decisions.length + 1);
      decisions.unshift(decision);
      if (decision.detail.outcome === 'ACTIVATED') serving = activate(serving, v, decision.decidedAt);
    }
    if (run.promoted) serving = activate(serving, v, iso(run.at + 3 * 3_600_000));
  }
  // Every 11th model: a person rolled back to the previous version.
  if (index % 11 === 5 && serving.previous !== null) {
    serving = activate(serving, serving.previous, iso(START + versionsPerModel * 30 * DAY));
  }
  const detail = modelDetailOf(index, id, serving, versions.at(-1));
  return { detail, scheduler: schedulerOf(detail, manual), versions, decisions };
}

/** Report sources over `count` synthetic models, each with `versions` retraining versions. */
export function syntheticFleet(count: number, versions = 12): ReportSources & { calls: () => number } {
  const models = Array.from({ length: count }, (_, i) => buildModel(i + 1, versions));
  const byName = new Map(models.map((m) => [m.detail.name, m]));
  let calls = 0;
  const provider: ReportProvider = {
    async *listModelPages() {
      for (let i = 0; i < models.length; i += 500) {
        calls++;
        yield models.slice(i, i + 500).map((m) => ({ ...m.detail }));
      }
    },
    async describeModel(name) {
      calls++;
      return byName.get(name)?.detail ?? null;
    },
    async describeVersion(name, version) {
      calls++;
      return byName.get(name)?.versions.find((v) => v.version === version) ?? null;
    },
    async describeRetrainingSchedule(name) {
      calls++;
      return byName.get(name)?.scheduler ?? null;
    },
    async activateVersion() {
      throw new Error('the report never activates a version');
    },
    async listVersions(name): Promise<VersionSummary[]> {
      calls++;
      return (byName.get(name)?.versions ?? []).map((v) => ({
        modelName: v.modelName,
        version: v.version,
        arn: v.arn,
        status: v.status,
        sourceType: v.sourceType,
        createdAt: v.createdAt,
        modelQuality: v.modelQuality,
      }));
    },
  };
  const policy: EffectivePolicy = {
    source: 'default',
    parameterName: '/l4e-autopilot/dev/policies/default',
    version: 2,
    text: POLICY_TEXT,
    parsed: parsePolicy(POLICY_TEXT),
  };
  return {
    provider,
    decisions: { listDecisions: async (arn) => models.find((m) => m.detail.arn === arn)?.decisions ?? [] },
    policy: async () => policy,
    policyLabel: (name, version) =>
      name
        ? `${name.replace('/l4e-autopilot/dev/policies/', '')}${version === null ? '' : `@${version}`}`
        : '–',
    calls: () => calls,
  };
}
