// EventBridge target: decides whether a successfully retrained MANUAL-mode version goes live.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createEventPublisher } from '../lib/adapters/event-bus.js';
import { createLookoutProvider } from '../lib/adapters/lookout.js';
import { createParameterSource } from '../lib/adapters/parameters.js';
import { createDecisionLog } from '../lib/adapters/state-decisions.js';
import { dynamoClient } from '../lib/clients/dynamodb.js';
import { eventBridgeClient } from '../lib/clients/eventbridge.js';
import { lookoutClient } from '../lib/clients/lookout.js';
import { ssmClient } from '../lib/clients/ssm.js';
import { readDeciderConfig } from '../lib/config.js';
import type { ActivationDecisionDetail } from '../lib/core/events.js';
import { decideActivation } from '../lib/decide.js';
import { createLogger } from '../lib/logger.js';
import { parseDecisionTrigger } from '../lib/triggers.js';

const config = readDeciderConfig();
const logger = createLogger('apply-policy');
const deps = {
  provider: createLookoutProvider(lookoutClient),
  store: createDecisionLog(dynamoClient, { tableName: config.stateTableName }),
  publisher: createEventPublisher(eventBridgeClient, { eventBusName: config.eventBusName }),
  parameters: createParameterSource(ssmClient, { maxAgeSeconds: config.policyCacheSeconds }),
  logger,
};

export async function applyPolicy(event: unknown): Promise<ActivationDecisionDetail> {
  const request = parseDecisionTrigger(event, deps.provider);
  return decideActivation(
    deps,
    {
      parameterPrefix: config.parameterPrefix,
      providerName: 'lookout-equipment',
      now: () => new Date(),
      activationRetryDelayMs: config.activationRetryDelayMs,
    },
    request,
  );
}

export const handler = middy(applyPolicy).use(injectLambdaContext(logger));
