import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseModelMetrics, withAvailableData } from '../../../lib/core/metrics.js';
import { settings } from './arbitraries.js';
import {
  expectedMetrics,
  malformedMetrics,
  metricsDocument,
  outOfDomain,
  oversizedMetrics,
} from './metrics-documents.js';

const anyInput = fc.oneof(
  fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json(),
  metricsDocument.map((doc) => JSON.stringify(doc)),
  malformedMetrics.map((m) => m.json),
);

const anyDayCount = fc.oneof(
  fc.constantFrom(null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0),
  fc.integer(),
  fc.double(),
);

describe('parseModelMetrics on any input', () => {
  it('never throws, and returns only finite metrics within their domain with non-empty problem sentences', () => {
    fc.assert(
      fc.property(anyInput, anyDayCount, (input, days) => {
        // Act
        const parsed = withAvailableData(parseModelMetrics(input), days);
        // Assess
        expect(outOfDomain(parsed.metrics)).toEqual([]);
        for (const problem of parsed.problems) expect(problem).toMatch(/\S/);
      }),
      settings(400),
    );
  });
});

describe('parseModelMetrics on documents it cannot read fully', () => {
  it('says what is wrong and leaves every metric the defect touches absent, never zero', () => {
    fc.assert(
      fc.property(malformedMetrics, (malformed) => {
        // Act
        const { metrics, problems } = parseModelMetrics(malformed.json);
        // Assess
        expect(
          problems.some((p) => malformed.problem.test(p)),
          `${malformed.what}: ${problems.join(' | ')}`,
        ).toBe(true);
        for (const metric of malformed.affected) expect(metrics[metric], metric).toBeUndefined();
        expect(outOfDomain(metrics)).toEqual([]);
      }),
      settings(500),
    );
  });

  it('refuses an oversized document without reading it', () => {
    fc.assert(
      fc.property(oversizedMetrics, (oversized) => {
        // Act
        const { metrics, problems } = parseModelMetrics(oversized.json);
        // Assess
        expect(metrics).toEqual({});
        expect(problems).toEqual([expect.stringMatching(oversized.problem)]);
      }),
      settings(3),
    );
  });
});

describe('parseModelMetrics on valid documents in the real format', () => {
  it('round-trips every value exactly, with no problem', () => {
    fc.assert(
      fc.property(metricsDocument, (doc) => {
        // Prepare
        const json = JSON.stringify(doc);
        // Act
        const parsed = parseModelMetrics(json);
        // Assess
        expect(parsed).toEqual({ metrics: expectedMetrics(doc), problems: [], malformed: [] });
      }),
      settings(300),
    );
  });

  it('adds RetrainingAvailableDataInDays only when it is a day count, and otherwise says so', () => {
    fc.assert(
      fc.property(metricsDocument, anyDayCount, (doc, days) => {
        // Prepare
        const parsed = parseModelMetrics(JSON.stringify(doc));
        // Act
        const joined = withAvailableData(parsed, days);
        // Assess
        const isDayCount = typeof days === 'number' && Number.isInteger(days) && days >= 0;
        expect(joined.metrics.availableDataInDays).toBe(isDayCount ? days : undefined);
        const complains = days !== null && days !== undefined && !isDayCount;
        expect(joined.problems).toEqual(complains ? [expect.stringMatching(/^availableDataInDays: /)] : []);
      }),
      settings(300),
    );
  });
});
