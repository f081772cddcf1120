// Runs a local system's fleet on its simulated clock and checks every target against its own ledger:
// what `npm start` does for a scenario with targets, and what the fleet tests build on.
import type { PublishedEvent } from '../ledger-check.js';
import type { LocalSystem } from '../system.js';
import { checkFleet, type TargetCheck } from './ledger-check.js';

export interface FleetRun {
  startMs: number;
  /** The simulated instant of every poll (epoch ms). */
  pollTimes: number[];
}

/** Polls, then advances the clock by `pollIntervalMs`, until `days` have passed: a bounded loop. */
export async function runPolls(
  system: Pick<LocalSystem, 'now' | 'poll' | 'advance'>,
  options: { days: number; pollIntervalMs: number },
): Promise<FleetRun> {
  const startMs = system.now();
  const endMs = startMs + options.days * 86_400_000;
  const pollTimes: number[] = [];
  const maxPolls = Math.ceil((endMs - startMs) / options.pollIntervalMs) + 1;
  while (pollTimes.length < maxPolls) {
    pollTimes.push(system.now());
    await system.poll();
    if (system.now() >= endMs) break;
    system.advance(Math.min(options.pollIntervalMs, endMs - system.now()));
  }
  return { startMs, pollTimes };
}

/** The events the bus accepted, as the ledger checks read them. */
export function publishedEvents(system: Pick<LocalSystem, 'bus'>): PublishedEvent[] {
  return system.bus
    .accepted()
    .map((e) => ({ detailType: e['detail-type'], detail: e.detail as Record<string, unknown> }));
}

/** Every target of the system's fleet against its own account and region's ledger. */
export function fleetChecks(
  system: Pick<LocalSystem, 'bus' | 'emulator' | 'fleet' | 'now'>,
  run: FleetRun,
): TargetCheck[] {
  return checkFleet(system.fleet.targets, system.emulator.fleetLedger(), publishedEvents(system), {
    since: new Date(run.startMs).toISOString(),
    until: new Date(system.now()).toISOString(),
    polls: run.pollTimes,
  });
}
