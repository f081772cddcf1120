// What the watcher remembers about one model between polls, and what it must read to move forward.
import type { ModelDetail, ModelSummary, SchedulerDetail, VersionDetail } from './model.js';
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
  promotionReported: boolean;
}

export interface ModelSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  modelName: string;
  modelArn: string;
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
  observedAt: string;
}

/** What one cycle read about a changed model. */
export interface Observation {
  summary: ModelSummary;
  detail: ModelDetail;
  /** undefined: not re-read this cycle (keep what the snapshot has); null: the model has no scheduler. */
  scheduler: SchedulerDetail | null | undefined;
  versions: ReadonlyMap<number, VersionDetail>;
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

/** Whether a model needs any read beyond ListModels this cycle. */
export function needsObservation(prev: ModelSnapshot | undefined, summary: ModelSummary): boolean {
  if (isFirstObservation(prev, summary)) return true;
  return prev?.summaryKey !== summaryKey(summary);
}

export function schedulerNeedsDescribe(prev: ModelSnapshot | undefined, summary: ModelSummary): boolean {
  if (summary.schedulerStatus === null) return false;
  const known = isFirstObservation(prev, summary) ? null : (prev?.scheduler ?? null);
  if (known === null || known.promoteMode === null) return true;
  return known.status !== summary.schedulerStatus || known.nextDate !== summary.nextRetrainingDate;
}

/**
 * Which versions to describe for a changed model: runs still moving, versions created since the last
 * poll (so two runs finishing between polls are both seen), and a newly active version (to attribute
 * the change). A first observation reads only the latest run and the active version: no flood.
 */
export function planVersions(prev: ModelSnapshot | undefined, detail: ModelDetail): number[] {
  const wanted = new Set<number>();
  const first = isFirstObservation(prev, detail);
  if (!first && prev) {
    for (const [key, run] of Object.entries(prev.runs)) {
      if (!isFinalRunStatus(run.status) || (run.retraining && !run.promotionReported))
        wanted.add(Number(key));
    }
    const newest = Math.max(detail.latestRunVersion ?? 0, detail.activeVersion ?? 0);
    for (let v = prev.latestVersion + 1; v <= newest; v++) wanted.add(v);
  } else if (detail.latestRunVersion !== null) {
    wanted.add(detail.latestRunVersion);
  }
  if (detail.activeVersion !== null && (first || detail.activeVersion !== prev?.activeVersion)) {
    wanted.add(detail.activeVersion);
  }
  return [...wanted].filter((v) => Number.isInteger(v) && v > 0).sort((a, b) => a - b);
}
