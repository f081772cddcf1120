import { OrganizationsClient } from '@aws-sdk/client-organizations';

// One client per container. Organizations is global: its endpoint is the partition's one whatever
// AWS_REGION says; AWS_ENDPOINT_URL_ORGANIZATIONS / AWS_ENDPOINT_URL replace it when set. Its quotas are
// low, so throttled calls are retried with the SDK's backoff.
export const organizationsClient = new OrganizationsClient({ maxAttempts: 8 });
