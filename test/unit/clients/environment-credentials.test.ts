// The credential provider the function bundles use in place of the SDK's default chain.
import { describe, expect, it } from 'vitest';
import { defaultProvider, MissingCredentialsError } from '../../../lib/clients/environment-credentials.js';

const KEY = 'AKIAEXAMPLEKEY';
const SECRET = 'example-secret-never-shown';

describe('environment credentials', () => {
  it('reads the key, secret, session token and expiry Lambda puts in the environment', async () => {
    // Prepare
    const env = {
      AWS_ACCESS_KEY_ID: KEY,
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: 'token',
      AWS_CREDENTIAL_EXPIRATION: '2026-12-02T10:00:00Z',
    };

    // Act
    const credentials = await defaultProvider({}, env)();

    // Assess
    expect(credentials).toEqual({
      accessKeyId: KEY,
      secretAccessKey: SECRET,
      sessionToken: 'token',
      expiration: new Date('2026-12-02T10:00:00Z'),
    });
  });

  it('leaves out a session token and expiry the environment does not set', async () => {
    // Act
    const credentials = await defaultProvider(
      {},
      { AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET },
    )();

    // Assess
    expect(credentials).toEqual({ accessKeyId: KEY, secretAccessKey: SECRET });
  });

  it('reads the environment at each call, not when the client is made', async () => {
    // Prepare
    const env: Record<string, string | undefined> = {};
    const provider = defaultProvider({}, env);
    env.AWS_ACCESS_KEY_ID = KEY;
    env.AWS_SECRET_ACCESS_KEY = SECRET;

    // Act
    const credentials = await provider();

    // Assess
    expect(credentials.accessKeyId).toBe(KEY);
  });

  it.each([
    ['no variables', {}],
    ['a key without its secret', { AWS_ACCESS_KEY_ID: KEY }],
    ['a secret without its key', { AWS_SECRET_ACCESS_KEY: SECRET }],
    ['empty values', { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' }],
  ])('refuses %s with the variables it needs, never a value', async (_case, env) => {
    // Act
    const outcome = defaultProvider({}, env)();

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(MissingCredentialsError);
    await expect(outcome).rejects.toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    await expect(outcome).rejects.not.toThrow(SECRET);
  });
});
