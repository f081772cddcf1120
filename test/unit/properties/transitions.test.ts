import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AutopilotEvent, DETAIL_TYPES } from '../../../lib/core/events.js';
import type { ModelDetail, RetrainingSchedule, VersionDetail } from '../../../lib/core/model.js';
import type { ModelSnapshot, Observation } from '../../../lib/core/snapshot.js';
import { type DiffContext, diffDeletedModel, diffModel } from '../../../lib/core/transitions.js';
import { detail, MODEL_ARN, versionArn } from '../core/builders.js';
import { enumValue, settings } from './arbitraries.js';
import { metricsDocument } from './metrics-documents.js';

const RUN_STATUSES = ['IN_PROGRESS', 'SUCCESS', 'FAILED', 'IMPORT_IN_PROGRESS', 'CANCELED'];
const SCHEDULER_STATUSES = ['PENDING', 'RUNNING', 'STOPPING', 'STOPPED', 'DELETED'];
const PROMOTION_RESULTS = ['MODEL_PROMOTED', 'MODEL_NOT_PROMOTED', 'RETRAINING_CUSTOMER_ERROR'];
const QUALITIES = ['QUALITY_THRESHOLD_MET', 'POOR_QUALITY_DETECTED'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const instant = fc
  .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const time = fc.oneof(
  { weight: 4, arbitrary: instant },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'yesterday', '2026-02-30T25:00:00Z', '+275760-09-13T00:00:00.001Z'),
  },
);
const versionNumber = fc.integer({ min: 1, max: 30 });
// Small documents only: the parser's own properties cover the large and deeply nested ones.
const metricsJson = fc.oneof(
  fc.constant(null),
  metricsDocument.map((doc) => JSON.stringify(doc)),
  fc.constantFrom('', '{', '[]', '{"model_version_metrics":{"recall":"NaN"}}', '{"predicted_ranges":[0]}'),
);
const reason = fc.string({ unit: 'binary', maxLength: 30 });

const versionFields = fc.record({
  status: enumValue(RUN_STATUSES),
  sourceType: nullable(enumValue(['RETRAINING', 'TRAINING', 'IMPORT'])),
  createdAt: nullable(time),
  updatedAt: nullable(time),
  trainingStartTime: nullable(time),
  failedReason: nullable(reason),
  metricsJson,
  priorMetricsJson: metricsJson,
  availableDataInDays: nullable(fc.oneof(fc.nat(400), fc.double())),
  autoPromotionResult: nullable(enumValue(PROMOTION_RESULTS)),
  autoPromotionResultReason: nullable(reason),
  modelQuality: nullable(enumValue(QUALITIES)),
});

const versions: fc.Arbitrary<VersionDetail[]> = fc
  .uniqueArray(fc.tuple(versionNumber, fc.boolean(), versionFields), { selector: ([n]) => n, maxLength: 8 })
  .map((entries) =>
    entries.map(([n, withArn, fields]) => ({
      modelName: 'pump-1',
      version: n,
      arn: withArn ? versionArn(n) : null,
      ...fields,
    })),
  );

const modelDetail: fc.Arbitrary<ModelDetail> = fc
  .record({
    arn: fc.constantFrom(MODEL_ARN, `${MODEL_ARN.slice(0, -8)}recreate`),
    status: enumValue(['SUCCESS', 'FAILED', 'IN_PROGRESS']),
    activeVersion: nullable(versionNumber),
    latestRunVersion: nullable(versionNumber),
    latestRunStatus: nullable(enumValue(RUN_STATUSES)),
    schedulerStatus: nullable(enumValue(SCHEDULER_STATUSES)),
    nextRetrainingDate: nullable(time),
    modelQuality: nullable(enumValue(QUALITIES)),
    activatedAt: nullable(time),
    previousActiveVersion: nullable(versionNumber),
    createdAt: nullable(time),
  })
  .map((overrides) => detail(overrides));

const schedulerDetail: fc.Arbitrary<RetrainingSchedule | null | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.record({
    modelName: fc.constant('pump-1'),
    status: enumValue(SCHEDULER_STATUSES),
    promoteMode: nullable(enumValue(['MANAGED', 'MANUAL'])),
    frequency: nullable(enumValue(['P30D', 'P1M'])),
    lookbackWindow: nullable(enumValue(['P180D'])),
    startDate: nullable(time),
    createdAt: nullable(time),
    updatedAt: nullable(time),
  }),
);

const observation: fc.Arbitrary<Observation> = fc
  .tuple(modelDetail, schedulerDetail, versions)
  .map(([d, scheduler, vs]) => ({
    summary: d,
    detail: d,
    scheduler,
    versions: new Map(vs.map((v) => [v.version, v])),
  }));

const context: fc.Arbitrary<DiffContext> = fc.record({
  observedAt: instant,
  baselineSince: time,
  autopilotActivations: fc
    .array(fc.tuple(versionNumber, time), { maxLength: 4 })
    .map((entries) => new Map(entries)),
});

function duplicates(events: readonly AutopilotEvent[]): string[] {
  const ids = events.map((e) => e.detail.eventId);
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

describe('diffModel', () => {
  it('never throws on unknown enum values and any set of versions, and never repeats an event id within one diff', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(observation, context), { minLength: 1, maxLength: 4 }), (cycles) => {
        let snapshot: ModelSnapshot | undefined;
        for (const [obs, ctx] of cycles) {
          // Act
          const result = diffModel(snapshot, obs, ctx);
          // Assess
          expect(duplicates(result.events)).toEqual([]);
          for (const event of result.events) {
            expect(DETAIL_TYPES).toContain(event.detailType);
            expect(event.detail.eventId).toMatch(UUID);
            if (event.detailType === 'Scheduled Retraining State Change') {
              // Unknown statuses pass through as they came.
              expect(event.detail.status).toBe(obs.versions.get(event.detail.modelVersion)?.status);
            }
          }
          snapshot = result.snapshot;
        }
        if (snapshot)
          expect(duplicates(diffDeletedModel(snapshot, cycles[0]?.[1] as DiffContext))).toEqual([]);
      }),
      settings(300),
    );
  });
});
