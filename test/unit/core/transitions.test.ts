import { describe, expect, it } from 'vitest';
import type {
  ActiveVersionChangeDetail,
  PromotionResultDetail,
  RetrainingStateChangeDetail,
  SchedulerStateChangeDetail,
} from '../../../lib/core/events.js';
import type { ModelSnapshot } from '../../../lib/core/snapshot.js';
import { needsObservation, planVersions, schedulerNeedsDescribe } from '../../../lib/core/snapshot.js';
import { type DiffContext, diffDeletedModel, diffModel } from '../../../lib/core/transitions.js';
import { detail, observation, scheduler, version } from './builders.js';

function activeChangeOf(events: Array<{ detailType: string; detail: unknown }>): ActiveVersionChangeDetail {
  const found = events.find((e) => e.detailType === 'Active Model Version Change');
  if (!found) throw new Error('no Active Model Version Change event');
  return found.detail as ActiveVersionChangeDetail;
}

const ctx = (observedAt: string, extra: Partial<DiffContext> = {}): DiffContext => ({
  observedAt,
  baselineSince: new Date(Date.parse(observedAt) - 24 * 3600 * 1000).toISOString(),
  autopilotActivations: new Map(),
  ...extra,
});

/** A snapshot as a first look at a steady model leaves it. */
function baseline(): ModelSnapshot {
  const d = detail({ latestRunVersion: 2, latestRunStatus: 'SUCCESS', activeVersion: 1 });
  const v2 = version(2, { updatedAt: '2025-12-01T03:00:00.000Z' });
  return diffModel(
    undefined,
    observation(d, [v2, version(1, { sourceType: 'TRAINING' })], scheduler()),
    ctx('2026-01-10T00:00:00.000Z'),
  ).snapshot;
}

describe('diffModel — first observation', () => {
  it('records a baseline without events for a steady model', () => {
    // Prepare
    const d = detail({ latestRunVersion: 2, latestRunStatus: 'SUCCESS' });
    const obs = observation(d, [version(2, { updatedAt: '2025-12-01T03:00:00.000Z' })], scheduler());
    // Act
    const { snapshot, events } = diffModel(undefined, obs, ctx('2026-01-10T00:00:00.000Z'));
    // Assess
    expect(events).toEqual([]);
    expect(snapshot.latestVersion).toBe(2);
    expect(snapshot.scheduler?.promoteMode).toBe('MANUAL');
    expect(snapshot.runs['2']).toEqual({ status: 'SUCCESS', retraining: true, promotionReported: true });
  });

  it('reports a run in progress with previousStatus null', () => {
    const d = detail({ latestRunVersion: 3, latestRunStatus: 'IN_PROGRESS' });
    const obs = observation(
      d,
      [version(3, { status: 'IN_PROGRESS', autoPromotionResult: null })],
      scheduler(),
    );
    const { events } = diffModel(undefined, obs, ctx('2026-01-10T00:00:00.000Z'));
    expect(events).toHaveLength(1);
    const run = events[0]?.detail as RetrainingStateChangeDetail;
    expect(events[0]?.detailType).toBe('Scheduled Retraining State Change');
    expect(run).toMatchObject({
      modelVersion: 3,
      previousStatus: null,
      status: 'IN_PROGRESS',
      promoteMode: 'MANUAL',
    });
  });

  it('reports a run that finished within the lookback, with its promotion result', () => {
    const d = detail({ latestRunVersion: 3, latestRunStatus: 'SUCCESS' });
    const v3 = version(3, { updatedAt: '2026-01-09T20:00:00.000Z' });
    const { events } = diffModel(
      undefined,
      observation(d, [v3], scheduler()),
      ctx('2026-01-10T00:00:00.000Z'),
    );
    expect(events.map((e) => e.detailType)).toEqual([
      'Scheduled Retraining State Change',
      'Model Version Promotion Result',
    ]);
  });

  it('reports a scheduler still settling (PENDING) but not a steady one', () => {
    const pending = diffModel(
      undefined,
      observation(detail({ schedulerStatus: 'PENDING' }), [], scheduler({ status: 'PENDING' })),
      ctx('2026-01-10T00:00:00.000Z'),
    );
    expect(pending.events.map((e) => (e.detail as SchedulerStateChangeDetail).status)).toEqual(['PENDING']);
    const steady = diffModel(
      undefined,
      observation(detail(), [], scheduler()),
      ctx('2026-01-10T00:00:00.000Z'),
    );
    expect(steady.events).toEqual([]);
  });
});

describe('diffModel — transitions', () => {
  it('turns IN_PROGRESS → SUCCESS into a run event and a promotion result', () => {
    const started = diffModel(
      baseline(),
      observation(detail({ latestRunVersion: 3, latestRunStatus: 'IN_PROGRESS' }), [
        version(3, { status: 'IN_PROGRESS', autoPromotionResult: null, autoPromotionResultReason: null }),
      ]),
      ctx('2026-01-31T01:00:00.000Z'),
    );
    expect(started.events.map((e) => (e.detail as RetrainingStateChangeDetail).status)).toEqual([
      'IN_PROGRESS',
    ]);

    const done = diffModel(
      started.snapshot,
      observation(detail({ latestRunVersion: 3, latestRunStatus: 'SUCCESS' }), [version(3)]),
      ctx('2026-01-31T06:00:00.000Z'),
    );
    expect(done.events.map((e) => e.detailType)).toEqual([
      'Scheduled Retraining State Change',
      'Model Version Promotion Result',
    ]);
    expect(done.events[0]?.detail).toMatchObject({ previousStatus: 'IN_PROGRESS', status: 'SUCCESS' });
    const promotion = done.events[1]?.detail as PromotionResultDetail;
    expect(promotion.metrics).toMatchObject({ precision: 0.8, recall: 0.9, availableDataInDays: 180 });
    expect(promotion.priorMetrics).toMatchObject({ precision: 0.7, recall: 0.8 });
    expect(promotion.priorMetrics.availableDataInDays).toBeUndefined();
  });

  it('reports two runs that both finished between polls as two events', () => {
    const prev = baseline();
    const d = detail({ latestRunVersion: 4, latestRunStatus: 'SUCCESS' });
    const plan = planVersions(prev, d);
    expect(plan).toEqual([3, 4]);
    const { events, snapshot } = diffModel(
      prev,
      observation(d, [version(3), version(4)]),
      ctx('2026-03-01T00:00:00.000Z'),
    );
    const runs = events.filter((e) => e.detailType === 'Scheduled Retraining State Change');
    expect(runs.map((e) => (e.detail as RetrainingStateChangeDetail).modelVersion)).toEqual([3, 4]);
    expect(runs.every((e) => (e.detail as RetrainingStateChangeDetail).previousStatus === null)).toBe(true);
    expect(events.filter((e) => e.detailType === 'Model Version Promotion Result')).toHaveLength(2);
    expect(snapshot.latestVersion).toBe(4);
  });

  it('reports FAILED and CANCELED runs with their reasons', () => {
    const d = detail({ latestRunVersion: 4, latestRunStatus: 'CANCELED' });
    const v3 = version(3, {
      status: 'FAILED',
      failedReason: 'Not enough data',
      autoPromotionResult: 'RETRAINING_CUSTOMER_ERROR',
    });
    const v4 = version(4, { status: 'CANCELED', autoPromotionResult: 'RETRAINING_CANCELLED' });
    const { events } = diffModel(baseline(), observation(d, [v3, v4]), ctx('2026-03-01T00:00:00.000Z'));
    const runs = events.filter((e) => e.detailType === 'Scheduled Retraining State Change');
    expect(runs.map((e) => e.detail)).toMatchObject([
      { status: 'FAILED', failedReason: 'Not enough data' },
      { status: 'CANCELED' },
    ]);
  });

  it('passes unknown enum values through as strings', () => {
    const d = detail({
      latestRunVersion: 3,
      latestRunStatus: 'QUEUED_FOR_GPU',
      schedulerStatus: 'HIBERNATING',
    });
    const { events } = diffModel(
      baseline(),
      observation(
        d,
        [version(3, { status: 'QUEUED_FOR_GPU', autoPromotionResult: null })],
        scheduler({ status: 'HIBERNATING' }),
      ),
      ctx('2026-03-01T00:00:00.000Z'),
    );
    expect(events.map((e) => (e.detail as { status: string }).status)).toEqual([
      'HIBERNATING',
      'QUEUED_FOR_GPU',
    ]);
  });

  it('reports the promotion result once per version', () => {
    const d = detail({ latestRunVersion: 3, latestRunStatus: 'SUCCESS' });
    const first = diffModel(baseline(), observation(d, [version(3)]), ctx('2026-03-01T00:00:00.000Z'));
    const again = diffModel(
      first.snapshot,
      observation({ ...d, modelQuality: 'POOR_QUALITY_DETECTED' }, [version(3)]),
      ctx('2026-03-01T00:05:00.000Z'),
    );
    expect(first.events.filter((e) => e.detailType === 'Model Version Promotion Result')).toHaveLength(1);
    expect(again.events).toEqual([]);
  });
});

describe('diffModel — schedulers', () => {
  it('follows PENDING → RUNNING → STOPPING → STOPPED → deleted', () => {
    let snap = diffModel(
      undefined,
      observation(detail({ schedulerStatus: null }), [], null),
      ctx('2026-01-01T00:00:00.000Z'),
    ).snapshot;
    const statuses: Array<[string | null, string]> = [];
    const steps: Array<string | null> = ['PENDING', 'RUNNING', 'STOPPING', 'STOPPED', null];
    let minute = 0;
    for (const status of steps) {
      minute += 5;
      const at = new Date(Date.parse('2026-01-01T00:00:00.000Z') + minute * 60000).toISOString();
      const d = detail({ schedulerStatus: status });
      const result = diffModel(
        snap,
        observation(d, [], status === null ? null : scheduler({ status })),
        ctx(at),
      );
      for (const e of result.events) {
        const s = e.detail as SchedulerStateChangeDetail;
        statuses.push([s.previousStatus, s.status]);
      }
      snap = result.snapshot;
    }
    expect(statuses).toEqual([
      [null, 'PENDING'],
      ['PENDING', 'RUNNING'],
      ['RUNNING', 'STOPPING'],
      ['STOPPING', 'STOPPED'],
      ['STOPPED', 'DELETED'],
    ]);
  });

  it('notices a scheduler deleted and re-created between polls', () => {
    const prev = baseline();
    const d = detail({ nextRetrainingDate: '2026-05-01T00:00:00.000Z' });
    expect(schedulerNeedsDescribe(prev, d)).toBe(true);
    const again = scheduler({ createdAt: '2026-02-01T00:00:00.000Z', promoteMode: 'MANAGED' });
    const { events } = diffModel(prev, observation(d, [], again), ctx('2026-02-01T01:00:00.000Z'));
    expect(
      events.map((e) => [
        (e.detail as SchedulerStateChangeDetail).previousStatus,
        (e.detail as SchedulerStateChangeDetail).status,
      ]),
    ).toEqual([
      ['RUNNING', 'DELETED'],
      [null, 'RUNNING'],
    ]);
    expect(new Set(events.map((e) => e.detail.eventId)).size).toBe(2);
  });
});

describe('diffModel — active version', () => {
  const promoted = () =>
    observation(
      detail({
        latestRunVersion: 3,
        latestRunStatus: 'SUCCESS',
        activeVersion: 3,
        activeVersionArn: 'x',
        activatedAt: '2026-02-01T03:00:00.000Z',
      }),
      [version(3, { autoPromotionResult: 'MODEL_PROMOTED', autoPromotionResultReason: 'better' })],
    );

  it('attributes an L4E promotion to MANAGED_PROMOTION', () => {
    const { events } = diffModel(baseline(), promoted(), ctx('2026-02-01T03:05:00.000Z'));
    const change = activeChangeOf(events);
    expect(change).toMatchObject({ previousActiveVersion: 1, activeVersion: 3, cause: 'MANAGED_PROMOTION' });
  });

  it('attributes an activation apply-policy asked for to AUTOPILOT_POLICY, else EXTERNAL', () => {
    const d = detail({
      latestRunVersion: 2,
      latestRunStatus: 'SUCCESS',
      activeVersion: 2,
      activatedAt: '2026-02-01T03:00:00.000Z',
    });
    const asked = new Map([[2, '2026-02-01T02:59:58.000Z']]);
    const autopilot = diffModel(
      baseline(),
      observation(d, [version(2)]),
      ctx('2026-02-01T03:05:00.000Z', { autopilotActivations: asked }),
    );
    const external = diffModel(baseline(), observation(d, [version(2)]), ctx('2026-02-01T03:05:00.000Z'));
    const stale = diffModel(
      baseline(),
      observation(d, [version(2)]),
      ctx('2026-02-01T03:05:00.000Z', { autopilotActivations: new Map([[2, '2026-01-01T00:00:00.000Z']]) }),
    );
    const causeOf = (r: typeof autopilot) => activeChangeOf(r.events).cause;
    expect(causeOf(autopilot)).toBe('AUTOPILOT_POLICY');
    expect(causeOf(external)).toBe('EXTERNAL');
    expect(causeOf(stale)).toBe('EXTERNAL');
  });

  it('treats a later re-activation of a once-promoted version as EXTERNAL', () => {
    const first = diffModel(baseline(), promoted(), ctx('2026-02-01T03:05:00.000Z'));
    const rolledBack = diffModel(
      first.snapshot,
      observation(
        detail({
          latestRunVersion: 3,
          latestRunStatus: 'SUCCESS',
          activeVersion: 1,
          activatedAt: '2026-02-02T00:00:00.000Z',
        }),
        [version(1, { sourceType: 'TRAINING', autoPromotionResult: null })],
      ),
      ctx('2026-02-02T00:05:00.000Z'),
    );
    const back = diffModel(rolledBack.snapshot, promoted(), ctx('2026-02-03T00:05:00.000Z'));
    const causes = [rolledBack, back].map((r) => activeChangeOf(r.events).cause);
    expect(causes).toEqual(['EXTERNAL', 'EXTERNAL']);
  });
});

describe('event ids', () => {
  it('are stable across re-runs and distinct across transitions', () => {
    const d = detail({ latestRunVersion: 4, latestRunStatus: 'SUCCESS' });
    const run = () =>
      diffModel(baseline(), observation(d, [version(3), version(4)]), ctx('2026-03-01T00:00:00.000Z'));
    const a = run().events.map((e) => e.detail.eventId);
    const b = run().events.map((e) => e.detail.eventId);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
    expect(a.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id))).toBe(
      true,
    );
  });

  it('give a run reaching SUCCESS the same id whether or not IN_PROGRESS was seen', () => {
    const d = detail({ latestRunVersion: 3, latestRunStatus: 'SUCCESS' });
    const direct = diffModel(baseline(), observation(d, [version(3)]), ctx('2026-03-01T00:00:00.000Z'));
    const seen = diffModel(
      baseline(),
      observation(detail({ latestRunVersion: 3, latestRunStatus: 'IN_PROGRESS' }), [
        version(3, { status: 'IN_PROGRESS', autoPromotionResult: null }),
      ]),
      ctx('2026-02-28T00:00:00.000Z'),
    );
    const after = diffModel(seen.snapshot, observation(d, [version(3)]), ctx('2026-03-01T00:00:00.000Z'));
    expect(after.events[0]?.detail.eventId).toBe(direct.events[0]?.detail.eventId);
  });
});

describe('change detection', () => {
  it('needs no read when the list summary is unchanged', () => {
    const prev = baseline();
    const same = detail({ latestRunVersion: 2, latestRunStatus: 'SUCCESS', activeVersion: 1 });
    expect(needsObservation(prev, same)).toBe(false);
    expect(needsObservation(prev, { ...same, latestRunStatus: 'IN_PROGRESS' })).toBe(true);
    expect(needsObservation(undefined, same)).toBe(true);
  });
});

describe('diffDeletedModel', () => {
  it('emits the scheduler deletion and the end of the active version', () => {
    const events = diffDeletedModel(baseline(), ctx('2026-03-01T00:00:00.000Z'));
    expect(events.map((e) => e.detailType)).toEqual([
      'Retraining Scheduler State Change',
      'Active Model Version Change',
    ]);
    expect(events[0]?.detail).toMatchObject({ previousStatus: 'RUNNING', status: 'DELETED' });
    expect(events[1]?.detail).toMatchObject({
      previousActiveVersion: 1,
      activeVersion: null,
      cause: 'EXTERNAL',
    });
  });
});
