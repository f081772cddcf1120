// The state the SiteWise emulator holds: asset models and assets (just enough to bind a computation
// model), computation models with their trained models, actions and executions.

import type { BaseMetrics, MetricValues, Trajectory } from '../emulator/metrics-generator.js';
import type { ParsedRunSpec } from '../emulator/scenario.js';
import type { InferencePayload, RetrainingConfiguration, TrainingPayload } from './payloads.js';

export type ComputationModelState = 'CREATING' | 'ACTIVE' | 'UPDATING' | 'DELETING' | 'FAILED';
export type ExecutionState = 'RUNNING' | 'COMPLETED' | 'FAILED';
export type Promotion = 'SERVICE_MANAGED' | 'CUSTOMER_MANAGED';

export const TRAINING_ACTION = 'AWS/ANOMALY_DETECTION_TRAINING';
export const INFERENCE_ACTION = 'AWS/ANOMALY_DETECTION_INFERENCE';

export interface PropertyState {
  id: string;
  name: string;
  dataType: string;
  /** The rest of the definition as given (unit, type, externalId…), echoed by Describe. */
  definition: Record<string, unknown>;
}

export interface AssetModel {
  id: string;
  arn: string;
  name: string;
  description?: string;
  type: string;
  properties: PropertyState[];
  createdAt: number;
  updatedAt: number;
}

export interface Asset {
  id: string;
  arn: string;
  name: string;
  assetModelId: string;
  description?: string;
  createdAt: number;
  updatedAt: number;
}

export interface ModelVersion {
  version: number;
  executionId: string;
  trainedAt: number;
  labeled: boolean;
  metrics: MetricValues;
}

export interface RetrainingScheduler {
  status: 'RUNNING' | 'STOPPED';
  configuration: RetrainingConfiguration;
  /** Where each run writes its metrics and result objects. */
  destination: { bucketName: string; prefix: string };
  labeled: boolean;
  anchor: number;
  /** Index of the next run instant (anchor + index × frequency). */
  nextIndex: number;
  /** Bumped by every START and STOP, so a run due from an earlier scheduler is dropped. */
  generation: number;
}

export interface Inference {
  status: 'RUNNING' | 'STOPPED';
  settings: InferencePayload;
  modelVersion: number;
}

/** One trained model: of the computation model, or of the computation model for one asset. */
export interface Trained {
  computationModelId: string;
  assetId: string | null;
  versions: ModelVersion[];
  activeVersion: number | null;
  /** The execution of the training run in progress, if any. */
  running: string | null;
  scheduler: RetrainingScheduler | null;
  inference: Inference | null;
  /** Outcomes planned for the next runs (the control API's run specs), consumed in order. */
  plan: ParsedRunSpec[];
  /** Scheduled runs so far, the metrics trajectory's run index. */
  runCount: number;
  /** How versions without a planned outcome score (a scenario's baseMetrics and trajectory); noisy otherwise. */
  profile?: { base: BaseMetrics; trajectory: Trajectory };
}

export interface ComputationModel {
  id: string;
  arn: string;
  name: string;
  description?: string;
  configuration: Record<string, unknown>;
  dataBinding: Record<string, unknown>;
  /** The asset model a binding at asset-model level names; null for a binding to asset properties. */
  boundAssetModelId: string | null;
  state: ComputationModelState;
  /** The definition's version: 1 at creation, one more per update. */
  version: number;
  createdAt: number;
  updatedAt: number;
  trainingActionDefinitionId: string;
  inferenceActionDefinitionId: string;
  trained: Map<string, Trained>;
}

export interface Action {
  id: string;
  /** Creation order, newest listed first. */
  seq: number;
  actionDefinitionId: string;
  computationModelId: string;
  resolveToAssetId: string | null;
  payload: string;
  executionTime: number;
  executionId: string;
}

export interface Execution {
  id: string;
  /** Creation order, newest listed first. */
  seq: number;
  actionId: string | null;
  actionType: string;
  computationModelId: string;
  resolveToAssetId: string | null;
  targetResourceVersion: number;
  startTime: number;
  endTime: number | null;
  state: ExecutionState;
  entityVersion: number | null;
  result: Record<string, string>;
  details: Record<string, string>;
  /** False for a scheduler's run under scheduledRunExecutions=hidden. */
  listed: boolean;
  payload: TrainingPayload | InferencePayload | null;
}

export class World {
  readonly assetModels = new Map<string, AssetModel>();
  readonly assets = new Map<string, Asset>();
  readonly computationModels = new Map<string, ComputationModel>();
  readonly actions = new Map<string, Action>();
  readonly executions = new Map<string, Execution>();
  /** Idempotency: clientToken of a create → the id it created. */
  readonly clientTokens = new Map<string, string>();

  clear(): void {
    this.assetModels.clear();
    this.assets.clear();
    this.computationModels.clear();
    this.actions.clear();
    this.executions.clear();
    this.clientTokens.clear();
  }
}

export const trainedKey = (assetId: string | null): string => assetId ?? '';
