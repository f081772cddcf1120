// What a fleet adds to the local system: the STS stand-in holding every spoke account's roles (refusing
// AssumeRole in the scenario's outages), the SQS stand-in with serverless.yml's queues, and Lambda's SQS
// event source mappings, which run the real handlers over those queues.
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import {
  createSqsEventSource,
  type DrainOutcome,
  type LocalSqs,
  type LocalSts,
  type ServerlessConfig,
  type SqsEventSourceConfig,
  startLocalSqs,
  startLocalSts,
} from '../aws/index.js';
import { type AccountDirectory, accountDirectory } from '../aws/signing-scope.js';
import type { ParsedScenario } from '../emulator/scenario.js';
import { type FleetTarget, fleetTargets, spokeRoles } from './targets.js';

/** The long-term access key the hub's functions (and a CLI pointed at the local system) sign with. */
export const HUB_ACCESS_KEY = 'local';

/** Polls of one event source in one drain, at most: a queue that never empties is a bug, not a wait. */
const MAX_POLLS_PER_DRAIN = 1000;

export interface FleetServices {
  targets: FleetTarget[];
  sts: LocalSts;
  sqs: LocalSqs;
  /** serverless.yml's queues by logical id: the local queue URLs its `Ref`s resolve to. */
  queueUrls: Record<string, string>;
  /** Who signs: the hub's key in the hub's account, the STS sessions in their roles' accounts. */
  accounts: AccountDirectory;
  /** The endpoint variables of STS and SQS. */
  env: Record<string, string>;
  /** What the queues' redrive moved to their dead-letter queues, by the function that failed it. */
  deadLetters(): Array<{ functionName: string; deadLetterQueue: string; eventId: string; error: string }>;
  close(): Promise<void>;
}

export interface FleetServicesOptions {
  scenario: ParsedScenario;
  config: ServerlessConfig;
  /** The simulated clock (epoch ms), read late: the emulator that owns it starts after these. */
  now: () => number;
}

export async function startFleetServices(options: FleetServicesOptions): Promise<FleetServices> {
  const { scenario, config, now } = options;
  const hub = scenario.accountId;
  const targets = fleetTargets(scenario);
  const sts = await startLocalSts({ accountId: hub, now, roles: spokeRoles(targets, hub) });
  for (const target of targets) {
    for (const outage of target.outages) {
      for (const role of Object.values(target.roles ?? {})) {
        sts.failAssumeRole(role, { from: outage.from, forMs: outage.until - outage.from });
      }
    }
  }
  const sqs = await startLocalSqs({ accountId: hub, region: scenario.region, now });
  const queueUrls = createQueues(sqs, config);
  return {
    targets,
    sts,
    sqs,
    queueUrls,
    deadLetters: () => deadLettersOf(sqs, config, queueUrls),
    accounts: accountDirectory({ [HUB_ACCESS_KEY]: hub }, sts),
    env: { AWS_ENDPOINT_URL_STS: sts.url, AWS_ENDPOINT_URL_SQS: sqs.url },
    close: async () => {
      await Promise.allSettled([sts.close(), sqs.close()]);
    },
  };
}

/** serverless.yml's queues, dead-letter queues first so a redrive can name its target's ARN. */
function createQueues(sqs: LocalSqs, config: ServerlessConfig): Record<string, string> {
  const queues = config.sqsQueues();
  const urls: Record<string, string> = {};
  const create = (logicalId: string): string => {
    const existing = urls[logicalId];
    if (existing !== undefined) return existing;
    const queue = queues.find((q) => q.logicalId === logicalId);
    if (queue === undefined) throw new Error(`serverless.yml declares no queue ${logicalId}`);
    const attributes = { ...queue.attributes };
    if (queue.redrive !== undefined) {
      const deadLetterUrl = create(queue.redrive.deadLetterQueue);
      attributes.RedrivePolicy = JSON.stringify({
        deadLetterTargetArn: sqs.queueArn(deadLetterUrl),
        maxReceiveCount: queue.redrive.maxReceiveCount,
      });
    }
    const url = sqs.createQueue(queue.queueName ?? `l4e-autopilot-local-${logicalId}`, attributes);
    urls[logicalId] = url;
    return url;
  };
  for (const queue of queues) create(queue.logicalId);
  return urls;
}

export interface EventSourceOptions {
  services: FleetServices;
  sources: readonly SqsEventSourceConfig[];
  /** The function's handler, as Lambda would invoke it for one batch. */
  handlerOf(functionName: string): ((event: SQSEvent) => Promise<unknown>) | undefined;
  region: string;
}

/**
 * Runs every event source mapping until its queue is empty (what is left in flight comes back after
 * its visibility timeout, on a later drain). One batch at a time: the order is reproducible.
 */
export function eventSourceDrainer(options: EventSourceOptions): () => Promise<DrainOutcome[]> {
  const { services } = options;
  const client = new SQSClient({
    endpoint: services.sqs.url,
    region: options.region,
    credentials: { accessKeyId: HUB_ACCESS_KEY, secretAccessKey: 'local' },
  });
  const drainers = options.sources.map((source) => {
    const queueUrl = services.queueUrls[source.queue];
    const handler = options.handlerOf(source.functionName);
    if (queueUrl === undefined || handler === undefined) {
      throw new Error(`${source.functionName} polls ${source.queue}, which the local system does not have`);
    }
    return createSqsEventSource({
      client,
      queueUrl,
      queueArn: services.sqs.queueArn(queueUrl),
      awsRegion: options.region,
      handler,
      batchSize: source.batchSize,
      reportBatchItemFailures: source.reportBatchItemFailures,
    });
  });
  return async () => {
    const outcomes: DrainOutcome[] = [];
    for (const drainer of drainers) outcomes.push(await drainer.drain({ maxPolls: MAX_POLLS_PER_DRAIN }));
    return outcomes;
  };
}

/** The messages sitting in a dead-letter queue, each named by the function whose queue sent it there. */
function deadLettersOf(sqs: LocalSqs, config: ServerlessConfig, urls: Record<string, string>) {
  const sources = config.sqsEventSources();
  return config.sqsQueues().flatMap((queue) => {
    const redrive = queue.redrive;
    const deadLetterUrl = redrive === undefined ? undefined : urls[redrive.deadLetterQueue];
    if (redrive === undefined || deadLetterUrl === undefined) return [];
    const functionName = sources.find((s) => s.queue === queue.logicalId)?.functionName ?? queue.logicalId;
    return sqs.messages(deadLetterUrl).map((m) => ({
      functionName,
      deadLetterQueue: redrive.deadLetterQueue,
      eventId: m.messageId,
      error: `received ${redrive.maxReceiveCount} times without success: ${m.body}`,
    }));
  });
}
