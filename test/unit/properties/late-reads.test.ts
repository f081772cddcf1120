// Nothing read late is lost, over any timeline: a retrained version unreadable for some polls, a promotion
// result that comes after any delay or never, polls at any spacing and any wait. Polls are driven the way
// the watcher drives them (needsObservation, planVersions), so a model the core would skip is skipped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AutopilotEvent, NO_PROMOTION_RESULT } from '../../../lib/core/events.js';
import type { ModelDetail, VersionDetail } from '../../../lib/core/model.js';
import { type ModelSnapshot, needsObservation, planVersions } from '../../../lib/core/snapshot.js';
import { diffModel } from '../../../lib/core/transitions.js';
import { detail, scheduler, version } from '../core/builders.js';
import { settings } from './arbitraries.js';

const HOUR = 3600 * 1000;
const T0 = Date.parse('2026-01-10T00:00:00.000Z');

const timeline = fc.record({
  gapsHours: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 24 }),
  unreadablePolls: fc.nat(5),
  /** Hours after the run first reads SUCCESS at which L4E sets the result; null: never. */
  resultAfterHours: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
  waitHours: fc.integer({ min: 1, max: 30 }),
});

type Timeline = typeof timeline extends fc.Arbitrary<infer T> ? T : never;

interface Outcome {
  events: AutopilotEvent[];
  last: ModelSnapshot;
  firstReadAt: number | null;
  pollTimes: number[];
}

/** What a poll reads of v2 (the only version planned besides the baseline's): nothing while unreadable. */
function readV2(snapshot: ModelSnapshot, listed: ModelDetail, readable: boolean, resultSet: boolean) {
  const versions = new Map<number, VersionDetail>();
  const unreadable: number[] = [];
  if (!planVersions(snapshot, listed).includes(2)) return { versions, unreadable };
  if (!readable) unreadable.push(2);
  else {
    versions.set(
      2,
      version(2, {
        createdAt: new Date(T0 + HOUR).toISOString(),
        updatedAt: new Date(T0 + 2 * HOUR).toISOString(),
        autoPromotionResult: resultSet ? 'MODEL_NOT_PROMOTED' : null,
      }),
    );
  }
  return { versions, unreadable };
}

function run(t: Timeline): Outcome {
  const ctx = (at: number) => ({
    observedAt: new Date(at).toISOString(),
    baselineSince: new Date(at - 24 * HOUR).toISOString(),
    autopilotActivations: new Map<number, string>(),
    promotionResultWaitMs: t.waitHours * HOUR,
  });
  const steady = detail({ latestRunVersion: null, latestRunStatus: null, activeVersion: 1 });
  const v1 = version(1, { sourceType: 'TRAINING', autoPromotionResult: null });
  let snapshot = diffModel(
    undefined,
    { summary: steady, detail: steady, scheduler: scheduler(), versions: new Map([[1, v1]]) },
    ctx(T0),
  ).snapshot;
  const listed = detail({ latestRunVersion: 2, latestRunStatus: 'SUCCESS', activeVersion: 1 });
  const events: AutopilotEvent[] = [];
  const pollTimes: number[] = [];
  let at = T0;
  let polls = 0;
  let firstReadAt: number | null = null;
  for (const gap of t.gapsHours) {
    at += gap * HOUR;
    pollTimes.push(at);
    if (!needsObservation(snapshot, listed)) continue;
    const readable = polls >= t.unreadablePolls;
    polls += 1;
    if (readable && firstReadAt === null) firstReadAt = at;
    const resultSet =
      firstReadAt !== null && t.resultAfterHours !== null && at - firstReadAt >= t.resultAfterHours * HOUR;
    const { versions, unreadable } = readV2(snapshot, listed, readable, resultSet);
    const result = diffModel(
      snapshot,
      { summary: listed, detail: listed, scheduler: undefined, versions, unreadable },
      ctx(at),
    );
    events.push(...result.events);
    snapshot = result.snapshot;
  }
  return { events, last: snapshot, firstReadAt, pollTimes };
}

/** What the events should say about v2's promotion, given when the run was first read. */
function expectedPromotion(t: Timeline, o: Outcome): string | null {
  if (o.firstReadAt === null) return null;
  for (const at of o.pollTimes.filter((p) => p >= (o.firstReadAt as number))) {
    const elapsed = at - (o.firstReadAt as number);
    if (t.resultAfterHours !== null && elapsed >= t.resultAfterHours * HOUR) return 'MODEL_NOT_PROMOTED';
    if (elapsed >= t.waitHours * HOUR) return NO_PROMOTION_RESULT;
  }
  return null;
}

describe('late reads, over any timeline', () => {
  it('report a run once it reads, its promotion (or the lack of one) at most once, and close it then', () => {
    fc.assert(
      fc.property(timeline, (t) => {
        const o = run(t);
        const runs = o.events.filter((e) => e.detailType === 'Scheduled Retraining State Change');
        const promotions = o.events.filter((e) => e.detailType === 'Model Version Promotion Result');
        const ids = o.events.map((e) => e.detail.eventId);
        expect(new Set(ids).size).toBe(ids.length);
        expect(runs.map((e) => (e.detail as { status: string }).status)).toEqual(
          o.firstReadAt === null ? [] : ['SUCCESS'],
        );
        const expected = expectedPromotion(t, o);
        expect(
          promotions.map((e) => (e.detail as { autoPromotionResult: string }).autoPromotionResult),
        ).toEqual(expected === null ? [] : [expected]);
        // Open until its result (or its absence) is reported; idle after.
        const listed = detail({ latestRunVersion: 2, latestRunStatus: 'SUCCESS', activeVersion: 1 });
        expect(needsObservation(o.last, listed)).toBe(expected === null);
      }),
      settings(300),
    );
  });
});
