// Content of an Active Model Version Change: which version serves inference, and who changed it.
import { suggest } from '../../commands.js';
import type { ActiveVersionChangeDetail } from '../../events.js';
import { formatDate, formatVersion } from '../format.js';
import { command, type Rich } from './rich.js';
import type { DetailContent } from './types.js';
import { activateCommand, entryOf, modelOf, present, unknownValueTodo } from './wording.js';

const CAUSES: Record<string, string> = {
  MANAGED_PROMOTION: 'by L4E managed promotion',
  AUTOPILOT_POLICY: 'by the autopilot policy',
  EXTERNAL: 'outside autopilot (console, API or CLI)',
};

function externalTodo(model: string, previous: number | null): Rich {
  return previous === null
    ? ['Someone changed the active version outside autopilot. Check that it was intended.']
    : [
        'Someone changed the active version outside autopilot. If that was not intended, roll back: ',
        activateCommand(model, previous),
      ];
}

function activeChangeTodo(detail: ActiveVersionChangeDetail, cause: string, model: string): Rich {
  const previous = detail.previousActiveVersion;
  if (detail.activeVersion === null) {
    return ['The model was deleted or can no longer be read. Check: ', command(suggest.status())];
  }
  if (cause === 'EXTERNAL') return externalTodo(model, previous);
  if (entryOf(CAUSES, cause) === undefined) return unknownValueTodo(cause, model);
  return previous === null
    ? ['Nothing to do.']
    : ['Nothing to do.', ' To roll back: ', activateCommand(model, previous)];
}

export function activeVersionContent(detail: ActiveVersionChangeDetail): DetailContent {
  const model = modelOf(detail);
  const previous = detail.previousActiveVersion;
  const active = detail.activeVersion;
  const cause = present(detail.cause) ?? 'UNKNOWN';
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
      { label: 'Activated at', value: formatDate(detail.activatedAt) },
    ],
    todo: activeChangeTodo(detail, cause, model),
    outcome: cause,
  };
}
