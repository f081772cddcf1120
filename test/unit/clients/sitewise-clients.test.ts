// The SiteWise and S3 clients: an endpoint the operator configured is addressed as given.
import { describe, expect, it } from 'vitest';
import { configuredEndpoint } from '../../../lib/clients/configured-endpoint.js';
import { s3ClientConfig } from '../../../lib/clients/s3.js';
import { siteWiseClientConfig } from '../../../lib/clients/sitewise.js';

describe('configured endpoints', () => {
  it('prefers the service variable over the global one', () => {
    // Act
    const endpoint = configuredEndpoint('IOTSITEWISE', {
      AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
      AWS_ENDPOINT_URL_IOTSITEWISE: 'http://127.0.0.1:2',
    });

    // Assess
    expect(endpoint).toBe('http://127.0.0.1:2');
  });

  it('falls back to the global variable, and honours AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', () => {
    // Assess
    expect(configuredEndpoint('S3', { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' })).toBe('http://127.0.0.1:1');
    expect(
      configuredEndpoint('S3', {
        AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
      }),
    ).toBeNull();
    expect(configuredEndpoint('S3', {})).toBeNull();
  });
});

describe('SiteWise client', () => {
  it('turns the api. host prefix off for a configured endpoint only', () => {
    // Assess
    expect(siteWiseClientConfig({ AWS_ENDPOINT_URL_IOTSITEWISE: 'http://127.0.0.1:9' })).toEqual({
      maxAttempts: 8,
      disableHostPrefix: true,
    });
    expect(siteWiseClientConfig({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9' })).toMatchObject({
      disableHostPrefix: true,
    });
    expect(siteWiseClientConfig({})).toEqual({ maxAttempts: 8 });
  });
});

describe('S3 client', () => {
  it('addresses buckets path-style on a configured endpoint only', () => {
    // Assess
    expect(s3ClientConfig({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9' })).toEqual({
      maxAttempts: 8,
      forcePathStyle: true,
    });
    expect(s3ClientConfig({ AWS_ENDPOINT_URL_IOTSITEWISE: 'http://127.0.0.1:9' })).toEqual({
      maxAttempts: 8,
    });
  });
});
