// The fleet a function works on, read from the `<prefix>/targets` parameter (absent: the hub's own
// account and region only), and which of its targets an ARN's account and region name.
import { parseTargets, type Target } from '../targets.js';
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

/** Every target of the fleet, the hub's own first unless listed. A refused parameter throws TargetsError. */
export async function loadTargets(parameters: TargetsParameter, config: FleetConfig): Promise<Target[]> {
  const text = await parameters.get(`${config.parameterPrefix}/targets`);
  return parseTargets(text, {
    home: { account: config.hubAccount, region: config.region, partition: partitionOf(config.region) },
    defaultProviders: config.providers,
    roleNames: config.roleNames,
    ...(config.externalId === undefined ? {} : { externalId: config.externalId }),
  });
}

/** The target of the fleet in `account` and `region`; undefined when the fleet has none there. */
export function targetOfArn(targets: readonly Target[], account: string, region: string): Target | undefined {
  return targets.find((target) => target.account === account && target.region === region);
}
