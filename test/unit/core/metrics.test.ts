import { describe, expect, it } from 'vitest';
import { parseModelMetrics, withAvailableData } from '../../../lib/core/metrics.js';

const realFormat = JSON.stringify({
  predicted_ranges: [
    { start: '2026-01-03T04:10:00.000000', end: '2026-01-03T09:40:00.000000' },
    { start: '2026-02-11T12:00:00.000000', end: '2026-02-11T13:30:00.000000' },
    { start: '2026-03-20T00:00:00.000000', end: '2026-03-20T02:00:00.000000' },
  ],
  labeled_ranges: [{ start: '2026-01-03T06:00:00.000000', end: '2026-01-03T10:00:00.000000' }],
  labeled_event_metrics: { num_labeled: 8, num_identified: 6, total_warning_time_in_seconds: 6 * 32 * 3600 },
  unknown_event_metrics: { num_identified: 4, total_duration_in_seconds: 9000 },
  model_version_metrics: { precision: 0.75, recall: 0.82, auc: 0.91, mean_fractional_lead_time: 0.37 },
});

describe('parseModelMetrics on the real format', () => {
  it('normalizes every metric of DESIGN §4', () => {
    const { metrics, problems } = parseModelMetrics(realFormat);
    expect(problems).toEqual([]);
    expect(metrics).toEqual({
      precision: 0.75,
      recall: 0.82,
      auc: 0.91,
      meanFractionalLeadTime: 0.37,
      labeledEvents: 8,
      labeledEventsIdentified: 6,
      labeledEventRecall: 0.75,
      meanWarningHours: 32,
      unknownEvents: 4,
      unknownEventHours: 2.5,
      predictedEvents: 3,
    });
  });

  it('adds availableDataInDays only when it is a day count', () => {
    expect(withAvailableData(parseModelMetrics(realFormat), 180).metrics.availableDataInDays).toBe(180);
    const bad = withAvailableData(parseModelMetrics(realFormat), -3);
    expect(bad.metrics.availableDataInDays).toBeUndefined();
    expect(bad.problems).toContain('availableDataInDays: not a day count (-3)');
    expect(
      withAvailableData(parseModelMetrics(realFormat), null).metrics.availableDataInDays,
    ).toBeUndefined();
  });

  it('leaves labeled metrics absent for an unlabeled model, never zero', () => {
    const { metrics } = parseModelMetrics(
      JSON.stringify({
        predicted_ranges: [],
        unknown_event_metrics: { num_identified: 0, total_duration_in_seconds: 0 },
      }),
    );
    expect(metrics).toEqual({ predictedEvents: 0, unknownEvents: 0, unknownEventHours: 0 });
    expect(metrics.recall).toBeUndefined();
  });

  it('has no labeledEventRecall when nothing was labeled', () => {
    const { metrics } = parseModelMetrics(
      JSON.stringify({ labeled_event_metrics: { num_labeled: 0, num_identified: 0 } }),
    );
    expect(metrics.labeledEvents).toBe(0);
    expect(metrics.labeledEventRecall).toBeUndefined();
  });
});

describe('parseModelMetrics on malformed input', () => {
  const cases: Array<[string, unknown, Record<string, number>, RegExp]> = [
    ['undefined', undefined, {}, /no metrics reported/],
    ['empty string', '', {}, /no metrics reported/],
    ['not JSON', '{"model_version_metrics": {', {}, /not valid JSON/],
    ['a JSON array', '[1,2]', {}, /expected a JSON object/],
    ['a number instead of a string', 42, {}, /expected a JSON string/],
    [
      'recall as a string',
      JSON.stringify({ model_version_metrics: { recall: 'high', precision: 0.5 } }),
      { precision: 0.5 },
      /recall: not a finite number \("high"\)/,
    ],
    [
      'NaN smuggled as a string',
      '{"model_version_metrics": {"precision": "NaN"}}',
      {},
      /precision: not a finite number/,
    ],
    ['ratio above 1', JSON.stringify({ model_version_metrics: { auc: 1.7 } }), {}, /auc: ratio above 1/],
    [
      'negative count',
      JSON.stringify({ unknown_event_metrics: { num_identified: -2 } }),
      {},
      /unknownEvents: negative value/,
    ],
    [
      'fractional count',
      JSON.stringify({ labeled_event_metrics: { num_labeled: 2.5 } }),
      {},
      /labeledEvents: count is not an integer/,
    ],
    [
      'identified more than labeled',
      JSON.stringify({ labeled_event_metrics: { num_labeled: 2, num_identified: 5 } }),
      { labeledEvents: 2 },
      /5 identified of only 2 labeled/,
    ],
    [
      'a section of the wrong type',
      JSON.stringify({ model_version_metrics: [0.5] }),
      {},
      /model_version_metrics: expected an object, got an array/,
    ],
    [
      'predicted_ranges not a list',
      JSON.stringify({ predicted_ranges: 'many' }),
      {},
      /predicted_ranges is not a list/,
    ],
    ['huge document', `{"x":"${'a'.repeat(1_000_001)}"}`, {}, /too large/],
  ];
  it.each(cases)('%s ⇒ absent, with a reason', (_name, input, expected, reason) => {
    const { metrics, problems } = parseModelMetrics(input);
    expect(metrics).toEqual(expected);
    expect(problems.join('\n')).toMatch(reason);
  });

  it('ignores null values as absent without complaint', () => {
    const { metrics, problems } = parseModelMetrics(
      JSON.stringify({ model_version_metrics: { recall: null } }),
    );
    expect(metrics).toEqual({});
    expect(problems).toEqual([]);
  });
});
