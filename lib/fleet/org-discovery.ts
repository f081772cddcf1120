// The targets of the targets parameter's organizational unit entries: every ACTIVE account under the unit
// (and, when recursive, under its nested units), minus the excluded ones, in each listed region. A
// discovery that fails throws: the fleet is never read from part of an organization, since a target
// missing from it would be taken for one that left.
import type { OrganizationReader } from '../ports/organization.js';
import { OrganizationReadError } from '../ports/organization.js';
import type { OuSource, Target } from '../targets.js';
import { targetOfDiscovered } from '../targets-ou.js';

export class TargetDiscoveryError extends Error {
  override readonly name = 'TargetDiscoveryError';
}

/** Organizations nests units at most five levels under the root. */
export const MAX_UNIT_DEPTH = 5;

export type DiscoverTargets = (sources: readonly OuSource[]) => Promise<Target[]>;

/**
 * Discovery through `reader`: the targets of every source, in source order, then account id, then the
 * source's region order; an account and region two sources both hold is the first one's.
 */
export function createOrgDiscovery(reader: OrganizationReader): DiscoverTargets {
  return async function discoverTargets(sources) {
    const targets: Target[] = [];
    const keys = new Set<string>();
    // One source after another: Organizations allows a few calls a second per account.
    for (const source of sources) {
      for (const target of await targetsOf(reader, source)) {
        if (keys.has(target.key)) continue;
        keys.add(target.key);
        targets.push(target);
      }
    }
    return targets;
  };
}

async function targetsOf(reader: OrganizationReader, source: OuSource): Promise<Target[]> {
  const accounts = await accountsUnder(reader, source).catch((error: unknown) => {
    throw new TargetDiscoveryError(`${source.label}: ${explain(error, source.organizationalUnit)}`, {
      cause: error,
    });
  });
  const excluded = new Set(source.exclude);
  const ids = [...new Set(accounts)].filter((id) => !excluded.has(id)).sort();
  return ids.flatMap((id) => source.regions.map((region) => targetOfDiscovered(source, id, region)));
}

/** The ids of the ACTIVE accounts directly under the unit, or anywhere below it when recursive. */
async function accountsUnder(reader: OrganizationReader, source: OuSource): Promise<string[]> {
  const active: string[] = [];
  let level = [source.organizationalUnit];
  for (let depth = 0; level.length > 0 && depth <= MAX_UNIT_DEPTH; depth++) {
    const below: string[] = [];
    for (const parent of level) {
      const accounts = await reader.accountsOf(parent);
      active.push(...accounts.filter((account) => account.active).map((account) => account.id));
      if (source.recursive && depth < MAX_UNIT_DEPTH) below.push(...(await reader.unitsOf(parent)));
    }
    level = below;
  }
  return active;
}

function explain(error: unknown, unit: string): string {
  if (!(error instanceof OrganizationReadError)) {
    return `listing the accounts of ${unit} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  switch (error.failure) {
    case 'access-denied':
      return (
        `the hub may not list the accounts of ${unit}: AWS Organizations answered AccessDenied, ` +
        'so the hub’s account is neither the management account of the organization nor a delegated administrator for AWS Organizations, ' +
        'or its role lacks organizations:ListAccountsForParent and organizations:ListOrganizationalUnitsForParent. ' +
        'From the management account, register the hub’s account as a delegated administrator with a resource-based delegation policy ' +
        'that allows both actions, and deploy the hub with the fleetDiscovery parameter set to true, which grants them to its dispatcher.'
      );
    case 'not-in-organization':
      return `${unit} cannot be read: the hub’s account is not a member of an organization; list the accounts as {account, region} entries instead`;
    case 'parent-not-found':
      return `${unit} is not a unit or root of the hub’s organization`;
  }
}
