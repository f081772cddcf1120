// Runs the built CLI as a subprocess against the L4E emulator, the local SSM and a local DynamoDB,
// exactly as a user would with the AWS_ENDPOINT_URL_<SERVICE> variables.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';
import { SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLookoutProvider } from '../../../lib/adapters/lookout.js';
import { createParameterSource } from '../../../lib/adapters/parameters.js';
import { createDecisionLog } from '../../../lib/adapters/state-decisions.js';
import { decideActivation } from '../../../lib/decide.js';
import { silentLogger } from '../../../lib/logger.js';
import type { DecisionLog } from '../../../lib/ports.js';
import {
  type LocalDynamo,
  type LocalSsm,
  startLocalDynamo,
  startLocalSsm,
} from '../../../local/aws/index.js';
import {
  type Emulator,
  type KnobSettings,
  STRICT_KNOBS,
  startEmulator,
} from '../../../local/emulator/index.js';
import { runProcess } from '../../../local/run-process.js';

// The CLI targets Node 20 deliberately; keep the SDK's notice about Node 22 out of test logs too.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.mjs');
export const TABLE = 'l4e-autopilot-cli-test';
export const PREFIX = '/l4e-autopilot/test';
const RUN_TIMEOUT_MS = 30_000;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
}

export interface CliWorld {
  emulator: Emulator;
  ssm: LocalSsm;
  dynamo: LocalDynamo;
  store: DecisionLog;
  env: Record<string, string>;
  run(args: readonly string[], options?: RunOptions): Promise<CliResult>;
  /** Writes the demo scenario's policies (default and per-model) under PREFIX; returns their names. */
  seedPolicies(): Promise<string[]>;
  /** Records what apply-policy decides for a version, through the real decide use-case. */
  decide(model: string, version: number, triggerEventId: string): Promise<void>;
  close(): Promise<void>;
}

/** Bundles the CLI with the project's build script, as `npm run build` does. */
export async function buildCli(): Promise<void> {
  const result = await runProcess(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
    timeoutMs: RUN_TIMEOUT_MS,
  });
  if (result.code !== 0) throw new Error(`the CLI build failed (exit ${result.code}): ${result.stderr}`);
}

export function runCli(
  args: readonly string[],
  env: Record<string, string | undefined>,
  stdin = '',
): Promise<CliResult> {
  return runProcess(process.execPath, [CLI, ...args], { env, cwd: ROOT, stdin, timeoutMs: RUN_TIMEOUT_MS });
}

/**
 * The demo world. Golden files are byte-for-byte snapshots of it, so it pins the emulator's knobs (strict
 * unless a test asks otherwise) instead of taking them from L4E_EMULATOR_KNOBS.
 */
export async function startWorld(knobs: KnobSettings = STRICT_KNOBS): Promise<CliWorld> {
  const emulator = await startEmulator({ port: 0, scenario: 'demo', seed: 1, knobs });
  const ssm = await startLocalSsm();
  const dynamo = await startLocalDynamo();
  const base = {
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDCLITEST', secretAccessKey: 'cli-test-secret' },
    maxAttempts: 1,
  };
  const dynamoClient = new DynamoDBClient({ ...base, endpoint: dynamo.url });
  await dynamoClient.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const store = createDecisionLog(DynamoDBDocumentClient.from(dynamoClient), { tableName: TABLE });
  const lookoutClient = new LookoutEquipmentClient({ ...base, endpoint: emulator.url });
  const ssmClient = new SSMClient({ ...base, endpoint: ssm.url });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDCLITEST',
    AWS_SECRET_ACCESS_KEY: 'cli-test-secret',
    AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT: emulator.url,
    AWS_ENDPOINT_URL_SSM: ssm.url,
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    // No shared config or credentials files from the machine running the tests.
    AWS_CONFIG_FILE: join(ROOT, '.tmp', 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(ROOT, '.tmp', 'no-aws-credentials'),
    STATE_TABLE_NAME: TABLE,
    PARAMETER_PREFIX: PREFIX,
  };
  let decisionClock = Date.parse('2025-06-01T00:00:00Z');
  return {
    emulator,
    ssm,
    dynamo,
    store,
    env,
    run: (args, options = {}) => runCli(args, { ...env, ...options.env }, options.stdin ?? ''),
    async seedPolicies() {
      const scenario = JSON.parse(await readFile(join(ROOT, 'local', 'scenarios', 'demo.json'), 'utf8')) as {
        autopilot: { policies: { default: unknown; models: Record<string, unknown> } };
      };
      const { default: fallback, models } = scenario.autopilot.policies;
      ssm.put(`${PREFIX}/policies/default`, JSON.stringify(fallback));
      const names = [`${PREFIX}/policies/default`];
      for (const [model, policy] of Object.entries(models)) {
        ssm.put(`${PREFIX}/policies/models/${model}`, JSON.stringify(policy));
        names.push(`${PREFIX}/policies/models/${model}`);
      }
      return names;
    },
    async decide(model, version, triggerEventId) {
      await decideActivation(
        {
          provider: createLookoutProvider(lookoutClient),
          store,
          publisher: {
            publish: async (events) => ({ published: events.map((e) => e.detail.eventId), failed: [] }),
          },
          parameters: createParameterSource(ssmClient, { maxAgeSeconds: 0 }),
          logger: silentLogger,
        },
        {
          parameterPrefix: PREFIX,
          providerName: 'lookout-equipment',
          now: () => {
            decisionClock += 60_000;
            return new Date(decisionClock);
          },
        },
        { modelName: model, modelVersion: version, triggerEventId },
      );
    },
    async close() {
      lookoutClient.destroy();
      ssmClient.destroy();
      dynamoClient.destroy();
      await Promise.all([emulator.close(), ssm.close(), dynamo.close()]);
    },
  };
}
