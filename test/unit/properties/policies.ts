// Activation policies as people write them: valid ones, ones with one known mistake, and noise.
import fc from 'fast-check';
import { METRIC_NAMES } from '../../../lib/core/metrics.js';
import { MODEL_QUALITY_VALUES } from '../../../lib/core/policy.js';
import { adversarialString, deepListText, jsonWithRaw, RAW_MARKER, unknownEnumValue } from './arbitraries.js';

export const RULE_KEYS = ['min', 'max', 'minDeltaVsPrior', 'maxDeltaVsPrior'] as const;
export const TOP_LEVEL_KEYS = [
  'mode',
  'rules',
  'requireModelQuality',
  'onMissingMetric',
  'description',
] as const;

export interface RuleDocument {
  metric: (typeof METRIC_NAMES)[number];
  min?: number;
  max?: number;
  minDeltaVsPrior?: number;
  maxDeltaVsPrior?: number;
}

export interface PolicyDocument {
  mode: 'enforce' | 'dry-run' | 'off';
  rules: RuleDocument[];
  requireModelQuality?: Array<(typeof MODEL_QUALITY_VALUES)[number]>;
  onMissingMetric?: 'reject' | 'ignore';
  description?: string;
}

export const threshold = fc.oneof(
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

export const validRule: fc.Arbitrary<RuleDocument> = fc
  .record(
    {
      metric: fc.constantFrom(...METRIC_NAMES),
      min: threshold,
      max: threshold,
      minDeltaVsPrior: threshold,
      maxDeltaVsPrior: threshold,
    },
    { requiredKeys: ['metric'] },
  )
  .filter((rule) => RULE_KEYS.some((key) => rule[key] !== undefined))
  .map((rule) =>
    rule.min !== undefined && rule.max !== undefined && rule.min > rule.max
      ? { ...rule, min: rule.max, max: rule.min }
      : rule,
  );

export const validPolicy: fc.Arbitrary<PolicyDocument> = fc
  .record(
    {
      mode: fc.constantFrom('enforce' as const, 'dry-run' as const, 'off' as const),
      rules: fc.array(validRule, { maxLength: 8 }),
      requireModelQuality: fc.subarray([...MODEL_QUALITY_VALUES], { minLength: 1 }),
      onMissingMetric: fc.constantFrom('reject' as const, 'ignore' as const),
      description: fc.string({ maxLength: 500 }),
    },
    { requiredKeys: ['mode', 'rules'] },
  )
  .filter((p) => p.mode !== 'enforce' || p.rules.length > 0 || p.requireModelQuality !== undefined);

/** A policy with one known mistake, and where its error must point. */
export interface BrokenPolicy {
  what: string;
  text: string;
  /** Some error is about this path or inside it (null: the mistake is the policy as a whole). */
  where: string | null;
  /** ...and says this (a misspelt key names itself). */
  says: RegExp;
}

const wrongNumber = fc.oneof(
  fc.constantFrom('"0.8"', '"NaN"', '"Infinity"', 'true', 'null', '[]', '[0.8]', '{}', '{"value":0.8}'),
  fc.constantFrom('1e400', '-1e400'),
  deepListText,
);
const RULE_TYPOS = [
  'minn',
  'Min',
  'maximum',
  'max_delta',
  'minDelta',
  'maxDeltaVsPriors',
  'threshold',
  'metrics',
];
const TOP_TYPOS = [
  'mdoe',
  'Mode',
  'rule',
  'Rules',
  'onMissingMetrics',
  'requireModelQualities',
  'descripton',
];

/** A valid policy that has at least `n` rules. */
const withRules = (n: number) =>
  fc
    .tuple(validPolicy, fc.array(validRule, { minLength: n, maxLength: n }))
    .map(([p, extra]) => ({ ...p, rules: [...p.rules, ...extra] }));

/** `text` is the broken document as written (see jsonWithRaw for a value no JSON.stringify writes). */
function broken(what: string, text: string, where: string | null, says: RegExp = /\S/): BrokenPolicy {
  return { what, text, where, says };
}

const ruleDefect: fc.Arbitrary<BrokenPolicy> = fc
  .tuple(withRules(1), fc.nat(), fc.nat(5))
  .chain(([policy, pick, kind]) => {
    const i = pick % policy.rules.length;
    const rules: unknown[] = [...policy.rules];
    const rule = policy.rules[i] as RuleDocument;
    const at = (value: unknown) => {
      rules[i] = value;
      return { ...policy, rules };
    };
    const where = `rules[${i}]`;
    switch (kind) {
      case 0:
        return fc
          .oneof(
            unknownEnumValue(METRIC_NAMES).map((metric) => JSON.stringify(metric)),
            fc.constantFrom('null', '0', 'true', '{}', '["recall"]'),
            deepListText,
          )
          .map((raw) =>
            broken(
              `metric = ${raw.slice(0, 20)}`,
              jsonWithRaw(at({ ...rule, metric: RAW_MARKER }), raw),
              `${where}.metric`,
            ),
          );
      case 1:
        return fc
          .oneof(fc.constantFrom(...RULE_TYPOS), fc.stringMatching(/^[a-z][A-Za-z]{2,12}$/))
          .filter((key) => key !== 'metric' && !(RULE_KEYS as readonly string[]).includes(key))
          .chain((key) =>
            threshold.map((value) =>
              broken(
                `misspelt key ${key}`,
                JSON.stringify(at({ ...rule, [key]: value })),
                where,
                new RegExp(`"${key}"`),
              ),
            ),
          );
      case 2:
        return fc
          .tuple(fc.constantFrom(...RULE_KEYS), wrongNumber)
          .map(([key, raw]) =>
            broken(
              `${key} = ${raw.slice(0, 20)}`,
              jsonWithRaw(at({ ...rule, [key]: RAW_MARKER }), raw),
              `${where}.${key}`,
            ),
          );
      case 3:
        return fc
          .tuple(threshold, threshold)
          .filter(([a, b]) => a !== b)
          .map(([a, b]) =>
            broken(
              'min above max',
              JSON.stringify(at({ metric: rule.metric, min: Math.max(a, b), max: Math.min(a, b) })),
              where,
              /min is greater than max/,
            ),
          );
      case 4:
        return fc.constant(
          broken(
            'a rule without a threshold',
            JSON.stringify(at({ metric: rule.metric })),
            where,
            /at least one of/,
          ),
        );
      default:
        return fc
          .oneof(
            fc.constantFrom('null', '0', '"recall >= 0.8"', 'true', '[]', '["recall",0.8]'),
            deepListText,
          )
          .map((raw) => broken(`rule = ${raw.slice(0, 20)}`, jsonWithRaw(at(RAW_MARKER), raw), where));
    }
  });

const topLevelDefect: fc.Arbitrary<BrokenPolicy> = fc
  .tuple(validPolicy, fc.nat(6))
  .chain(([policy, kind]) => {
    const at = (key: string) => ({ ...policy, [key]: RAW_MARKER });
    switch (kind) {
      case 0:
        return fc
          .oneof(fc.constantFrom(...TOP_TYPOS), fc.stringMatching(/^[a-z][A-Za-z]{2,12}$/))
          .filter((key) => !(TOP_LEVEL_KEYS as readonly string[]).includes(key))
          .map((key) =>
            broken(
              `misspelt key ${key}`,
              JSON.stringify({ ...policy, [key]: 'x' }),
              'policy',
              new RegExp(`"${key}"`),
            ),
          );
      case 1:
        return fc
          .oneof(
            unknownEnumValue(['enforce', 'dry-run', 'off']).map((m) => JSON.stringify(m)),
            wrongNumber,
          )
          .map((raw) => broken(`mode = ${raw.slice(0, 20)}`, jsonWithRaw(at('mode'), raw), 'mode'));
      case 2:
        return fc
          .oneof(
            fc.constantFrom('null', '{}', '"recall >= 0.8"', '0', '{"metric":"recall","min":0.8}'),
            // An empty list is a valid list of rules.
            deepListText.filter((text) => text !== '[]'),
          )
          .map((raw) => broken(`rules = ${raw.slice(0, 20)}`, jsonWithRaw(at('rules'), raw), 'rules'));
      case 3:
        return fc
          .oneof(
            fc.constantFrom('null', '[]', '"QUALITY_THRESHOLD_MET"', '{}'),
            unknownEnumValue(MODEL_QUALITY_VALUES).map((q) => JSON.stringify([q])),
          )
          .map((raw) =>
            broken(
              `requireModelQuality = ${raw.slice(0, 20)}`,
              jsonWithRaw(at('requireModelQuality'), raw),
              'requireModelQuality',
            ),
          );
      case 4:
        return fc
          .oneof(
            unknownEnumValue(['reject', 'ignore']).map((v) => JSON.stringify(v)),
            wrongNumber,
          )
          .map((raw) =>
            broken(
              `onMissingMetric = ${raw.slice(0, 20)}`,
              jsonWithRaw(at('onMissingMetric'), raw),
              'onMissingMetric',
            ),
          );
      case 5:
        return fc
          .oneof(fc.constantFrom('0', 'true', '[]', '{}'), fc.constant(JSON.stringify('d'.repeat(501))))
          .map((raw) =>
            broken(`description = ${raw.slice(0, 20)}`, jsonWithRaw(at('description'), raw), 'description'),
          );
      default:
        return fc
          .array(validRule, { minLength: 51, maxLength: 60 })
          .map((rules) => broken(`${rules.length} rules`, JSON.stringify({ ...policy, rules }), 'rules'));
    }
  });

const wholeDefect: fc.Arbitrary<BrokenPolicy> = fc.oneof(
  fc
    .oneof(
      fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)),
      fc.array(validPolicy, { maxLength: 2 }),
    )
    .map((value) => broken('not an object', JSON.stringify(value), 'policy')),
  fc
    .record({
      requireModelQuality: fc.constant(undefined),
      description: fc.option(fc.string(), { nil: undefined }),
    })
    .map(({ description }) =>
      broken(
        'an enforce policy that checks nothing',
        JSON.stringify({ mode: 'enforce', rules: [], description }),
        null,
        /requireModelQuality/,
      ),
    ),
  fc
    .tuple(validPolicy, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }))
    .map(([policy, fraction]) => {
      const text = JSON.stringify(policy);
      const cut = Math.min(text.length - 1, 1 + Math.floor(fraction * (text.length - 1)));
      return {
        what: `cut at ${cut}`,
        text: text.slice(0, cut),
        where: null,
        says: /^policy is not valid JSON: /,
      };
    }),
);

export const brokenPolicy: fc.Arbitrary<BrokenPolicy> = fc.oneof(
  { weight: 3, arbitrary: ruleDefect },
  { weight: 3, arbitrary: topLevelDefect },
  { weight: 1, arbitrary: wholeDefect },
);

/** Anything at all in the parameter: noise, JSON of any shape, near-policies and broken ones. */
export const anyPolicyText: fc.Arbitrary<string> = fc.oneof(
  adversarialString,
  fc.json(),
  validPolicy.map((p) => JSON.stringify(p)),
  brokenPolicy.map((b) => b.text),
);
