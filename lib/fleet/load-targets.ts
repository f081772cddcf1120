// The fleet, read from the `<prefix>/targets` parameter (absent: the hub's own account and region
// only) by the dispatcher, which keeps the fleet registry equal to it.
import type { OuSource, Target, TargetsContext } from '../targets.js';
import { parseTargets, parseTargetsSource, withDiscovered } from '../targets.js';
import type { FleetConfig } from './fleet-config.js';

/** Where the targets parameter is read from; undefined when it does not exist. */
export interface TargetsParameter {
  get(name: string): Promise<string | undefined>;
}

/** The partition a region belongs to, for the role ARNs derived from the spoke roles' names. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  return 'aws';
}

/**
 * Every target of the fleet, the hub's own first unless listed, then those `discover` finds for the
 * parameter's organizational unit entries (an explicit entry winning). A refused parameter throws
 * TargetsError, as does an organizational unit entry when there is no `discover`; a failed discovery
 * throws its own error, never a smaller fleet.
 */
export async function loadTargets(
  parameters: TargetsParameter,
  config: FleetConfig,
  discover?: (sources: readonly OuSource[]) => Promise<Target[]>,
): Promise<Target[]> {
  const text = await parameters.get(`${config.parameterPrefix}/targets`);
  const context = targetsContext(config);
  if (discover === undefined) return parseTargets(text, context);
  const source = parseTargetsSource(text, context);
  if (source.discover.length === 0) return source.targets;
  return withDiscovered(source.targets, await discover(source.discover));
}

function targetsContext(config: FleetConfig): TargetsContext {
  return {
    home: { account: config.hubAccount, region: config.region, partition: partitionOf(config.region) },
    defaultProviders: config.providers,
    roleNames: config.roleNames,
    ...(config.externalId === undefined ? {} : { externalId: config.externalId }),
  };
}
