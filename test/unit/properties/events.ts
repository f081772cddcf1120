// Delivered events shaped like the contract (DESIGN §3) but filled with hostile values: huge and
// broken strings, markdown control characters, unknown enum values, hundreds of checks.
import fc from 'fast-check';
import { DETAIL_TYPES, type DeliveredEvent } from '../../../lib/core/events.js';
import { METRIC_NAMES } from '../../../lib/core/metrics.js';
import { adversarialString, deepList, enumValue } from './arbitraries.js';

/** Hostile but never huge: for fields repeated hundreds of times in one event. */
const shortText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({
    unit: fc.constantFrom('<', '>', '&', '`', '*', '\n', '|', '\ud800', '😀', '→'),
    maxLength: 30,
  }),
);
const text = adversarialString;
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const time = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-02-30T25:61:00Z', '+275760-09-13T00:00:00.000Z', 'yesterday'),
  text,
);
const versionNumber = fc.oneof(
  fc.integer({ min: 1, max: 10_000 }),
  fc.constantFrom(0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE),
);
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const metrics = fc.record(Object.fromEntries(METRIC_NAMES.map((name) => [name, finite])), {
  requiredKeys: [],
});

const RUN_STATUSES = ['IN_PROGRESS', 'SUCCESS', 'FAILED', 'IMPORT_IN_PROGRESS', 'CANCELED'];
const SCHEDULER_STATUSES = ['PENDING', 'RUNNING', 'STOPPING', 'STOPPED', 'DELETED'];
const PROMOTE_MODES = ['MANAGED', 'MANUAL'];
const PROMOTION_RESULTS = [
  'MODEL_PROMOTED',
  'MODEL_NOT_PROMOTED',
  'RETRAINING_CUSTOMER_ERROR',
  'RETRAINING_INTERNAL_ERROR',
  'RETRAINING_CANCELLED',
];
const QUALITIES = ['QUALITY_THRESHOLD_MET', 'CANNOT_DETERMINE_QUALITY', 'POOR_QUALITY_DETECTED'];
const CAUSES = ['MANAGED_PROMOTION', 'AUTOPILOT_POLICY', 'EXTERNAL'];
const OUTCOMES = ['ACTIVATED', 'REJECTED', 'DRY_RUN', 'SKIPPED', 'FAILED'];
const CHECK_RULES = ['min', 'max', 'minDeltaVsPrior', 'maxDeltaVsPrior', 'modelQuality'];

function check(words: fc.Arbitrary<string>) {
  return fc.record(
    {
      metric: fc.oneof(fc.constantFrom(...METRIC_NAMES, 'modelQuality'), words),
      rule: fc.oneof(enumValue(CHECK_RULES), words),
      threshold: fc.oneof(finite, fc.array(words, { maxLength: 4 })),
      actual: fc.oneof(fc.constant(null), finite, words),
      passed: fc.boolean(),
      note: words,
    },
    { requiredKeys: ['metric', 'rule', 'threshold', 'actual', 'passed'] },
  );
}

export const checks = fc.oneof(
  fc.array(check(text), { maxLength: 8 }),
  fc.array(check(shortText), { minLength: 400, maxLength: 500 }),
);

const base = {
  schemaVersion: fc.constant('2'),
  eventId: text,
  provider: fc.constantFrom('lookout-equipment', 'iot-sitewise'),
  modelName: text,
  modelArn: text,
  account: text,
  region: text,
  observedAt: time,
};

/** The fields of an event about a fleet target: no model, no provider. */
const targetBase = {
  schemaVersion: fc.constant('2'),
  eventId: text,
  target: text,
  account: text,
  region: text,
  observedAt: time,
  since: time,
  consecutiveFailures: versionNumber,
  lastError: nullable(text),
};

const DETAILS: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  'Retraining Scheduler State Change': fc.record({
    ...base,
    previousStatus: nullable(enumValue(SCHEDULER_STATUSES)),
    status: enumValue(SCHEDULER_STATUSES),
    promoteMode: nullable(enumValue(PROMOTE_MODES)),
    retrainingFrequency: nullable(text),
    lookbackWindow: nullable(text),
    retrainingStartDate: nullable(time),
    nextScheduledRetrainingStartDate: nullable(time),
  }),
  'Scheduled Retraining State Change': fc.record({
    ...base,
    modelVersion: versionNumber,
    modelVersionArn: nullable(text),
    previousStatus: nullable(enumValue(RUN_STATUSES)),
    status: enumValue(RUN_STATUSES),
    startTime: nullable(time),
    failedReason: nullable(text),
    availableDataInDays: nullable(versionNumber),
    promoteMode: nullable(enumValue(PROMOTE_MODES)),
  }),
  'Model Version Promotion Result': fc.record({
    ...base,
    modelVersion: versionNumber,
    modelVersionArn: nullable(text),
    autoPromotionResult: enumValue(PROMOTION_RESULTS),
    autoPromotionResultReason: nullable(text),
    promoteMode: nullable(enumValue(PROMOTE_MODES)),
    modelQuality: nullable(enumValue(QUALITIES)),
    metrics,
    priorMetrics: metrics,
    activeModelVersion: nullable(versionNumber),
    trimmed: fc.option(fc.array(text, { maxLength: 3 }), { nil: undefined }),
  }),
  'Active Model Version Change': fc.record({
    ...base,
    previousActiveVersion: nullable(versionNumber),
    activeVersion: nullable(versionNumber),
    activeVersionArn: nullable(text),
    activatedAt: nullable(time),
    cause: enumValue(CAUSES),
  }),
  'Model Version Activation Decision': fc.record({
    ...base,
    modelVersion: versionNumber,
    modelVersionArn: nullable(text),
    outcome: enumValue(OUTCOMES),
    reasons: fc.oneof(
      fc.array(text, { maxLength: 6 }),
      fc.array(shortText, { minLength: 50, maxLength: 200 }),
    ),
    checks,
    policy: fc.record({
      parameterName: nullable(text),
      version: nullable(versionNumber),
      mode: nullable(text),
    }),
    previousActiveVersion: nullable(versionNumber),
    activeVersion: nullable(versionNumber),
    triggerEventId: nullable(text),
  }),
  'Fleet Target Unreachable': fc.record(targetBase),
  'Fleet Target Recovered': fc.record({ ...targetBase, unreachableForMinutes: versionNumber }),
};

const knownOrUnknownType = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...DETAIL_TYPES) },
  { weight: 1, arbitrary: text },
);

/** A delivered event whose detail follows its detail type's shape with hostile values. */
export const hostileEvent: fc.Arbitrary<DeliveredEvent> = knownOrUnknownType.chain((type) =>
  fc
    .record(
      {
        version: fc.constant('0'),
        id: text,
        'detail-type': fc.constant(type),
        source: fc.constant('l4e.autopilot'),
        account: text,
        time,
        region: text,
        resources: fc.array(text, { maxLength: 3 }),
        detail: DETAILS[type] ?? DETAILS['Model Version Activation Decision'] ?? fc.constant({}),
        'replay-name': text,
      },
      {
        requiredKeys: [
          'version',
          'id',
          'detail-type',
          'source',
          'account',
          'time',
          'region',
          'resources',
          'detail',
        ],
      },
    )
    .map((event) => event as unknown as DeliveredEvent),
);

/** Any JSON a detail field could hold instead of what the contract says, including deep nesting. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 3 }), deepList);

const CHECK_FIELDS = ['metric', 'rule', 'threshold', 'actual', 'passed', 'note'] as const;

/** A check whose every field may hold any JSON at all. */
const mistypedCheck = fc.record(
  {
    metric: fc.oneof(fc.constantFrom(...METRIC_NAMES), wrongValue),
    rule: fc.oneof(enumValue(CHECK_RULES), wrongValue),
    threshold: fc.oneof(finite, wrongValue),
    actual: fc.oneof(finite, wrongValue),
    passed: fc.oneof(fc.boolean(), wrongValue),
    note: fc.oneof(shortText, wrongValue),
  },
  { requiredKeys: ['metric', 'rule', 'threshold', 'actual', 'passed'] },
);

const decisionWithMistypedChecks: fc.Arbitrary<DeliveredEvent> = fc
  .tuple(
    hostileEvent,
    DETAILS['Model Version Activation Decision'] ?? fc.constant({}),
    fc.array(mistypedCheck, { maxLength: 12 }),
  )
  .map(
    ([event, detail, checks]) =>
      ({
        ...event,
        'detail-type': 'Model Version Activation Decision',
        detail: { ...detail, checks },
      }) as unknown as DeliveredEvent,
  );

/** A hostile event with some detail fields, a check's field, or the whole detail of the wrong type. */
const mistypedFields: fc.Arbitrary<DeliveredEvent> = fc
  .record({
    event: hostileEvent,
    // [pick, key, value]: an even pick replaces an existing field, an odd one adds `key`.
    fields: fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 25 }), wrongValue), { maxLength: 4 }),
    check: fc.tuple(fc.nat(), fc.constantFrom(...CHECK_FIELDS), wrongValue),
    wholeDetail: fc.option(wrongValue, { freq: 4, nil: undefined }),
  })
  .map(({ event, fields, check, wholeDetail }) => {
    const detail = { ...(event.detail as unknown as Record<string, unknown>) };
    for (const [pick, key, value] of fields) {
      const existing = Object.keys(detail);
      detail[pick % 2 === 0 && existing.length > 0 ? (existing[pick % existing.length] as string) : key] =
        value;
    }
    if (Array.isArray(detail.checks) && detail.checks.length > 0) {
      const [pick, field, value] = check;
      const checks = [...(detail.checks as Record<string, unknown>[])];
      checks[pick % checks.length] = { ...checks[pick % checks.length], [field]: value };
      detail.checks = checks;
    }
    return {
      ...event,
      detail: wholeDetail === undefined ? detail : wholeDetail,
    } as unknown as DeliveredEvent;
  });

export const mistypedEvent: fc.Arbitrary<DeliveredEvent> = fc.oneof(
  mistypedFields,
  decisionWithMistypedChecks,
);
