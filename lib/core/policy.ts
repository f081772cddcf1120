// Activation policy (DESIGN §4): one zod/mini schema gives both the validator and the TypeScript type.
// Evaluation is pure: every rule yields a check, and a policy only passes when every check passes.
import * as z from 'zod/mini';
import english from 'zod/v4/locales/en.js';
import type { Check, CheckRule } from './events.js';
import { METRIC_NAMES, type MetricName, type NormalizedMetrics } from './metrics.js';

export const MODEL_QUALITY_VALUES = [
  'QUALITY_THRESHOLD_MET',
  'CANNOT_DETERMINE_QUALITY',
  'POOR_QUALITY_DETECTED',
] as const;

/** How an error shows a value a person wrote. */
function shown(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    // Nested too deeply to print before the stack runs out: say what it is instead.
    return Array.isArray(value) ? 'a list' : 'an object';
  }
}

const finite = z.number().check(z.refine(Number.isFinite, { message: 'must be a finite number' }));

const ruleSchema = z
  .strictObject({
    metric: z.enum(METRIC_NAMES, {
      error: (issue) => `unknown metric ${shown(issue.input)}; expected one of ${METRIC_NAMES.join(', ')}`,
    }),
    min: z.optional(finite),
    max: z.optional(finite),
    minDeltaVsPrior: z.optional(finite),
    maxDeltaVsPrior: z.optional(finite),
  })
  .check(
    z.refine(
      (rule) =>
        rule.min !== undefined ||
        rule.max !== undefined ||
        rule.minDeltaVsPrior !== undefined ||
        rule.maxDeltaVsPrior !== undefined,
      { message: 'a rule needs at least one of min, max, minDeltaVsPrior, maxDeltaVsPrior' },
    ),
    z.refine((rule) => rule.min === undefined || rule.max === undefined || rule.min <= rule.max, {
      message: 'min is greater than max, so no value can pass',
    }),
  );

export const policySchema = z.strictObject({
  mode: z.enum(['enforce', 'dry-run', 'off']),
  rules: z.array(ruleSchema).check(z.maxLength(50)),
  requireModelQuality: z.optional(z.array(z.enum(MODEL_QUALITY_VALUES)).check(z.minLength(1))),
  onMissingMetric: z._default(z.enum(['reject', 'ignore']), 'reject'),
  description: z.optional(z.string().check(z.maxLength(500))),
});

/** zod/mini carries no messages of its own: a person reads these, in the words zod's English locale uses. */
const ENGLISH = english();

export type Policy = z.infer<typeof policySchema>;
export type PolicyRule = z.infer<typeof ruleSchema>;
export type PolicyMode = Policy['mode'];

export type PolicyParseResult = { ok: true; policy: Policy } | { ok: false; errors: string[] };

function formatIssuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'policy';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** Parses policy JSON text; never throws. Errors name the offending key, e.g. "rules[1].min: ...". */
export function parsePolicy(text: string): PolicyParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`policy is not valid JSON: ${(error as Error).message}`] };
  }
  return validatePolicy(raw);
}

export function validatePolicy(raw: unknown): PolicyParseResult {
  const result = policySchema.safeParse(raw, { error: ENGLISH.localeError });
  if (result.success) {
    if (
      result.data.mode === 'enforce' &&
      result.data.rules.length === 0 &&
      !result.data.requireModelQuality
    ) {
      return {
        ok: false,
        errors: [
          'an enforce policy needs at least one rule or requireModelQuality, or it would activate anything',
        ],
      };
    }
    return { ok: true, policy: result.data };
  }
  return {
    ok: false,
    errors: result.error.issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`),
  };
}

export interface EvaluationInput {
  policy: Policy;
  metrics: NormalizedMetrics;
  priorMetrics: NormalizedMetrics;
  modelQuality: string | null;
  /** Metrics reported but unreadable (see ParsedMetrics.malformed): a rule on one never passes. */
  malformed?: { candidate?: readonly MetricName[]; prior?: readonly MetricName[] };
}

export interface Evaluation {
  passed: boolean;
  checks: Check[];
  /** One sentence per failed check. */
  failures: string[];
}

const RULE_KEYS = ['min', 'max', 'minDeltaVsPrior', 'maxDeltaVsPrior'] as const;

function round(value: number): number {
  const scaled = value * 1e6;
  // Beyond about 1e302 scaling overflows to Infinity; a number that large has no decimals to round.
  return Number.isFinite(scaled) ? Math.round(scaled) / 1e6 : value;
}

type RuleKey = (typeof RULE_KEYS)[number];
type MetricsSide = 'candidate' | 'prior';

function isDeltaRule(key: RuleKey): boolean {
  return key === 'minDeltaVsPrior' || key === 'maxDeltaVsPrior';
}

/** Which side's metrics hold `metric` unreadable for this rule; null when the rule can read it. */
function unreadableSide(metric: MetricName, key: RuleKey, input: EvaluationInput): MetricsSide | null {
  if (input.malformed?.candidate?.includes(metric)) return 'candidate';
  if (isDeltaRule(key) && input.malformed?.prior?.includes(metric)) return 'prior';
  return null;
}

/** The value the rule compares with its threshold, or the side whose metrics lack `metric`. */
function actualValue(
  metric: MetricName,
  key: RuleKey,
  input: EvaluationInput,
): { actual: number } | { missing: MetricsSide } {
  const candidate = input.metrics[metric];
  if (candidate === undefined) return { missing: 'candidate' };
  if (!isDeltaRule(key)) return { actual: candidate };
  const prior = input.priorMetrics[metric];
  if (prior === undefined) return { missing: 'prior' };
  return { actual: round(candidate - prior) };
}

function checkOne(rule: PolicyRule, key: RuleKey, threshold: number, input: EvaluationInput): Check {
  const metric: MetricName = rule.metric;
  const unreadable = unreadableSide(metric, key, input);
  if (unreadable !== null) {
    // onMissingMetric is about metrics L4E did not report; garbage is never ignored.
    return {
      metric,
      rule: key,
      threshold,
      actual: null,
      passed: false,
      note: `${metric} could not be read from the ${unreadable} metrics, and a policy never passes on unreadable data`,
    };
  }
  const value = actualValue(metric, key, input);
  if ('missing' in value) {
    const ignore = input.policy.onMissingMetric === 'ignore';
    return {
      metric,
      rule: key,
      threshold,
      actual: null,
      passed: ignore,
      note: `${metric} is absent from the ${value.missing} metrics (${ignore ? 'ignored' : 'rejected'} by onMissingMetric)`,
    };
  }
  const { actual } = value;
  const passed = key === 'min' || key === 'minDeltaVsPrior' ? actual >= threshold : actual <= threshold;
  return { metric, rule: key, threshold, actual, passed };
}

const RULE_WORDS: Record<CheckRule, string> = {
  min: 'at least',
  max: 'at most',
  minDeltaVsPrior: 'a change vs prior of at least',
  maxDeltaVsPrior: 'a change vs prior of at most',
  modelQuality: 'one of',
};

/** A human sentence for a failed check, used as a decision reason. */
export function describeFailedCheck(check: Check): string {
  if (check.note) return check.note;
  const threshold = Array.isArray(check.threshold) ? check.threshold.join(', ') : String(check.threshold);
  return `${check.metric} is ${check.actual ?? 'absent'}; the policy requires ${RULE_WORDS[check.rule]} ${threshold}`;
}

export function evaluatePolicy(input: EvaluationInput): Evaluation {
  const checks: Check[] = [];
  for (const rule of input.policy.rules) {
    for (const key of RULE_KEYS) {
      const threshold = rule[key];
      if (threshold !== undefined) checks.push(checkOne(rule, key, threshold, input));
    }
  }
  const allowed = input.policy.requireModelQuality;
  if (allowed) {
    const quality = input.modelQuality;
    checks.push({
      metric: 'modelQuality',
      rule: 'modelQuality',
      threshold: [...allowed],
      actual: quality,
      passed: quality !== null && (allowed as readonly string[]).includes(quality),
      ...(quality === null ? { note: 'modelQuality is not reported for this version' } : {}),
    });
  }
  const failures = checks.filter((c) => !c.passed).map(describeFailedCheck);
  return { passed: failures.length === 0, checks, failures };
}
