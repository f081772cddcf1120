// How each provider this build can talk to is built: its adapter over clients made once per container.
import { createLookoutProvider } from '../adapters/lookout.js';
import { createSiteWiseProvider } from '../adapters/sitewise.js';
import type { ProviderFactories } from '../providers.js';
import { lookoutClient } from './lookout.js';
import { s3Client } from './s3.js';
import { siteWiseClient } from './sitewise.js';

export const PROVIDER_FACTORIES: ProviderFactories = {
  'lookout-equipment': () => createLookoutProvider(lookoutClient),
  'iot-sitewise': () => createSiteWiseProvider(siteWiseClient, s3Client),
};
