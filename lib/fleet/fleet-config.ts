// What every function that reaches the fleet needs to know of it: where the hub runs, where the targets
// parameter lives, which providers a target watches by default, the spoke roles' names and the fleet's
// external id. Read once, when a function loads; a missing variable fails fast, naming it.
import { type Env, optionalEnv, providersEnv, requireEnv } from '../config.js';
import type { ProviderName } from '../core/model.js';

/** The role names infra/spoke-roles.yml creates with its default RoleNamePrefix. */
export const DEFAULT_ROLE_NAMES = { reader: 'l4e-autopilot-reader', activator: 'l4e-autopilot-activator' };

export interface FleetConfig {
  /** The hub's own account (HUB_ACCOUNT_ID). */
  hubAccount: string;
  /** The hub's own region (AWS_REGION). */
  region: string;
  /** Where the `targets` parameter and the policies live (PARAMETER_PREFIX, no trailing slash). */
  parameterPrefix: string;
  /** What a target watches when its entry names no providers (PROVIDERS). */
  providers: ProviderName[];
  /** SPOKE_READER_ROLE_NAME and SPOKE_ACTIVATOR_ROLE_NAME, the spoke roles' names in every member account. */
  roleNames: { reader: string; activator: string };
  /** FLEET_EXTERNAL_ID: the external id a target entry uses when it names none. */
  externalId?: string;
}

export function readFleetConfig(env: Env = process.env): FleetConfig {
  const externalId = optionalEnv(env, 'FLEET_EXTERNAL_ID')?.trim();
  return {
    hubAccount: requireEnv(env, 'HUB_ACCOUNT_ID').trim(),
    region: requireEnv(env, 'AWS_REGION').trim(),
    parameterPrefix: requireEnv(env, 'PARAMETER_PREFIX').replace(/\/+$/, ''),
    providers: providersEnv(env),
    roleNames: {
      reader: optionalEnv(env, 'SPOKE_READER_ROLE_NAME')?.trim() ?? DEFAULT_ROLE_NAMES.reader,
      activator: optionalEnv(env, 'SPOKE_ACTIVATOR_ROLE_NAME')?.trim() ?? DEFAULT_ROLE_NAMES.activator,
    },
    ...(externalId === undefined ? {} : { externalId }),
  };
}
