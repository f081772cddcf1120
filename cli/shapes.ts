// The documented `--json` output of each command. Stable: fields are only ever added. Names are
// camelCase, instants ISO-8601 UTC strings, absent values null.
import type { Check, DecisionOutcome } from '../lib/core/events.js';
import type { ProviderName, RetrainingSchedule } from '../lib/core/model.js';

/** `status --json` */
export interface StatusJson {
  models: StatusModelJson[];
}

export interface StatusModelJson {
  name: string;
  provider: ProviderName;
  arn: string;
  status: string;
  modelQuality: string | null;
  activeVersion: number | null;
  activeSince: string | null;
  previousActiveVersion: number | null;
  scheduler: {
    status: string;
    promoteMode: string | null;
    frequency: string | null;
    lookbackWindow: string | null;
    startDate: string | null;
  } | null;
  latestRun: { version: number | null; status: string; startTime: string | null } | null;
  nextRetrainingDate: string | null;
}

export interface DecisionJson {
  decidedAt: string;
  version: number;
  outcome: DecisionOutcome;
  /** PENDING: recorded before acting and not completed yet (the outcome is the one being carried out). */
  status: 'PENDING' | 'COMPLETE';
  reasons: string[];
  checks: Check[];
  policy: { parameterName: string | null; version: number | null; mode: string | null };
  previousActiveVersion: number | null;
  activeVersion: number | null;
  triggerEventId: string | null;
  eventId: string;
}

/** `versions MODEL --json` */
export interface VersionsJson {
  model: string;
  activeVersion: number | null;
  /** Whether autopilot decisions could be read, and why not. */
  decisions: { available: boolean; reason: string | null };
  versions: VersionJson[];
}

export interface VersionJson {
  version: number;
  arn: string | null;
  sourceType: string | null;
  status: string;
  createdAt: string | null;
  active: boolean;
  modelQuality: string | null;
  availableDataInDays: number | null;
  metrics: { recall: number | null; precision: number | null; auc: number | null };
  promotion: { result: string | null; reason: string | null };
  decision: DecisionJson | null;
}

/** `scheduler describe MODEL --json`, and the result of create/update/start/stop. */
export interface SchedulerJson extends RetrainingSchedule {
  nextRetrainingDate: string | null;
  latestRun: { version: number | null; status: string; startTime: string | null } | null;
}

/** `scheduler list --json` */
export interface SchedulerListJson {
  schedulers: Array<{
    modelName: string;
    status: string;
    startDate: string | null;
    frequency: string | null;
    lookbackWindow: string | null;
  }>;
  /** Set when `--max-results`/`--next-token` asked for one page and more remain. */
  nextToken: string | null;
}

/** `scheduler delete MODEL --json` */
export interface SchedulerDeleteJson {
  modelName: string;
  deleted: true;
  stoppedFirst: boolean;
}

/** `policy show --json` */
export interface PolicyShowJson {
  model: string | null;
  /**
   * "target" (the target's parameter for the model, with --target), "model" (per-model parameter),
   * "default", or null when there is no policy.
   */
  source: 'target' | 'model' | 'default' | null;
  parameterName: string | null;
  version: number | null;
  valid: boolean | null;
  errors: string[];
  policy: unknown;
}

/** `policy validate FILE --json` */
export interface PolicyValidateJson {
  file: string;
  valid: boolean;
  errors: string[];
  policy: unknown;
}

/** `policy put --json` */
export interface PolicyPutJson {
  parameterName: string;
  version: number | null;
}

/** `policy evaluate MODEL VERSION --json` */
export interface PolicyEvaluateJson {
  model: string;
  version: number;
  policy: {
    source: 'target' | 'model' | 'default' | 'file' | null;
    parameterName: string | null;
    file: string | null;
    version: number | null;
    mode: string | null;
    errors: string[];
  };
  checks: Check[];
  passed: boolean | null;
  metricProblems: string[];
  eligible: boolean;
  ineligibleReason: string | null;
  wouldDecide: { outcome: DecisionOutcome; reasons: string[] };
}

/** `activate` / `rollback --json` */
export interface ActivationJson {
  model: string;
  changed: boolean;
  before: { activeVersion: number | null; activatedAt: string | null };
  after: { activeVersion: number | null; activatedAt: string | null };
}

/** `decisions MODEL --json` */
export interface DecisionsJson {
  model: string;
  decisions: DecisionJson[];
}

/** `executions SCHEDULER --json` */
export interface ExecutionsJson {
  scheduler: string;
  executions: Array<{
    scheduledStartTime: string | null;
    dataStartTime: string | null;
    dataEndTime: string | null;
    status: string;
    modelName: string | null;
    modelVersion: number | null;
    modelVersionArn: string | null;
    failedReason: string | null;
  }>;
}

/** `import-version --json` */
export interface ImportJson {
  modelName: string;
  modelArn: string | null;
  version: number | null;
  versionArn: string | null;
  status: string;
}
