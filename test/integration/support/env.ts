// SDK clients resolve region, credentials and endpoints from the environment (lazily, on first send), so
// tests point them at local servers exactly as `npm start` does, then put the environment back.

/** Service keys as the SDK spells them in `AWS_ENDPOINT_URL_<SERVICE>` (service id, upper-cased, `_` for spaces). */
export type AwsServiceKey =
  | 'EVENTBRIDGE'
  | 'SSM'
  | 'SNS'
  | 'DYNAMODB'
  | 'LOOKOUTEQUIPMENT'
  | 'SQS'
  | (string & {});

const FIXED: Record<string, string | undefined> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDLOCALTESTING',
  AWS_SECRET_ACCESS_KEY: 'local-testing-secret',
  // A session token or profile from the caller's shell would otherwise leak into the credential chain.
  AWS_SESSION_TOKEN: undefined,
  AWS_PROFILE: undefined,
};

export function endpointVariable(service: AwsServiceKey): string {
  return `AWS_ENDPOINT_URL_${service.toUpperCase().replace(/[\s-]+/g, '_')}`;
}

/**
 * Sets region, dummy credentials and `AWS_ENDPOINT_URL_<SERVICE>` for each given URL; returns a function
 * that restores every touched variable to its previous value (or removes it).
 */
export function useLocalAwsEnv(endpoints: Partial<Record<AwsServiceKey, string>>): () => void {
  const wanted: Record<string, string | undefined> = { ...FIXED };
  for (const [service, url] of Object.entries(endpoints)) {
    if (url !== undefined) wanted[endpointVariable(service)] = url;
  }
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(wanted)) {
    previous.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return function restoreAwsEnv() {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
