// How each provider this build can talk to is built: its adapter over clients made once per container.
import { createLookoutProvider } from '../adapters/lookout.js';
import type { ProviderFactories } from '../providers.js';
import { lookoutClient } from './lookout.js';

export const PROVIDER_FACTORIES: ProviderFactories = {
  'lookout-equipment': () => createLookoutProvider(lookoutClient),
};
