// The retraining runs' side of a diff: each run's status transitions and its promotion result, and the
// runs the snapshot keeps (still moving, still owed a promotion result, or among the most recent).
import type { AutopilotEvent } from './events.js';
import { isFinalRunStatus, RETRAINING_SOURCE, type VersionDetail } from './model.js';
import { isOpenRun, type ModelSnapshot, type Observation, type RunState } from './snapshot.js';
import { changedSince, DEFAULT_PROMOTION_RESULT_WAIT_MS, type DiffContext } from './transitions-context.js';
import { noResultEvent, promotionEvent, runEvent, type VersionOrigin } from './transitions-events.js';

/** Final runs kept in the snapshot besides those still moving. */
const RECENT_RUNS_KEPT = 5;

export interface RunDiff {
  events: AutopilotEvent[];
  runs: Record<string, RunState>;
  unread: Record<string, string | null>;
}

interface RunInput {
  version: VersionDetail;
  known: RunState | undefined;
  /** A version read for the first time is judged by this baseline; null: everything is reportable. */
  baselineSince: string | null;
  promoteMode: string | null;
  obs: Observation;
  ctx: DiffContext;
}

interface PromotionDiff {
  event: AutopilotEvent | null;
  reported: boolean;
  awaitingSince?: string;
}

function pruneRuns(runs: Record<string, RunState>): Record<string, RunState> {
  const keys = Object.keys(runs)
    .map(Number)
    .sort((a, b) => b - a);
  const kept: Record<string, RunState> = {};
  let finals = 0;
  for (const key of keys) {
    const run = runs[String(key)] as RunState;
    const moving = isOpenRun(run);
    if (moving || finals < RECENT_RUNS_KEPT) kept[String(key)] = run;
    if (!moving) finals++;
  }
  return kept;
}

function originOf({ obs, ctx }: RunInput): VersionOrigin {
  return { modelArn: obs.summary.arn, origin: obs.summary.origin, observedAt: ctx.observedAt };
}

/**
 * A retraining run's promotion: reported once when L4E gives a result; a run seen to finish without one
 * waits, bounded, then one event says none came; history from before the first observation owes nothing.
 */
function diffPromotion(input: RunInput, reportable: boolean): PromotionDiff {
  const { version, known, promoteMode, obs, ctx } = input;
  if (known?.promotionReported) return { event: null, reported: true };
  const setting = { promoteMode, activeVersion: obs.detail.activeVersion };
  if (version.autoPromotionResult !== null) {
    return { event: reportable ? promotionEvent(originOf(input), version, setting) : null, reported: true };
  }
  if (!isFinalRunStatus(version.status)) return { event: null, reported: false };
  if (!reportable) return { event: null, reported: true };
  const waitMs = ctx.promotionResultWaitMs ?? DEFAULT_PROMOTION_RESULT_WAIT_MS;
  const awaitingSince = known?.awaitingSince ?? ctx.observedAt;
  if (Date.parse(ctx.observedAt) - Date.parse(awaitingSince) < waitMs) {
    return { event: null, reported: false, awaitingSince };
  }
  return { event: noResultEvent(originOf(input), version, setting, waitMs), reported: true };
}

/** Whether a run's changes are news: known already, in progress, or changed within its baseline. */
function isReportable({ version, known, baselineSince }: RunInput): boolean {
  if (known !== undefined || baselineSince === null || !isFinalRunStatus(version.status)) return true;
  return changedSince(version.updatedAt ?? version.createdAt, baselineSince);
}

/** One version's run and promotion events, and what the snapshot keeps about it. */
function diffRun(input: RunInput): { events: AutopilotEvent[]; run: RunState } {
  const { version, known, promoteMode } = input;
  const retraining = version.sourceType === RETRAINING_SOURCE;
  if (!retraining) {
    const run = { status: version.status, retraining, promotionReported: known?.promotionReported ?? false };
    return { events: [], run };
  }
  const events: AutopilotEvent[] = [];
  const reportable = isReportable(input);
  if (reportable && known?.status !== version.status) {
    events.push(runEvent(originOf(input), version, known?.status ?? null, promoteMode));
  }
  const promotion = diffPromotion(input, reportable);
  if (promotion.event) events.push(promotion.event);
  const run: RunState = { status: version.status, retraining, promotionReported: promotion.reported };
  if (promotion.awaitingSince !== undefined && !promotion.reported)
    run.awaitingSince = promotion.awaitingSince;
  return { events, run };
}

/** The runs and unread versions carried from the snapshot of the same model (none on a first one). */
function carried(prev: ModelSnapshot | undefined) {
  return {
    runs: { ...(prev?.runs ?? {}) },
    wasUnread: prev?.unreadVersions ?? {},
    isNewVersion: (v: number) =>
      prev === undefined || v > prev.latestVersion || String(v) in (prev.unreadVersions ?? {}),
  };
}

/** `prev` is the snapshot of the same model, undefined on a first observation. */
export function diffRuns(
  prev: ModelSnapshot | undefined,
  obs: Observation,
  promoteMode: string | null,
  ctx: DiffContext,
): RunDiff {
  const { runs, wasUnread, isNewVersion } = carried(prev);
  const isNew = (v: number) => runs[String(v)] === undefined && isNewVersion(v);
  const baselineOf = (v: number): string | null =>
    prev === undefined ? ctx.baselineSince : (wasUnread[String(v)] ?? null);
  const events: AutopilotEvent[] = [];
  const versions = [...obs.versions.values()].sort((a, b) => a.version - b.version);
  for (const version of versions) {
    const known = runs[String(version.version)];
    if (known === undefined && !isNew(version.version)) continue;
    const baselineSince = baselineOf(version.version);
    const diff = diffRun({ version, known, baselineSince, promoteMode, obs, ctx });
    events.push(...diff.events);
    runs[String(version.version)] = diff.run;
  }
  // A version L4E names but does not yet return stays unread, never skipped: it is read again next cycle.
  const unread: Record<string, string | null> = {};
  for (const v of obs.unreadable ?? []) {
    if (!obs.versions.has(v) && isNew(v)) unread[String(v)] = baselineOf(v);
  }
  return { events, runs: pruneRuns(runs), unread };
}
