// The SiteWise half of the soak's verdict: the SiteWise emulator's ledger against the SiteWise events
// that reached the bus (nothing lost), and every active-version change the autopilot made against its
// decisions (nothing activated wrongly, no operator's rollback undone).
import type { ActivationDecisionDetail } from '../../lib/core/events.js';
import { modelNameOf } from '../bench/sitewise-ledger.js';
import type { PublishedEvent } from '../ledger-check.js';
import { compareWithSiteWiseLedger, numberRuns } from '../ledger-check-sitewise.js';
import type { SiteWisePart } from './sitewise.js';

export interface SiteWiseSoakCheck {
  models: number;
  polls: number;
  /** Transitions the ledger holds that some poll could see, by category. */
  transitions: { runs: number; promotions: number; activations: number; schedulers: number };
  events: number;
  lost: string[];
  wrongActivations: string[];
  rollbacksUndone: string[];
  decisions: Record<string, number>;
  operators: { rollbacks: number; manualActivations: number; failed: number };
  calls: number;
  throttled: number;
  errors: number;
  failedCycles: number;
  claimConflicts: number;
}

/** The events about `part`'s models: those whose ARN its provider reads as one of its models. */
export function siteWiseEvents(part: SiteWisePart, events: readonly PublishedEvent[]): PublishedEvent[] {
  return events.filter((e) => part.provider.modelNameOf(String(e.detail.modelArn)) !== null);
}

function decisionsOf(events: readonly PublishedEvent[]): ActivationDecisionDetail[] {
  const seen = new Map<string, ActivationDecisionDetail>();
  for (const e of events)
    if (e.detailType === 'Model Version Activation Decision')
      seen.set(String(e.detail.eventId), e.detail as unknown as ActivationDecisionDetail);
  return [...seen.values()];
}

/** The active-version changes the autopilot made: inference STARTs during the soak that no operator made. */
function autopilotChanges(part: SiteWisePart) {
  const ledger = part.emulator.ledger();
  const { versionRun } = numberRuns(ledger);
  return ledger
    .slice(part.ledgerFrom)
    .filter((e) => e.resource === 'activeModelVersion' && e.cause === 'INFERENCE_START')
    .filter((e) => !part.operators.seqs.has(e.seq))
    .map((e) => {
      const name = modelNameOf(e);
      return { name, seq: e.seq, version: versionRun.get(`${name} ${e.to}`) ?? Number(e.to) };
    });
}

/**
 * Wrong: an autopilot change without an ACTIVATED decision for that version, or an ACTIVATED decision on
 * a model whose promotion SiteWise manages. Undone: the autopilot putting live again a version an
 * operator moved away from.
 */
function activationProblems(part: SiteWisePart, decisions: readonly ActivationDecisionDetail[]) {
  const managed = new Set(part.models.filter((m) => m.promotion === 'SERVICE_MANAGED').map(modelNameOf));
  const activated = decisions.filter((d) => d.outcome === 'ACTIVATED');
  const keys = new Set(activated.map((d) => `${d.modelName} v${d.modelVersion}`));
  const wrong = activated
    .filter((d) => managed.has(d.modelName))
    .map((d) => `${d.modelName} v${d.modelVersion}: activated on a SERVICE_MANAGED model`);
  const undone: string[] = [];
  for (const change of autopilotChanges(part)) {
    const key = `${change.name} v${change.version}`;
    if (!keys.has(key)) wrong.push(`${key}: active in SiteWise without an ACTIVATED decision`);
    const away = part.operators.rolledAway.some(
      (a) => a.model === change.name && a.version === change.version && change.seq > a.seq,
    );
    if (away) undone.push(`${key}: activated again after an operator moved away from it`);
  }
  return { wrong, undone };
}

export function auditSiteWise(
  part: SiteWisePart,
  published: readonly PublishedEvent[],
  window: { since: number; until: number },
): SiteWiseSoakCheck {
  const events = siteWiseEvents(part, published);
  const check = compareWithSiteWiseLedger(part.emulator.ledger(), events, {
    since: new Date(window.since).toISOString(),
    until: new Date(window.until).toISOString(),
    polls: part.pollTimes,
  });
  const decisions = decisionsOf(events);
  const counted: Record<string, number> = {};
  for (const d of decisions) counted[d.outcome] = (counted[d.outcome] ?? 0) + 1;
  const { wrong, undone } = activationProblems(part, decisions);
  const stats = part.emulator.stats();
  const faults = Object.values(stats.faults);
  const { rollbacks, manualActivations, failed } = part.operators;
  return {
    models: part.models.length,
    polls: part.counts.polls,
    transitions: {
      runs: check.runs.expected,
      promotions: check.promotions.expected,
      activations: check.activations.expected,
      schedulers: check.schedulers.expected,
    },
    events: new Set(events.map((e) => e.detail.eventId)).size,
    lost: [
      ...check.runs.missing,
      ...check.promotions.missing,
      ...check.activations.missing,
      ...check.schedulers.missing,
    ],
    wrongActivations: wrong,
    rollbacksUndone: undone,
    decisions: counted,
    operators: { rollbacks, manualActivations, failed },
    calls: Object.values(stats.calls).reduce((a, b) => a + b, 0),
    throttled: faults.reduce((a, f) => a + f.throttled, 0),
    errors: faults.reduce((a, f) => a + f.errors, 0),
    failedCycles: part.counts.failedCycles,
    claimConflicts: part.counts.conflicts,
  };
}
