import type { ModelDetail, RetrainingSchedule, VersionDetail } from '../../../lib/core/model.js';
import type { Observation } from '../../../lib/core/snapshot.js';

export const MODEL_ARN = 'arn:aws:lookoutequipment:eu-west-1:111122223333:model/pump-1/7f3c1d2e';

export function versionArn(version: number): string {
  return `${MODEL_ARN}/model-version/${version}`;
}

export function metricsJson(precision: number, recall: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    predicted_ranges: [{ start: '2026-01-01T00:00:00.000000', end: '2026-01-01T02:00:00.000000' }],
    labeled_ranges: [],
    labeled_event_metrics: { num_labeled: 10, num_identified: 8, total_warning_time_in_seconds: 8 * 7200 },
    unknown_event_metrics: { num_identified: 3, total_duration_in_seconds: 5400 },
    model_version_metrics: { precision, recall, auc: 0.9, mean_fractional_lead_time: 0.4 },
    ...extra,
  });
}

export function detail(overrides: Partial<ModelDetail> = {}): ModelDetail {
  return {
    name: 'pump-1',
    origin: { provider: 'lookout-equipment' },
    arn: MODEL_ARN,
    status: 'SUCCESS',
    createdAt: '2025-06-01T00:00:00.000Z',
    activeVersion: 1,
    activeVersionArn: versionArn(1),
    latestRunVersion: null,
    latestRunStatus: null,
    latestRunStartTime: null,
    nextRetrainingDate: '2026-02-01T00:00:00.000Z',
    schedulerStatus: 'RUNNING',
    modelQuality: 'QUALITY_THRESHOLD_MET',
    activatedAt: '2025-06-01T03:00:00.000Z',
    previousActiveVersion: null,
    previousActivatedAt: null,
    latestRunFailedReason: null,
    latestRunAvailableDataInDays: null,
    ...overrides,
  };
}

export function version(n: number, overrides: Partial<VersionDetail> = {}): VersionDetail {
  return {
    modelName: 'pump-1',
    version: n,
    arn: versionArn(n),
    status: 'SUCCESS',
    sourceType: 'RETRAINING',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T03:00:00.000Z',
    trainingStartTime: '2026-01-01T00:00:00.000Z',
    failedReason: null,
    metricsJson: metricsJson(0.8, 0.9),
    priorMetricsJson: metricsJson(0.7, 0.8),
    availableDataInDays: 180,
    autoPromotionResult: 'MODEL_NOT_PROMOTED',
    autoPromotionResultReason: 'Retraining scheduler is in MANUAL promote mode',
    modelQuality: 'QUALITY_THRESHOLD_MET',
    ...overrides,
  };
}

export function scheduler(overrides: Partial<RetrainingSchedule> = {}): RetrainingSchedule {
  return {
    modelName: 'pump-1',
    status: 'RUNNING',
    promoteMode: 'MANUAL',
    frequency: 'P30D',
    lookbackWindow: 'P180D',
    startDate: '2026-01-01T00:00:00.000Z',
    createdAt: '2025-12-20T00:00:00.000Z',
    updatedAt: '2025-12-20T00:00:00.000Z',
    ...overrides,
  };
}

export function observation(
  d: ModelDetail,
  versions: VersionDetail[] = [],
  sched: RetrainingSchedule | null | undefined = undefined,
): Observation {
  return { summary: d, detail: d, scheduler: sched, versions: new Map(versions.map((v) => [v.version, v])) };
}
