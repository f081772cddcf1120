// The watcher with the real SiteWise provider: the SiteWise emulator and its S3 stand-in, plus the local
// harness's state store, activation history and event bus. Every SDK call the provider makes is counted.
import type { IoTSiteWiseClient } from '@aws-sdk/client-iotsitewise';
import type { S3Client } from '@aws-sdk/client-s3';
import type { InitializeMiddleware, MetadataBearer } from '@smithy/types';
import { createSiteWiseProvider, type SiteWiseProviderOptions } from '../../../../lib/adapters/sitewise.js';
import type { ModelProvider } from '../../../../lib/ports.js';
import { type CycleReport, runWatchCycle } from '../../../../lib/watch.js';
import type { DeliveredEnvelope } from '../../../../local/aws/index.js';
import {
  knobsOfMode,
  type SiteWiseEmulator,
  type SiteWiseKnobSettings,
  type SiteWiseKnobs,
  startSiteWiseEmulator,
} from '../../../../local/sitewise/index.js';
import { startTestStack, type TestStack } from '../../support/stack.js';
import { s3Client, siteWiseClient } from './fixtures.js';

const DAY_MS = 24 * 3600 * 1000;

export interface SiteWiseWatch {
  stack: TestStack;
  sitewise: SiteWiseEmulator;
  client: IoTSiteWiseClient;
  s3: S3Client;
  provider: ModelProvider;
  /** SDK calls by command name since the last `resetCalls`. */
  calls: Map<string, number>;
  resetCalls(): void;
  cycle(): Promise<CycleReport>;
  /** Marks what is published and recorded so far as the baseline the checks start after. */
  markBaseline(): void;
  events(type?: string): Array<Record<string, unknown>>;
  /** The emulator's ledger since the baseline. */
  ledger(): ReturnType<SiteWiseEmulator['ledger']>;
  close(): Promise<void>;
}

function countCalls(calls: Map<string, number>): InitializeMiddleware<object, MetadataBearer> {
  return (next, context) => async (args) => {
    const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
    calls.set(name, (calls.get(name) ?? 0) + 1);
    return next(args);
  };
}

/** Knobs of a mode name: strict, lenient or random:<seed>. */
export const knobsNamed = (mode: string): SiteWiseKnobs => knobsOfMode(mode);

export async function startSiteWiseWatch(
  knobs: SiteWiseKnobSettings,
  options: SiteWiseProviderOptions = {},
): Promise<SiteWiseWatch> {
  const stack = await startTestStack();
  const sitewise = await startSiteWiseEmulator({ knobs });
  const client = siteWiseClient(sitewise.url, 3);
  const s3 = s3Client(sitewise.s3.url);
  const calls = new Map<string, number>();
  // The provider gets its own clients, counted; the fixtures' client acts for the operator.
  const providerClient = siteWiseClient(sitewise.url, 3);
  const providerS3 = s3Client(sitewise.s3.url);
  providerClient.middlewareStack.add(countCalls(calls), { step: 'initialize', name: 'countCalls' });
  providerS3.middlewareStack.add(countCalls(calls), { step: 'initialize', name: 'countCalls' });
  const provider = createSiteWiseProvider(providerClient, providerS3, options);
  let owner = 0;
  let eventsAt = 0;
  let ledgerAt = 0;
  const accepted = (): DeliveredEnvelope[] => stack.bus.accepted();
  return {
    stack,
    sitewise,
    client,
    s3,
    provider,
    calls,
    resetCalls: () => calls.clear(),
    cycle: () => {
      owner += 1;
      return runWatchCycle(
        { ...stack, provider },
        {
          now: new Date(sitewise.now()),
          owner: `sitewise-${owner}`,
          leaseMs: 60_000,
          baselineLookbackMs: DAY_MS,
        },
      );
    },
    markBaseline: () => {
      eventsAt = accepted().length;
      ledgerAt = sitewise.ledger().length;
    },
    events: (type) =>
      accepted()
        .slice(eventsAt)
        .filter((e) => type === undefined || e['detail-type'] === type)
        .map((e) => e.detail as Record<string, unknown>),
    ledger: () => sitewise.ledger().slice(ledgerAt),
    async close() {
      for (const c of [client, s3, providerClient, providerS3]) c.destroy();
      await Promise.all([sitewise.close(), stack.close()]);
    },
  };
}
