// A fleet of T targets for the benchmarks: T account/region pairs served by one L4E emulator (the account
// from the access key, the region from the signing scope), a reader role in every account on the local
// STS, and MODELS_PER_TARGET trained models in every target, created through the SDK with the account's
// own credentials, as its operators would. The hub's table, bus and parameters are the harness's.
import {
  CreateDatasetCommand,
  CreateModelCommand,
  LookoutEquipmentClient,
} from '@aws-sdk/client-lookoutequipment';
import { type LocalSqs, type LocalSts, startLocalSqs, startLocalSts } from '../aws/index.js';
import { accountDirectory } from '../aws/signing-scope.js';
import { type Harness, startHarness } from '../harness.js';
import { mapLimit } from './stats.js';

export const MODELS_PER_TARGET = 15;
/** The regions the fleet's targets are spread over, each account in every one of them in turn. */
export const FLEET_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-west-2'] as const;
export const HUB_ACCOUNT = '111111111111';
export const HUB_REGION = 'us-east-1';
export const FLEET_EXTERNAL_ID = 'bench-fleet-external-id';
export const READER_ROLE_NAME = 'l4e-autopilot-reader';
/** The hub's own long-term key: its functions' role, trusted by every reader role. */
export const HUB_KEY = 'AKIDBENCHHUB';
const HUB_PRINCIPAL = `arn:aws:iam::${HUB_ACCOUNT}:role/l4e-autopilot-hub`;
const SECRET = 'bench-secret';
const SEED_CONCURRENCY = 16;
/**
 * Training takes two simulated hours in the emulator; two days later every version is SUCCESS and older
 * than the watcher's baseline lookback (a day), so a first cycle stores each model and publishes nothing.
 */
const SETTLE = 'P2D';

export interface FleetTarget {
  /** `<account>/<region>`. */
  key: string;
  account: string;
  region: string;
  readerRoleArn: string;
  /** A long-term key of the account: what its own stack's functions would sign with. */
  accountKey: string;
}

/** T targets over ⌈T/4⌉ accounts, each account in FLEET_REGIONS in turn. */
export function fleetTargets(count: number): FleetTarget[] {
  return Array.from({ length: count }, (_, i) => {
    const account = String(200_000_000_000 + Math.floor(i / FLEET_REGIONS.length));
    const region = FLEET_REGIONS[i % FLEET_REGIONS.length] as string;
    return {
      key: `${account}/${region}`,
      account,
      region,
      readerRoleArn: `arn:aws:iam::${account}:role/${READER_ROLE_NAME}`,
      accountKey: `AKIDACCOUNT${account}`,
    };
  });
}

export const accountsOf = (targets: readonly FleetTarget[]): string[] => [
  ...new Set(targets.map((t) => t.account)),
];

export interface FleetWorld {
  harness: Harness;
  sts: LocalSts;
  sqs: LocalSqs;
  targets: FleetTarget[];
  /** The hub's own credentials, as its functions' role holds them. */
  hubCredentials: { accessKeyId: string; secretAccessKey: string };
  /** An L4E client in the target's account and region with the account's own credentials. */
  accountClient(target: FleetTarget): LookoutEquipmentClient;
  close(): Promise<void>;
}

/** The emulators and stand-ins of a T-target fleet, every target seeded with its trained models. */
export async function startFleetWorld(count: number): Promise<FleetWorld> {
  const targets = fleetTargets(count);
  let clock: () => number = Date.now;
  const sts = await startLocalSts({
    accountId: HUB_ACCOUNT,
    now: () => clock(),
    identities: { [HUB_KEY]: HUB_PRINCIPAL },
    roles: accountsOf(targets).map((account) => ({
      roleArn: `arn:aws:iam::${account}:role/${READER_ROLE_NAME}`,
      externalId: FLEET_EXTERNAL_ID,
      trustedPrincipals: [`arn:aws:iam::${HUB_ACCOUNT}:root`],
    })),
  });
  const keys = Object.fromEntries([[HUB_KEY, HUB_ACCOUNT], ...targets.map((t) => [t.accountKey, t.account])]);
  const harness = await startHarness({
    accountId: HUB_ACCOUNT,
    region: HUB_REGION,
    accounts: accountDirectory(keys, sts),
  });
  clock = () => harness.emulator.now();
  const sqs = await startLocalSqs({ accountId: HUB_ACCOUNT, region: HUB_REGION, now: clock });
  const clients = new Map<string, LookoutEquipmentClient>();
  const accountClient = (target: FleetTarget): LookoutEquipmentClient => {
    let client = clients.get(target.key);
    if (client === undefined) {
      client = new LookoutEquipmentClient({
        endpoint: harness.emulator.url,
        region: target.region,
        credentials: { accessKeyId: target.accountKey, secretAccessKey: SECRET },
        maxAttempts: 8,
      });
      clients.set(target.key, client);
    }
    return client;
  };
  const world: FleetWorld = {
    harness,
    sts,
    sqs,
    targets,
    hubCredentials: { accessKeyId: HUB_KEY, secretAccessKey: SECRET },
    accountClient,
    async close() {
      for (const client of clients.values()) client.destroy();
      await Promise.all([harness.close(), sts.close(), sqs.close()]);
    },
  };
  try {
    await seedModels(world);
  } catch (error) {
    await world.close();
    throw error;
  }
  return world;
}

export const modelNameOf = (index: number): string => `pump-${String(index + 1).padStart(2, '0')}`;

/** MODELS_PER_TARGET models in every target, the same names everywhere, trained to version 1. */
async function seedModels(world: FleetWorld): Promise<void> {
  const work = world.targets.flatMap((target) =>
    Array.from({ length: MODELS_PER_TARGET }, (_, i) => ({ target, name: modelNameOf(i) })),
  );
  await mapLimit(work, SEED_CONCURRENCY, async ({ target, name }) => {
    const client = world.accountClient(target);
    await client.send(new CreateDatasetCommand({ DatasetName: `${name}-data` }));
    await client.send(
      new CreateModelCommand({
        ModelName: name,
        DatasetName: `${name}-data`,
        LabelsInputConfiguration: { S3InputConfiguration: { Bucket: 'bench-labels' } },
      }),
    );
  });
  world.harness.emulator.advance(SETTLE);
}
