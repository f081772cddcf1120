// An in-memory fleet of any size behind the report's ports: models with retraining histories,
// failures, cancellations, managed promotions, autopilot and human activations. Deterministic.
import type { ActivationDecisionDetail, Check } from '../../../lib/core/events.js';
import type { ModelDetail, SchedulerDetail, VersionDetail, VersionSummary } from '../../../lib/core/model.js';
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
  scheduler: SchedulerDetail | null;
  versions: VersionDetail[];
  decisions: DecisionRecord[];
}

function metricsJson(recall: number, precision: number, unknown: number): string {
  return JSON.stringify({
    model_version_metrics: { recall, precision, auc: Math.min(1, recall + 0.05) },
    unknown_event_metrics: { num_identified: unknown, total_duration_in_seconds: unknown * 3600 },
  });
}

function buildModel(index: number, versionsPerModel: number): SyntheticModel {
  const random = rng(index + 7);
  const name = `model-${String(index).padStart(4, '0')}${index % 97 === 0 ? '-<b>&"quoted"' : ''}`;
  const arn = `arn:aws:lookoutequipment:us-east-1:123456789012:model/${name}/id${index}`;
  const manual = index % 3 !== 0;
  const versions: VersionDetail[] = [];
  const decisions: DecisionRecord[] = [];
  let active = 1;
  let activatedAt = iso(START);
  let previous: number | null = null;
  let previousAt: string | null = null;
  let recall = 0.78 + random() * 0.1;
  for (let v = 1; v <= versionsPerModel; v++) {
    const at = START + (v - 1) * 30 * DAY + Math.floor(random() * DAY);
    const roll = random();
    const status = v === 1 ? 'SUCCESS' : roll < 0.12 ? 'FAILED' : roll < 0.18 ? 'CANCELED' : 'SUCCESS';
    recall = Math.max(0.5, Math.min(0.98, recall + (random() - 0.45) * 0.06));
    const precision = 0.55 + random() * 0.3;
    const unknown = Math.floor(random() * 26);
    const promoted = !manual && status === 'SUCCESS' && v > 1 && random() < 0.6;
    versions.push({
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
      metricsJson: status === 'SUCCESS' ? metricsJson(recall, precision, unknown) : null,
      priorMetricsJson: null,
      availableDataInDays: status === 'CANCELED' ? null : 180,
      autoPromotionResult:
        v === 1
          ? null
          : status === 'FAILED'
            ? 'RETRAINING_CUSTOMER_ERROR'
            : promoted
              ? 'MODEL_PROMOTED'
              : 'MODEL_NOT_PROMOTED',
      autoPromotionResultReason: null,
      modelQuality: 'QUALITY_THRESHOLD_MET',
    });
    if (manual && status === 'SUCCESS' && v > 1) {
      const checks: Check[] = [
        { metric: 'recall', rule: 'min', threshold: 0.8, actual: recall, passed: recall >= 0.8 },
        { metric: 'precision', rule: 'min', threshold: 0.6, actual: precision, passed: precision >= 0.6 },
        { metric: 'unknownEvents', rule: 'max', threshold: 20, actual: unknown, passed: unknown <= 20 },
      ];
      const ok = checks.every((c) => c.passed);
      const decidedAt = iso(at + 4 * 3_600_000);
      const detail = {
        outcome: ok ? 'ACTIVATED' : 'REJECTED',
        reasons: ok ? ['all 3 checks passed'] : ['a check failed'],
        checks,
        policy: { parameterName: '/l4e-autopilot/dev/policies/default', version: 2, mode: 'enforce' },
      } as unknown as ActivationDecisionDetail;
      decisions.unshift({
        modelName: name,
        modelArn: arn,
        modelVersion: v,
        seq: decisions.length + 1,
        decidedAt,
        triggerEventId: null,
        status: 'COMPLETE',
        attempts: ok ? 1 : 0,
        lastError: null,
        published: true,
        detail,
      });
      if (ok) {
        previous = active;
        previousAt = activatedAt;
        active = v;
        activatedAt = decidedAt;
      }
    }
    if (promoted) {
      previous = active;
      previousAt = activatedAt;
      active = v;
      activatedAt = iso(at + 3 * 3_600_000);
    }
  }
  // Every 11th model: a person rolled back to the previous version.
  if (index % 11 === 5 && previous !== null) {
    const back: number = previous;
    previous = active;
    previousAt = activatedAt;
    active = back;
    activatedAt = iso(START + versionsPerModel * 30 * DAY);
  }
  const last = versions.at(-1);
  const stopped = index % 13 === 4;
  const detail: ModelDetail = {
    name,
    arn,
    status: 'SUCCESS',
    createdAt: iso(START),
    activeVersion: active,
    activeVersionArn: `${arn}/model-version/${active}`,
    latestRunVersion: last?.version ?? null,
    latestRunStatus: last?.status ?? null,
    latestRunStartTime: last?.createdAt ?? null,
    nextRetrainingDate: stopped ? null : iso(START + versionsPerModel * 30 * DAY + 10 * DAY),
    schedulerStatus: index % 17 === 3 ? null : stopped ? 'STOPPED' : 'RUNNING',
    modelQuality: 'QUALITY_THRESHOLD_MET',
    activatedAt,
    previousActiveVersion: previous,
    previousActivatedAt: previousAt,
    latestRunFailedReason: last?.failedReason ?? null,
    latestRunAvailableDataInDays: 180,
  };
  const scheduler: SchedulerDetail | null =
    detail.schedulerStatus === null
      ? null
      : {
          modelName: name,
          status: detail.schedulerStatus,
          promoteMode: manual ? 'MANUAL' : 'MANAGED',
          frequency: 'P30D',
          lookbackWindow: 'P180D',
          startDate: iso(START),
          createdAt: iso(START),
          updatedAt: iso(START),
        };
  return { detail, scheduler, versions, decisions };
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
    async describeScheduler(name) {
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
