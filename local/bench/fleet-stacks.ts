// The baseline the hub is compared with: T separate stacks, one per account and region, each with its
// own state table and its own scheduled poll-models (the real runWatchCycle with the real adapters, its
// L4E client signed with the account's own credentials, no STS). One first cycle per stack, then idle
// cycles are measured: invocations, L4E calls and each stack's cycle wall time.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createLookoutProvider } from '../../lib/adapters/lookout.js';
import { createActivationHistory } from '../../lib/adapters/state-decisions.js';
import { createModelStateStore } from '../../lib/adapters/state-model.js';
import type { WatchDeps } from '../../lib/watch.js';
import { runWatchCycle } from '../../lib/watch.js';
import { createTables, loadServerlessConfig, tableName } from '../aws/index.js';
import { type FleetTarget, type FleetWorld, HUB_REGION } from './fleet-world.js';
import { BASELINE_LOOKBACK_MS, BenchCycleError, LEASE_MS } from './poll-cycles.js';
import { elapsedMs, mapLimit } from './stats.js';

/** Stacks polled at once by the benchmark; in AWS each is its own schedule and its own Lambda. */
const STACKS_AT_ONCE = 16;

export interface StacksCycle {
  /** poll-models invocations: one per stack. */
  invocations: number;
  /** L4E calls per operation over every stack's cycle, as the emulator counted them. */
  l4eCalls: Record<string, number>;
  /** Each stack's cycle wall time, in the stacks' order. */
  cycleMs: number[];
  /** Models the stacks' cycles observed (described): 0 in an idle cycle. */
  observed: number;
}

export interface StacksRig {
  /** One cycle of every stack's poll-models. */
  cycle(owner: string): Promise<StacksCycle>;
}

/** The stacks' state tables, one per target, as each stack's serverless.yml would create it. */
async function stackTables(world: FleetWorld): Promise<string[]> {
  const definition = loadServerlessConfig('serverless.yml', 'bench').dynamoTables()[0];
  if (!definition) throw new BenchCycleError('serverless.yml declares no DynamoDB table');
  const raw = new DynamoDBClient({
    endpoint: world.harness.dynamo.url,
    region: HUB_REGION,
    credentials: world.hubCredentials,
  });
  const names = world.targets.map((t) => `${tableName(definition)}-stack-${t.account}-${t.region}`);
  try {
    await mapLimit(names, STACKS_AT_ONCE, async (name) => {
      await createTables(raw, [{ ...definition, tableName: name }]);
    });
  } finally {
    raw.destroy();
  }
  return names;
}

function stackDeps(world: FleetWorld, target: FleetTarget, table: string): WatchDeps {
  const { harness } = world;
  return {
    provider: createLookoutProvider(world.accountClient(target)),
    store: createModelStateStore(harness.documentClient, { tableName: table }),
    activations: createActivationHistory(harness.documentClient, { tableName: table }),
    publisher: harness.publisher,
    logger: harness.logger,
  };
}

/** The T stacks over the world's targets, each with its state table created and empty. */
export async function startStacks(world: FleetWorld): Promise<StacksRig> {
  const tables = await stackTables(world);
  const deps = world.targets.map((target, i) => stackDeps(world, target, tables[i] as string));
  const { emulator } = world.harness;
  return {
    async cycle(owner) {
      emulator.resetStats();
      let observed = 0;
      const cycleMs = await mapLimit(deps, STACKS_AT_ONCE, async (stack) => {
        const start = performance.now();
        const report = await runWatchCycle(stack, {
          now: new Date(emulator.now()),
          owner,
          leaseMs: LEASE_MS,
          baselineLookbackMs: BASELINE_LOOKBACK_MS,
        });
        if (report.errors.length > 0 || report.failed > 0) {
          throw new BenchCycleError(`a stack's cycle did not complete cleanly: ${JSON.stringify(report)}`);
        }
        observed += report.observed;
        return elapsedMs(start);
      });
      return { invocations: deps.length, l4eCalls: emulator.stats().calls, cycleMs, observed };
    },
  };
}
