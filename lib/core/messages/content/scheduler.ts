// Content of a Retraining Scheduler State Change.
import { suggest } from '../../commands.js';
import type { SchedulerStateChangeDetail } from '../../events.js';
import { formatDate } from '../format.js';
import { command, type Rich } from './rich.js';
import type { DetailContent } from './types.js';
import { entryOf, modelOf, NO_VALUE, present, transition, unknownValueTodo } from './wording.js';

const TITLES: Record<string, string> = {
  PENDING: 'Retraining scheduler pending',
  RUNNING: 'Retraining scheduler running',
  STOPPING: 'Retraining scheduler stopping',
  STOPPED: 'Retraining scheduler stopped',
  DELETED: 'Retraining scheduler deleted',
};

function todoByStatus(model: string): Record<string, Rich> {
  return {
    PENDING: ['Nothing to do: the scheduler starts on its start date.'],
    RUNNING: ['Nothing to do: each retraining run is announced when it starts and when it ends.'],
    STOPPING: ['Nothing to do: an alert follows when the scheduler has stopped.'],
    STOPPED: [
      'Retraining no longer runs for this model. If that was not intended, restart it: ',
      command(suggest.schedulerStart(model)),
    ],
    DELETED: [
      'Retraining is off for this model until a scheduler is created again: ',
      command(suggest.schedulerCreate(model)),
    ],
  };
}

export function schedulerContent(detail: SchedulerStateChangeDetail): DetailContent {
  const model = modelOf(detail);
  const status = present(detail.status) ?? 'UNKNOWN';
  const previous = present(detail.previousStatus);
  const scheduled = status === 'RUNNING' || status === 'PENDING';
  return {
    title: entryOf(TITLES, status) ?? `Retraining scheduler ${status}`,
    version: null,
    summary: previous
      ? ['The retraining scheduler moved ', { code: transition(previous, status) }, '.']
      : ['The retraining scheduler was first seen in ', { code: status }, '.'],
    fields: [
      { label: 'Model', value: model, code: true },
      { label: 'Status', value: transition(previous, status), code: true },
      { label: 'Promote mode', value: present(detail.promoteMode) ?? NO_VALUE, code: true },
      { label: 'Frequency', value: present(detail.retrainingFrequency) ?? NO_VALUE, code: true },
      { label: 'Lookback window', value: present(detail.lookbackWindow) ?? NO_VALUE, code: true },
      { label: 'Start date', value: formatDate(detail.retrainingStartDate) },
    ],
    nextRetraining: scheduled
      ? formatDate(detail.nextScheduledRetrainingStartDate)
      : `none while the scheduler is ${status}`,
    todo: entryOf(todoByStatus(model), status) ?? unknownValueTodo(status, model),
    outcome: status,
  };
}
