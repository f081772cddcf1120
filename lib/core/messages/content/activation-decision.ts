// Content of a Model Version Activation Decision: what the autopilot's policy decided, and why.
import { suggest } from '../../commands.js';
import type { ActivationDecisionDetail, Check } from '../../events.js';
import { formatVersion } from '../format.js';
import { command, type Rich } from './rich.js';
import type { DetailContent } from './types.js';
import {
  activateCommand,
  describeVersionCommand,
  modelOf,
  NO_VALUE,
  present,
  unknownValueTodo,
} from './wording.js';

function decisionTitle(outcome: string, checks: readonly Check[]): string {
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

function activatedTodo(model: string, previous: number | null): Rich {
  return previous === null
    ? ['Nothing to do.']
    : ['Nothing to do. To roll back: ', activateCommand(model, previous)];
}

function decisionTodo(outcome: string, detail: ActivationDecisionDetail, model: string): Rich {
  const version = detail.modelVersion;
  const policyName = present(detail.policy.parameterName) ?? 'the policy parameter';
  switch (outcome) {
    case 'ACTIVATED':
      return activatedTodo(model, detail.previousActiveVersion);
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
        command(suggest.policyValidate()),
        '. To activate by hand: ',
        activateCommand(model, version),
      ];
    default:
      return unknownValueTodo(outcome, model);
  }
}

function decisionSummary(outcome: string, detail: ActivationDecisionDetail): Rich {
  const candidate = `version ${detail.modelVersion}`;
  const previous = formatVersion(detail.previousActiveVersion);
  const total = detail.checks.length;
  const failed = detail.checks.filter((c) => !c.passed).length;
  const tally = `${total - failed} of ${total} checks passed`;
  switch (outcome) {
    case 'ACTIVATED':
      return [
        `Version ${detail.modelVersion} met the policy (${tally}) and now serves inference (was ${previous}).`,
      ];
    case 'REJECTED':
      return [
        `Version ${detail.modelVersion} failed ${failed} of ${total} policy checks; ${previous} stays active.`,
      ];
    case 'DRY_RUN':
      return [
        `Dry run: ${candidate} would be ${failed === 0 ? 'activated' : 'rejected'} (${tally}); nothing changed.`,
      ];
    case 'SKIPPED':
      return [`Autopilot did not evaluate ${candidate}; see the reason.`];
    case 'FAILED':
      return [`Autopilot could not decide on ${candidate}; ${previous} stays active.`];
    default:
      return ['Autopilot decided ', { code: outcome }, ` on ${candidate}.`];
  }
}

function versionChange(previous: number | null, active: number | null): string {
  return previous === active
    ? `${formatVersion(active)} (unchanged)`
    : `${formatVersion(previous)} → ${formatVersion(active)}`;
}

function policyText(policy: ActivationDecisionDetail['policy']): string {
  const name = present(policy.parameterName);
  if (name === null) return NO_VALUE;
  return policy.version === null ? name : `${name} (v${policy.version})`;
}

export function activationDecisionContent(detail: ActivationDecisionDetail): DetailContent {
  const model = modelOf(detail);
  const outcome = present(detail.outcome) ?? 'UNKNOWN';
  const { checks, reasons } = detail;
  const passed = checks.filter((c) => c.passed).length;
  return {
    title: decisionTitle(outcome, checks),
    version: detail.modelVersion,
    summary: decisionSummary(outcome, detail),
    fields: [
      { label: 'Model', value: model, code: true },
      { label: 'Version', value: formatVersion(detail.modelVersion), code: true },
      { label: 'Outcome', value: outcome, code: true },
      {
        label: 'Active version',
        value: versionChange(detail.previousActiveVersion, detail.activeVersion),
        code: true,
      },
      { label: 'Policy', value: policyText(detail.policy), code: true },
      { label: 'Policy mode', value: present(detail.policy.mode) ?? NO_VALUE, code: true },
      { label: 'Checks', value: checks.length === 0 ? 'none' : `${passed} of ${checks.length} passed` },
    ],
    notes: reasons.length > 0 ? [{ label: 'Reasons', items: [...reasons] }] : [],
    checks,
    todo: decisionTodo(outcome, detail, model),
    outcome,
  };
}
