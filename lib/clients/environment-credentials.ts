// Credentials of a Lambda function: Lambda puts its role's session in the environment
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the first link of the SDK's default
// chain. The function bundles use this module in place of that chain (@aws-sdk/credential-provider-node,
// replaced by `alias` in serverless.yml's custom.esbuild), whose other links (profiles, SSO, web
// identity, containers, instance metadata) bring the STS, SSO and sign-in clients along: about 130 KB of
// every function's bundle, never used on Lambda. The CLI, the tests and `npm start` keep the full chain.
import type { AwsCredentialIdentity } from '@smithy/types';

export class MissingCredentialsError extends Error {
  override name = 'MissingCredentialsError';
}

type Environment = Record<string, string | undefined>;

/**
 * Same signature as the SDK's `defaultProvider`, which each client's runtime configuration calls with its
 * own options (profile, logger…); none applies to credentials read from the environment.
 */
export function defaultProvider(
  _init: unknown = {},
  env: Environment = process.env,
): () => Promise<AwsCredentialIdentity> {
  return async () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new MissingCredentialsError(
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set; a Lambda function has them in its environment',
      );
    }
    const sessionToken = env.AWS_SESSION_TOKEN;
    const expiry = env.AWS_CREDENTIAL_EXPIRATION;
    return {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      ...(expiry ? { expiration: new Date(expiry) } : {}),
    };
  };
}
