// Content of a Model Version Promotion Result: whether L4E promoted a retrained version.
import { suggest } from '../../commands.js';
import { NO_PROMOTION_RESULT, type PromotionResultDetail } from '../../events.js';
import { formatVersion } from '../format.js';
import { command, type Rich } from './rich.js';
import { metricRows } from './tables.js';
import type { AlertNote, DetailContent } from './types.js';
import {
  activateCommand,
  describeVersionCommand,
  entryOf,
  modelOf,
  NO_VALUE,
  present,
  unknownValueTodo,
} from './wording.js';

const TITLES: Record<string, string> = {
  MODEL_PROMOTED: 'New version promoted',
  MODEL_NOT_PROMOTED: 'New version not promoted',
  RETRAINING_CUSTOMER_ERROR: 'Retraining failed (customer error)',
  RETRAINING_INTERNAL_ERROR: 'Retraining failed (internal error)',
  RETRAINING_CANCELLED: 'Retraining canceled',
  [NO_PROMOTION_RESULT]: 'No promotion result from L4E',
};

function promotionTodo(result: string, detail: PromotionResultDetail, model: string): Rich {
  const version = detail.modelVersion;
  switch (result) {
    case 'MODEL_PROMOTED':
      return [`Nothing to do: ${formatVersion(version)} now serves inference.`];
    case 'MODEL_NOT_PROMOTED':
      return [
        `L4E kept ${formatVersion(detail.activeModelVersion)} active (see the reason). Inspect: `,
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
      return ['Check whether the scheduler was stopped: ', command(suggest.schedulerDescribe(model))];
    default:
      return unknownValueTodo(result, model);
  }
}

function notesOf(detail: PromotionResultDetail): AlertNote[] {
  const notes: AlertNote[] = [];
  const reason = present(detail.autoPromotionResultReason);
  if (reason) notes.push({ label: 'Reason', items: [reason] });
  const trimmed = detail.trimmed ?? [];
  if (trimmed.length > 0) {
    notes.push({ label: 'Shortened to fit the event bus', items: [trimmed.join(', ')] });
  }
  return notes;
}

export function promotionResultContent(detail: PromotionResultDetail): DetailContent {
  const model = modelOf(detail);
  const result = present(detail.autoPromotionResult) ?? 'UNKNOWN';
  const version = detail.modelVersion;
  return {
    title: entryOf(TITLES, result) ?? `Promotion result ${result}`,
    version,
    summary:
      result === NO_PROMOTION_RESULT
        ? [`L4E reported no promotion result for version ${version} (see the reason).`]
        : [`L4E reported the promotion result of version ${version}: `, { code: result }, '.'],
    fields: [
      { label: 'Model', value: model, code: true },
      { label: 'Version', value: formatVersion(version), code: true },
      { label: 'Result', value: result, code: true },
      { label: 'Active version', value: formatVersion(detail.activeModelVersion), code: true },
      { label: 'Promote mode', value: present(detail.promoteMode) ?? NO_VALUE, code: true },
      { label: 'Model quality', value: present(detail.modelQuality) ?? NO_VALUE, code: true },
    ],
    notes: notesOf(detail),
    metrics: metricRows(detail.metrics, detail.priorMetrics),
    todo: promotionTodo(result, detail, model),
    outcome: result,
  };
}
