// What SiteWise shows of one trained model (its actions, executions and the objects its runs left in S3),
// and which of those objects belong to which listed run. Pure.
import {
  ACTION_EXECUTION_SKEW_MS,
  folderVersionOf,
  type InferencePayload,
  RESULT_WRITE_WINDOW_MS,
  type RunResult,
  type TrainingPayload,
} from './sitewise-assumptions.js';

export interface ActionRead {
  id: string;
  /** The asset the action resolves to, as ListActions says. */
  assetId?: string | null;
  time: number;
  training: TrainingPayload | null;
  inference: InferencePayload | null;
}

export interface ExecutionRead {
  id: string;
  /** The asset the execution resolves to, as ListExecutions says. */
  assetId?: string | null;
  actionType: string;
  start: number;
  end: number | null;
  state: string;
  entityVersion: number | null;
}

/** The objects one run left under its destination (one folder). */
export interface RunObjects {
  bucket: string;
  folder: string;
  result: RunResult | null;
  metricsKey: string | null;
  priorKey: string | null;
  /** When the newest of its objects was written. */
  writtenAt: number | null;
  /** Each object's ETag, by key. */
  etags: Record<string, string>;
}

export interface TrainedReads {
  actions: readonly ActionRead[];
  executions: readonly ExecutionRead[];
  objects: readonly RunObjects[];
}

export function objectsOfExecution(e: ExecutionRead, objects: readonly RunObjects[]): RunObjects | undefined {
  return (
    objects.find((o) => o.result?.executionId === e.id || o.folder === e.id) ??
    (e.entityVersion === null
      ? undefined
      : objects.find((o) => (o.result?.modelVersion ?? folderVersionOf(o.folder)) === e.entityVersion))
  );
}

/** Objects no listed execution claimed whose data window ends as a listed scheduled run started. */
export function objectsByWindow(e: ExecutionRead, objects: readonly RunObjects[]): RunObjects | undefined {
  return objects.find(
    (o) =>
      o.result?.executionId == null &&
      o.result?.dataEndTime != null &&
      Math.abs(o.result.dataEndTime - e.start) <= ACTION_EXECUTION_SKEW_MS,
  );
}

/**
 * Objects that name no execution, written within RESULT_WRITE_WINDOW_MS after a finished listed run, whose
 * data window does not start after it: that run's (a folder per version, a result without executionId).
 */
export function objectsWrittenAfter(
  e: ExecutionRead,
  objects: readonly RunObjects[],
): RunObjects | undefined {
  if (e.end === null) return undefined;
  const end = e.end;
  return objects
    .filter(
      (o) =>
        o.result?.executionId == null &&
        o.writtenAt !== null &&
        o.writtenAt >= end &&
        o.writtenAt - end <= RESULT_WRITE_WINDOW_MS &&
        (o.result?.dataEndTime == null || o.result.dataEndTime <= e.start + ACTION_EXECUTION_SKEW_MS),
    )
    .sort((a, b) => (a.writtenAt ?? 0) - (b.writtenAt ?? 0))[0];
}
