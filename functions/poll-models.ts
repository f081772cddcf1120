// Scheduled Lambda: one watch cycle per enabled provider (PROVIDERS), each over its own model state.
import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createEventPublisher } from '../lib/adapters/event-bus.js';
import { createActivationHistory } from '../lib/adapters/state-decisions.js';
import { createModelStateStore } from '../lib/adapters/state-model.js';
import { dynamoClient } from '../lib/clients/dynamodb.js';
import { eventBridgeClient } from '../lib/clients/eventbridge.js';
import { PROVIDER_FACTORIES } from '../lib/clients/providers.js';
import { readWatcherConfig } from '../lib/config.js';
import { cycleSucceeded } from '../lib/core/health.js';
import { createLogger } from '../lib/logger.js';
import { enabledProviders } from '../lib/providers.js';
import { type ProvidersReport, runProviderCycles } from '../lib/watch-providers.js';

const config = readWatcherConfig();
const logger = createLogger('poll-models');
const metrics = new Metrics({ namespace: 'L4eAutopilot', serviceName: 'poll-models' });
const tableName = config.stateTableName;
const shared = {
  activations: createActivationHistory(dynamoClient, { tableName }),
  publisher: createEventPublisher(eventBridgeClient, { eventBusName: config.eventBusName }),
  logger,
};
const watches = enabledProviders(config.providers, PROVIDER_FACTORIES).map(({ name, provider }) => ({
  name,
  deps: { ...shared, provider, store: createModelStateStore(dynamoClient, { tableName, provider: name }) },
}));

export async function pollModels(
  now: Date = new Date(),
  remainingMs?: () => number,
): Promise<ProvidersReport> {
  const report = await runProviderCycles(watches, {
    now,
    owner: randomUUID(),
    leaseMs: config.leaseSeconds * 1000,
    baselineLookbackMs: config.baselineLookbackHours * 3600 * 1000,
    promotionResultWaitMs: config.promotionResultWaitHours * 3600 * 1000,
    remainingMs,
  });
  // Summed over the providers, so alarms and the dashboard read one series whatever PROVIDERS says; the
  // log line below has each provider's own report.
  metrics.addMetric('ModelsWatched', MetricUnit.Count, report.models);
  metrics.addMetric('ModelsObserved', MetricUnit.Count, report.observed);
  metrics.addMetric('EventsPublished', MetricUnit.Count, report.published);
  metrics.addMetric('EventsUnpublished', MetricUnit.Count, report.failed);
  metrics.addMetric('ModelErrors', MetricUnit.Count, report.errors.length);
  metrics.addMetric('ModelsDeferred', MetricUnit.Count, report.deferred);
  // The stale-poll alarm fires when no cycle wrote 1 here for 3 intervals: a cycle that failed a model
  // or a provider, or left an event unpublished, writes 0; one that crashed writes nothing.
  metrics.addMetric('PollSucceeded', MetricUnit.Count, cycleSucceeded(report) ? 1 : 0);
  logger.info('watch cycle finished', { report });
  return report;
}

export const handler = middy((_event: unknown, context: Context) =>
  pollModels(new Date(), () => context.getRemainingTimeInMillis()),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
