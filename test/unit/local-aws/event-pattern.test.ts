import { describe, expect, it } from 'vitest';
import type { EventPattern } from '../../../local/aws/event-pattern.js';
import { matchesEventPattern, validateEventPattern } from '../../../local/aws/event-pattern.js';

const retraining = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'Scheduled Retraining State Change',
  source: 'l4e.autopilot',
  account: '123456789012',
  time: '2025-03-01T10:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:lookoutequipment:us-east-1:123456789012:model/pump/abc'],
  detail: {
    status: 'SUCCESS',
    modelName: 'Pump-7',
    modelVersion: 4,
    availableDataInDays: 120,
    failedReason: null,
    tags: ['critical', 'line-2'],
    runs: [{ status: 'FAILED' }, { status: 'SUCCESS' }],
    sourceIp: '10.0.0.42',
    sourceIp6: '2001:db8::7',
    file: 'report.PNG',
  },
};
const replayed = { ...retraining, 'replay-name': 'nightly-replay' };

const productRetrainingRule: EventPattern = {
  source: ['l4e.autopilot'],
  'detail-type': ['Scheduled Retraining State Change'],
  detail: { status: ['SUCCESS'] },
};
const productNotifyRule: EventPattern = { source: ['l4e.autopilot'], 'replay-name': [{ exists: false }] };

const cases: Array<[string, EventPattern, Record<string, unknown>, boolean]> = [
  ['product retraining rule matches a SUCCESS run', productRetrainingRule, retraining, true],
  [
    'product retraining rule ignores a FAILED run',
    productRetrainingRule,
    { ...retraining, detail: { ...retraining.detail, status: 'FAILED' } },
    false,
  ],
  [
    'product retraining rule ignores another detail-type',
    productRetrainingRule,
    { ...retraining, 'detail-type': 'Active Model Version Change' },
    false,
  ],
  ['product notify rule matches a normal event', productNotifyRule, retraining, true],
  ['product notify rule skips a replayed event', productNotifyRule, replayed, false],
  ['leaf arrays OR their values', { detail: { status: ['FAILED', 'SUCCESS'] } }, retraining, true],
  ['exact match is case sensitive', { detail: { status: ['success'] } }, retraining, false],
  ['a string never equals a number', { detail: { modelVersion: ['4'] } }, retraining, false],
  ['numbers match exactly', { detail: { modelVersion: [4] } }, retraining, true],
  ['null matches a null value', { detail: { failedReason: [null] } }, retraining, true],
  ['null does not match an absent field', { detail: { missing: [null] } }, retraining, false],
  ['event arrays match when any element matches', { detail: { tags: ['line-2'] } }, retraining, true],
  ['event arrays fail when no element matches', { detail: { tags: ['line-3'] } }, retraining, false],
  ['nested objects inside arrays', { detail: { runs: { status: ['SUCCESS'] } } }, retraining, true],
  ['prefix', { detail: { modelName: [{ prefix: 'Pump-' }] } }, retraining, true],
  ['prefix is case sensitive', { detail: { modelName: [{ prefix: 'pump-' }] } }, retraining, false],
  [
    'prefix with equals-ignore-case',
    { detail: { modelName: [{ prefix: { 'equals-ignore-case': 'pump-' } }] } },
    retraining,
    true,
  ],
  ['suffix', { detail: { file: [{ suffix: '.PNG' }] } }, retraining, true],
  [
    'suffix with equals-ignore-case',
    { detail: { file: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    retraining,
    true,
  ],
  ['anything-but value', { detail: { status: [{ 'anything-but': 'FAILED' }] } }, retraining, true],
  [
    'anything-but list excludes listed values',
    { detail: { status: [{ 'anything-but': ['FAILED', 'SUCCESS'] }] } },
    retraining,
    false,
  ],
  ['anything-but number', { detail: { modelVersion: [{ 'anything-but': 4 }] } }, retraining, false],
  [
    'anything-but prefix',
    { detail: { modelName: [{ 'anything-but': { prefix: 'Fan' } }] } },
    retraining,
    true,
  ],
  [
    'anything-but prefix excludes a matching prefix',
    { detail: { modelName: [{ 'anything-but': { prefix: 'Pump' } }] } },
    retraining,
    false,
  ],
  [
    'anything-but equals-ignore-case',
    { detail: { status: [{ 'anything-but': { 'equals-ignore-case': ['success'] } }] } },
    retraining,
    false,
  ],
  [
    'anything-but never matches an absent field',
    { detail: { nope: [{ 'anything-but': 'x' }] } },
    retraining,
    false,
  ],
  [
    'numeric range',
    { detail: { availableDataInDays: [{ numeric: ['>', 90, '<=', 120] }] } },
    retraining,
    true,
  ],
  [
    'numeric range excludes the open bound',
    { detail: { availableDataInDays: [{ numeric: ['>', 120] }] } },
    retraining,
    false,
  ],
  ['numeric equality', { detail: { modelVersion: [{ numeric: ['=', 4] }] } }, retraining, true],
  ['numeric never matches a string', { detail: { status: [{ numeric: ['>', 0] }] } }, retraining, false],
  ['exists true on a present leaf', { detail: { status: [{ exists: true }] } }, retraining, true],
  ['exists true on an absent leaf', { detail: { nope: [{ exists: true }] } }, retraining, false],
  ['exists false on an absent leaf', { detail: { nope: [{ exists: false }] } }, retraining, true],
  ['exists false on a present leaf', { detail: { status: [{ exists: false }] } }, retraining, false],
  ['exists false under an absent parent', { absent: { child: [{ exists: false }] } }, retraining, true],
  ['exists never matches an intermediate node', { detail: [{ exists: true }] }, retraining, false],
  ['equals-ignore-case', { detail: { status: [{ 'equals-ignore-case': 'success' }] } }, retraining, true],
  ['wildcard', { detail: { modelName: [{ wildcard: 'Pu*-?' }] } }, retraining, false],
  ['wildcard star spans characters', { detail: { modelName: [{ wildcard: 'P*7' }] } }, retraining, true],
  [
    'wildcard escaped star is literal',
    { detail: { modelName: [{ wildcard: 'Pump\\*' }] } },
    { detail: { modelName: 'Pump*' } },
    true,
  ],
  ['cidr v4 inside', { detail: { sourceIp: [{ cidr: '10.0.0.0/24' }] } }, retraining, true],
  ['cidr v4 outside', { detail: { sourceIp: [{ cidr: '10.0.1.0/24' }] } }, retraining, false],
  ['cidr v6 inside', { detail: { sourceIp6: [{ cidr: '2001:db8::/32' }] } }, retraining, true],
  [
    '$or matches when one branch matches',
    {
      source: ['l4e.autopilot'],
      $or: [{ detail: { status: ['FAILED'] } }, { detail: { modelVersion: [4] } }],
    },
    retraining,
    true,
  ],
  [
    '$or fails when no branch matches',
    { $or: [{ detail: { status: ['FAILED'] } }, { detail: { modelVersion: [5] } }] },
    retraining,
    false,
  ],
  [
    'nested objects AND their fields',
    { detail: { status: ['SUCCESS'], modelName: ['Fan-1'] } },
    retraining,
    false,
  ],
];

describe('matchesEventPattern', () => {
  it.each(cases)('%s', (_name, pattern, event, expected) => {
    // Prepare: the pattern is valid as EventBridge would accept it
    expect(validateEventPattern(pattern)).toEqual([]);

    // Act
    const matched = matchesEventPattern(pattern, event);

    // Assess
    expect(matched).toBe(expected);
  });
});

const invalid: Array<[string, unknown, string]> = [
  ['not an object', ['source'], 'event pattern must be a JSON object'],
  ['empty pattern', {}, 'pattern: must contain at least one field'],
  ['a bare string leaf', { source: 'l4e.autopilot' }, 'source: must be an array'],
  ['an empty leaf array', { source: [] }, 'source: empty arrays are not allowed'],
  ['an unknown operator', { source: [{ contains: 'x' }] }, 'source: unrecognized match type contains'],
  ['two keys in one operator', { source: [{ prefix: 'a', suffix: 'b' }] }, 'exactly one key'],
  [
    'a non-boolean exists',
    { source: [{ exists: 'no' }] },
    'exists match pattern must be either true or false',
  ],
  ['an inverted numeric range', { n: [{ numeric: ['>', 5, '<', 1] }] }, 'bottom must be less than its top'],
  ['a numeric range in the wrong order', { n: [{ numeric: ['<', 5, '>', 1] }] }, 'a numeric range must be'],
  ['a bad cidr', { ip: [{ cidr: '10.0.0.0/33' }] }, 'valid IPv4 or IPv6 CIDR block'],
  ['a mixed anything-but list', { s: [{ 'anything-but': ['a', 1] }] }, 'only strings or only numbers'],
  ['a one-branch $or', { $or: [{ source: ['a'] }] }, '$or: must be an array of at least 2 patterns'],
  ['nested arrays', { source: [['a']] }, 'source: nested arrays are not allowed'],
];

describe('validateEventPattern', () => {
  it.each(invalid)('rejects %s', (_name, pattern, expected) => {
    // Act
    const problems = validateEventPattern(pattern);

    // Assess
    expect(problems.join('\n')).toContain(expected);
  });
});
