// Content of Fleet Target Unreachable and Fleet Target Recovered: a watched account and region, not a
// model, so the alert is about the target and what its models miss while it cannot be watched.
import type { TargetRecoveredDetail, TargetUnreachableDetail } from '../../events.js';
import { formatDate, formatNumber } from '../format.js';
import type { Rich } from './rich.js';
import type { AlertField, AlertNote, DetailContent } from './types.js';
import { NO_VALUE, present } from './wording.js';

function cycles(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? 'cycle' : 'cycles'}`;
}

/** `45 min`, `3 h 5 min`, `2 d 4 h`: how long a target could not be watched. */
export function formatMinutes(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) return NO_VALUE;
  const minutes = value;
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

function targetFields(detail: TargetUnreachableDetail): AlertField[] {
  return [
    { label: 'Target', value: detail.target, code: true },
    { label: 'Failing since', value: formatDate(detail.since) },
    { label: 'Failed cycles', value: formatNumber(detail.consecutiveFailures), code: true },
  ];
}

function errorNotes(detail: TargetUnreachableDetail): AlertNote[] {
  const error = present(detail.lastError);
  return error === null ? [] : [{ label: 'Last error', items: [error] }];
}

function unreachableTodo(detail: TargetUnreachableDetail): Rich {
  return [
    'Check that the reader role in account ',
    { code: detail.account },
    ' exists and trusts this deployment (infra/spoke-roles.yml), and that ',
    { code: detail.target },
    ' is right in the targets parameter. A Fleet Target Recovered alert follows at its first good cycle.',
  ];
}

export function targetUnreachableContent(detail: TargetUnreachableDetail): DetailContent {
  return {
    title: `Fleet target unreachable for ${cycles(detail.consecutiveFailures)}`,
    version: null,
    summary: [
      'The autopilot could not watch ',
      { code: detail.target },
      ` for ${cycles(detail.consecutiveFailures)} in a row, since ${formatDate(detail.since)}. `,
      'Its models are not watched until a cycle succeeds; what changed meanwhile is reported then.',
    ],
    fields: targetFields(detail),
    notes: errorNotes(detail),
    todo: unreachableTodo(detail),
    outcome: 'UNREACHABLE',
  };
}

export function targetRecoveredContent(detail: TargetRecoveredDetail): DetailContent {
  const duration = formatMinutes(detail.unreachableForMinutes);
  return {
    title: `Fleet target reachable again after ${duration}`,
    version: null,
    summary: [
      'Watch cycles of ',
      { code: detail.target },
      ` succeed again after ${cycles(detail.consecutiveFailures)} that failed (${duration}). `,
      'What its models did meanwhile is reported by this cycle.',
    ],
    fields: [
      ...targetFields(detail),
      { label: 'Unreachable for', value: duration },
      { label: 'Reachable again', value: formatDate(detail.observedAt) },
    ],
    notes: errorNotes(detail),
    todo: ['Nothing to do.'],
    outcome: 'RECOVERED',
  };
}
