// The hub's side of the fleet benchmark: the dispatcher sends one message per target to the local SQS
// queue, and C poller containers drain it through the SQS event source, each with its own credential
// cache (a Lambda execution environment keeps its module scope between invocations, and another one has
// its own). Measured per cycle: the dispatcher's wall time, each target's cycle wall time, L4E and STS
// calls, poller invocations, and the process's peak memory while the cycle runs.
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { createSqsEventSource, type SqsEventSource } from '../aws/index.js';
import { createPrng } from '../emulator/random.js';
import { type FleetWorld, HUB_REGION } from './fleet-world.js';
import { BenchCycleError } from './poll-cycles.js';
import { elapsedMs } from './stats.js';

/** Each target's cycle in a container: its start and end, as the container's use case reports them. */
export interface TargetTimer {
  start(target: string): void;
  end(target: string): void;
}

/** The hub's two functions over the world, as deployed: the dispatcher and a poller container. */
export interface HubFunctions {
  /** One dispatcher invocation: one message per target on the queue. */
  dispatch(now: Date): Promise<void>;
  /** A new poller container (its own credential cache and clients) and its SQS batch handler. */
  container(timer: TargetTimer): (event: SQSEvent) => Promise<unknown>;
}

export interface HubCycle {
  dispatcherMs: number;
  /** Each target's cycle wall time inside its container. */
  targetMs: number[];
  l4eCalls: Record<string, number>;
  /** AssumeRole calls answered with credentials during the cycle. */
  assumeRole: number;
  /** Poller invocations (SQS batches handled) and messages received. */
  invocations: number;
  received: number;
  /** Peak resident set and heap while the cycle ran, and their values just before it, in bytes. */
  memory: { rssBefore: number; rssPeak: number; heapBefore: number; heapPeak: number };
}

export interface HubQueue {
  url: string;
  arn: string;
  client: SQSClient;
}

/** The fleet queue on the world's SQS stand-in, visibility longer than any benchmark cycle. */
export function createHubQueue(world: FleetWorld): HubQueue {
  const url = world.sqs.createQueue('bench-fleet-targets', { VisibilityTimeout: '900' });
  const client = new SQSClient({
    endpoint: world.sqs.url,
    region: HUB_REGION,
    credentials: world.hubCredentials,
  });
  return { url, arn: world.sqs.queueArn(url), client };
}

const MEMORY_SAMPLE_MS = 5;

/** Samples the process's memory until stopped; the peaks and the values at the start. */
function memorySampler() {
  const first = process.memoryUsage();
  const memory = {
    rssBefore: first.rss,
    rssPeak: first.rss,
    heapBefore: first.heapUsed,
    heapPeak: first.heapUsed,
  };
  const sample = () => {
    const now = process.memoryUsage();
    memory.rssPeak = Math.max(memory.rssPeak, now.rss);
    memory.heapPeak = Math.max(memory.heapPeak, now.heapUsed);
  };
  const timer = setInterval(sample, MEMORY_SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return memory;
    },
  };
}

export interface HubRig {
  /** One poll cycle of the hub at the emulator's current time. */
  cycle(): Promise<HubCycle>;
}

interface Container {
  source: SqsEventSource;
  invocations(): number;
}

/** The containers in a seeded random order (Fisher-Yates). */
function shuffled<T>(items: readonly T[], random: { next(): number }): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * The hub with `containers` poller containers. Each cycle the containers start receiving in a seeded
 * random order, so which container gets which batch varies from cycle to cycle, as Lambda's pollers
 * share out a standard queue's messages; each container handles one batch at a time.
 */
export function startHub(
  world: FleetWorld,
  queue: HubQueue,
  functions: HubFunctions,
  options: { containers: number; batchSize: number; seed: number },
): HubRig {
  const random = createPrng(options.seed);
  const started = new Map<string, number>();
  const targetMs: number[] = [];
  const timer: TargetTimer = {
    start: (target) => started.set(target, performance.now()),
    end: (target) => {
      const at = started.get(target);
      if (at !== undefined) targetMs.push(elapsedMs(at));
      started.delete(target);
    },
  };
  const containers: Container[] = Array.from({ length: options.containers }, () => {
    const handler = functions.container(timer);
    const counted = { invocations: 0 };
    const source = createSqsEventSource({
      client: queue.client,
      queueUrl: queue.url,
      queueArn: queue.arn,
      awsRegion: HUB_REGION,
      batchSize: options.batchSize,
      handler: async (event) => {
        counted.invocations += 1;
        return handler(event);
      },
    });
    return { source, invocations: () => counted.invocations };
  });
  const { emulator } = world.harness;
  return {
    async cycle() {
      emulator.resetStats();
      targetMs.length = 0;
      const stsBefore = world.sts.calls().length;
      const invocationsBefore = containers.reduce((n, c) => n + c.invocations(), 0);
      const memory = memorySampler();
      const dispatchStart = performance.now();
      await functions.dispatch(new Date(emulator.now()));
      const dispatcherMs = elapsedMs(dispatchStart);
      const order = shuffled(containers, random);
      const drained = await Promise.all(
        order.map((c) => c.source.drain({ maxPolls: 10 * world.targets.length + 10 })),
      );
      const peaks = memory.stop();
      const errors = drained.flatMap((d) => d.errors);
      if (errors.length > 0) throw new BenchCycleError(`a poller batch failed: ${String(errors[0])}`);
      const stsCalls = world.sts.calls().slice(stsBefore);
      return {
        dispatcherMs,
        targetMs: [...targetMs],
        l4eCalls: emulator.stats().calls,
        assumeRole: stsCalls.filter((c) => c.outcome === 'issued').length,
        invocations: containers.reduce((n, c) => n + c.invocations(), 0) - invocationsBefore,
        received: drained.reduce((n, d) => n + d.received, 0),
        memory: peaks,
      };
    },
  };
}
