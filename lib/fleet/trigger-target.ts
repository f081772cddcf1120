// Which fleet target a decision trigger is for: the account and region of its model's ARN. The hub's
// own account and region are decided as they always were; any other pair must be a target the fleet
// registry holds as the dispatcher last resolved it (one read, never Organizations), watching the
// trigger's provider. Anything else is refused with the reason, before
// any provider is asked anything: a trigger never makes the hub reach an account it was not given.
import { arnLocation, type ProviderName } from '../core/model.js';
import type { FleetMember } from '../ports.js';
import type { Target } from '../targets.js';
import type { FleetConfig } from './fleet-config.js';

/** The target the fleet registry holds for an account and region; null when none, or being removed. */
export type ResolveTarget = (member: FleetMember) => Promise<Target | null>;

export type TriggerTarget =
  | { kind: 'home' }
  | { kind: 'target'; target: Target }
  | { kind: 'refused'; reason: string };

export interface TriggerPlace {
  provider: ProviderName;
  /** The model ARN the trigger names. */
  modelArn: string;
  /** The account and region the trigger says the model lives in. */
  account: string;
  region: string;
}

const NOTHING_DONE = 'nothing was read or activated';

/**
 * The target `trigger` is for. A trigger whose own account or region contradicts its model ARN's is
 * refused as well: it was not written by a watcher. A registry that cannot be read throws.
 */
export async function targetOfTrigger(
  trigger: TriggerPlace,
  config: FleetConfig,
  resolve: ResolveTarget,
): Promise<TriggerTarget> {
  const { account, region } = arnLocation(trigger.modelArn);
  if (account !== trigger.account || region !== trigger.region) {
    return {
      kind: 'refused',
      reason: `the trigger says account ${trigger.account}, region ${trigger.region}, but its model ARN is in account ${account}, region ${region}; ${NOTHING_DONE}`,
    };
  }
  if (account === config.hubAccount && region === config.region) return { kind: 'home' };
  const target = await resolve({ account, region });
  if (target === null) {
    return {
      kind: 'refused',
      reason: `account ${account}, region ${region} is not a target of the fleet (${config.parameterPrefix}/targets, as the dispatcher last resolved it); ${NOTHING_DONE}`,
    };
  }
  if (!target.providers.includes(trigger.provider)) {
    return {
      kind: 'refused',
      reason: `target ${target.key} of the fleet does not watch ${trigger.provider} (it watches ${target.providers.join(', ')}); ${NOTHING_DONE}`,
    };
  }
  return { kind: 'target', target };
}
