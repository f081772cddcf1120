import { IoTSiteWiseClient, type IoTSiteWiseClientConfig } from '@aws-sdk/client-iotsitewise';
import { configuredEndpoint } from './configured-endpoint.js';

/**
 * SiteWise's control-plane operations carry the endpoint host prefix `api.`; an endpoint the operator chose
 * (AWS_ENDPOINT_URL_IOTSITEWISE / AWS_ENDPOINT_URL) is used as given, so the prefix is off then.
 */
export function siteWiseClientConfig(env?: Record<string, string | undefined>): IoTSiteWiseClientConfig {
  const configured = configuredEndpoint('IOTSITEWISE', env) !== null;
  return { maxAttempts: 8, ...(configured ? { disableHostPrefix: true } : {}) };
}

// One client per container. Endpoint and region come from the SDK's standard configuration.
export const siteWiseClient = new IoTSiteWiseClient(siteWiseClientConfig());
