// Everything the IoT SiteWise documentation leaves open, in one place: each answer the adapter relies on
// is a named constant or a parser here, and each parser accepts every plausible variant (docs/sitewise.md,
// "Verify against a live account", says how to check each one). Pure; no call to SiteWise or S3.
import * as z from 'zod/mini';

/** actionType of the anomaly-detection actions (DescribeComputationModel's actionDefinitions, ListExecutions). */
export const TRAINING_ACTION_TYPE = 'AWS/ANOMALY_DETECTION_TRAINING';
export const INFERENCE_ACTION_TYPE = 'AWS/ANOMALY_DETECTION_INFERENCE';

/** The largest page ListComputationModels, ListActions and ListExecutions accept (API model: 1–250). */
export const SITEWISE_PAGE_SIZE = 250;
/** The largest page ListObjectsV2 returns. */
export const S3_PAGE_SIZE = 1000;

/**
 * How far an action's execution may start from the action's executionTime and still be that action's.
 * ListExecutions names no action, so an action and its execution are paired by time.
 */
export const ACTION_EXECUTION_SKEW_MS = 120_000;

/**
 * How long after a run ends its objects may appear in S3 and still be matched to it by time, when they name
 * no execution (a `v<n>` folder and a result without executionId).
 */
export const RESULT_WRITE_WINDOW_MS = 24 * 3600 * 1000;

/**
 * A run whose execution, result and folder name no model version made the next one: each successful
 * training creates a new model version (the guide), numbered one more than the last.
 */
export const SUCCESSFUL_RUN_MAKES_NEXT_VERSION = true;

/** The first trained version is the one inference runs until a START or a promotion names another. */
export const FIRST_TRAINED_VERSION_IS_ACTIVE = true;

/**
 * ListActions and ListExecutions without a resolve-to filter list every asset's items, each naming its asset.
 * Trusted only when such a listing names assets; otherwise each asset is listed on its own.
 */
export const UNFILTERED_LISTING_SPANS_ASSETS = true;

/** The reason code of a promoted version (SiteWise User Guide). */
export const PROMOTED_REASON_CODE = 'AUTO_PROMOTION_SUCCESSFUL';

/** A positive model version from a number, `"3"`, `"3.0"` or `"v3"`; null for anything else. */
export function versionNumberOf(value: unknown): number | null {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const n = Number(/^\s*v?(\d+)(?:\.0+)?\s*$/i.exec(text)?.[1] ?? Number.NaN);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Epoch seconds (number or numeric string) or an ISO-8601 text, as epoch milliseconds. */
export function instantOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value !== 'string' || value.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return instantOf(Number(value));
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

const location = z.looseObject({ bucketName: z.string(), prefix: z.optional(z.string()) });
export interface S3Location {
  bucket: string;
  prefix: string;
}

const trainingPayload = z.looseObject({
  trainingMode: z.string(),
  modelMetricsDestination: z.optional(location),
  retrainingConfiguration: z.optional(
    z.looseObject({
      lookbackWindow: z.optional(z.string()),
      retrainingFrequency: z.optional(z.string()),
      promotion: z.optional(z.string()),
      retrainingStartDate: z.optional(z.unknown()),
    }),
  ),
});

export interface TrainingPayload {
  mode: string;
  destination: S3Location | null;
  /** SERVICE_MANAGED when a START_RETRAINING_SCHEDULER names none (the guide's default). */
  promotion: string | null;
  frequency: string | null;
  lookbackWindow: string | null;
  startDate: number | null;
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The training action's payload (a JSON string); null when it is not one. Mode names are upper-cased. */
export function parseTrainingPayload(text: string): TrainingPayload | null {
  const parsed = trainingPayload.safeParse(jsonOf(text));
  if (!parsed.success) return null;
  const { trainingMode, modelMetricsDestination: d, retrainingConfiguration: r } = parsed.data;
  const mode = trainingMode.trim().toUpperCase();
  return {
    mode,
    destination: d === undefined ? null : { bucket: d.bucketName, prefix: d.prefix ?? '' },
    promotion: r?.promotion ?? (mode === 'START_RETRAINING_SCHEDULER' ? 'SERVICE_MANAGED' : null),
    frequency: r?.retrainingFrequency ?? null,
    lookbackWindow: r?.lookbackWindow ?? null,
    startDate: instantOf(r?.retrainingStartDate),
  };
}

const inferencePayload = z.looseObject({
  inferenceMode: z.string(),
  targetModelVersion: z.optional(z.unknown()),
});

export interface InferencePayload {
  mode: string;
  /** The SiteWise model version a START runs; null when it names none (the active one keeps running). */
  targetModelVersion: number | null;
  /** The payload as sent, re-sent with another targetModelVersion to switch versions. */
  fields: Record<string, unknown>;
}

/** The inference action's payload; null when it is not one. `targetModelVersion` may be a number or a string. */
export function parseInferencePayload(text: string): InferencePayload | null {
  const parsed = inferencePayload.safeParse(jsonOf(text));
  if (!parsed.success) return null;
  return {
    mode: parsed.data.inferenceMode.trim().toUpperCase(),
    targetModelVersion: versionNumberOf(parsed.data.targetModelVersion),
    fields: { ...parsed.data },
  };
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** A key's value in a map or object whatever its case or separators (`failureReason`, `failure_reason`), in `names` order. */
function field(map: Record<string, unknown> | undefined, names: readonly string[]): unknown {
  const canonical = (key: string) => key.replace(/[^a-z0-9]/gi, '').toLowerCase();
  for (const name of names.map(canonical))
    for (const [key, value] of Object.entries(map ?? {}))
      if (canonical(key) === name && value != null && value !== '') return value;
  return undefined;
}

/** Why a training execution failed, from its executionResult (or executionDetails) map. */
export function failureReasonOf(
  result: Record<string, string> | undefined,
  details?: Record<string, string>,
): string | null {
  const names = ['failureReason', 'failedReason', 'errorMessage', 'reason', 'message', 'error'];
  return text(field(result, names)) ?? text(field(details, names));
}

/**
 * The L4E word for a failed retraining run: an internal error when SiteWise's reason says so, a
 * customer error (data, configuration) otherwise.
 */
export function retrainingErrorOf(reason: string | null): string {
  return /internal|service error/i.test(reason ?? '')
    ? 'RETRAINING_INTERNAL_ERROR'
    : 'RETRAINING_CUSTOMER_ERROR';
}

/** A reason code in its documented spelling, whatever case or separators it came in; unknown codes pass through. */
export function reasonCodeOf(text: unknown): string | null {
  if (typeof text !== 'string' || text.trim() === '') return null;
  return text
    .trim()
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toUpperCase()
    .replace(/DID_NOT/, 'DIDNT')
    .replace(/DIDN_T/, 'DIDNT');
}

/** L4E's AutoPromotionResult for a SiteWise reason code (and the promotion mode when there is none). */
export function promotionResultOf(code: string | null, promotion: string | null): string | null {
  if (code === PROMOTED_REASON_CODE) return 'MODEL_PROMOTED';
  if (code !== null) return 'MODEL_NOT_PROMOTED';
  return promotion === 'CUSTOMER_MANAGED' ? 'MODEL_NOT_PROMOTED' : null;
}

/** L4E's promote mode for SiteWise's promotion setting; other values pass through. */
export function promoteModeOf(promotion: string | null): string | null {
  if (promotion === null) return null;
  if (promotion === 'SERVICE_MANAGED') return 'MANAGED';
  if (promotion === 'CUSTOMER_MANAGED') return 'MANUAL';
  return promotion;
}

/** L4E's run status for an execution state; unknown states pass through. */
export function runStatusOf(state: string): string {
  const upper = state.toUpperCase();
  if (upper === 'RUNNING') return 'IN_PROGRESS';
  if (upper === 'COMPLETED' || upper === 'SUCCEEDED' || upper === 'SUCCESS') return 'SUCCESS';
  return upper === 'FAILED' ? 'FAILED' : upper;
}

/**
 * L4E's scheduler status from the latest START/STOP_RETRAINING_SCHEDULER action and its execution's state
 * (null: the execution is not listed yet).
 */
export function schedulerStatusOf(mode: string, executionState: string | null): string {
  const done = executionState === 'COMPLETED';
  if (mode === 'START_RETRAINING_SCHEDULER') {
    if (executionState === 'FAILED') return 'STOPPED';
    return done ? 'RUNNING' : 'PENDING';
  }
  if (executionState === 'FAILED') return 'RUNNING';
  return done ? 'STOPPED' : 'STOPPING';
}

/** Whether a computation model's data binding is at asset-model level (it then runs once per asset). */
export function isBoundPerAsset(binding: unknown): boolean {
  if (typeof binding !== 'object' || binding === null) return false;
  return Object.entries(binding).some(
    ([key, value]) => /^assetModel(Property|Id)$/i.test(key) || isBoundPerAsset(value),
  );
}

/** File names of a run's objects under modelMetricsDestination, in each spelling a run may use. */
export const RUN_OBJECT_FILES = {
  metrics: ['model_metrics.json', 'model-metrics.json', 'modelmetrics.json', 'metrics.json'],
  prior: ['prior_model_metrics.json', 'prior-model-metrics.json', 'priormodelmetrics.json'],
  result: ['result.json', 'training_result.json', 'training-result.json', 'execution_result.json'],
} as const;
export type RunObjectRole = keyof typeof RUN_OBJECT_FILES;

export interface RunObjectKey {
  /** The asset the run was for, when its key names one of the model's assets. */
  assetId: string | null;
  /** The run's folder: an execution id, or `v<model version>`. */
  folder: string;
  role: RunObjectRole;
}

/** Where a key under a destination prefix puts a run's object: `[<assetId>/]<folder>/<file>`. */
export function runObjectKeyOf(
  key: string,
  prefix: string,
  assetIds: ReadonlySet<string>,
): RunObjectKey | null {
  if (!key.startsWith(prefix)) return null;
  const parts = key
    .slice(prefix.length)
    .split('/')
    .filter((part) => part !== '');
  const file = (parts.at(-1) ?? '').toLowerCase();
  const role = (Object.keys(RUN_OBJECT_FILES) as RunObjectRole[]).find((r) =>
    (RUN_OBJECT_FILES[r] as readonly string[]).includes(file),
  );
  if (role === undefined || parts.length < 2) return null;
  const folder = parts.at(-2) ?? '';
  const asset = parts.length >= 3 ? (parts.at(-3) ?? '') : '';
  return { assetId: assetIds.has(asset) ? asset : null, folder, role };
}

/** The model version a `v<n>` folder names; null for an execution-id folder. */
export const folderVersionOf = (folder: string): number | null =>
  /^v\d+$/i.test(folder) ? versionNumberOf(folder) : null;

export interface RunResult {
  /** The computation model whose run wrote it, when it says (models may share a metrics prefix). */
  computationModelId?: string | null;
  executionId: string | null;
  assetId: string | null;
  status: string | null;
  modelVersion: number | null;
  reasonCode: string | null;
  reason: string | null;
  activeModelVersion: number | null;
  /** When the run's data window ended: a scheduled run trains on the window that ends as it starts. */
  dataEndTime: number | null;
}

/** A run's result object; null when it is not a JSON object. Key names are matched whatever their case. */
export function parseRunResult(body: string): RunResult | null {
  const json = jsonOf(body);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const record = json as Record<string, unknown>;
  return {
    computationModelId: text(field(record, ['computationModelId'])),
    executionId: text(field(record, ['executionId', 'trainingExecutionId'])),
    assetId: text(field(record, ['assetId'])),
    status: text(field(record, ['status', 'executionStatus', 'state'])),
    modelVersion: versionNumberOf(field(record, ['modelVersion', 'version', 'trainedModelVersion'])),
    reasonCode: reasonCodeOf(field(record, ['reasonCode', 'promotionReasonCode', 'autoPromotionResult'])),
    reason: text(field(record, ['reason', 'promotionReason', 'failureReason'])),
    activeModelVersion: versionNumberOf(field(record, ['activeModelVersion', 'activeVersion'])),
    dataEndTime: instantOf(field(record, ['dataEndTime', 'exportDataEndTime'])),
  };
}
