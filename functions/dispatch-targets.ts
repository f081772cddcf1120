// Scheduled Lambda: one message per fleet target other than the home one to the fleet queue, after the
// fleet registry is brought equal to the targets parameter (a target no longer listed is cleaned up).
// The only reader of AWS Organizations: a parameter's organizational unit entries are discovered here,
// each cycle, and the registry holds every target as resolved, for poll-target and apply-policy.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createOrganizationReader } from '../lib/adapters/organizations.js';
import { createParameterSource } from '../lib/adapters/parameters.js';
import { createFleetRegistry } from '../lib/adapters/state-fleet.js';
import { createTargetQueue } from '../lib/adapters/target-queue.js';
import { dynamoClient } from '../lib/clients/dynamodb.js';
import { organizationsClient } from '../lib/clients/organizations.js';
import { sqsClient } from '../lib/clients/sqs.js';
import { ssmClient } from '../lib/clients/ssm.js';
import { type DispatchReport, dispatchTargets } from '../lib/fleet/dispatch.js';
import { readFleetConfig } from '../lib/fleet/fleet-config.js';
import { readDispatcherConfig } from '../lib/fleet/fleet-runtime-config.js';
import { loadTargets } from '../lib/fleet/load-targets.js';
import { createOrgDiscovery } from '../lib/fleet/org-discovery.js';
import { createLogger } from '../lib/logger.js';

const fleet = readFleetConfig();
const config = readDispatcherConfig();
const logger = createLogger('dispatch-targets');
const metrics = new Metrics({ namespace: 'L4eAutopilot', serviceName: 'dispatch-targets' });
const parameters = createParameterSource(ssmClient, { maxAgeSeconds: config.parameterCacheSeconds });
const discover = createOrgDiscovery(createOrganizationReader(organizationsClient));
const deps = {
  targets: () => loadTargets({ get: async (name) => (await parameters.get(name))?.value }, fleet, discover),
  registry: createFleetRegistry(dynamoClient, { tableName: config.stateTableName }),
  queue: createTargetQueue(sqsClient, { queueUrl: config.queueUrl }),
  logger,
};

export class DispatchError extends Error {
  override readonly name = 'DispatchError';
}

export async function dispatch(now: Date = new Date()): Promise<DispatchReport> {
  const report = await dispatchTargets(deps, {
    now,
    homeKey: `${fleet.hubAccount}/${fleet.region}`,
    removalGraceMs: config.removalGraceSeconds * 1000,
  });
  metrics.addMetric('TargetsDispatched', MetricUnit.Count, report.dispatched);
  metrics.addMetric('TargetsUndispatched', MetricUnit.Count, report.undispatched.length);
  metrics.addMetric('TargetsAdded', MetricUnit.Count, report.registry.added.length);
  metrics.addMetric('TargetsRemoved', MetricUnit.Count, report.registry.removed.length);
  logger.info('fleet dispatched', { report });
  // A target left out, or one whose cleanup failed, fails the invocation: the errors alarm reports it.
  if (report.undispatched.length > 0 || report.registry.failed.length > 0) {
    throw new DispatchError(
      `${report.undispatched.length} targets not dispatched, ${report.registry.failed.length} not cleaned up`,
    );
  }
  return report;
}

export const handler = middy(() => dispatch())
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));
