import { SNSClient } from '@aws-sdk/client-sns';

// One client per container; endpoint from AWS_ENDPOINT_URL_SNS / AWS_ENDPOINT_URL when set.
export const snsClient = new SNSClient({ maxAttempts: 6 });
