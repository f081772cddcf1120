// EventBridge target: decides whether a successfully retrained MANUAL-mode version goes live, for the
// enabled provider (PROVIDERS) whose model the trigger names, in the fleet target the model's ARN names:
// the hub's own account and region with the function's own credentials, any other target read with its
// reader role and activated with its activator role, in its region, the target read from the fleet
// registry as the dispatcher last resolved it. A trigger for no registered target is refused.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createEventPublisher } from '../lib/adapters/event-bus.js';
import { createParameterSource } from '../lib/adapters/parameters.js';
import { createDecisionLog } from '../lib/adapters/state-decisions.js';
import { createFleetRegistry } from '../lib/adapters/state-fleet.js';
import { createAssumedRoleCredentials } from '../lib/clients/assumed-role.js';
import { dynamoClient } from '../lib/clients/dynamodb.js';
import { eventBridgeClient } from '../lib/clients/eventbridge.js';
import { PROVIDER_FACTORIES } from '../lib/clients/providers.js';
import { ssmClient } from '../lib/clients/ssm.js';
import { targetAccess, targetProviderFactories } from '../lib/clients/target-providers.js';
import { readDeciderConfig } from '../lib/config.js';
import type { ActivationDecisionDetail } from '../lib/core/events.js';
import type { ProviderName } from '../lib/core/model.js';
import { type DecideOptions, decideActivation, refuseActivation } from '../lib/decide.js';
import { readFleetConfig } from '../lib/fleet/fleet-config.js';
import { targetOfTrigger } from '../lib/fleet/trigger-target.js';
import { createLogger } from '../lib/logger.js';
import { enabledProviders } from '../lib/providers.js';
import type { Target } from '../lib/targets.js';
import { parseProviderTrigger } from '../lib/triggers.js';

const config = readDeciderConfig();
const fleet = readFleetConfig();
const logger = createLogger('apply-policy');
const providers = enabledProviders(config.providers, PROVIDER_FACTORIES);
const assumed = createAssumedRoleCredentials({ sessionName: 'l4e-autopilot-apply-policy' });
const parameters = createParameterSource(ssmClient, { maxAgeSeconds: config.policyCacheSeconds });
const registry = createFleetRegistry(dynamoClient, { tableName: config.stateTableName });
const shared = {
  store: createDecisionLog(dynamoClient, { tableName: config.stateTableName }),
  publisher: createEventPublisher(eventBridgeClient, { eventBusName: config.eventBusName }),
  parameters,
  logger,
};

/** The provider of a target other than the hub's own: reads with its reader role, activation with its activator. */
function targetProvider(target: Target, name: ProviderName) {
  const factories = targetProviderFactories(target, targetAccess(target, assumed, 'activate'));
  const [entry] = enabledProviders([name], factories);
  if (entry === undefined) throw new Error(`no ${name} provider for ${target.key}`);
  return entry.provider;
}

export async function applyPolicy(event: unknown): Promise<ActivationDecisionDetail> {
  const { request, entry, claims } = parseProviderTrigger(event, providers);
  const options: DecideOptions = {
    parameterPrefix: config.parameterPrefix,
    providerName: entry.name,
    now: () => new Date(),
    activationRetryDelayMs: config.activationRetryDelayMs,
  };
  const place = await targetOfTrigger({ ...claims, provider: entry.name }, fleet, registry.resolved);
  if (place.kind === 'refused') return refuseActivation(shared, options, request, place.reason);
  const provider = place.kind === 'home' ? entry.provider : targetProvider(place.target, entry.name);
  return decideActivation({ ...shared, provider }, options, request);
}

export const handler = middy(applyPolicy).use(injectLambdaContext(logger));
