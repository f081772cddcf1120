// The version-timeline report as data: what `report --json` prints and what the HTML renderer and
// the dashboard widget draw. Provider-neutral and plain JSON, so the same data renders anywhere.
import type { Check } from '../core/events.js';

export const REPORT_SCHEMA_VERSION = '1';

/** Read as words and shapes, never colour alone: failing ■, attention ▲, ok ●, idle ○. */
export type Health = 'failing' | 'attention' | 'ok' | 'idle';
export const HEALTH_ORDER: readonly Health[] = ['failing', 'attention', 'ok', 'idle'];

export type TrendDirection = 'up' | 'down' | 'flat';

export interface Threshold {
  metric: string;
  min: number | null;
  max: number | null;
}

export interface PolicyView {
  /** "default@3" or "models/pump-a@1" under the prefix; the full name elsewhere. */
  label: string;
  mode: string | null;
  thresholds: Threshold[];
  /** Set when the stored policy does not validate (apply-policy fails its decisions). */
  invalid: string[] | null;
}

export interface RunView {
  version: number | null;
  status: string;
  at: string | null;
  failedReason: string | null;
}

export interface DecisionView {
  version: number;
  decidedAt: string;
  outcome: string;
  reasons: string[];
  checks: Check[];
  policyLabel: string;
}

export interface VersionPoint {
  version: number;
  createdAt: string | null;
  /** When the run ended or the version last changed. */
  endedAt: string | null;
  status: string;
  sourceType: string | null;
  failedReason: string | null;
  modelQuality: string | null;
  /** Only metrics that were read; absent metrics have no key. */
  metrics: Record<string, number>;
  promotionResult: string | null;
  promotionReason: string | null;
  /** The latest decision autopilot recorded for this version. */
  decision: { outcome: string; decidedAt: string } | null;
}

export type ActivationCause = 'MANAGED_PROMOTION' | 'AUTOPILOT_POLICY' | 'EXTERNAL' | 'TRAINING';

export interface ActivationSpan {
  version: number;
  from: string;
  /** null: still active. */
  to: string | null;
  cause: ActivationCause;
  /** Who activated it, as a person reads it, e.g. "autopilot policy default@3 (6 of 6 checks passed)". */
  by: string;
}

export interface ModelDetails {
  frequency: string | null;
  lookbackWindow: string | null;
  policy: PolicyView | null;
  /** The metrics drawn, one chart each: the policy's metrics first, then recall and precision. */
  chartMetrics: string[];
  versions: VersionPoint[];
  activations: ActivationSpan[];
  decisions: DecisionView[];
  /** What could not be read, in a sentence each (e.g. the decision log). */
  notes: string[];
}

export interface ModelReport {
  name: string;
  status: string;
  health: Health;
  healthReason: string;
  promoteMode: string | null;
  schedulerStatus: string | null;
  activeVersion: number | null;
  activeSince: string | null;
  activeCause: ActivationCause | null;
  lastRun: RunView | null;
  nextRetraining: string | null;
  trend: { metric: string; direction: TrendDirection | null; from: number | null; to: number | null };
  /** null when only the fleet overview was gathered for this model. */
  details: ModelDetails | null;
}

export interface ReportData {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  generatedAt: string;
  title: string;
  /** Where the data came from, e.g. the region or "scenario demo (offline)". */
  source: string;
  /** Models in the fleet (or in the selection), before any cut. */
  modelCount: number;
  models: ModelReport[];
  /** Why some models have no details, e.g. "details for the first 50 of 1500 models". */
  notes: string[];
}
