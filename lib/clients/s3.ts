import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { configuredEndpoint } from './configured-endpoint.js';

/** Buckets are addressed path-style on an endpoint the operator chose (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL). */
export function s3ClientConfig(env?: Record<string, string | undefined>): S3ClientConfig {
  const configured = configuredEndpoint('S3', env) !== null;
  return { maxAttempts: 8, ...(configured ? { forcePathStyle: true } : {}) };
}

// One client per container: reads the anomaly-detection metrics and results SiteWise writes to S3.
export const s3Client = new S3Client(s3ClientConfig());
