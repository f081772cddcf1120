// Content of a Scheduled Retraining State Change: one retraining run.
import { suggest } from '../../commands.js';
import { PROVIDER_SERVICES } from '../../contract/names.js';
import type { RetrainingStateChangeDetail } from '../../events.js';
import { formatDate, formatNumber, formatVersion } from '../format.js';
import { command, type Rich } from './rich.js';
import type { DetailContent } from './types.js';
import {
  describeVersionCommand,
  entryOf,
  modelOf,
  NO_VALUE,
  present,
  transition,
  unknownValueTodo,
} from './wording.js';

const TITLES: Record<string, string> = {
  IN_PROGRESS: 'Retraining started',
  SUCCESS: 'Retraining succeeded',
  FAILED: 'Retraining failed',
  CANCELED: 'Retraining canceled',
  IMPORT_IN_PROGRESS: 'Retraining importing data',
};

function successTodo(mode: string | null, service: string): Rich {
  if (mode === 'MANUAL') {
    return ["Nothing to do yet: autopilot's policy decides whether this version becomes active."];
  }
  if (mode === 'MANAGED') return [`Nothing to do yet: ${service} decides whether this version is promoted.`];
  return ['Watch for the promotion result of this version.'];
}

interface RunSubject {
  model: string;
  version: number;
  /** How sentences name the model's service. */
  service: string;
}

function runTodo(status: string, mode: string | null, { model, version, service }: RunSubject): Rich {
  switch (status) {
    case 'IN_PROGRESS':
    case 'IMPORT_IN_PROGRESS':
      return ['Nothing to do: an alert follows when the run ends.'];
    case 'SUCCESS':
      return successTodo(mode, service);
    case 'FAILED':
      return [
        'Read the failure reason, fix its cause (input data, labels, permissions) and let the next ' +
          'scheduled run retry. Details: ',
        describeVersionCommand(model, version),
      ];
    case 'CANCELED':
      return [
        'A run is canceled when its scheduler stops or the model changes while it runs. Check the scheduler: ',
        command(suggest.schedulerDescribe(model)),
      ];
    default:
      return unknownValueTodo(status, model);
  }
}

export function retrainingRunContent(detail: RetrainingStateChangeDetail): DetailContent {
  const model = modelOf(detail);
  const status = present(detail.status) ?? 'UNKNOWN';
  const previous = present(detail.previousStatus);
  const version = detail.modelVersion;
  const mode = present(detail.promoteMode);
  const days = detail.availableDataInDays;
  const failedReason = present(detail.failedReason);
  return {
    title: entryOf(TITLES, status) ?? `Retraining ${status}`,
    version,
    summary: [
      `The retraining run for version ${version} moved `,
      { code: transition(previous, status) },
      '.',
    ],
    fields: [
      { label: 'Model', value: model, code: true },
      { label: 'Version', value: formatVersion(version), code: true },
      { label: 'Status', value: transition(previous, status), code: true },
      { label: 'Promote mode', value: mode ?? NO_VALUE, code: true },
      { label: 'Started', value: formatDate(detail.startTime) },
      { label: 'Available data', value: days === null ? NO_VALUE : `${formatNumber(days)} days` },
    ],
    notes: failedReason ? [{ label: 'Failure reason', items: [failedReason] }] : [],
    todo: runTodo(status, mode, {
      model,
      version,
      service: PROVIDER_SERVICES[detail.provider],
    }),
    outcome: status,
  };
}
