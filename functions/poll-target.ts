// SQS-driven Lambda: each record is one fleet target's watch cycle, run with the target's reader role,
// the target read from the fleet registry as the dispatcher last resolved it.
// Records to retry are named in batchItemFailures (the event source runs with ReportBatchItemFailures);
// the rest of the batch is done.
import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createEventPublisher } from '../lib/adapters/event-bus.js';
import { createActivationHistory } from '../lib/adapters/state-decisions.js';
import { createFleetRegistry } from '../lib/adapters/state-fleet.js';
import { createModelStateStore } from '../lib/adapters/state-model.js';
import { isTransientError } from '../lib/adapters/transient-errors.js';
import { createAssumedRoleCredentials } from '../lib/clients/assumed-role.js';
import { dynamoClient } from '../lib/clients/dynamodb.js';
import { eventBridgeClient } from '../lib/clients/eventbridge.js';
import { targetAccess, targetProviderFactories } from '../lib/clients/target-providers.js';
import { readFleetConfig } from '../lib/fleet/fleet-config.js';
import { readTargetPollerConfig } from '../lib/fleet/fleet-runtime-config.js';
import { pollTargets, type RecordResult, type TargetPollDeps } from '../lib/fleet/poll-target.js';
import { createLogger } from '../lib/logger.js';
import { enabledProviders } from '../lib/providers.js';

const fleet = readFleetConfig();
const config = readTargetPollerConfig();
const logger = createLogger('poll-target');
const metrics = new Metrics({ namespace: 'L4eAutopilot', serviceName: 'poll-target' });
const tableName = config.stateTableName;
const assumed = createAssumedRoleCredentials({ sessionName: 'l4e-autopilot-poller' });
const deps: TargetPollDeps = {
  providersFor: (target) =>
    enabledProviders(
      target.providers,
      targetProviderFactories(target, targetAccess(target, assumed, 'read')),
    ),
  storeFor: (target, provider) =>
    createModelStateStore(dynamoClient, {
      tableName,
      provider,
      target: { account: target.account, region: target.region, home: false },
    }),
  retryable: isTransientError,
  activations: createActivationHistory(dynamoClient, { tableName }),
  publisher: createEventPublisher(eventBridgeClient, { eventBusName: config.eventBusName }),
  registry: createFleetRegistry(dynamoClient, { tableName }),
  logger,
};

/** One line of metrics per target (dimension Target), and the batch's sums for the alarms. */
function addMetrics(results: readonly RecordResult[]) {
  let failing = 0;
  for (const result of results) {
    if (result.target === null || result.status === 'dropped') continue;
    const failed = result.status === 'unreachable' ? 1 : 0;
    failing += failed;
    const single = metrics.singleMetric();
    single.addDimension('Target', result.target);
    single.addMetric('TargetCycleFailed', MetricUnit.Count, failed);
    metrics.addMetric('ModelsWatched', MetricUnit.Count, result.report?.models ?? 0);
    metrics.addMetric('EventsPublished', MetricUnit.Count, result.report?.published ?? 0);
    metrics.addMetric('EventsUnpublished', MetricUnit.Count, result.report?.failed ?? 0);
    metrics.addMetric('ModelErrors', MetricUnit.Count, result.report?.errors.length ?? 0);
  }
  metrics.addMetric('TargetsFailing', MetricUnit.Count, failing);
  metrics.addMetric(
    'MessagesMalformed',
    MetricUnit.Count,
    results.filter((r) => r.status === 'malformed').length,
  );
}

export async function pollTargetRecords(
  event: SQSEvent,
  now: Date = new Date(),
  remainingMs?: () => number,
): Promise<SQSBatchResponse> {
  const records = event.Records.map((record) => ({ id: record.messageId, body: record.body }));
  const results = await pollTargets(deps, records, {
    now,
    homeKey: `${fleet.hubAccount}/${fleet.region}`,
    cycle: {
      leaseMs: config.leaseSeconds * 1000,
      baselineLookbackMs: config.baselineLookbackHours * 3600 * 1000,
      promotionResultWaitMs: config.promotionResultWaitHours * 3600 * 1000,
      ...(remainingMs === undefined ? {} : { remainingMs }),
    },
    owner: randomUUID,
    concurrency: config.recordConcurrency,
    alarmAfter: config.alarmAfter,
    secrets: fleet.externalId === undefined ? [] : [fleet.externalId],
  });
  addMetrics(results);
  logger.info('fleet targets polled', {
    results: results.map(({ report, ...result }) => ({
      ...result,
      ...(report === null
        ? {}
        : { models: report.models, published: report.published, errors: report.errors.length }),
    })),
  });
  return { batchItemFailures: results.filter((r) => r.retry).map((r) => ({ itemIdentifier: r.id })) };
}

export const handler = middy((event: SQSEvent, context: Context) =>
  pollTargetRecords(event, new Date(), () => context.getRemainingTimeInMillis()),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
