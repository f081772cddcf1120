// Credentials in a fleet member's account: STS AssumeRole with the hub's own credentials, cached per role
// and external id until shortly before they expire, so a cycle over many targets and clients costs one
// AssumeRole per target per session. Concurrent callers share one request; a refused one is not cached.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

// One client per container; region from AWS_REGION (STS's regional endpoint), endpoint from
// AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL when set.
export const stsClient = new STSClient({ maxAttempts: 4 });

export class AssumeRoleError extends Error {
  override readonly name = 'AssumeRoleError';
}

export interface RoleToAssume {
  roleArn: string;
  externalId?: string;
}

export interface AssumedRoleOptions {
  sts?: Pick<STSClient, 'send'>;
  /** Names the session in the member account's CloudTrail, e.g. `l4e-autopilot-poller`. */
  sessionName: string;
  /** Length of each session; 3600 (the spoke roles' MaxSessionDuration) by default. */
  durationSeconds?: number;
  /** How long before expiry a session is renewed; 5 minutes by default. */
  refreshBeforeMs?: number;
  /** Clock in epoch ms, `Date.now` by default. */
  now?: () => number;
}

export interface AssumedRoleCredentials {
  /** Cached credentials of the role, or a new session when none is cached or it is about to expire. */
  credentialsFor(role: RoleToAssume): Promise<AwsCredentialIdentity>;
  /** The same, as an SDK client's `credentials` option. */
  providerFor(role: RoleToAssume): AwsCredentialIdentityProvider;
}

interface CachedSession {
  credentials: Promise<AwsCredentialIdentity>;
  /** Epoch ms; undefined while the request is in flight. */
  expiresAt: number | undefined;
}

const DEFAULT_REFRESH_BEFORE_MS = 5 * 60 * 1000;

export function createAssumedRoleCredentials(options: AssumedRoleOptions): AssumedRoleCredentials {
  const sts = options.sts ?? stsClient;
  const now = options.now ?? Date.now;
  const refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  const sessions = new Map<string, CachedSession>();

  function credentialsFor(role: RoleToAssume): Promise<AwsCredentialIdentity> {
    // The external id is part of the key: a changed id must be proven against the role's trust.
    const key = `${role.roleArn}\u0000${role.externalId ?? ''}`;
    const cached = sessions.get(key);
    if (
      cached !== undefined &&
      (cached.expiresAt === undefined || cached.expiresAt - refreshBeforeMs > now())
    ) {
      return cached.credentials;
    }
    const session: CachedSession = { credentials: assume(role), expiresAt: undefined };
    sessions.set(key, session);
    session.credentials.then(
      (credentials) => {
        session.expiresAt = credentials.expiration?.getTime() ?? now();
      },
      () => {
        if (sessions.get(key) === session) sessions.delete(key);
      },
    );
    return session.credentials;
  }

  async function assume(role: RoleToAssume): Promise<AwsCredentialIdentity> {
    const output = await sts
      .send(
        new AssumeRoleCommand({
          RoleArn: role.roleArn,
          RoleSessionName: options.sessionName,
          DurationSeconds: options.durationSeconds ?? 3600,
          ...(role.externalId === undefined ? {} : { ExternalId: role.externalId }),
        }),
      )
      .catch((error: unknown) => {
        // The SDK's error names the role and the reason; the external id is never echoed.
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new AssumeRoleError(`could not assume ${role.roleArn}: ${reason}`, { cause: error });
      });
    const credentials = output.Credentials;
    if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined) {
      throw new AssumeRoleError(`STS answered AssumeRole for ${role.roleArn} without credentials`);
    }
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      ...(credentials.SessionToken === undefined ? {} : { sessionToken: credentials.SessionToken }),
      ...(credentials.Expiration === undefined ? {} : { expiration: credentials.Expiration }),
    };
  }

  return {
    credentialsFor,
    providerFor: (role) => () => credentialsFor(role),
  };
}
