// Normalized model metrics (DESIGN §4), parsed defensively from the provider's metrics JSON.
// A value that is missing, malformed or out of range is *absent* (never zero) and the parser says why.

export const METRIC_NAMES = [
  'precision',
  'recall',
  'auc',
  'meanFractionalLeadTime',
  'labeledEvents',
  'labeledEventsIdentified',
  'labeledEventRecall',
  'meanWarningHours',
  'unknownEvents',
  'unknownEventHours',
  'predictedEvents',
  'availableDataInDays',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Only present metrics have a key; every value is a finite number. */
export type NormalizedMetrics = Partial<Record<MetricName, number>>;

export interface ParsedMetrics {
  metrics: NormalizedMetrics;
  /** One sentence per metric that could not be read, e.g. "recall: not a number (\"high\")". */
  problems: string[];
  /**
   * Metrics that were reported but could not be read (as opposed to simply not reported). A policy
   * never passes a rule on one of these, whatever it says about missing metrics.
   */
  malformed: MetricName[];
}

const SECTION_METRICS: Record<string, readonly MetricName[]> = {
  model_version_metrics: ['precision', 'recall', 'auc', 'meanFractionalLeadTime'],
  labeled_event_metrics: [
    'labeledEvents',
    'labeledEventsIdentified',
    'labeledEventRecall',
    'meanWarningHours',
  ],
  unknown_event_metrics: ['unknownEvents', 'unknownEventHours'],
};
const DOCUMENT_METRICS = METRIC_NAMES.filter((m) => m !== 'availableDataInDays');

/** Collects what went wrong, as sentences and as the metrics it makes unreadable. */
class Problems {
  readonly sentences: string[] = [];
  readonly metrics = new Set<MetricName>();
  add(affected: readonly MetricName[], sentence: string): void {
    this.sentences.push(sentence);
    for (const metric of affected) this.metrics.add(metric);
  }
  result(metrics: NormalizedMetrics): ParsedMetrics {
    return { metrics, problems: this.sentences, malformed: [...this.metrics] };
  }
}

/** The most characters of the raw JSON a parser will look at (L4E caps ModelMetrics at 50,000). */
export const MAX_METRICS_JSON_LENGTH = 1_000_000;

type Kind = 'ratio' | 'count' | 'duration';

const SECONDS_PER_HOUR = 3600;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRange(value: unknown): boolean {
  return isRecord(value) && typeof value.start === 'string' && typeof value.end === 'string';
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  // Named, not printed: String() of a deeply nested list exhausts the call stack.
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** A number in a metrics section: `label` is the metric it feeds, `affects` every metric derived from it. */
interface Field {
  key: string;
  kind: Kind;
  label: MetricName;
  affects?: readonly MetricName[];
}

function rangeProblem(value: number, kind: Kind): string | null {
  if (value < 0) return `negative value (${value})`;
  if (kind === 'ratio' && value > 1) return `ratio above 1 (${value})`;
  if (kind === 'count' && !Number.isInteger(value)) return `count is not an integer (${value})`;
  return null;
}

function readNumber(
  section: Record<string, unknown> | undefined,
  field: Field,
  problems: Problems,
): number | undefined {
  if (section === undefined) return undefined;
  const raw = section[field.key];
  if (raw === undefined || raw === null) return undefined;
  const problem =
    typeof raw === 'number' && Number.isFinite(raw)
      ? rangeProblem(raw, field.kind)
      : `not a finite number (${describe(raw)})`;
  if (problem === null && typeof raw === 'number') return raw;
  problems.add(field.affects ?? [field.label], `${field.label}: ${problem}`);
  return undefined;
}

function section(root: Record<string, unknown>, key: string, problems: Problems) {
  const value = root[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) {
    problems.add(
      SECTION_METRICS[key] ?? [],
      `${key}: expected an object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
    return undefined;
  }
  return value;
}

function set(metrics: NormalizedMetrics, name: MetricName, value: number | undefined): void {
  if (value !== undefined && Number.isFinite(value)) metrics[name] = value;
}

/** The number of predicted ranges; a list holding anything but ranges is not a count of events. */
function countPredicted(predicted: unknown, problems: Problems): number | undefined {
  if (predicted === undefined || predicted === null) return undefined;
  if (!Array.isArray(predicted)) {
    problems.add(
      ['predictedEvents'],
      `predictedEvents: predicted_ranges is not a list (${describe(predicted)})`,
    );
    return undefined;
  }
  const broken = predicted.findIndex((range) => !isRange(range));
  if (broken >= 0) {
    problems.add(
      ['predictedEvents'],
      `predictedEvents: predicted_ranges[${broken}] is not a range with a start and an end (${describe(predicted[broken])})`,
    );
    return undefined;
  }
  return predicted.length;
}

const VERSION_FIELDS: readonly Field[] = [
  { key: 'precision', kind: 'ratio', label: 'precision' },
  { key: 'recall', kind: 'ratio', label: 'recall' },
  { key: 'auc', kind: 'ratio', label: 'auc' },
  { key: 'mean_fractional_lead_time', kind: 'ratio', label: 'meanFractionalLeadTime' },
];
const NUM_LABELED: Field = {
  key: 'num_labeled',
  kind: 'count',
  label: 'labeledEvents',
  affects: ['labeledEvents', 'labeledEventRecall'],
};
const NUM_IDENTIFIED: Field = {
  key: 'num_identified',
  kind: 'count',
  label: 'labeledEventsIdentified',
  affects: ['labeledEventsIdentified', 'labeledEventRecall', 'meanWarningHours'],
};
const WARNING_SECONDS: Field = {
  key: 'total_warning_time_in_seconds',
  kind: 'duration',
  label: 'meanWarningHours',
};
const UNKNOWN_EVENTS: Field = { key: 'num_identified', kind: 'count', label: 'unknownEvents' };
const UNKNOWN_SECONDS: Field = {
  key: 'total_duration_in_seconds',
  kind: 'duration',
  label: 'unknownEventHours',
};

function readVersionMetrics(root: Record<string, unknown>, metrics: NormalizedMetrics, problems: Problems) {
  const version = section(root, 'model_version_metrics', problems);
  for (const field of VERSION_FIELDS) set(metrics, field.label, readNumber(version, field, problems));
}

/** Labeled events, and what follows from them: their recall and the mean warning time per event. */
function readLabeledMetrics(root: Record<string, unknown>, metrics: NormalizedMetrics, problems: Problems) {
  const labeled = section(root, 'labeled_event_metrics', problems);
  const numLabeled = readNumber(labeled, NUM_LABELED, problems);
  const numIdentified = readNumber(labeled, NUM_IDENTIFIED, problems);
  const warningSeconds = readNumber(labeled, WARNING_SECONDS, problems);
  set(metrics, 'labeledEvents', numLabeled);
  if (numLabeled !== undefined && numIdentified !== undefined && numIdentified > numLabeled) {
    problems.add(
      ['labeledEventsIdentified', 'labeledEventRecall', 'meanWarningHours'],
      `labeledEventsIdentified: ${numIdentified} identified of only ${numLabeled} labeled`,
    );
    return;
  }
  set(metrics, 'labeledEventsIdentified', numIdentified);
  if (numLabeled !== undefined && numIdentified !== undefined && numLabeled > 0) {
    set(metrics, 'labeledEventRecall', numIdentified / numLabeled);
  }
  if (warningSeconds !== undefined && numIdentified !== undefined && numIdentified > 0) {
    set(metrics, 'meanWarningHours', warningSeconds / numIdentified / SECONDS_PER_HOUR);
  }
}

function readUnknownMetrics(root: Record<string, unknown>, metrics: NormalizedMetrics, problems: Problems) {
  const unknown = section(root, 'unknown_event_metrics', problems);
  set(metrics, 'unknownEvents', readNumber(unknown, UNKNOWN_EVENTS, problems));
  const unknownSeconds = readNumber(unknown, UNKNOWN_SECONDS, problems);
  if (unknownSeconds !== undefined) set(metrics, 'unknownEventHours', unknownSeconds / SECONDS_PER_HOUR);
}

/** The document's root object, or the sentence that says why there is none. */
function documentRoot(json: unknown): Record<string, unknown> | string {
  if (typeof json !== 'string') return `metrics: expected a JSON string, got ${typeof json}`;
  if (json.length > MAX_METRICS_JSON_LENGTH) return `metrics: document too large (${json.length} characters)`;
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch {
    return 'metrics: not valid JSON';
  }
  return isRecord(root) ? root : 'metrics: expected a JSON object';
}

/**
 * Parses a metrics JSON document (`ModelMetrics` or `PriorModelMetrics`).
 * Never throws: any input yields metrics that are certainly valid and a list of problems.
 */
export function parseModelMetrics(json: unknown): ParsedMetrics {
  const problems = new Problems();
  const metrics: NormalizedMetrics = {};
  if (json === undefined || json === null || json === '') {
    return { metrics, problems: ['no metrics reported'], malformed: [] };
  }
  const root = documentRoot(json);
  if (typeof root === 'string') {
    problems.add(DOCUMENT_METRICS, root);
    return problems.result(metrics);
  }
  readVersionMetrics(root, metrics, problems);
  readLabeledMetrics(root, metrics, problems);
  readUnknownMetrics(root, metrics, problems);
  set(metrics, 'predictedEvents', countPredicted(root.predicted_ranges, problems));
  return problems.result(metrics);
}

/** `RetrainingAvailableDataInDays` joins the metrics only when it is a sane day count. */
export function withAvailableData(
  parsed: ParsedMetrics,
  availableDataInDays: number | null | undefined,
): ParsedMetrics {
  if (availableDataInDays === undefined || availableDataInDays === null) return parsed;
  if (!Number.isInteger(availableDataInDays) || availableDataInDays < 0) {
    return {
      metrics: parsed.metrics,
      problems: [...parsed.problems, `availableDataInDays: not a day count (${availableDataInDays})`],
      malformed: [...parsed.malformed, 'availableDataInDays'],
    };
  }
  return { ...parsed, metrics: { ...parsed.metrics, availableDataInDays } };
}
