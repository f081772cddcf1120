// EventBridge target: decides whether a successfully retrained MANUAL-mode version goes live, for the
// enabled provider (PROVIDERS) whose model the trigger names.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createEventPublisher } from '../lib/adapters/event-bus.js';
import { createParameterSource } from '../lib/adapters/parameters.js';
import { createDecisionLog } from '../lib/adapters/state-decisions.js';
import { dynamoClient } from '../lib/clients/dynamodb.js';
import { eventBridgeClient } from '../lib/clients/eventbridge.js';
import { PROVIDER_FACTORIES } from '../lib/clients/providers.js';
import { ssmClient } from '../lib/clients/ssm.js';
import { readDeciderConfig } from '../lib/config.js';
import type { ActivationDecisionDetail } from '../lib/core/events.js';
import { decideActivation } from '../lib/decide.js';
import { createLogger } from '../lib/logger.js';
import { enabledProviders } from '../lib/providers.js';
import { parseProviderTrigger } from '../lib/triggers.js';

const config = readDeciderConfig();
const logger = createLogger('apply-policy');
const providers = enabledProviders(config.providers, PROVIDER_FACTORIES);
const shared = {
  store: createDecisionLog(dynamoClient, { tableName: config.stateTableName }),
  publisher: createEventPublisher(eventBridgeClient, { eventBusName: config.eventBusName }),
  parameters: createParameterSource(ssmClient, { maxAgeSeconds: config.policyCacheSeconds }),
  logger,
};

export async function applyPolicy(event: unknown): Promise<ActivationDecisionDetail> {
  const { request, entry } = parseProviderTrigger(event, providers);
  return decideActivation(
    { ...shared, provider: entry.provider },
    {
      parameterPrefix: config.parameterPrefix,
      providerName: entry.name,
      now: () => new Date(),
      activationRetryDelayMs: config.activationRetryDelayMs,
    },
    request,
  );
}

export const handler = middy(applyPolicy).use(injectLambdaContext(logger));
