// One trained model's history rebuilt from what SiteWise lists (actions, executions) and what its runs left
// in S3: the training runs in order, the active model version over time, and the retraining scheduler.
// Pure. Runs are numbered in start order: SiteWise gives a failed run no model version, yet the autopilot
// names every run by a version number, so a run's number is its place among all runs (it equals SiteWise's
// model version until a run fails); activation maps the number back to SiteWise's version.
import {
  ACTION_EXECUTION_SKEW_MS,
  FIRST_TRAINED_VERSION_IS_ACTIVE,
  folderVersionOf,
  PROMOTED_REASON_CODE,
  runStatusOf,
  SUCCESSFUL_RUN_MAKES_NEXT_VERSION,
  TRAINING_ACTION_TYPE,
} from './sitewise-assumptions.js';
import {
  type ActionRead,
  type ExecutionRead,
  objectsByWindow,
  objectsOfExecution,
  objectsWrittenAfter,
  type RunObjects,
  type TrainedReads,
} from './sitewise-history.js';

export interface Run {
  number: number;
  /** SiteWise's model version (null: none, or not known yet). */
  modelVersion: number | null;
  scheduled: boolean;
  status: string;
  start: number | null;
  end: number | null;
  executionId: string | null;
  objects: RunObjects | null;
  /** The promotion setting of the scheduler that started it (scheduled runs only). */
  promotion: string | null;
}

export interface Timeline {
  runs: Run[];
  active: { number: number | null; at: number | null; previous: number | null; previousAt: number | null };
  scheduler: { action: ActionRead; start: ActionRead | null; executionState: string | null } | null;
  /** The inference START in force, whose settings an activation re-sends. */
  inferenceStart: ActionRead | null;
}

const isSchedulerMode = (mode: string | undefined) =>
  mode === 'START_RETRAINING_SCHEDULER' || mode === 'STOP_RETRAINING_SCHEDULER';

const isTraining = (e: ExecutionRead) => e.actionType === TRAINING_ACTION_TYPE;

/** The execution of `action`: of its type, not taken by another action, started closest to its time. */
function closestExecution(
  action: ActionRead,
  executions: readonly ExecutionRead[],
  taken: ReadonlySet<string>,
): ExecutionRead | undefined {
  const training = action.training !== null;
  const gap = (e: ExecutionRead) => Math.abs(e.start - action.time);
  const candidates = executions.filter(
    (e) => !taken.has(e.id) && isTraining(e) === training && gap(e) <= ACTION_EXECUTION_SKEW_MS,
  );
  return candidates.sort((a, b) => gap(a) - gap(b))[0];
}

/** Each action's execution, paired by time (ListExecutions names no action). */
export function pairActions(reads: TrainedReads): Map<string, ExecutionRead> {
  const paired = new Map<string, ExecutionRead>();
  const taken = new Set<string>();
  for (const action of [...reads.actions].sort((a, b) => a.time - b.time)) {
    const best = closestExecution(action, reads.executions, taken);
    if (best === undefined) continue;
    paired.set(action.id, best);
    taken.add(best.id);
  }
  return paired;
}

type Draft = Omit<Run, 'number' | 'modelVersion' | 'promotion'>;

function listedRuns(reads: TrainedReads, paired: Map<string, ExecutionRead>, unclaimed: Set<RunObjects>) {
  const byExecution = new Map([...paired].map(([actionId, e]) => [e.id, actionId]));
  const actions = new Map(reads.actions.map((a) => [a.id, a]));
  const drafts: Draft[] = [];
  for (const e of reads.executions) {
    if (e.actionType !== TRAINING_ACTION_TYPE) continue;
    const action = actions.get(byExecution.get(e.id) ?? '');
    if (isSchedulerMode(action?.training?.mode)) continue;
    const scheduled = action === undefined;
    const pool = [...unclaimed];
    const found =
      objectsOfExecution(e, pool) ??
      (scheduled ? objectsByWindow(e, pool) : undefined) ??
      objectsWrittenAfter(e, pool);
    if (found !== undefined) unclaimed.delete(found);
    const status = runStatusOf(e.state);
    drafts.push({ scheduled, status, start: e.start, end: e.end, executionId: e.id, objects: found ?? null });
  }
  return drafts;
}

/** A run only S3 shows (a scheduled run SiteWise does not list): its status from its result, else its metrics. */
function hiddenRun(objects: RunObjects): Draft {
  const status =
    objects.result?.status != null
      ? runStatusOf(objects.result.status)
      : objects.metricsKey !== null
        ? 'SUCCESS'
        : 'IN_PROGRESS';
  return {
    scheduled: true,
    status,
    start: objects.result?.dataEndTime ?? objects.writtenAt,
    end: objects.writtenAt,
    executionId: objects.result?.executionId ?? null,
    objects,
  };
}

const startOrder = (a: Draft, b: Draft) =>
  (a.start ?? Number.MAX_SAFE_INTEGER) - (b.start ?? Number.MAX_SAFE_INTEGER) ||
  (a.executionId ?? a.objects?.folder ?? '').localeCompare(b.executionId ?? b.objects?.folder ?? '');

function promotionAt(reads: TrainedReads, at: number | null): string | null {
  let promotion: string | null = null;
  for (const action of [...reads.actions].sort((a, b) => a.time - b.time)) {
    if (at !== null && action.time > at) break;
    if (action.training?.mode === 'START_RETRAINING_SCHEDULER') promotion = action.training.promotion;
  }
  return promotion;
}

/** Every training run in start order, numbered, with SiteWise's model version where it can be known. */
export function buildRuns(reads: TrainedReads, paired: Map<string, ExecutionRead>): Run[] {
  const unclaimed = new Set(reads.objects);
  const drafts = listedRuns(reads, paired, unclaimed);
  for (const objects of unclaimed) drafts.push(hiddenRun(objects));
  drafts.sort(startOrder);
  const runs: Run[] = [];
  let lastVersion = 0;
  for (const [index, draft] of drafts.entries()) {
    const execution = reads.executions.find((e) => e.id === draft.executionId);
    const named =
      execution?.entityVersion ??
      draft.objects?.result?.modelVersion ??
      (draft.objects === null ? null : folderVersionOf(draft.objects.folder));
    // Counting completed trainings: each successful run makes the next model version.
    const counted = SUCCESSFUL_RUN_MAKES_NEXT_VERSION && draft.status === 'SUCCESS' ? lastVersion + 1 : null;
    const modelVersion = named ?? counted;
    if (modelVersion !== null) lastVersion = Math.max(lastVersion, modelVersion);
    const promotion = draft.scheduled ? promotionAt(reads, draft.start) : null;
    runs.push({ ...draft, number: index + 1, modelVersion, promotion });
  }
  return runs;
}

interface Activation {
  at: number;
  modelVersion: number;
}

function inferenceActivations(reads: TrainedReads, paired: Map<string, ExecutionRead>): Activation[] {
  return reads.actions.flatMap((action) => {
    const target = action.inference?.mode === 'START' ? action.inference.targetModelVersion : null;
    const failed = paired.get(action.id)?.state === 'FAILED';
    return target === null || failed ? [] : [{ at: action.time, modelVersion: target }];
  });
}

/** What each finished run says about the active version: its result's, a promotion, or the first version. */
function runActivations(runs: readonly Run[]): Activation[] {
  const list: Activation[] = [];
  let anyActive = false;
  for (const run of runs) {
    if (run.modelVersion === null || run.status !== 'SUCCESS') continue;
    const at = run.end ?? run.objects?.writtenAt ?? run.start ?? 0;
    const result = run.objects?.result;
    // A result's activeModelVersion is read only when it names the run's own version: as of the run's end,
    // it may be older than an inference START made while the objects were still to be written.
    const madeActive =
      result?.reasonCode === PROMOTED_REASON_CODE || result?.activeModelVersion === run.modelVersion;
    // The first trained version is the active one until inference or a promotion names another.
    if (madeActive || (FIRST_TRAINED_VERSION_IS_ACTIVE && !anyActive))
      list.push({ at, modelVersion: run.modelVersion });
    anyActive = true;
  }
  return list;
}

function activations(reads: TrainedReads, runs: readonly Run[], paired: Map<string, ExecutionRead>) {
  return [...inferenceActivations(reads, paired), ...runActivations(runs)].sort((a, b) => a.at - b.at);
}

function activeOf(reads: TrainedReads, runs: readonly Run[], paired: Map<string, ExecutionRead>) {
  const numberOf = (v: number) =>
    runs.find((r) => r.modelVersion === v && r.status === 'SUCCESS')?.number ?? v;
  const active: Timeline['active'] = { number: null, at: null, previous: null, previousAt: null };
  for (const { at, modelVersion } of activations(reads, runs, paired)) {
    const number = numberOf(modelVersion);
    if (number === active.number) continue;
    Object.assign(active, { previous: active.number, previousAt: active.at, number, at });
  }
  return active;
}

/** The latest action `wanted` picks; of actions at the same instant, the one listed last. */
export function latest(actions: readonly ActionRead[], wanted: (a: ActionRead) => boolean) {
  let found: ActionRead | null = null;
  for (const action of actions)
    if (wanted(action) && (found === null || action.time >= found.time)) found = action;
  return found;
}

export function buildTimeline(reads: TrainedReads): Timeline {
  const paired = pairActions(reads);
  const runs = buildRuns(reads, paired);
  const schedulerAction = latest(reads.actions, (a) => isSchedulerMode(a.training?.mode));
  const start = latest(reads.actions, (a) => a.training?.mode === 'START_RETRAINING_SCHEDULER');
  return {
    runs,
    active: activeOf(reads, runs, paired),
    scheduler:
      schedulerAction === null
        ? null
        : { action: schedulerAction, start, executionState: paired.get(schedulerAction.id)?.state ?? null },
    inferenceStart: latest(
      reads.actions,
      (a) => a.inference?.mode === 'START' && paired.get(a.id)?.state !== 'FAILED',
    ),
  };
}
