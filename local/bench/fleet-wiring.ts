// The hub's functions over the fleet world, wired as functions/dispatch-targets.ts and
// functions/poll-target.ts wire them, with local endpoints: the dispatcher use case (targets parameter in
// the local SSM, registry in the state table, the world's queue) and, per poller container, the per-target
// poller use case with a credential cache and target clients of its own.
import { randomUUID } from 'node:crypto';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import type { SQSEvent } from 'aws-lambda';
import { createActivationHistory } from '../../lib/adapters/state-decisions.js';
import { createFleetRegistry } from '../../lib/adapters/state-fleet.js';
import { createModelStateStore } from '../../lib/adapters/state-model.js';
import { createTargetQueue } from '../../lib/adapters/target-queue.js';
import { isTransientError } from '../../lib/adapters/transient-errors.js';
import { createAssumedRoleCredentials } from '../../lib/clients/assumed-role.js';
import { targetAccess, targetProviderFactories } from '../../lib/clients/target-providers.js';
import { dispatchTargets } from '../../lib/fleet/dispatch.js';
import { DEFAULT_ROLE_NAMES, type FleetConfig } from '../../lib/fleet/fleet-config.js';
import { loadTargets } from '../../lib/fleet/load-targets.js';
import { pollTargets, type TargetPollDeps } from '../../lib/fleet/poll-target.js';
import type { FleetRegistry } from '../../lib/ports.js';
import { enabledProviders } from '../../lib/providers.js';
import { PARAMETER_PREFIX } from '../harness.js';
import type { HubFunctions, HubQueue, TargetTimer } from './fleet-hub.js';
import { FLEET_EXTERNAL_ID, type FleetWorld, HUB_ACCOUNT, HUB_REGION } from './fleet-world.js';
import { BASELINE_LOOKBACK_MS, LEASE_MS } from './poll-cycles.js';

/** Records of a batch polled at once: poll-target's FLEET_RECORD_CONCURRENCY default. */
export const RECORD_CONCURRENCY = 4;
/** Failed cycles in a row before a target's alarm: FLEET_ALARM_AFTER's default. */
const ALARM_AFTER = 3;
const HOME_KEY = `${HUB_ACCOUNT}/${HUB_REGION}`;

export const fleetConfig: FleetConfig = {
  hubAccount: HUB_ACCOUNT,
  region: HUB_REGION,
  parameterPrefix: PARAMETER_PREFIX,
  providers: ['lookout-equipment'],
  roleNames: DEFAULT_ROLE_NAMES,
  externalId: FLEET_EXTERNAL_ID,
};

/** SSM's largest String values: 4 KB in the Standard tier, 8 KB in the Advanced one. */
const TIER_LIMITS = [
  ['Standard', 4096],
  ['Advanced', 8192],
] as const;

/** The targets parameter of the world: its size, and the SSM tier that holds it (null: none does). */
export interface TargetsParameterFit {
  chars: number;
  tier: 'Standard' | 'Advanced' | null;
}

/**
 * Writes the targets parameter (every target, its roles derived from the spoke role names) in the
 * smallest tier that holds it. When no tier holds it, the hub's functions are given the same text
 * directly, parsed as loadTargets parses the parameter: what is measured is the fan-out, and the report
 * says the parameter did not fit.
 */
async function writeTargetsParameter(world: FleetWorld): Promise<{ fit: TargetsParameterFit; text: string }> {
  const text = JSON.stringify(world.targets.map((t) => ({ account: t.account, region: t.region })));
  const tier = TIER_LIMITS.find(([, limit]) => text.length <= limit)?.[0] ?? null;
  if (tier !== null) {
    await world.harness.ssmClient.send(
      new PutParameterCommand({
        Name: `${PARAMETER_PREFIX}/targets`,
        Value: text,
        Type: 'String',
        Tier: tier,
        Overwrite: true,
      }),
    );
  }
  return { fit: { chars: text.length, tier }, text };
}

function targetsOf(world: FleetWorld, parameter: { fit: TargetsParameterFit; text: string }) {
  const source =
    parameter.fit.tier === null
      ? { get: async () => parameter.text }
      : { get: async (name: string) => (await world.harness.parameters.get(name))?.value };
  return () => loadTargets(source, fleetConfig);
}

/** The registry, its health writes marking the end of each target's cycle for the timer. */
function timedRegistry(registry: FleetRegistry, timer: TargetTimer): FleetRegistry {
  return {
    ...registry,
    async writeHealth(member, health, expectedRev) {
      const written = await registry.writeHealth(member, health, expectedRev);
      timer.end(`${member.account}/${member.region}`);
      return written;
    },
  };
}

function pollerDeps(world: FleetWorld, sts: STSClient, timer: TargetTimer): TargetPollDeps {
  const { harness } = world;
  const { documentClient, tableName } = harness;
  const assumed = createAssumedRoleCredentials({
    sts,
    sessionName: 'l4e-autopilot-poller',
    now: () => harness.emulator.now(),
  });
  return {
    providersFor: (target) => {
      timer.start(target.key);
      return enabledProviders(
        target.providers,
        targetProviderFactories(target, targetAccess(target, assumed, 'read')),
      );
    },
    storeFor: (target, provider) =>
      createModelStateStore(documentClient, {
        tableName,
        provider,
        target: { account: target.account, region: target.region, home: false },
      }),
    retryable: isTransientError,
    activations: createActivationHistory(documentClient, { tableName }),
    publisher: harness.publisher,
    registry: timedRegistry(createFleetRegistry(documentClient, { tableName }), timer),
    logger: harness.logger,
  };
}

export interface FleetHub extends HubFunctions {
  close(): void;
  targetsParameter: TargetsParameterFit;
}

/**
 * The hub's dispatcher and poller containers over the world and its queue. The target clients read their
 * endpoints from AWS_ENDPOINT_URL_* as deployed, so the L4E emulator's is set here; close() destroys the
 * STS clients of the containers made.
 */
export async function hubFunctions(world: FleetWorld, queue: HubQueue): Promise<FleetHub> {
  process.env.AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT = world.harness.emulator.url;
  const parameter = await writeTargetsParameter(world);
  const targets = targetsOf(world, parameter);
  const { harness } = world;
  const stsClients: STSClient[] = [];
  const dispatchDeps = {
    targets,
    registry: createFleetRegistry(harness.documentClient, { tableName: harness.tableName }),
    queue: createTargetQueue(queue.client, { queueUrl: queue.url }),
    logger: harness.logger,
  };
  return {
    async dispatch(now) {
      const report = await dispatchTargets(dispatchDeps, { now, homeKey: HOME_KEY, removalGraceMs: 0 });
      if (report.undispatched.length > 0) throw new Error(`undispatched: ${report.undispatched.join(', ')}`);
    },
    container(timer) {
      const sts = new STSClient({
        endpoint: world.sts.url,
        region: HUB_REGION,
        credentials: world.hubCredentials,
        maxAttempts: 4,
      });
      stsClients.push(sts);
      const deps = pollerDeps(world, sts, timer);
      return async (event: SQSEvent) => {
        const records = event.Records.map((r) => ({ id: r.messageId, body: r.body }));
        const results = await pollTargets(deps, records, {
          now: new Date(harness.emulator.now()),
          homeKey: HOME_KEY,
          cycle: { leaseMs: LEASE_MS, baselineLookbackMs: BASELINE_LOOKBACK_MS },
          owner: randomUUID,
          concurrency: RECORD_CONCURRENCY,
          alarmAfter: ALARM_AFTER,
          secrets: [FLEET_EXTERNAL_ID],
        });
        const failed = results.filter((r) => r.status !== 'polled');
        if (failed.length > 0) throw new Error(`target cycles failed: ${JSON.stringify(failed[0])}`);
        return { batchItemFailures: results.filter((r) => r.retry).map((r) => ({ itemIdentifier: r.id })) };
      };
    },
    close() {
      for (const sts of stsClients) sts.destroy();
    },
    targetsParameter: parameter.fit,
  };
}
