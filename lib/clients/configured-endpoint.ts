// Whether the operator configured an endpoint for a service through the SDK's own variables
// (AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns both off).
// The SDK reads those variables itself; a client only needs to know whether one applies, to address the
// endpoint as given: no host prefix, path-style buckets.

type Environment = Record<string, string | undefined>;

/** The endpoint the SDK will use for `serviceKey` (e.g. `IOTSITEWISE`, `S3`), or null for the default one. */
export function configuredEndpoint(serviceKey: string, env: Environment = process.env): string | null {
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true') return null;
  const endpoint = env[`AWS_ENDPOINT_URL_${serviceKey}`] || env.AWS_ENDPOINT_URL;
  return endpoint ? endpoint : null;
}
