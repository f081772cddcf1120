// What an alert says, independent of where it is shown. Slack, SNS and the terminal format the
// same content, so every channel tells the same story about an event.
import {
  type ActivationDecisionDetail,
  type ActiveVersionChangeDetail,
  type Check,
  type DeliveredEvent,
  NO_PROMOTION_RESULT,
  type PromotionResultDetail,
  type RetrainingStateChangeDetail,
  type SchedulerStateChangeDetail,
} from '../events.js';
import type { MetricName, NormalizedMetrics } from '../metrics.js';
import type { Severity } from '../severity.js';
import { type Column, formatDate, formatNumber, formatSigned, formatVersion } from './format.js';

/** A run of prose or a literal (model name, status, command) that channels may set in code style. */
export type Inline = string | { code: string };
export type Rich = Inline[];

export interface AlertField {
  label: string;
  value: string;
  /** A literal value (name, status, version) rather than prose. */
  code?: boolean;
}

export interface AlertNote {
  label: string;
  /** Shown as a bulleted list when there are several. */
  items: string[];
}

export interface MetricRow {
  metric: MetricName;
  current: string;
  prior: string;
  change: string;
}

export interface AlertContent {
  severity: Severity;
  detailType: string;
  title: string;
  modelName: string;
  version: number | null;
  summary: Rich;
  fields: AlertField[];
  notes: AlertNote[];
  metrics: MetricRow[] | null;
  checks: Check[] | null;
  nextRetraining: string | null;
  todo: Rich;
  context: {
    eventId: string;
    observedAt: string;
    account: string;
    region: string;
    replayName: string | null;
    triggerEventId: string | null;
  };
  /** The value SNS subscribers filter on; see `renderSnsMessage`. */
  outcome: string | null;
}

export interface RenderOptions {
  /**
   * The model's next scheduled retraining, when the caller knows it. Only scheduler events carry
   * the date themselves; for the other detail types notify may pass it from its own state.
   */
  nextRetrainingDate?: string | null;
}

/** The metrics an alert shows; the rest stay in the event for machines. */
export const KEY_METRICS: readonly MetricName[] = [
  'precision',
  'recall',
  'auc',
  'labeledEventRecall',
  'unknownEvents',
  'availableDataInDays',
];

const NO_VALUE = '–';

/**
 * A table's entry for a value from an event. Own entries only: a value such as `toString` must not
 * find what every object inherits.
 */
function entryOf<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

type Detail = Record<string, unknown>;

function text(detail: Detail, key: string): string | null {
  const value = detail[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

function num(detail: Detail, key: string): number | null {
  const value = detail[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function transition(from: string | null, to: string): string {
  return `${from ?? '(first seen)'} → ${to}`;
}

function unknownValueTodo(value: string, modelName: string): Rich {
  return [
    'This value is new to l4e-autopilot (',
    { code: value },
    '). Check the model: ',
    { code: `l4e-autopilot versions ${modelName}` },
    '.',
  ];
}

function describeVersionCommand(modelName: string, version: number | null): Inline {
  return {
    code: `aws lookoutequipment describe-model-version --model-name ${modelName} --model-version ${version ?? NO_VALUE}`,
  };
}

function activateCommand(modelName: string, version: number | null): Inline {
  return { code: `l4e-autopilot activate ${modelName} ${version ?? NO_VALUE}` };
}

interface Parts {
  title: string;
  version: number | null;
  summary: Rich;
  fields: AlertField[];
  notes?: AlertNote[];
  metrics?: MetricRow[] | null;
  checks?: Check[] | null;
  nextRetraining?: string | null;
  todo: Rich;
  outcome: string | null;
}

const SCHEDULER_TITLES: Record<string, string> = {
  PENDING: 'Retraining scheduler pending',
  RUNNING: 'Retraining scheduler running',
  STOPPING: 'Retraining scheduler stopping',
  STOPPED: 'Retraining scheduler stopped',
  DELETED: 'Retraining scheduler deleted',
};

function schedulerParts(d: Detail & Partial<SchedulerStateChangeDetail>, model: string): Parts {
  const status = text(d, 'status') ?? 'UNKNOWN';
  const previous = text(d, 'previousStatus');
  const startCommand = { code: `l4e-autopilot scheduler start ${model}` };
  const todoByStatus: Record<string, Rich> = {
    PENDING: ['Nothing to do: the scheduler starts on its start date.'],
    RUNNING: ['Nothing to do: each retraining run is announced when it starts and when it ends.'],
    STOPPING: ['Nothing to do: an alert follows when the scheduler has stopped.'],
    STOPPED: [
      'Retraining no longer runs for this model. If that was not intended, restart it: ',
      startCommand,
    ],
    DELETED: [
      'Retraining is off for this model until a scheduler is created again: ',
      { code: `l4e-autopilot scheduler create ${model} --frequency P30D --lookback P180D` },
    ],
  };
  const scheduled = status === 'RUNNING' || status === 'PENDING';
  return {
    title: entryOf(SCHEDULER_TITLES, status) ?? `Retraining scheduler ${status}`,
    version: null,
    summary: previous
      ? ['The retraining scheduler moved ', { code: transition(previous, status) }, '.']
      : ['The retraining scheduler was first seen in ', { code: status }, '.'],
    fields: [
      { label: 'Model', value: model, code: true },
      { label: 'Status', value: transition(previous, status), code: true },
      { label: 'Promote mode', value: text(d, 'promoteMode') ?? NO_VALUE, code: true },
      { label: 'Frequency', value: text(d, 'retrainingFrequency') ?? NO_VALUE, code: true },
      { label: 'Lookback window', value: text(d, 'lookbackWindow') ?? NO_VALUE, code: true },
      { label: 'Start date', value: formatDate(text(d, 'retrainingStartDate')) },
    ],
    nextRetraining: scheduled
      ? formatDate(text(d, 'nextScheduledRetrainingStartDate'))
      : `none while the scheduler is ${status}`,
    todo: entryOf(todoByStatus, status) ?? unknownValueTodo(status, model),
    outcome: status,
  };
}

const RUN_TITLES: Record<string, string> = {
  IN_PROGRESS: 'Retraining started',
  SUCCESS: 'Retraining succeeded',
  FAILED: 'Retraining failed',
  CANCELED: 'Retraining canceled',
  IMPORT_IN_PROGRESS: 'Retraining importing data',
};

function runTodo(status: string, mode: string | null, model: string, version: number | null): Rich {
  switch (status) {
    case 'IN_PROGRESS':
    case 'IMPORT_IN_PROGRESS':
      return ['Nothing to do: an alert follows when the run ends.'];
    case 'SUCCESS':
      if (mode === 'MANUAL') {
        return ["Nothing to do yet: autopilot's policy decides whether this version becomes active."];
      }
      if (mode === 'MANAGED') return ['Nothing to do yet: L4E decides whether this version is promoted.'];
      return ['Watch for the promotion result of this version.'];
    case 'FAILED':
      return [
        'Read the failure reason, fix its cause (input data, labels, permissions) and let the next ' +
          'scheduled run retry. Details: ',
        describeVersionCommand(model, version),
      ];
    case 'CANCELED':
      return [
        'A run is canceled when its scheduler stops or the model changes while it runs. Check the scheduler: ',
        { code: `l4e-autopilot scheduler describe ${model}` },
      ];
    default:
      return unknownValueTodo(status, model);
  }
}

function runParts(d: Detail & Partial<RetrainingStateChangeDetail>, model: string): Parts {
  const status = text(d, 'status') ?? 'UNKNOWN';
  const previous = text(d, 'previousStatus');
  const version = num(d, 'modelVersion');
  const mode = text(d, 'promoteMode');
  const days = num(d, 'availableDataInDays');
  const failedReason = text(d, 'failedReason');
  return {
    title: entryOf(RUN_TITLES, status) ?? `Retraining ${status}`,
    version,
    summary: [
      `The retraining run for version ${version ?? NO_VALUE} moved `,
      { code: transition(previous, status) },
      '.',
    ],
    fields: [
      { label: 'Model', value: model, code: true },
      { label: 'Version', value: formatVersion(version), code: true },
      { label: 'Status', value: transition(previous, status), code: true },
      { label: 'Promote mode', value: mode ?? NO_VALUE, code: true },
      { label: 'Started', value: formatDate(text(d, 'startTime')) },
      { label: 'Available data', value: days === null ? NO_VALUE : `${formatNumber(days)} days` },
    ],
    notes: failedReason ? [{ label: 'Failure reason', items: [failedReason] }] : [],
    todo: runTodo(status, mode, model, version),
    outcome: status,
  };
}

const PROMOTION_TITLES: Record<string, string> = {
  MODEL_PROMOTED: 'New version promoted',
  MODEL_NOT_PROMOTED: 'New version not promoted',
  RETRAINING_CUSTOMER_ERROR: 'Retraining failed (customer error)',
  RETRAINING_INTERNAL_ERROR: 'Retraining failed (internal error)',
  RETRAINING_CANCELLED: 'Retraining canceled',
  [NO_PROMOTION_RESULT]: 'No promotion result from L4E',
};

function metricRows(current: unknown, prior: unknown): MetricRow[] {
  const read = (metrics: unknown, name: MetricName): number | null => {
    if (typeof metrics !== 'object' || metrics === null) return null;
    const value = (metrics as NormalizedMetrics)[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  };
  const rows: MetricRow[] = [];
  for (const metric of KEY_METRICS) {
    const now = read(current, metric);
    const before = read(prior, metric);
    if (now === null && before === null) continue;
    let change = NO_VALUE;
    if (now !== null && before !== null) {
      const delta = now - before;
      const shown = formatSigned(delta);
      change = shown === '0' ? '= 0' : `${delta > 0 ? '↑' : '↓'} ${shown}`;
    }
    rows.push({
      metric,
      current: now === null ? NO_VALUE : formatNumber(now),
      prior: before === null ? NO_VALUE : formatNumber(before),
      change,
    });
  }
  return rows;
}

function promotionTodo(result: string, d: Detail, model: string, version: number | null): Rich {
  switch (result) {
    case 'MODEL_PROMOTED':
      return [`Nothing to do: ${formatVersion(version)} now serves inference.`];
    case 'MODEL_NOT_PROMOTED':
      return [
        `L4E kept ${formatVersion(num(d, 'activeModelVersion'))} active (see the reason). Inspect: `,
        describeVersionCommand(model, version),
        '. To serve this version anyway: ',
        activateCommand(model, version),
      ];
    case 'RETRAINING_CUSTOMER_ERROR':
      return [
        'Fix the cause named in the reason (input data, labels, permissions); the next scheduled run retries.',
      ];
    case 'RETRAINING_INTERNAL_ERROR':
      return ['An error inside L4E; the next scheduled run retries. Contact AWS Support if it repeats.'];
    case NO_PROMOTION_RESULT:
      return [
        `L4E never said whether it promoted ${formatVersion(version)}; l4e-autopilot stopped waiting. Inspect: `,
        describeVersionCommand(model, version),
        '. To serve this version: ',
        activateCommand(model, version),
      ];
    case 'RETRAINING_CANCELLED':
      return [
        'Check whether the scheduler was stopped: ',
        { code: `l4e-autopilot scheduler describe ${model}` },
      ];
    default:
      return unknownValueTodo(result, model);
  }
}

function promotionParts(d: Detail & Partial<PromotionResultDetail>, model: string): Parts {
  const result = text(d, 'autoPromotionResult') ?? 'UNKNOWN';
  const version = num(d, 'modelVersion');
  const reason = text(d, 'autoPromotionResultReason');
  const trimmed = Array.isArray(d.trimmed) ? d.trimmed.filter((t) => typeof t === 'string') : [];
  const notes: AlertNote[] = [];
  if (reason) notes.push({ label: 'Reason', items: [reason] });
  if (trimmed.length > 0) {
    notes.push({ label: 'Shortened to fit the event bus', items: [trimmed.join(', ')] });
  }
  return {
    title: entryOf(PROMOTION_TITLES, result) ?? `Promotion result ${result}`,
    version,
    summary:
      result === NO_PROMOTION_RESULT
        ? [`L4E reported no promotion result for version ${version ?? NO_VALUE} (see the reason).`]
        : [`L4E reported the promotion result of version ${version ?? NO_VALUE}: `, { code: result }, '.'],
    fields: [
      { label: 'Model', value: model, code: true },
      { label: 'Version', value: formatVersion(version), code: true },
      { label: 'Result', value: result, code: true },
      { label: 'Active version', value: formatVersion(num(d, 'activeModelVersion')), code: true },
      { label: 'Promote mode', value: text(d, 'promoteMode') ?? NO_VALUE, code: true },
      { label: 'Model quality', value: text(d, 'modelQuality') ?? NO_VALUE, code: true },
    ],
    notes,
    metrics: metricRows(d.metrics, d.priorMetrics),
    todo: promotionTodo(result, d, model, version),
    outcome: result,
  };
}

const CAUSES: Record<string, string> = {
  MANAGED_PROMOTION: 'by L4E managed promotion',
  AUTOPILOT_POLICY: 'by the autopilot policy',
  EXTERNAL: 'outside autopilot (console, API or CLI)',
};

function activeChangeParts(d: Detail & Partial<ActiveVersionChangeDetail>, model: string): Parts {
  const previous = num(d, 'previousActiveVersion');
  const active = num(d, 'activeVersion');
  const cause = text(d, 'cause') ?? 'UNKNOWN';
  const rollback: Rich = previous === null ? [] : [' To roll back: ', activateCommand(model, previous)];
  let todo: Rich;
  if (active === null) {
    todo = ['The model was deleted or can no longer be read. Check: ', { code: `l4e-autopilot status` }];
  } else if (cause === 'EXTERNAL') {
    todo =
      previous === null
        ? ['Someone changed the active version outside autopilot. Check that it was intended.']
        : [
            'Someone changed the active version outside autopilot. If that was not intended, roll back: ',
            activateCommand(model, previous),
          ];
  } else if (entryOf(CAUSES, cause) !== undefined) {
    todo = ['Nothing to do.', ...rollback];
  } else {
    todo = unknownValueTodo(cause, model);
  }
  return {
    title: active === null ? 'Model no longer available' : 'Active version changed',
    version: active,
    summary:
      active === null
        ? [`The model no longer has an active version (was ${formatVersion(previous)}).`]
        : [
            `The model now serves ${formatVersion(active)} (was ${formatVersion(previous)}), changed `,
            entryOf(CAUSES, cause) ?? 'for a reason new to l4e-autopilot',
            '.',
          ],
    fields: [
      { label: 'Model', value: model, code: true },
      { label: 'Active version', value: `${formatVersion(previous)} → ${formatVersion(active)}`, code: true },
      { label: 'Cause', value: cause, code: true },
      { label: 'Activated at', value: formatDate(text(d, 'activatedAt')) },
    ],
    todo,
    outcome: cause,
  };
}

function validChecks(value: unknown): Check[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (c): c is Check => typeof c === 'object' && c !== null && typeof (c as Check).metric === 'string',
  );
}

function decisionTitle(outcome: string, checks: Check[]): string {
  switch (outcome) {
    case 'ACTIVATED':
      return 'Autopilot activated new version';
    case 'REJECTED':
      return 'Autopilot rejected new version';
    case 'DRY_RUN':
      return checks.every((c) => c.passed)
        ? 'Dry run: policy would activate'
        : 'Dry run: policy would reject';
    case 'SKIPPED':
      return 'Autopilot skipped new version';
    case 'FAILED':
      return 'Autopilot decision failed';
    default:
      return `Autopilot decision ${outcome}`;
  }
}

function decisionTodo(outcome: string, d: Detail, model: string, version: number | null): Rich {
  const policyName = policyOf(d).parameterName ?? 'the policy parameter';
  switch (outcome) {
    case 'ACTIVATED': {
      const previous = num(d, 'previousActiveVersion');
      return previous === null
        ? ['Nothing to do.']
        : ['Nothing to do. To roll back: ', activateCommand(model, previous)];
    }
    case 'REJECTED':
      return [
        'See the failed checks (✗). Inspect the version: ',
        describeVersionCommand(model, version),
        '. To activate it anyway: ',
        activateCommand(model, version),
      ];
    case 'DRY_RUN':
      return [
        'Nothing changed: the policy is in dry-run mode. To let autopilot act, set ',
        { code: '"mode": "enforce"' },
        ' in ',
        { code: policyName },
        '; to activate by hand: ',
        activateCommand(model, version),
      ];
    case 'SKIPPED':
      return ['Nothing to do unless the reason is unexpected.'];
    case 'FAILED':
      return [
        'Read the reasons. If the policy is invalid, fix ',
        { code: policyName },
        '; check a file offline with ',
        { code: 'l4e-autopilot policy validate FILE' },
        '. To activate by hand: ',
        activateCommand(model, version),
      ];
    default:
      return unknownValueTodo(outcome, model);
  }
}

function policyOf(d: Detail): { parameterName: string | null; version: number | null; mode: string | null } {
  const policy = typeof d.policy === 'object' && d.policy !== null ? (d.policy as Detail) : {};
  return {
    parameterName: text(policy, 'parameterName'),
    version: num(policy, 'version'),
    mode: text(policy, 'mode'),
  };
}

function versionChange(previous: number | null, active: number | null): string {
  return previous === active
    ? `${formatVersion(active)} (unchanged)`
    : `${formatVersion(previous)} → ${formatVersion(active)}`;
}

function decisionSummary(outcome: string, d: Detail, version: number | null, checks: Check[]): Rich {
  const candidate = `Version ${version ?? NO_VALUE}`;
  const previous = formatVersion(num(d, 'previousActiveVersion'));
  const failed = checks.filter((c) => !c.passed).length;
  const tally = `${checks.length - failed} of ${checks.length} checks passed`;
  switch (outcome) {
    case 'ACTIVATED':
      return [`${candidate} met the policy (${tally}) and now serves inference (was ${previous}).`];
    case 'REJECTED':
      return [`${candidate} failed ${failed} of ${checks.length} policy checks; ${previous} stays active.`];
    case 'DRY_RUN':
      return [
        `Dry run: ${candidate.toLowerCase()} would be ${failed === 0 ? 'activated' : 'rejected'} (${tally}); nothing changed.`,
      ];
    case 'SKIPPED':
      return [`Autopilot did not evaluate ${candidate.toLowerCase()}; see the reason.`];
    case 'FAILED':
      return [`Autopilot could not decide on ${candidate.toLowerCase()}; ${previous} stays active.`];
    default:
      return [`Autopilot decided `, { code: outcome }, ` on ${candidate.toLowerCase()}.`];
  }
}

function decisionParts(d: Detail & Partial<ActivationDecisionDetail>, model: string): Parts {
  const outcome = text(d, 'outcome') ?? 'UNKNOWN';
  const version = num(d, 'modelVersion');
  const checks = validChecks(d.checks);
  const reasons = Array.isArray(d.reasons) ? d.reasons.filter((r) => typeof r === 'string') : [];
  const policy = policyOf(d);
  const passed = checks.filter((c) => c.passed).length;
  const policyText = policy.parameterName
    ? `${policy.parameterName}${policy.version === null ? '' : ` (v${policy.version})`}`
    : NO_VALUE;
  return {
    title: decisionTitle(outcome, checks),
    version,
    summary: decisionSummary(outcome, d, version, checks),
    fields: [
      { label: 'Model', value: model, code: true },
      { label: 'Version', value: formatVersion(version), code: true },
      { label: 'Outcome', value: outcome, code: true },
      {
        label: 'Active version',
        value: versionChange(num(d, 'previousActiveVersion'), num(d, 'activeVersion')),
        code: true,
      },
      { label: 'Policy', value: policyText, code: true },
      { label: 'Policy mode', value: policy.mode ?? NO_VALUE, code: true },
      { label: 'Checks', value: checks.length === 0 ? 'none' : `${passed} of ${checks.length} passed` },
    ],
    notes: reasons.length > 0 ? [{ label: 'Reasons', items: reasons }] : [],
    checks,
    todo: decisionTodo(outcome, d, model, version),
    outcome,
  };
}

function genericParts(detailType: string, model: string): Parts {
  return {
    title: `Autopilot event: ${detailType || 'unknown type'}`,
    version: null,
    summary: ['An event of a type this version of l4e-autopilot does not render.'],
    fields: [{ label: 'Model', value: model, code: true }],
    todo: ['Upgrade the notify function if this detail type is expected.'],
    outcome: null,
  };
}

function partsOf(detailType: string, d: Detail, model: string): Parts {
  switch (detailType) {
    case 'Retraining Scheduler State Change':
      return schedulerParts(d, model);
    case 'Scheduled Retraining State Change':
      return runParts(d, model);
    case 'Model Version Promotion Result':
      return promotionParts(d, model);
    case 'Active Model Version Change':
      return activeChangeParts(d, model);
    case 'Model Version Activation Decision':
      return decisionParts(d, model);
    default:
      return genericParts(detailType, model);
  }
}

/** Never throws: a field that is missing or of the wrong type is shown as `–`. */
export function buildAlertContent(
  event: DeliveredEvent,
  severity: Severity,
  options: RenderOptions = {},
): AlertContent {
  // Delivered events cross a trust boundary, so every field is read as unknown.
  const raw: unknown = event.detail;
  const detail: Detail = typeof raw === 'object' && raw !== null ? (raw as Detail) : {};
  const detailType = typeof event['detail-type'] === 'string' ? event['detail-type'] : '';
  const model = text(detail, 'modelName') ?? 'unknown model';
  const parts = partsOf(detailType, detail, model);
  return {
    severity,
    detailType,
    title: parts.title,
    modelName: model,
    version: parts.version,
    summary: parts.summary,
    fields: parts.fields,
    notes: parts.notes ?? [],
    metrics: parts.metrics ?? null,
    checks: parts.checks ?? null,
    nextRetraining:
      parts.nextRetraining ?? (options.nextRetrainingDate ? formatDate(options.nextRetrainingDate) : null),
    todo: parts.todo,
    context: {
      eventId: text(detail, 'eventId') ?? (typeof event.id === 'string' ? event.id : NO_VALUE),
      observedAt: text(detail, 'observedAt') ?? NO_VALUE,
      account: text(detail, 'account') ?? (typeof event.account === 'string' ? event.account : NO_VALUE),
      region: text(detail, 'region') ?? (typeof event.region === 'string' ? event.region : NO_VALUE),
      replayName: typeof event['replay-name'] === 'string' ? event['replay-name'] : null,
      triggerEventId: text(detail, 'triggerEventId'),
    },
    outcome: parts.outcome,
  };
}

/** A literal that is a command to run, which email shows on a line of its own for copying. */
export function isCommand(part: Inline): part is { code: string } {
  return typeof part !== 'string' && /^(aws|l4e-autopilot) /.test(part.code);
}

/** Plain text of rich content, literals unmarked. */
export function plainText(rich: Rich): string {
  return rich.map((part) => (typeof part === 'string' ? part : part.code)).join('');
}

/** Compact rule marks keep the table within 80 columns; the legend sits in the table's title. */
export const RULE_MARKS: Record<string, string> = {
  min: '≥',
  max: '≤',
  minDeltaVsPrior: 'Δ≥',
  maxDeltaVsPrior: 'Δ≤',
  modelQuality: 'in',
};
export const CHECKS_LEGEND = 'Δ = change vs prior';

/** A value from the event as text; a list or an object is named, as printing a deeply nested one exhausts the stack. */
function scalarText(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

function cell(value: unknown, signed: boolean): string {
  if (value === null || value === undefined) return 'absent';
  if (typeof value === 'number') return signed ? formatSigned(value) : formatNumber(value);
  if (Array.isArray(value)) return value.map(scalarText).join(',');
  return scalarText(value);
}

/** Rows of the checks table: metric | rule | threshold | actual | ✓/✗. Delta rules show signed numbers. */
export function checkRows(checks: readonly Check[]): string[][] {
  return checks.map((c) => {
    const delta = c.rule === 'minDeltaVsPrior' || c.rule === 'maxDeltaVsPrior';
    const rule = entryOf(RULE_MARKS, scalarText(c.rule)) ?? scalarText(c.rule);
    return [String(c.metric), rule, cell(c.threshold, delta), cell(c.actual, delta), c.passed ? '✓' : '✗'];
  });
}

/** Why a failed check failed, when the numbers alone do not say (e.g. the metric is absent). */
export function checkFootnotes(checks: readonly Check[]): string[] {
  return checks
    .filter((c) => !c.passed && typeof c.note === 'string' && c.note !== '')
    .map((c) => `✗ ${c.metric} ${entryOf(RULE_MARKS, scalarText(c.rule)) ?? scalarText(c.rule)}: ${c.note}`);
}

/**
 * The order rows are shown in: the policy's own order when all fit, otherwise failed checks first
 * because they explain the decision.
 */
export function checksInDisplayOrder(checks: readonly Check[], allFit: boolean): Check[] {
  if (allFit) return [...checks];
  return [...checks.filter((c) => !c.passed), ...checks.filter((c) => c.passed)];
}

export const CHECK_COLUMNS: readonly Column[] = [
  { header: 'metric', minWidth: 12 },
  { header: 'rule', minWidth: 4 },
  { header: 'threshold', align: 'right', minWidth: 6 },
  { header: 'actual', align: 'right', minWidth: 6 },
  { header: 'ok', minWidth: 2 },
];

export const METRIC_COLUMNS: readonly Column[] = [
  { header: 'metric', minWidth: 8 },
  { header: 'this version', align: 'right' },
  { header: 'prior', align: 'right' },
  { header: 'change', align: 'right' },
];

export function metricTableRows(rows: readonly MetricRow[]): string[][] {
  return rows.map((r) => [r.metric, r.current, r.prior, r.change]);
}

/** Tables stay this narrow so they read unwrapped in Slack, in email and in an 80-column terminal. */
export const TABLE_WIDTH = 76;
