// The policy validator's messages, pinned: operators read them in `policy validate` and in FAILED
// decisions, so a change of schema library or of zod's defaults must not change a word.
import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../../../lib/core/policy.js';

/** A list nested so deeply that printing it overflows the stack. */
function nested(depth: number): unknown[] {
  const outer: unknown[] = [];
  let cur = outer;
  for (let i = 0; i < depth; i++) {
    const inner: unknown[] = [];
    cur.push(inner);
    cur = inner;
  }
  return outer;
}

const deep = nested(20_000);

const cases: Array<[string, unknown]> = [
  ['unknown mode', { mode: 'yolo', rules: [] }],
  ['no mode', { rules: [] }],
  ['rules not a list', { mode: 'off', rules: {} }],
  [
    'too many rules',
    { mode: 'off', rules: Array.from({ length: 51 }, () => ({ metric: 'recall', min: 0 })) },
  ],
  ['rule not an object', { mode: 'off', rules: [3] }],
  ['unknown metric', { mode: 'dry-run', rules: [{ metric: 'f1', min: 1 }] }],
  ['metric not a string', { mode: 'dry-run', rules: [{ metric: { a: 1 }, min: 1 }] }],
  ['metric nested too deep', { mode: 'dry-run', rules: [{ metric: deep, min: 1 }] }],
  ['typo in a key', { mode: 'dry-run', rules: [{ metric: 'recall', minimum: 0.5 }] }],
  ['two typos', { mode: 'dry-run', rules: [{ metric: 'recall', minimum: 0.5, maximum: 1 }] }],
  ['rule without threshold', { mode: 'dry-run', rules: [{ metric: 'recall' }] }],
  ['min above max', { mode: 'dry-run', rules: [{ metric: 'recall', min: 0.9, max: 0.1 }] }],
  ['threshold as string', { mode: 'dry-run', rules: [{ metric: 'recall', min: '0.8' }] }],
  ['threshold infinite', { mode: 'dry-run', rules: [{ metric: 'recall', max: Number.POSITIVE_INFINITY }] }],
  ['threshold NaN', { mode: 'dry-run', rules: [{ metric: 'recall', minDeltaVsPrior: Number.NaN }] }],
  ['unknown top-level key', { mode: 'off', rules: [], extra: 1 }],
  ['enforce with nothing to check', { mode: 'enforce', rules: [] }],
  ['bad model quality', { mode: 'dry-run', rules: [], requireModelQuality: ['GREAT'] }],
  ['empty model quality', { mode: 'dry-run', rules: [], requireModelQuality: [] }],
  ['bad onMissingMetric', { mode: 'dry-run', rules: [], onMissingMetric: 'maybe' }],
  ['description too long', { mode: 'off', rules: [], description: 'x'.repeat(501) }],
  ['description not text', { mode: 'off', rules: [], description: 5 }],
  ['a list', []],
  ['null', null],
  ['a string', 'enforce'],
  [
    'several problems',
    { mode: 'on', rules: [{ metric: 'recall', min: 2, max: 1 }, { metric: 'auc' }], extra: true },
  ],
];

const EXPECTED: Record<string, string[] | 'OK'> = {
  'unknown mode': ['mode: Invalid option: expected one of "enforce"|"dry-run"|"off"'],
  'no mode': ['mode: Invalid option: expected one of "enforce"|"dry-run"|"off"'],
  'rules not a list': ['rules: Invalid input: expected array, received object'],
  'too many rules': ['rules: Too big: expected array to have <=50 items'],
  'rule not an object': ['rules[0]: Invalid input: expected object, received number'],
  'unknown metric': [
    'rules[0].metric: unknown metric "f1"; expected one of precision, recall, auc, meanFractionalLeadTime, labeledEvents, labeledEventsIdentified, labeledEventRecall, meanWarningHours, unknownEvents, unknownEventHours, predictedEvents, availableDataInDays',
  ],
  'metric not a string': [
    'rules[0].metric: unknown metric {"a":1}; expected one of precision, recall, auc, meanFractionalLeadTime, labeledEvents, labeledEventsIdentified, labeledEventRecall, meanWarningHours, unknownEvents, unknownEventHours, predictedEvents, availableDataInDays',
  ],
  'metric nested too deep': [
    'rules[0].metric: unknown metric a list; expected one of precision, recall, auc, meanFractionalLeadTime, labeledEvents, labeledEventsIdentified, labeledEventRecall, meanWarningHours, unknownEvents, unknownEventHours, predictedEvents, availableDataInDays',
  ],
  'typo in a key': [
    'rules[0]: Unrecognized key: "minimum"',
    'rules[0]: a rule needs at least one of min, max, minDeltaVsPrior, maxDeltaVsPrior',
  ],
  'two typos': [
    'rules[0]: Unrecognized keys: "minimum", "maximum"',
    'rules[0]: a rule needs at least one of min, max, minDeltaVsPrior, maxDeltaVsPrior',
  ],
  'rule without threshold': [
    'rules[0]: a rule needs at least one of min, max, minDeltaVsPrior, maxDeltaVsPrior',
  ],
  'min above max': ['rules[0]: min is greater than max, so no value can pass'],
  'threshold as string': ['rules[0].min: Invalid input: expected number, received string'],
  'threshold infinite': ['rules[0].max: Invalid input: expected number, received Infinity'],
  'threshold NaN': ['rules[0].minDeltaVsPrior: Invalid input: expected number, received NaN'],
  'unknown top-level key': ['policy: Unrecognized key: "extra"'],
  'enforce with nothing to check': [
    'an enforce policy needs at least one rule or requireModelQuality, or it would activate anything',
  ],
  'bad model quality': [
    'requireModelQuality[0]: Invalid option: expected one of "QUALITY_THRESHOLD_MET"|"CANNOT_DETERMINE_QUALITY"|"POOR_QUALITY_DETECTED"',
  ],
  'empty model quality': ['requireModelQuality: Too small: expected array to have >=1 items'],
  'bad onMissingMetric': ['onMissingMetric: Invalid option: expected one of "reject"|"ignore"'],
  'description too long': ['description: Too big: expected string to have <=500 characters'],
  'description not text': ['description: Invalid input: expected string, received number'],
  'a list': ['policy: Invalid input: expected object, received array'],
  null: ['policy: Invalid input: expected object, received null'],
  'a string': ['policy: Invalid input: expected object, received string'],
  'several problems': [
    'mode: Invalid option: expected one of "enforce"|"dry-run"|"off"',
    'rules[0]: min is greater than max, so no value can pass',
    'rules[1]: a rule needs at least one of min, max, minDeltaVsPrior, maxDeltaVsPrior',
    'policy: Unrecognized key: "extra"',
  ],
};

describe('policy validation messages', () => {
  it.each(cases)('%s', (name, raw) => {
    const result = validatePolicy(raw);
    expect(result.ok ? 'OK' : result.errors).toEqual(EXPECTED[name]);
  });
});
