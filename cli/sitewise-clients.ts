// The CLI's IoT SiteWise clients: SiteWise itself and the S3 its runs write metrics to. An endpoint the
// operator chose (--endpoint-url, AWS_ENDPOINT_URL_IOTSITEWISE / AWS_ENDPOINT_URL) is used as given, without
// SiteWise's `api.` host prefix; buckets are addressed path-style on a chosen S3 endpoint.
import { IoTSiteWiseClient } from '@aws-sdk/client-iotsitewise';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
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
  credentials?: AwsCredentialIdentityProvider;
}

/**
 * `writer`: the settings of the client activation's ExecuteAction is sent with (e.g. a target's activator
 * role); every other call goes through the client of `settings`.
 */
export function createSiteWiseOperationsFor(
  settings: ClientSettings,
  env: Env,
  writer?: ClientSettings,
): ModelOperations {
  const { endpoint, ...common } = settings;
  const chosen = endpoint !== undefined || configuredEndpoint('IOTSITEWISE', env) !== null;
  const siteWiseClient = (settingsOf: ClientSettings) =>
    new IoTSiteWiseClient({ ...settingsOf, ...(chosen ? { disableHostPrefix: true } : {}) });
  const sitewise = siteWiseClient(settings);
  const s3 = new S3Client({
    ...common,
    ...(configuredEndpoint('S3', env) !== null ? { forcePathStyle: true } : {}),
  });
  const provider = createSiteWiseProvider(sitewise, s3, writer ? { writer: siteWiseClient(writer) } : {});
  return createSiteWiseOperations({ sitewise, provider });
}
