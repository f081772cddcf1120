// Nothing read late is lost: a version L4E names but cannot yet describe, a promotion result that comes
// after SUCCESS, and a promote mode switched during a run.
import { describe, expect, it } from 'vitest';
import { NO_PROMOTION_RESULT, type PromotionResultDetail } from '../../../lib/core/events.js';
import type { ModelDetail, VersionDetail } from '../../../lib/core/model.js';
import {
  type ModelSnapshot,
  needsObservation,
  type Observation,
  planVersions,
  schedulerNeedsDescribe,
} from '../../../lib/core/snapshot.js';
import { type DiffContext, diffModel } from '../../../lib/core/transitions.js';
import { detail, observation, scheduler, version } from './builders.js';

const HOUR = 3600 * 1000;
const T0 = '2026-01-10T00:00:00.000Z';
const at = (hours: number) => new Date(Date.parse(T0) + hours * HOUR).toISOString();
const ctx = (observedAt: string, extra: Partial<DiffContext> = {}): DiffContext => ({
  observedAt,
  baselineSince: new Date(Date.parse(observedAt) - 24 * HOUR).toISOString(),
  autopilotActivations: new Map(),
  ...extra,
});

/** A steady model: v2 finished long ago with its result, v1 the trained original. */
function steady(): ModelSnapshot {
  const d = detail({ latestRunVersion: 2, latestRunStatus: 'SUCCESS', activeVersion: 1 });
  const v2 = version(2, { updatedAt: '2025-12-01T03:00:00.000Z' });
  return diffModel(
    undefined,
    observation(d, [v2, version(1, { sourceType: 'TRAINING' })], scheduler()),
    ctx(T0),
  ).snapshot;
}

function withUnreadable(obs: Observation, unreadable: number[]): Observation {
  return { ...obs, unreadable };
}

const v3Done = (overrides: Partial<VersionDetail> = {}) =>
  version(3, { createdAt: at(1), updatedAt: at(3), trainingStartTime: at(1), ...overrides });
const listedV3: ModelDetail = detail({ latestRunVersion: 3, latestRunStatus: 'SUCCESS', activeVersion: 1 });

describe('a version named by ListModels but not yet readable', () => {
  it('stays pending and is re-read every cycle until it reads, then reports its run and promotion once', () => {
    // Prepare
    let snapshot = steady();
    // Act: two polls where DescribeModelVersion does not find v3 yet
    for (const hour of [4, 5]) {
      expect(needsObservation(snapshot, listedV3)).toBe(true);
      expect(planVersions(snapshot, listedV3)).toContain(3);
      const result = diffModel(snapshot, withUnreadable(observation(listedV3), [3]), ctx(at(hour)));
      expect(result.events).toEqual([]);
      snapshot = result.snapshot;
    }
    // The third poll reads it
    expect(needsObservation(snapshot, listedV3)).toBe(true);
    expect(planVersions(snapshot, listedV3)).toContain(3);
    const read = diffModel(snapshot, observation(listedV3, [v3Done()]), ctx(at(6)));
    const again = diffModel(read.snapshot, observation(listedV3, [v3Done()]), ctx(at(7)));
    // Assess
    expect(read.events.map((e) => e.detailType)).toEqual([
      'Scheduled Retraining State Change',
      'Model Version Promotion Result',
    ]);
    expect(read.events[0]?.detail).toMatchObject({
      modelVersion: 3,
      status: 'SUCCESS',
      previousStatus: null,
    });
    expect(again.events).toEqual([]);
    expect(needsObservation(read.snapshot, listedV3)).toBe(false);
  });

  it('holds an active-version change back until the newly active version can be read', () => {
    const snapshot = steady();
    const d = detail({ latestRunVersion: 3, latestRunStatus: 'SUCCESS', activeVersion: 3 });
    const promoted = v3Done({ autoPromotionResult: 'MODEL_PROMOTED' });
    const blind = diffModel(snapshot, withUnreadable(observation(d), [3]), ctx(at(4)));
    expect(blind.events).toEqual([]);
    expect(needsObservation(blind.snapshot, d)).toBe(true);
    const read = diffModel(blind.snapshot, observation(d, [promoted]), ctx(at(5)));
    const active = read.events.find((e) => e.detailType === 'Active Model Version Change');
    expect(active?.detail).toMatchObject({
      previousActiveVersion: 1,
      activeVersion: 3,
      cause: 'MANAGED_PROMOTION',
    });
  });

  it('holds back a switch to an older version that cannot be read, and reports it once it can', () => {
    const snapshot = steady();
    const d = detail({ latestRunVersion: 2, latestRunStatus: 'SUCCESS', activeVersion: 2 });
    const blind = diffModel(snapshot, withUnreadable(observation(d), [2]), ctx(at(4)));
    expect(blind.events).toEqual([]);
    expect(needsObservation(blind.snapshot, d)).toBe(true);
    expect(planVersions(blind.snapshot, d)).toEqual([2]);
    const read = diffModel(blind.snapshot, observation(d, [version(2)]), ctx(at(5)));
    expect(read.events.map((e) => e.detail)).toEqual([
      expect.objectContaining({ previousActiveVersion: 1, activeVersion: 2, cause: 'EXTERNAL' }),
    ]);
    expect(needsObservation(read.snapshot, d)).toBe(false);
  });

  it('keeps the baseline rule for a version first observed unreadable', () => {
    const d = detail({ latestRunVersion: 2, latestRunStatus: 'SUCCESS' });
    const first = diffModel(undefined, withUnreadable(observation(d, [], scheduler()), [2]), ctx(T0));
    expect(needsObservation(first.snapshot, d)).toBe(true);
    // Finished long before the first observation: recorded, not reported.
    const old = version(2, { updatedAt: '2025-12-01T03:00:00.000Z' });
    const read = diffModel(first.snapshot, observation(d, [old]), ctx(at(30)));
    expect(read.events).toEqual([]);
    expect(needsObservation(read.snapshot, d)).toBe(false);
  });
});

describe('a run whose end ListModels shows before DescribeModelVersion does', () => {
  it('is re-read while the version lags behind the summary, and its SUCCESS is reported', () => {
    const started = detail({ latestRunVersion: 3, latestRunStatus: 'IN_PROGRESS', activeVersion: 1 });
    const inProgress = v3Done({ status: 'IN_PROGRESS', autoPromotionResult: null });
    const running = diffModel(steady(), observation(started, [inProgress], scheduler()), ctx(at(2)));
    const lagging = diffModel(running.snapshot, observation(listedV3, [inProgress], scheduler()), ctx(at(4)));
    expect(lagging.events).toEqual([]);
    expect(needsObservation(lagging.snapshot, listedV3)).toBe(true);
    const caughtUp = diffModel(lagging.snapshot, observation(listedV3, [v3Done()]), ctx(at(5)));
    expect(caughtUp.events[0]?.detail).toMatchObject({ previousStatus: 'IN_PROGRESS', status: 'SUCCESS' });
    expect(needsObservation(caughtUp.snapshot, listedV3)).toBe(false);
  });
});

describe('a SUCCESS run whose promotion result comes later', () => {
  const noResult = v3Done({ autoPromotionResult: null, autoPromotionResultReason: null });

  it('stays open, is re-read while the summary is unchanged, and reports the result when it appears', () => {
    // Prepare
    const first = diffModel(steady(), observation(listedV3, [noResult]), ctx(at(4)));
    expect(first.events.map((e) => e.detailType)).toEqual(['Scheduled Retraining State Change']);
    // Act
    expect(needsObservation(first.snapshot, listedV3)).toBe(true);
    expect(planVersions(first.snapshot, listedV3)).toEqual([3]);
    const still = diffModel(first.snapshot, observation(listedV3, [noResult]), ctx(at(5)));
    const arrived = diffModel(
      still.snapshot,
      observation(listedV3, [v3Done({ autoPromotionResult: 'MODEL_NOT_PROMOTED' })]),
      ctx(at(6)),
    );
    // Assess
    expect(still.events).toEqual([]);
    expect(arrived.events.map((e) => (e.detail as PromotionResultDetail).autoPromotionResult)).toEqual([
      'MODEL_NOT_PROMOTED',
    ]);
    expect(needsObservation(arrived.snapshot, listedV3)).toBe(false);
  });

  it('reports exactly one "no result" event when the window passes, then closes the run', () => {
    let snapshot = diffModel(steady(), observation(listedV3, [noResult]), ctx(at(4))).snapshot;
    const emitted: PromotionResultDetail[] = [];
    for (const hour of [10, 27.9, 28, 29]) {
      if (!needsObservation(snapshot, listedV3)) continue;
      const result = diffModel(snapshot, observation(listedV3, [noResult]), ctx(at(hour)));
      emitted.push(...result.events.map((e) => e.detail as PromotionResultDetail));
      snapshot = result.snapshot;
    }
    expect(emitted.map((d) => [d.modelVersion, d.autoPromotionResult, d.promoteMode])).toEqual([
      [3, NO_PROMOTION_RESULT, 'MANUAL'],
    ]);
    expect(emitted[0]?.autoPromotionResultReason).toMatch(/24 h/);
    expect(emitted[0]?.observedAt).toBe(at(28));
    expect(needsObservation(snapshot, listedV3)).toBe(false);
  });

  it('takes the window from the context', () => {
    const opened = diffModel(steady(), observation(listedV3, [noResult]), ctx(at(4))).snapshot;
    const short = { promotionResultWaitMs: 2 * HOUR };
    expect(diffModel(opened, observation(listedV3, [noResult]), ctx(at(5), short)).events).toEqual([]);
    const closed = diffModel(opened, observation(listedV3, [noResult]), ctx(at(6), short));
    expect(closed.events.map((e) => (e.detail as PromotionResultDetail).autoPromotionResultReason)).toEqual([
      expect.stringMatching(/2 h/),
    ]);
  });

  it('closes at once a run the first observation found finished long ago without a result', () => {
    const d = detail({ latestRunVersion: 2, latestRunStatus: 'SUCCESS' });
    const old = version(2, { updatedAt: '2025-12-01T03:00:00.000Z', autoPromotionResult: null });
    const first = diffModel(undefined, observation(d, [old], scheduler()), ctx(T0));
    expect(first.events).toEqual([]);
    expect(needsObservation(first.snapshot, d)).toBe(false);
  });
});

describe('the scheduler around a run', () => {
  it('is re-described when a run starts or finishes, and not on an idle cycle', () => {
    const snapshot = steady();
    const idle = detail({ latestRunVersion: 2, latestRunStatus: 'SUCCESS', activeVersion: 1 });
    const started = detail({ latestRunVersion: 3, latestRunStatus: 'IN_PROGRESS', activeVersion: 1 });
    expect(schedulerNeedsDescribe(snapshot, idle)).toBe(false);
    expect(schedulerNeedsDescribe(snapshot, started)).toBe(true);
    const running = diffModel(
      snapshot,
      observation(started, [v3Done({ status: 'IN_PROGRESS', autoPromotionResult: null })], scheduler()),
      ctx(at(2)),
    ).snapshot;
    expect(schedulerNeedsDescribe(running, started)).toBe(false);
    expect(schedulerNeedsDescribe(running, listedV3)).toBe(true);
  });

  it('is re-described when a run waiting for its promotion result gets one', () => {
    const waiting = diffModel(
      steady(),
      observation(listedV3, [v3Done({ autoPromotionResult: null })], scheduler()),
      ctx(at(4)),
    ).snapshot;
    const stillWaiting = new Map([[3, v3Done({ autoPromotionResult: null })]]);
    const promoted = new Map([[3, v3Done({ autoPromotionResult: 'MODEL_PROMOTED' })]]);
    expect(schedulerNeedsDescribe(waiting, listedV3, [], stillWaiting)).toBe(false);
    expect(schedulerNeedsDescribe(waiting, listedV3, [], promoted)).toBe(true);
  });

  it('waits for a run that cannot be read yet before describing the scheduler for it', () => {
    const blind = diffModel(steady(), withUnreadable(observation(listedV3), [3]), ctx(at(4))).snapshot;
    expect(schedulerNeedsDescribe(blind, listedV3, [3])).toBe(false);
    expect(schedulerNeedsDescribe(blind, listedV3, [])).toBe(true);
  });

  it('gives the run events the promote mode read when the run finished', () => {
    const started = detail({ latestRunVersion: 3, latestRunStatus: 'IN_PROGRESS', activeVersion: 1 });
    const running = diffModel(
      steady(),
      observation(
        started,
        [v3Done({ status: 'IN_PROGRESS', autoPromotionResult: null })],
        scheduler({ promoteMode: 'MANAGED' }),
      ),
      ctx(at(2)),
    );
    expect(running.events[0]?.detail).toMatchObject({ status: 'IN_PROGRESS', promoteMode: 'MANAGED' });
    const done = diffModel(
      running.snapshot,
      observation(listedV3, [v3Done()], scheduler({ promoteMode: 'MANUAL' })),
      ctx(at(4)),
    );
    expect(done.events.map((e) => (e.detail as { promoteMode: string | null }).promoteMode)).toEqual([
      'MANUAL',
      'MANUAL',
    ]);
  });
});
