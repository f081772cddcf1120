import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// One client per container; endpoint from AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL when set.
export const dynamoClient = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 6 }), {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});
