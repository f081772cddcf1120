// SSM Parameter Store through Powertools Parameters' cache. Policies need the parameter's version for
// the audit trail, which Powertools' SSMProvider drops, so this provider caches value and version together.
import { BaseProvider } from '@aws-lambda-powertools/parameters/base';
import {
  GetParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import type { ParameterSource, StoredParameter } from '../ports.js';

interface CachedParameter {
  found: boolean;
  value: string;
  version: number | null;
}

class VersionedSsmProvider extends BaseProvider {
  constructor(private readonly ssm: SSMClient) {
    super({ awsSdkV3Client: ssm });
  }

  protected async _get(name: string, options?: { decrypt?: boolean }): Promise<CachedParameter> {
    try {
      const result = await this.ssm.send(
        new GetParameterCommand({ Name: name, WithDecryption: options?.decrypt }),
      );
      return {
        found: true,
        value: result.Parameter?.Value ?? '',
        version: result.Parameter?.Version ?? null,
      };
    } catch (error) {
      // Absence is cached too, so a missing per-model policy costs one read per cache period.
      if (error instanceof ParameterNotFound || (error as Error).name === 'ParameterNotFound') {
        return { found: false, value: '', version: null };
      }
      throw error;
    }
  }

  protected async _getMultiple(): Promise<Record<string, unknown> | undefined> {
    throw new Error('reading parameters by path is not used by l4e-autopilot');
  }
}

export class ParameterReadError extends Error {
  override name = 'ParameterReadError';
}

export interface ParameterSourceOptions {
  /** Seconds a value (or its absence) is reused before SSM is asked again. */
  maxAgeSeconds?: number;
}

export function createParameterSource(
  client: SSMClient,
  options: ParameterSourceOptions = {},
): ParameterSource {
  const provider = new VersionedSsmProvider(client);
  const maxAge = options.maxAgeSeconds ?? 60;
  return {
    async get(name, getOptions): Promise<StoredParameter | undefined> {
      let cached: CachedParameter;
      // `decrypt` travels through Powertools' options to this provider's _get.
      const readOptions = { maxAge, decrypt: getOptions?.decrypt ?? false };
      try {
        cached = (await provider.get(name, readOptions)) as CachedParameter;
      } catch (error) {
        // The message names the parameter, never its value.
        const cause = (error as { cause?: unknown }).cause ?? error;
        throw new ParameterReadError(`could not read SSM parameter ${name}: ${(cause as Error).name}`, {
          cause,
        });
      }
      return cached.found ? { name, value: cached.value, version: cached.version } : undefined;
    },
  };
}

/** Writes a parameter (used by the CLI and local seeding), overwriting the previous value. */
export async function putParameter(
  client: SSMClient,
  name: string,
  value: string,
  type: 'String' | 'SecureString' = 'String',
): Promise<number | null> {
  const result = await client.send(
    new PutParameterCommand({ Name: name, Value: value, Type: type, Overwrite: true }),
  );
  return result.Version ?? null;
}
