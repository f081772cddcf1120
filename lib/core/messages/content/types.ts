// What an alert says, independent of where it is shown: finished content, tables laid out. Slack,
// Teams, SNS, the chat topic and the terminal only set it in their own format, so every channel tells
// the same story about an event.
import type { Check } from '../../events.js';
import type { MetricName } from '../../metrics.js';
import type { Severity } from '../../severity.js';
import type { Rich } from './rich.js';

export interface AlertField {
  label: string;
  value: string;
  /** A literal value (name, status, version) rather than prose. */
  code?: boolean;
}

export interface AlertNote {
  label: string;
  /** Shown as a bulleted list when there are several. */
  items: string[];
}

export interface MetricRow {
  metric: MetricName;
  current: string;
  prior: string;
  change: string;
}

/** The key metrics of a version against the prior model's, as rows and as a laid-out table. */
export interface MetricsTable {
  rows: MetricRow[];
  /** The table's column names and rule. */
  header: [string, string];
  /** One line per row, columns aligned. */
  lines: string[];
}

/** One policy check: its cells, its line in the laid-out table, and its footnote. */
export interface CheckRow {
  metric: string;
  /** The rule's compact mark (`≥`, `Δ≤`, …). */
  rule: string;
  threshold: string;
  actual: string;
  passed: boolean;
  /** The row as a line of the table, columns aligned across every check. */
  line: string;
  /** Why a failed check failed when the numbers alone do not say; null otherwise. */
  footnote: string | null;
}

export interface ChecksTable {
  passed: number;
  total: number;
  /** What the table's marks mean. */
  legend: string;
  /** The table's column names and rule. */
  header: [string, string];
  /** In the policy's order. */
  rows: CheckRow[];
  /** Failed checks first, for a channel that cannot show every row: they explain the decision. */
  failedFirst: CheckRow[];
}

export interface AlertContext {
  eventId: string;
  observedAt: string;
  account: string;
  region: string;
  replayName: string | null;
  triggerEventId: string | null;
  /** The event's resources (model and version ARNs); the model's ARN when the event names none. */
  resources: string[];
}

export interface AlertContent {
  severity: Severity;
  detailType: string;
  title: string;
  modelName: string;
  version: number | null;
  summary: Rich;
  fields: AlertField[];
  notes: AlertNote[];
  metrics: MetricsTable | null;
  checks: ChecksTable | null;
  nextRetraining: string | null;
  todo: Rich;
  context: AlertContext;
  /**
   * What happened, as subscribers filter on it: the decision outcome, the run or scheduler status,
   * the promotion result, or the activation cause. Null for an event of a type this version does not know.
   */
  outcome: string | null;
}

/** What the content of one detail type says; `buildAlertContent` adds the envelope and lays out tables. */
export interface DetailContent {
  title: string;
  version: number | null;
  summary: Rich;
  fields: AlertField[];
  notes?: AlertNote[];
  metrics?: MetricRow[];
  checks?: readonly Check[];
  nextRetraining?: string;
  todo: Rich;
  outcome: string | null;
}
