import { SSMClient } from '@aws-sdk/client-ssm';

// One client per container; endpoint from AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL when set.
export const ssmClient = new SSMClient({ maxAttempts: 6 });
