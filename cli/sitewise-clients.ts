// The CLI's IoT SiteWise clients: SiteWise itself and the S3 its runs write metrics to. An endpoint the
// operator chose (--endpoint-url, AWS_ENDPOINT_URL_IOTSITEWISE / AWS_ENDPOINT_URL) is used as given, without
// SiteWise's `api.` host prefix; buckets are addressed path-style on a chosen S3 endpoint.
import { IoTSiteWiseClient } from '@aws-sdk/client-iotsitewise';
import { S3Client } from '@aws-sdk/client-s3';
import { createSiteWiseProvider } from '../lib/adapters/sitewise.js';
import { createSiteWiseOperations } from '../lib/adapters/sitewise-operations.js';
import { configuredEndpoint } from '../lib/clients/configured-endpoint.js';
import type { Env } from '../lib/config.js';
import type { ModelOperations } from '../lib/ports.js';

interface ClientSettings {
  maxAttempts: number;
  region?: string;
  profile?: string;
  endpoint?: string;
}

export function createSiteWiseOperationsFor(settings: ClientSettings, env: Env): ModelOperations {
  const { endpoint, ...common } = settings;
  const chosen = endpoint !== undefined || configuredEndpoint('IOTSITEWISE', env) !== null;
  const sitewise = new IoTSiteWiseClient({
    ...settings,
    ...(chosen ? { disableHostPrefix: true } : {}),
  });
  const s3 = new S3Client({
    ...common,
    ...(configuredEndpoint('S3', env) !== null ? { forcePathStyle: true } : {}),
  });
  return createSiteWiseOperations({ sitewise, provider: createSiteWiseProvider(sitewise, s3) });
}
