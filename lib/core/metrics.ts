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

/** `label` is the metric the value feeds; `affects` every metric derived from it. */
function readNumber(
  section: Record<string, unknown> | undefined,
  key: string,
  kind: Kind,
  label: MetricName,
  problems: Problems,
  affects: readonly MetricName[] = [label],
): number | undefined {
  if (section === undefined) return undefined;
  const raw = section[key];
  if (raw === undefined || raw === null) return undefined;
  let problem: string | null = null;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) problem = `not a finite number (${describe(raw)})`;
  else if (raw < 0) problem = `negative value (${raw})`;
  else if (kind === 'ratio' && raw > 1) problem = `ratio above 1 (${raw})`;
  else if (kind === 'count' && !Number.isInteger(raw)) problem = `count is not an integer (${raw})`;
  if (problem !== null) {
    problems.add(affects, `${label}: ${problem}`);
    return undefined;
  }
  return raw as number;
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
  const unreadable = (sentence: string) => {
    problems.add(DOCUMENT_METRICS, sentence);
    return problems.result(metrics);
  };
  if (typeof json !== 'string') return unreadable(`metrics: expected a JSON string, got ${typeof json}`);
  if (json.length > MAX_METRICS_JSON_LENGTH) {
    return unreadable(`metrics: document too large (${json.length} characters)`);
  }
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch {
    return unreadable('metrics: not valid JSON');
  }
  if (!isRecord(root)) return unreadable('metrics: expected a JSON object');

  const version = section(root, 'model_version_metrics', problems);
  set(metrics, 'precision', readNumber(version, 'precision', 'ratio', 'precision', problems));
  set(metrics, 'recall', readNumber(version, 'recall', 'ratio', 'recall', problems));
  set(metrics, 'auc', readNumber(version, 'auc', 'ratio', 'auc', problems));
  set(
    metrics,
    'meanFractionalLeadTime',
    readNumber(version, 'mean_fractional_lead_time', 'ratio', 'meanFractionalLeadTime', problems),
  );

  const labeled = section(root, 'labeled_event_metrics', problems);
  const numLabeled = readNumber(labeled, 'num_labeled', 'count', 'labeledEvents', problems, [
    'labeledEvents',
    'labeledEventRecall',
  ]);
  const numIdentified = readNumber(labeled, 'num_identified', 'count', 'labeledEventsIdentified', problems, [
    'labeledEventsIdentified',
    'labeledEventRecall',
    'meanWarningHours',
  ]);
  const warningSeconds = readNumber(
    labeled,
    'total_warning_time_in_seconds',
    'duration',
    'meanWarningHours',
    problems,
  );
  set(metrics, 'labeledEvents', numLabeled);
  if (numLabeled !== undefined && numIdentified !== undefined && numIdentified > numLabeled) {
    problems.add(
      ['labeledEventsIdentified', 'labeledEventRecall', 'meanWarningHours'],
      `labeledEventsIdentified: ${numIdentified} identified of only ${numLabeled} labeled`,
    );
  } else {
    set(metrics, 'labeledEventsIdentified', numIdentified);
    if (numLabeled !== undefined && numIdentified !== undefined && numLabeled > 0) {
      set(metrics, 'labeledEventRecall', numIdentified / numLabeled);
    }
  }
  if (warningSeconds !== undefined && metrics.labeledEventsIdentified !== undefined) {
    if (metrics.labeledEventsIdentified > 0) {
      set(metrics, 'meanWarningHours', warningSeconds / metrics.labeledEventsIdentified / SECONDS_PER_HOUR);
    }
  }

  const unknown = section(root, 'unknown_event_metrics', problems);
  set(metrics, 'unknownEvents', readNumber(unknown, 'num_identified', 'count', 'unknownEvents', problems));
  const unknownSeconds = readNumber(
    unknown,
    'total_duration_in_seconds',
    'duration',
    'unknownEventHours',
    problems,
  );
  if (unknownSeconds !== undefined) set(metrics, 'unknownEventHours', unknownSeconds / SECONDS_PER_HOUR);

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
