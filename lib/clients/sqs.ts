import { SQSClient } from '@aws-sdk/client-sqs';

// One client per container; endpoint from AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL when set.
export const sqsClient = new SQSClient({ maxAttempts: 6 });
