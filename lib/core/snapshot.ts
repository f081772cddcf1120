// What the watcher remembers about one model between polls, and what it must read to move forward.
import type { ModelDetail, ModelOrigin, ModelSummary, RetrainingSchedule, VersionDetail } from './model.js';
import { isFinalRunStatus } from './model.js';

export const SNAPSHOT_FORMAT = 1;

export interface SchedulerState {
  status: string;
  promoteMode: string | null;
  frequency: string | null;
  lookbackWindow: string | null;
  startDate: string | null;
  nextDate: string | null;
  createdAt: string | null;
}

export interface RunState {
  status: string;
  retraining: boolean;
  /** Nothing more is owed about its promotion: the result (or its absence) was reported, or it is history. */
  promotionReported: boolean;
  /** When the run was first seen finished without a promotion result (the wait for one starts then). */
  awaitingSince?: string;
}

export interface ModelSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  modelName: string;
  modelArn: string;
  /** The provider and its ids: the model's final events, when it is gone, say it too. */
  origin: ModelOrigin;
  /** Canonical form of the list summary: unchanged key ⇒ nothing to read. */
  summaryKey: string;
  status: string;
  activeVersion: number | null;
  activeVersionArn: string | null;
  activatedAt: string | null;
  scheduler: SchedulerState | null;
  /** Counts scheduler transitions so each gets its own deterministic id. */
  schedulerSeq: number;
  /** Highest version number accounted for. */
  latestVersion: number;
  /** Runs still moving (or whose promotion result is not yet reported), plus the most recent few. */
  runs: Record<string, RunState>;
  /** Versions whose first activation was already attributed to managed promotion. */
  managedActivations: number[];
  /**
   * Versions L4E named that could not be read yet, re-read every cycle until they are: version → the
   * baseline instant they are judged by when they are (set when a first observation could not read them).
   */
  unreadVersions?: Record<string, string | null>;
  observedAt: string;
}

/** What one cycle read about a changed model. */
export interface Observation {
  summary: ModelSummary;
  detail: ModelDetail;
  /** undefined: not re-read this cycle (keep what the snapshot has); null: the model has no scheduler. */
  scheduler: RetrainingSchedule | null | undefined;
  versions: ReadonlyMap<number, VersionDetail>;
  /** Versions asked for this cycle that L4E did not find (named by the list, not yet readable). */
  unreadable?: readonly number[];
}

const SUMMARY_FIELDS: ReadonlyArray<keyof ModelSummary> = [
  'arn',
  'status',
  'activeVersion',
  'activeVersionArn',
  'latestRunVersion',
  'latestRunStatus',
  'latestRunStartTime',
  'nextRetrainingDate',
  'schedulerStatus',
  'modelQuality',
];

export function summaryKey(summary: ModelSummary): string {
  return JSON.stringify(SUMMARY_FIELDS.map((field) => summary[field] ?? null));
}

export function isFirstObservation(prev: ModelSnapshot | undefined, summary: ModelSummary): boolean {
  return prev === undefined || prev.modelArn !== summary.arn;
}

/** A run still moving, or finished with its promotion result still owed: it is read every cycle. */
export function isOpenRun(run: RunState): boolean {
  return !isFinalRunStatus(run.status) || (run.retraining && !run.promotionReported);
}

/** A finished retraining run whose promotion result is still owed. */
export function awaitsPromotionResult(run: RunState): boolean {
  return run.retraining && isFinalRunStatus(run.status) && !run.promotionReported;
}

/**
 * Whether the snapshot is behind what it knows L4E has: a version it could not read yet, a run waiting
 * for its promotion result, or a summary that names a run state or active version not yet read back.
 * Such a model is observed every cycle, whether or not its summary moved; an idle model is not.
 */
export function hasOpenWork(prev: ModelSnapshot, summary: ModelSummary): boolean {
  if (Object.keys(prev.unreadVersions ?? {}).length > 0) return true;
  if (Object.values(prev.runs).some(awaitsPromotionResult)) return true;
  if (summary.activeVersion !== prev.activeVersion) return true;
  const latest = summary.latestRunVersion === null ? undefined : prev.runs[String(summary.latestRunVersion)];
  return (
    latest !== undefined &&
    !isFinalRunStatus(latest.status) &&
    summary.latestRunStatus !== null &&
    summary.latestRunStatus !== latest.status
  );
}

/** Whether a model needs any read beyond ListModels this cycle. */
export function needsObservation(prev: ModelSnapshot | undefined, summary: ModelSummary): boolean {
  if (prev === undefined || isFirstObservation(prev, summary)) return true;
  return prev.summaryKey !== summaryKey(summary) || hasOpenWork(prev, summary);
}

/** Whether the summary shows a retraining run that started or finished since the snapshot (and can be read). */
function runMoved(prev: ModelSnapshot, summary: ModelSummary, unreadable: readonly number[]): boolean {
  const version = summary.latestRunVersion;
  if (version === null || unreadable.includes(version)) return false;
  const run = prev.runs[String(version)];
  if (run === undefined)
    return version > prev.latestVersion || String(version) in (prev.unreadVersions ?? {});
  return run.status !== summary.latestRunStatus;
}

/** Whether a run that was waiting for its promotion result has one in the versions just read. */
function promotionResultArrived(prev: ModelSnapshot, read: ReadonlyMap<number, VersionDetail>): boolean {
  for (const [version, detail] of read) {
    const run = prev.runs[String(version)];
    if (run?.retraining && !run.promotionReported && detail.autoPromotionResult !== null) return true;
  }
  return false;
}

/**
 * The scheduler is described when first seen, when its status or next date moves, whenever a run
 * starts or finishes, and when a run's promotion result arrives, so a run's events carry the promote mode
 * in force when the run was seen to move (a switch between MANAGED and MANUAL changes neither the status
 * nor the next date). A run whose version is still `unreadable` this cycle waits: it is reported, with a
 * fresh scheduler, when it can be read.
 */
export function schedulerNeedsDescribe(
  prev: ModelSnapshot | undefined,
  summary: ModelSummary,
  unreadable: readonly number[] = [],
  read: ReadonlyMap<number, VersionDetail> = new Map(),
): boolean {
  if (summary.schedulerStatus === null) return false;
  const known = prev === undefined || isFirstObservation(prev, summary) ? null : prev.scheduler;
  if (prev === undefined || known === null || known.promoteMode === null) return true;
  return (
    known.status !== summary.schedulerStatus ||
    known.nextDate !== summary.nextRetrainingDate ||
    runMoved(prev, summary, unreadable) ||
    promotionResultArrived(prev, read)
  );
}

/**
 * Which versions to describe for a changed model: runs still moving or waiting for their promotion
 * result, versions not yet readable, versions created since the last poll (so two runs finishing between
 * polls are both seen), and a newly active version (to attribute the change). A first observation reads
 * only the latest run and the active version: no flood.
 */
export function planVersions(prev: ModelSnapshot | undefined, detail: ModelDetail): number[] {
  const same = isFirstObservation(prev, detail) ? undefined : prev;
  const wanted = new Set<number>(same === undefined ? firstReads(detail) : openVersions(same, detail));
  if (detail.activeVersion !== null && detail.activeVersion !== same?.activeVersion) {
    wanted.add(detail.activeVersion);
  }
  return [...wanted].filter((v) => Number.isInteger(v) && v > 0).sort((a, b) => a - b);
}

/** A first observation reads only the latest run: no flood. */
function firstReads(detail: ModelDetail): number[] {
  return detail.latestRunVersion === null ? [] : [detail.latestRunVersion];
}

/** Runs still open, versions not yet readable, and every version created since the last poll. */
function openVersions(prev: ModelSnapshot, detail: ModelDetail): number[] {
  const open = Object.entries(prev.runs)
    .filter(([, run]) => isOpenRun(run))
    .map(([key]) => Number(key));
  const unread = Object.keys(prev.unreadVersions ?? {}).map(Number);
  const newest = Math.max(detail.latestRunVersion ?? 0, detail.activeVersion ?? 0);
  const created = Array.from(
    { length: Math.max(0, newest - prev.latestVersion) },
    (_, i) => prev.latestVersion + 1 + i,
  );
  return [...open, ...unread, ...created];
}
