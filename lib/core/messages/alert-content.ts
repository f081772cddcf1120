// The content of an alert, built by the module of the event's detail type (one per detail type,
// in content/) and finished here: envelope context added, tables laid out. Renderers take the result.
import type { DeliveredEvent, DetailByType, DetailTypeName } from '../events.js';
import type { Severity } from '../severity.js';
import { activationDecisionContent } from './content/activation-decision.js';
import { activeVersionContent } from './content/active-version.js';
import { targetRecoveredContent, targetUnreachableContent } from './content/fleet-target.js';
import { promotionResultContent } from './content/promotion-result.js';
import { retrainingRunContent } from './content/retraining-run.js';
import { schedulerContent } from './content/scheduler.js';
import { checksTable, metricsTable } from './content/tables.js';
import type { AlertContent, AlertContext, DetailContent } from './content/types.js';
import { modelOf, NO_VALUE, present, providerTitleOf } from './content/wording.js';
import { formatDate } from './format.js';

export interface ContentOptions {
  /**
   * The model's next scheduled retraining, when the caller knows it. Only scheduler events carry
   * the date themselves; for the other detail types notify may pass it from its own state.
   */
  nextRetrainingDate?: string | null;
}

type ContentBuilders = { [K in DetailTypeName]: (detail: DetailByType[K]) => DetailContent };

/** One builder per detail type: a detail type without one does not compile. */
export const CONTENT_BY_DETAIL_TYPE: ContentBuilders = {
  'Retraining Scheduler State Change': schedulerContent,
  'Scheduled Retraining State Change': retrainingRunContent,
  'Model Version Promotion Result': promotionResultContent,
  'Active Model Version Change': activeVersionContent,
  'Model Version Activation Decision': activationDecisionContent,
  'Fleet Target Unreachable': targetUnreachableContent,
  'Fleet Target Recovered': targetRecoveredContent,
};

type Detail = DeliveredEvent['detail'];
type ModelDetail = Extract<Detail, { modelName: string }>;

/** A detail about a model; the others are about a fleet target. */
function isModelDetail(detail: Detail): detail is ModelDetail {
  return 'modelName' in detail;
}

/** What the alert is about: the model, or the fleet target (`<account>/<region>`). */
function subjectOf(detail: Detail): string {
  return isModelDetail(detail) ? modelOf(detail) : (present(detail.target) ?? 'unknown target');
}

function contentOf<K extends DetailTypeName>(detailType: K, detail: DetailByType[K]): DetailContent {
  return CONTENT_BY_DETAIL_TYPE[detailType](detail);
}

/** An event of a detail type added to the contract after this version of the product. */
function unknownTypeContent(detailType: string, subject: string): DetailContent {
  return {
    title: `Autopilot event: ${detailType || 'unknown type'}`,
    version: null,
    summary: ['An event of a type this version of l4e-autopilot does not render.'],
    fields: [{ label: 'Model', value: subject, code: true }],
    todo: ['Upgrade the notify function if this detail type is expected.'],
    outcome: null,
  };
}

function contextOf(event: DeliveredEvent): AlertContext {
  const { detail } = event;
  const triggerEventId = 'triggerEventId' in detail ? present(detail.triggerEventId) : null;
  return {
    eventId: present(detail.eventId) ?? event.id,
    observedAt: present(detail.observedAt) ?? NO_VALUE,
    account: present(detail.account) ?? event.account,
    region: present(detail.region) ?? event.region,
    replayName: event['replay-name'] ?? null,
    triggerEventId,
    resources:
      event.resources.length > 0 || !isModelDetail(detail)
        ? [...event.resources]
        : [detail.modelArn].filter(Boolean),
  };
}

/**
 * What an alert of another provider than the first adds: the provider before the title, and the asset
 * of a model per asset beside the model (its name alone is two ids).
 */
function withProvider(parts: DetailContent, detail: Detail): DetailContent {
  if (!isModelDetail(detail)) return parts;
  const provider = providerTitleOf(detail);
  if (provider === null) return parts;
  const asset = present(detail.assetId ?? null);
  const fields = parts.fields.flatMap((field) =>
    field.label === 'Model' && asset !== null
      ? [field, { label: 'Asset', value: asset, code: true }]
      : [field],
  );
  return { ...parts, title: `${provider}: ${parts.title}`, fields };
}

/** The finished content of one event's alert, for every channel. */
export function buildAlertContent(
  event: DeliveredEvent,
  severity: Severity,
  options: ContentOptions = {},
): AlertContent {
  const detailType = event['detail-type'];
  const modelName = subjectOf(event.detail);
  const parts = withProvider(
    Object.hasOwn(CONTENT_BY_DETAIL_TYPE, detailType)
      ? contentOf(detailType, event.detail)
      : unknownTypeContent(detailType, modelName),
    event.detail,
  );
  const nextRetraining = options.nextRetrainingDate ? formatDate(options.nextRetrainingDate) : null;
  return {
    severity,
    detailType,
    title: parts.title,
    modelName,
    version: parts.version,
    summary: parts.summary,
    fields: parts.fields,
    notes: parts.notes ?? [],
    metrics: parts.metrics === undefined ? null : metricsTable(parts.metrics),
    checks: parts.checks === undefined ? null : checksTable(parts.checks),
    nextRetraining: parts.nextRetraining ?? nextRetraining,
    todo: parts.todo,
    context: contextOf(event),
    outcome: parts.outcome,
  };
}
