// The fleet soak's world: one hub (its harness: state table, bus, parameters) and N targets, each an
// account and region of the same L4E emulator seeded with a generated fleet of its own, reached through
// the spoke roles on the local STS. Each target gets three views of the harness: the hub's poller's
// (reader role, the target's watch partition), apply-policy's (reader and activator roles) and its own
// operators' (the account's own credentials).
import { LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { createLookoutProvider } from '../../lib/adapters/lookout.js';
import { createModelStateStore } from '../../lib/adapters/state-model.js';
import { type AssumedRoleCredentials, createAssumedRoleCredentials } from '../../lib/clients/assumed-role.js';
import type { EventPublisher, ModelProvider } from '../../lib/ports.js';
import { type LocalSts, startLocalSts } from '../aws/index.js';
import { accountDirectory } from '../aws/signing-scope.js';
import { DAY_MS } from '../emulator/durations.js';
import { generateFleetScenario, type Scenario } from '../emulator/index.js';
import { parseKnobMode } from '../emulator/knobs.js';
import { createPrng } from '../emulator/random.js';
import { fastRetryStrategy, type Harness, startHarness } from '../harness.js';
import { assignKnobs, type SoakOptions } from './run.js';

export const HUB_ACCOUNT = '111111111111';
const HUB_REGION = 'us-east-1';
const TARGET_REGIONS = ['eu-west-1', 'us-west-2'] as const;
export const EXTERNAL_ID = 'soak-fleet-external-id';
const HARNESS_KEY = 'AKIDLOCALTESTING';
const HUB_KEY = 'AKIDSOAKHUB';
const SECRET = 'soak-secret';

export interface SoakTarget {
  key: string;
  account: string;
  region: string;
  readerRoleArn: string;
  activatorRoleArn: string;
  operatorKey: string;
  /** The model names of its generated fleet. */
  names: string[];
}

/** A window in which an account's spoke roles refuse AssumeRole (both of its regions' targets). */
export interface Outage {
  account: string;
  fromMs: number;
  forMs: number;
}

export interface FleetSoakOptions extends Omit<SoakOptions, 'sitewiseModels' | 'tamper'> {
  targets: number;
  /** Accounts whose roles refuse AssumeRole for `outageHours`, each from a seeded day. */
  outages: number;
  outageHours: number;
  /** Replaces the publisher of one target's poller: the soak's tests break a target on purpose. */
  tamperTarget?: (target: string, publisher: EventPublisher) => EventPublisher;
}

export interface TargetViews {
  target: SoakTarget;
  /** The hub's poller on this target: reader credentials, the target's own watch partition. */
  poller: Harness;
  /** The target's operators, with the account's own credentials; its ledger is the target's. */
  operator: Harness;
  /** What apply-policy decides with: reads as the reader role, activations as the activator role. */
  decider: ModelProvider;
}

export interface FleetSoakWorld {
  h: Harness;
  sts: LocalSts;
  targets: SoakTarget[];
  outages: Outage[];
  views: TargetViews[];
  knobs: { strict: Record<string, number>; moody: Record<string, number> };
  close(): Promise<void>;
}

export function soakTargets(count: number): Omit<SoakTarget, 'names'>[] {
  return Array.from({ length: count }, (_, i) => {
    const account = String(300_000_000_000 + Math.floor(i / TARGET_REGIONS.length));
    const region = TARGET_REGIONS[i % TARGET_REGIONS.length] as string;
    return {
      key: `${account}/${region}`,
      account,
      region,
      readerRoleArn: `arn:aws:iam::${account}:role/l4e-autopilot-reader`,
      activatorRoleArn: `arn:aws:iam::${account}:role/l4e-autopilot-activator`,
      operatorKey: `AKIDOPS${account}`,
    };
  });
}

/** The hub's scenario: no models of its own, each target with a generated fleet and its own knobs. */
function fleetScenario(options: FleetSoakOptions) {
  const mode = parseKnobMode(options.knobs ?? `random:${options.seed}`);
  const strict: Record<string, number> = {};
  const moody: Record<string, number> = {};
  const targets = soakTargets(options.targets).map((target, i) => {
    const generated = generateFleetScenario({
      models: options.models,
      seed: options.seed * 1000 + i,
      days: options.days,
    });
    const knobs = assignKnobs(generated, mode, { ...options, seed: options.seed * 1000 + i });
    for (const [k, n] of Object.entries(knobs.strict)) strict[k] = (strict[k] ?? 0) + n;
    for (const [k, n] of Object.entries(knobs.moody)) moody[k] = (moody[k] ?? 0) + n;
    return { target: { ...target, names: knobs.names }, generated };
  });
  const scenario: Scenario = {
    name: `fleet-soak-${options.targets}`,
    startTime: '2025-01-01T00:00:00Z',
    days: options.days,
    seed: options.seed,
    accountId: HUB_ACCOUNT,
    region: HUB_REGION,
    targets: targets.map(({ target, generated }) => ({
      account: target.account,
      region: target.region,
      quotas: generated.quotas,
      datasets: generated.datasets,
      models: generated.models,
      actions: generated.actions,
    })),
  };
  return { scenario, targets: targets.map((t) => t.target), knobs: { strict, moody } };
}

/** The accounts that have an outage, each starting on a seeded day in the first two thirds of the run. */
function outagesOf(targets: readonly SoakTarget[], options: FleetSoakOptions, startMs: number): Outage[] {
  const random = createPrng(options.seed * 7_368_787 + 5);
  const accounts = [...new Set(targets.map((t) => t.account))];
  const step = Math.max(1, Math.floor(accounts.length / Math.max(1, options.outages)));
  return accounts
    .filter((_, i) => i % step === 0)
    .slice(0, options.outages)
    .map((account) => ({
      account,
      fromMs: startMs + Math.floor(random.next() * Math.max(1, (options.days * 2) / 3)) * DAY_MS + DAY_MS,
      forMs: options.outageHours * 3_600_000,
    }));
}

function client(
  h: Harness,
  region: string,
  credentials: AwsCredentialIdentityProvider | { accessKeyId: string; secretAccessKey: string },
) {
  return new LookoutEquipmentClient({
    endpoint: h.emulator.url,
    region,
    credentials,
    retryStrategy: fastRetryStrategy(8),
  });
}

function viewsOf(
  h: Harness,
  target: SoakTarget,
  caches: Record<'poller' | 'decider', AssumedRoleCredentials>,
  options: FleetSoakOptions,
) {
  const role = (cache: AssumedRoleCredentials, roleArn: string) =>
    cache.providerFor({ roleArn, externalId: EXTERNAL_ID });
  const scope = { account: target.account, region: target.region };
  const emulator = {
    ...h.emulator,
    ledger: (filter?: { since?: number }) => h.emulator.ledgerOf(scope, filter),
  };
  const reader = client(h, target.region, role(caches.poller, target.readerRoleArn));
  const ops = client(h, target.region, { accessKeyId: target.operatorKey, secretAccessKey: SECRET });
  const decideReader = client(h, target.region, role(caches.decider, target.readerRoleArn));
  const decideWriter = client(h, target.region, role(caches.decider, target.activatorRoleArn));
  const decider = createLookoutProvider(decideReader, { writer: decideWriter });
  const store = createModelStateStore(h.documentClient, {
    tableName: h.tableName,
    target: { ...scope, home: false },
  });
  return {
    target,
    poller: {
      ...h,
      emulator,
      provider: createLookoutProvider(reader),
      lookoutClient: reader,
      store,
      publisher: options.tamperTarget?.(target.key, h.publisher) ?? h.publisher,
    },
    operator: { ...h, emulator, provider: createLookoutProvider(ops), lookoutClient: ops },
    decider,
    clients: [reader, ops, decideReader, decideWriter],
  };
}

export async function startFleetSoakWorld(options: FleetSoakOptions): Promise<FleetSoakWorld> {
  const { scenario, targets, knobs } = fleetScenario(options);
  let clock: () => number = Date.now;
  const accounts = [...new Set(targets.map((t) => t.account))];
  const sts = await startLocalSts({
    accountId: HUB_ACCOUNT,
    now: () => clock(),
    identities: { [HUB_KEY]: `arn:aws:iam::${HUB_ACCOUNT}:role/l4e-autopilot-hub` },
    roles: accounts.flatMap((account) =>
      ['reader', 'activator'].map((name) => ({
        roleArn: `arn:aws:iam::${account}:role/l4e-autopilot-${name}`,
        externalId: EXTERNAL_ID,
        trustedPrincipals: [`arn:aws:iam::${HUB_ACCOUNT}:root`],
      })),
    ),
  });
  const keys = Object.fromEntries([
    [HARNESS_KEY, HUB_ACCOUNT],
    [HUB_KEY, HUB_ACCOUNT],
    ...targets.map((t) => [t.operatorKey, t.account]),
  ]);
  const h = await startHarness({ scenario, seed: options.seed, accounts: accountDirectory(keys, sts) });
  clock = () => h.emulator.now();
  const stsClient = new STSClient({
    endpoint: sts.url,
    region: HUB_REGION,
    credentials: { accessKeyId: HUB_KEY, secretAccessKey: SECRET },
    maxAttempts: 4,
  });
  const cache = (sessionName: string) =>
    createAssumedRoleCredentials({ sts: stsClient, sessionName, now: () => h.emulator.now() });
  const caches = { poller: cache('l4e-autopilot-poller'), decider: cache('l4e-autopilot-apply-policy') };
  const built = targets.map((target) => viewsOf(h, target, caches, options));
  const outages = outagesOf(targets, options, h.emulator.now());
  for (const outage of outages)
    for (const role of ['reader', 'activator'])
      sts.failAssumeRole(`arn:aws:iam::${outage.account}:role/l4e-autopilot-${role}`, {
        from: outage.fromMs,
        forMs: outage.forMs,
      });
  return {
    h,
    sts,
    targets,
    outages,
    views: built.map(({ clients: _clients, ...views }) => views),
    knobs,
    async close() {
      for (const b of built) for (const c of b.clients) c.destroy();
      stsClient.destroy();
      await Promise.all([h.close(), sts.close()]);
    },
  };
}
