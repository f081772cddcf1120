// Metrics documents in L4E's real format (ModelMetrics / PriorModelMetrics), and every way to break one.
import fc from 'fast-check';
import {
  MAX_METRICS_JSON_LENGTH,
  METRIC_NAMES,
  type MetricName,
  type NormalizedMetrics,
} from '../../../lib/core/metrics.js';
import { deepListText, isRecord, jsonWithRaw, RAW_MARKER } from './arbitraries.js';

interface Range {
  start: string;
  end: string;
}

export interface MetricsDocument {
  predicted_ranges: Range[];
  labeled_ranges?: Range[];
  labeled_event_metrics?: {
    num_labeled: number;
    num_identified: number;
    total_warning_time_in_seconds: number;
  };
  unknown_event_metrics?: { num_identified: number; total_duration_in_seconds: number };
  model_version_metrics?: {
    precision: number;
    recall: number;
    auc: number;
    mean_fractional_lead_time: number;
  };
}

export const RATIOS: readonly MetricName[] = [
  'precision',
  'recall',
  'auc',
  'meanFractionalLeadTime',
  'labeledEventRecall',
];
export const COUNTS: readonly MetricName[] = [
  'labeledEvents',
  'labeledEventsIdentified',
  'unknownEvents',
  'predictedEvents',
  'availableDataInDays',
];
export const DURATIONS: readonly MetricName[] = ['meanWarningHours', 'unknownEventHours'];

/** Every metric read from the document itself (availableDataInDays comes from the version). */
export const DOCUMENT_METRICS: readonly MetricName[] = METRIC_NAMES.filter(
  (m) => m !== 'availableDataInDays',
);

// Math.abs turns -0 into 0: JSON has no negative zero, so a round trip could not keep it.
const nonNegative = (max: number) => fc.double({ min: 0, max, noNaN: true }).map(Math.abs);
const ratio = nonNegative(1);
const count = fc.oneof(fc.nat(1000), fc.maxSafeNat(), nonNegative(Number.MAX_VALUE).map(Math.floor));
const duration = fc.oneof(nonNegative(1e9), nonNegative(Number.MAX_VALUE));
const time = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().replace('Z', '000'));
const range = fc.record({ start: time, end: time });

const labeled = fc.tuple(count, count, duration).map(([a, b, seconds]) => ({
  num_labeled: Math.max(a, b),
  num_identified: Math.min(a, b),
  total_warning_time_in_seconds: seconds,
}));

function documentArbitrary(complete: boolean): fc.Arbitrary<MetricsDocument> {
  return fc.record(
    {
      predicted_ranges: fc.array(range, { minLength: complete ? 1 : 0, maxLength: 12 }),
      labeled_ranges: fc.array(range, { maxLength: 4 }),
      labeled_event_metrics: labeled,
      unknown_event_metrics: fc.record({ num_identified: count, total_duration_in_seconds: duration }),
      model_version_metrics: fc.record({
        precision: ratio,
        recall: ratio,
        auc: ratio,
        mean_fractional_lead_time: ratio,
      }),
    },
    complete ? {} : { requiredKeys: ['predicted_ranges', 'unknown_event_metrics'] },
  );
}

/** A valid document; labeled sections may be missing, as for a model trained without labels. */
export const metricsDocument = documentArbitrary(false);

/** What DESIGN §4 says a valid document normalizes to, computed independently of the parser. */
export function expectedMetrics(doc: MetricsDocument): NormalizedMetrics {
  const m: NormalizedMetrics = {};
  const v = doc.model_version_metrics;
  if (v) {
    m.precision = v.precision;
    m.recall = v.recall;
    m.auc = v.auc;
    m.meanFractionalLeadTime = v.mean_fractional_lead_time;
  }
  const l = doc.labeled_event_metrics;
  if (l) {
    m.labeledEvents = l.num_labeled;
    m.labeledEventsIdentified = l.num_identified;
    if (l.num_labeled > 0) m.labeledEventRecall = l.num_identified / l.num_labeled;
    if (l.num_identified > 0) m.meanWarningHours = l.total_warning_time_in_seconds / l.num_identified / 3600;
  }
  const u = doc.unknown_event_metrics;
  if (u) {
    m.unknownEvents = u.num_identified;
    m.unknownEventHours = u.total_duration_in_seconds / 3600;
  }
  m.predictedEvents = doc.predicted_ranges.length;
  return m;
}

/** A document the parser cannot read fully, with what it must then say and leave absent. */
export interface MalformedMetrics {
  what: string;
  /** The `ModelMetrics` value as the provider returned it (a string, or null when it sent none). */
  json: string | null;
  /** Metrics the defect makes unreadable: each must be absent. */
  affected: readonly MetricName[];
  /** At least one problem sentence must match. */
  problem: RegExp;
}

type Kind = 'ratio' | 'count' | 'duration';

interface Leaf {
  section: 'model_version_metrics' | 'labeled_event_metrics' | 'unknown_event_metrics';
  key: string;
  kind: Kind;
  label: MetricName;
  affected: readonly MetricName[];
}

const LEAVES: readonly Leaf[] = [
  {
    section: 'model_version_metrics',
    key: 'precision',
    kind: 'ratio',
    label: 'precision',
    affected: ['precision'],
  },
  { section: 'model_version_metrics', key: 'recall', kind: 'ratio', label: 'recall', affected: ['recall'] },
  { section: 'model_version_metrics', key: 'auc', kind: 'ratio', label: 'auc', affected: ['auc'] },
  {
    section: 'model_version_metrics',
    key: 'mean_fractional_lead_time',
    kind: 'ratio',
    label: 'meanFractionalLeadTime',
    affected: ['meanFractionalLeadTime'],
  },
  {
    section: 'labeled_event_metrics',
    key: 'num_labeled',
    kind: 'count',
    label: 'labeledEvents',
    affected: ['labeledEvents', 'labeledEventRecall'],
  },
  {
    section: 'labeled_event_metrics',
    key: 'num_identified',
    kind: 'count',
    label: 'labeledEventsIdentified',
    affected: ['labeledEventsIdentified', 'labeledEventRecall', 'meanWarningHours'],
  },
  {
    section: 'labeled_event_metrics',
    key: 'total_warning_time_in_seconds',
    kind: 'duration',
    label: 'meanWarningHours',
    affected: ['meanWarningHours'],
  },
  {
    section: 'unknown_event_metrics',
    key: 'num_identified',
    kind: 'count',
    label: 'unknownEvents',
    affected: ['unknownEvents'],
  },
  {
    section: 'unknown_event_metrics',
    key: 'total_duration_in_seconds',
    kind: 'duration',
    label: 'unknownEventHours',
    affected: ['unknownEventHours'],
  },
];

const SECTION_METRICS: Record<Leaf['section'], readonly MetricName[]> = {
  model_version_metrics: ['precision', 'recall', 'auc', 'meanFractionalLeadTime'],
  labeled_event_metrics: [
    'labeledEvents',
    'labeledEventsIdentified',
    'labeledEventRecall',
    'meanWarningHours',
  ],
  unknown_event_metrics: ['unknownEvents', 'unknownEventHours'],
};

/** Raw JSON text of a value that is not a number at all. */
const notANumber = fc.oneof(
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('"NaN"', '"Infinity"', '"-Infinity"', '"0.5"', '"3"', '""', 'true', 'false'),
  fc.constantFrom('[]', '[0.5]', '[1,2]', '{}', '{"value":0.5}'),
  // JSON cannot spell infinity; an out-of-range literal is how one arrives.
  fc.constantFrom('1e400', '-1e400', '1e999', '-1e999'),
  deepListText,
);
const negative = fc.double({ max: -Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }).map(String);
const aboveOne = fc.double({ min: 1, minExcluded: true, noNaN: true, noDefaultInfinity: true }).map(String);
const fractional = fc
  .double({ min: 0, max: 1e9, noNaN: true })
  .filter((v) => !Number.isInteger(v))
  .map(String);

const BAD_LEAF: Record<Kind, fc.Arbitrary<string>> = {
  ratio: fc.oneof(notANumber, negative, aboveOne),
  count: fc.oneof(notANumber, negative, fractional),
  duration: fc.oneof(notANumber, negative),
};

const complete = documentArbitrary(true);

const badLeaf: fc.Arbitrary<MalformedMetrics> = fc
  .constantFrom(...LEAVES)
  .chain((leaf) => fc.tuple(fc.constant(leaf), complete, BAD_LEAF[leaf.kind]))
  .map(([leaf, doc, raw]) => {
    const section = { ...(doc[leaf.section] as Record<string, unknown>), [leaf.key]: RAW_MARKER };
    return {
      what: `${leaf.section}.${leaf.key} = ${raw.slice(0, 40)}`,
      json: jsonWithRaw({ ...doc, [leaf.section]: section }, raw),
      affected: leaf.affected,
      problem: new RegExp(`^${leaf.label}: `),
    };
  });

const moreIdentifiedThanLabeled: fc.Arbitrary<MalformedMetrics> = fc
  .tuple(complete, fc.nat(1000), fc.integer({ min: 1, max: 1000 }))
  .map(([doc, labeledCount, extra]) => ({
    what: `${labeledCount + extra} identified of ${labeledCount} labeled`,
    json: JSON.stringify({
      ...doc,
      labeled_event_metrics: {
        ...doc.labeled_event_metrics,
        num_labeled: labeledCount,
        num_identified: labeledCount + extra,
      },
    }),
    affected: ['labeledEventsIdentified', 'labeledEventRecall', 'meanWarningHours'],
    problem: /^labeledEventsIdentified: /,
  }));

const notAnObject = fc.oneof(
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('0', '1', 'true', 'false', '[]', '[{"precision":0.9,"recall":0.9}]'),
  deepListText,
);

const badSection: fc.Arbitrary<MalformedMetrics> = fc
  .tuple(
    fc.constantFrom('model_version_metrics', 'labeled_event_metrics', 'unknown_event_metrics' as const),
    complete,
    notAnObject,
  )
  .map(([section, doc, raw]) => ({
    what: `${section} = ${raw.slice(0, 40)}`,
    json: jsonWithRaw({ ...doc, [section]: RAW_MARKER }, raw),
    affected: SECTION_METRICS[section],
    problem: new RegExp(`^${section}: `),
  }));

const notAList = fc.oneof(
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
  fc.constantFrom('0', '3', 'true', 'false', '{}', '{"start":"2026-01-01T00:00:00.000000"}'),
);
const notARange = fc.oneof(
  notAList,
  fc.constantFrom('null', '{}', '[]', '["2026-01-01T00:00:00.000000","2026-01-02T00:00:00.000000"]'),
  deepListText,
);
const notATime = fc.oneof(fc.constantFrom('null', '0', '1767225600', 'true', '[]', '{}'), deepListText);

type RangeDefect =
  | { where: 'list' }
  | { where: 'item'; index: number }
  | { where: 'start' | 'end'; index: number };

const rangeDefect: fc.Arbitrary<[MetricsDocument, RangeDefect, string]> = complete.chain((doc) => {
  const index = fc.nat(doc.predicted_ranges.length - 1);
  return fc.oneof(
    fc.tuple(fc.constant(doc), fc.constant<RangeDefect>({ where: 'list' }), notAList),
    fc.tuple(
      fc.constant(doc),
      index.map((i): RangeDefect => ({ where: 'item', index: i })),
      notARange,
    ),
    fc.tuple(
      fc.constant(doc),
      fc
        .tuple(fc.constantFrom('start' as const, 'end' as const), index)
        .map(([where, i]): RangeDefect => ({ where, index: i })),
      notATime,
    ),
  );
});

const badPredictedRanges: fc.Arbitrary<MalformedMetrics> = rangeDefect.map(([doc, defect, raw]) => {
  const ranges: unknown[] = [...doc.predicted_ranges];
  if (defect.where === 'item') ranges[defect.index] = RAW_MARKER;
  if (defect.where === 'start' || defect.where === 'end') {
    ranges[defect.index] = { ...(ranges[defect.index] as Range), [defect.where]: RAW_MARKER };
  }
  const list = defect.where === 'list' ? RAW_MARKER : ranges;
  return {
    what: `predicted_ranges ${JSON.stringify(defect)} = ${raw.slice(0, 40)}`,
    json: jsonWithRaw({ ...doc, predicted_ranges: list }, raw),
    affected: ['predictedEvents'],
    problem: /^predictedEvents: /,
  };
});

const unreadableDocument: fc.Arbitrary<MalformedMetrics> = fc.oneof(
  // A document cut short, as a truncated API response or a size limit would leave it.
  fc
    .tuple(metricsDocument, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }))
    .map(([doc, fraction]) => {
      const text = JSON.stringify(doc);
      const cut = Math.min(text.length - 1, 1 + Math.floor(fraction * (text.length - 1)));
      return {
        what: `cut at ${cut} of ${text.length}`,
        json: text.slice(0, cut),
        affected: DOCUMENT_METRICS,
        problem: /^metrics: not valid JSON/,
      };
    }),
  fc
    .oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      // A bare out-of-range number parses to Infinity.
      fc.constantFrom('1e400', '-1e400'),
    )
    .filter((text) => !isRecord(JSON.parse(text)))
    .map((json) => ({
      what: 'JSON that is not an object',
      json,
      affected: DOCUMENT_METRICS,
      problem: /^metrics: expected a JSON object/,
    })),
  deepListText.map((text) => ({
    what: 'nested lists',
    json: text,
    affected: DOCUMENT_METRICS,
    problem: /^metrics: expected a JSON object/,
  })),
  fc.constantFrom(null, '').map((json) => ({
    what: `no document (${JSON.stringify(json)})`,
    json,
    affected: DOCUMENT_METRICS,
    problem: /^no metrics reported$/,
  })),
);

/** A document far past any real one: the parser must refuse it rather than read it. */
export const oversizedMetrics: fc.Arbitrary<MalformedMetrics> = fc
  .tuple(metricsDocument, fc.integer({ min: 1, max: 1000 }))
  .map(([doc, extra]) => ({
    what: 'oversized document',
    json: JSON.stringify({ ...doc, padding: 'x'.repeat(MAX_METRICS_JSON_LENGTH + extra) }),
    affected: DOCUMENT_METRICS,
    problem: /^metrics: document too large/,
  }));

/** Every way above of breaking a metrics document, except size (slow to generate; tested apart). */
export const malformedMetrics: fc.Arbitrary<MalformedMetrics> = fc.oneof(
  { weight: 4, arbitrary: badLeaf },
  { weight: 1, arbitrary: moreIdentifiedThanLabeled },
  { weight: 1, arbitrary: badSection },
  { weight: 2, arbitrary: badPredictedRanges },
  { weight: 2, arbitrary: unreadableDocument },
);

/** Why a finite value is outside its metric's domain, or null when it is inside. */
function domainProblem(metric: MetricName, value: number): string | null {
  if (RATIOS.includes(metric) && !(value >= 0 && value <= 1)) return 'is not a ratio';
  if (COUNTS.includes(metric) && !(Number.isInteger(value) && value >= 0)) return 'is not a count';
  if (DURATIONS.includes(metric) && !(value >= 0)) return 'is not a duration';
  return null;
}

/** Each metric that is not a finite number within its domain, one sentence each. */
export function outOfDomain(metrics: NormalizedMetrics): string[] {
  return Object.entries(metrics).flatMap(([name, value]) => {
    const metric = name as MetricName;
    if (!METRIC_NAMES.includes(metric)) return [`${name} is not a metric`];
    if (typeof value !== 'number' || !Number.isFinite(value)) return [`${name} = ${value} is not finite`];
    const problem = domainProblem(metric, value);
    return problem === null ? [] : [`${name} = ${value} ${problem}`];
  });
}
