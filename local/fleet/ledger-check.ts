// Each target's published events against its own account and region's ledger: nothing lost, no id
// twice, nothing that belongs to another target (the same model name lives in several), and for a
// target cut off by an outage, its alarm and its recovery.
import type { ScopedLedgerEntry } from '../emulator/index.js';
import {
  type ComparisonWindow,
  collect,
  compareWithLedger,
  expectedKey,
  type LedgerComparison,
  type PublishedEvent,
  publishedKey,
} from '../ledger-check.js';
import type { FleetTarget } from './targets.js';

export const UNREACHABLE = 'Fleet Target Unreachable';
export const RECOVERED = 'Fleet Target Recovered';

export interface TargetCheck {
  target: string;
  comparison: LedgerComparison;
  /** Published keys that no transition of this target's ledger accounts for: another target's, mixed in. */
  foreign: string[];
  /** Its `Fleet Target Unreachable` and `Fleet Target Recovered` events, in order. */
  health: string[];
  /** Whether the check holds: nothing lost, duplicated or foreign, and after each outage an alarm and a recovery. */
  ok: boolean;
}

/** Whether an event is about this target: its detail names the account and region, or the target key. */
export function isTargetEvent(
  event: PublishedEvent,
  target: Pick<FleetTarget, 'key' | 'account' | 'region'>,
) {
  const { detail } = event;
  if (detail.target === target.key) return true;
  return detail.account === target.account && detail.region === target.region;
}

/** The poll instants at which a target could be read: none inside its outages. */
function readablePolls(target: FleetTarget, polls: readonly number[] | undefined) {
  if (polls === undefined) return undefined;
  return polls.filter((p) => !target.outages.some((o) => p >= o.from && p < o.until));
}

export function checkTarget(
  target: FleetTarget,
  ledger: readonly ScopedLedgerEntry[],
  events: readonly PublishedEvent[],
  window: ComparisonWindow,
): TargetCheck {
  const own = ledger.filter((e) => e.account === target.account && e.region === target.region);
  const mine = events.filter((e) => isTargetEvent(e, target));
  const polls = readablePolls(target, window.polls);
  const comparison = compareWithLedger(own, mine, { ...window, ...(polls === undefined ? {} : { polls }) });
  const possible = collect(own, (e) => expectedKey(e, () => true));
  const published = collect(mine, publishedKey);
  const foreign = (Object.keys(published) as Array<keyof typeof published>).flatMap((category) =>
    [...published[category]].filter((key) => !possible[category].has(key)),
  );
  const health = mine
    .filter((e) => e.detailType === UNREACHABLE || e.detailType === RECOVERED)
    .map((e) => e.detailType);
  const until = Date.parse(window.until);
  const outagesSeen = target.outages.filter((o) => o.until <= until).length;
  const healthOk =
    outagesSeen === 0
      ? health.length === 0
      : health.length === 2 * outagesSeen &&
        health.every((h, i) => h === (i % 2 === 0 ? UNREACHABLE : RECOVERED));
  return {
    target: target.key,
    comparison,
    foreign,
    health,
    ok: comparison.lost === 0 && comparison.duplicates.length === 0 && foreign.length === 0 && healthOk,
  };
}

export function checkFleet(
  targets: readonly FleetTarget[],
  ledger: readonly ScopedLedgerEntry[],
  events: readonly PublishedEvent[],
  window: ComparisonWindow,
): TargetCheck[] {
  return targets.map((target) => checkTarget(target, ledger, events, window));
}

/** One line per target: "111111111111/us-east-1: 0 lost, 0 duplicated ids (42 transitions)", and its alarms. */
export function fleetCheckLines(checks: readonly TargetCheck[]): string[] {
  return checks.map((check) => {
    const c = check.comparison;
    const expected = c.runs.expected + c.promotions.expected + c.activations.expected + c.schedulers.expected;
    const parts = [`${c.lost} lost, ${c.duplicates.length} duplicated ids (${expected} transitions)`];
    if (check.foreign.length > 0) parts.push(`${check.foreign.length} events of another target`);
    if (check.health.length > 0) parts.push(check.health.join(' → '));
    return `${check.target}: ${parts.join('; ')}`;
  });
}
