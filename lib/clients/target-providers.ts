// The providers of one fleet target: every provider this build can talk to, over SDK clients in the
// target's region signed with the target's reader credentials, activation sent with its activator's.
// Clients are made once per container, per region and role; endpoints come from the SDK's own variables
// (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL) as for the home clients.
import { IoTSiteWiseClient } from '@aws-sdk/client-iotsitewise';
import { LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { createLookoutProvider } from '../adapters/lookout.js';
import { createSiteWiseProvider } from '../adapters/sitewise.js';
import type { ProviderFactories } from '../providers.js';
import type { Target } from '../targets.js';
import type { AssumedRoleCredentials, RoleToAssume } from './assumed-role.js';
import { s3ClientConfig } from './s3.js';
import { siteWiseClientConfig } from './sitewise.js';

/** The credentials a target is reached with; absent: the hub's own (the SDK's default chain). */
export interface TargetAccess {
  reader?: AwsCredentialIdentityProvider;
  /** Activation only; absent: the reader's. */
  activator?: AwsCredentialIdentityProvider;
}

interface Clients {
  lookout: LookoutEquipmentClient;
  sitewise: IoTSiteWiseClient;
  s3: S3Client;
}

/** Clients signed with the hub's own credentials, by region. */
const ownClients = new Map<string, Clients>();
/** Clients signed with a role's credentials, by the role's provider and region. */
const roleClients = new WeakMap<AwsCredentialIdentityProvider, Map<string, Clients>>();

function makeClients(region: string, credentials: AwsCredentialIdentityProvider | undefined): Clients {
  const common = { region, ...(credentials === undefined ? {} : { credentials }) };
  return {
    lookout: new LookoutEquipmentClient({ ...common, maxAttempts: 8 }),
    sitewise: new IoTSiteWiseClient({ ...siteWiseClientConfig(), ...common }),
    s3: new S3Client({ ...s3ClientConfig(), ...common }),
  };
}

/** The clients of `region` signed with `credentials`, made on first use and kept for the container. */
function clientsFor(region: string, credentials: AwsCredentialIdentityProvider | undefined): Clients {
  let regions = credentials === undefined ? ownClients : roleClients.get(credentials);
  if (regions === undefined) {
    regions = new Map();
    if (credentials !== undefined) roleClients.set(credentials, regions);
  }
  let clients = regions.get(region);
  if (clients === undefined) {
    clients = makeClients(region, credentials);
    regions.set(region, clients);
  }
  return clients;
}

/** Every provider of this build for one target: reads with the reader, activation with the activator. */
export function targetProviderFactories(
  target: Pick<Target, 'key' | 'region'>,
  access: TargetAccess,
): ProviderFactories {
  const read = () => clientsFor(target.region, access.reader);
  const write = () => clientsFor(target.region, access.activator ?? access.reader);
  return {
    'lookout-equipment': () => createLookoutProvider(read().lookout, { writer: write().lookout }),
    'iot-sitewise': () => createSiteWiseProvider(read().sitewise, read().s3, { writer: write().sitewise }),
  };
}

/** One credentials provider per assumed-role cache and role, so the clients made for it are reused. */
const providers = new WeakMap<AssumedRoleCredentials, Map<string, AwsCredentialIdentityProvider>>();

/**
 * The roles whose clients a container keeps. A poller of a large fleet meets every target's role in turn:
 * past this many, the least recently used role's provider is let go, and with it (a WeakMap key) its SDK
 * clients, so a container's memory stays bounded whatever the fleet's size. Its session stays cached in
 * the assumed-role credentials, so coming back to it costs new clients, not a new AssumeRole.
 */
export const MAX_ROLES_WITH_CLIENTS = 64;

/** The credentials provider of `role` for `assumed`, the same object while the role stays recently used. */
export function providerOf(
  assumed: AssumedRoleCredentials,
  role: RoleToAssume,
): AwsCredentialIdentityProvider {
  let byRole = providers.get(assumed);
  if (byRole === undefined) {
    byRole = new Map();
    providers.set(assumed, byRole);
  }
  const key = `${role.roleArn}\u0000${role.externalId ?? ''}`;
  const provider = byRole.get(key) ?? assumed.providerFor(role);
  // Map keeps insertion order: re-inserting makes this role the most recently used.
  byRole.delete(key);
  byRole.set(key, provider);
  if (byRole.size > MAX_ROLES_WITH_CLIENTS) {
    const [oldest] = byRole.keys();
    if (oldest !== undefined) byRole.delete(oldest);
  }
  return provider;
}

/**
 * The credentials a target is reached with for `use`: its reader role's (none: the hub's own), and for
 * 'activate' its activator role's too. A target of the targets parameter has both roles or neither.
 */
export function targetAccess(
  target: Target,
  assumed: AssumedRoleCredentials,
  use: 'read' | 'activate',
): TargetAccess {
  const role = (roleArn: string | undefined) =>
    roleArn === undefined
      ? undefined
      : providerOf(assumed, {
          roleArn,
          ...(target.externalId === undefined ? {} : { externalId: target.externalId }),
        });
  const reader = role(target.readerRoleArn);
  const activator = use === 'activate' ? role(target.activatorRoleArn) : undefined;
  return {
    ...(reader === undefined ? {} : { reader }),
    ...(activator === undefined ? {} : { activator }),
  };
}
