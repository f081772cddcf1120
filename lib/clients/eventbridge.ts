import { EventBridgeClient } from '@aws-sdk/client-eventbridge';

// One client per container; endpoint from AWS_ENDPOINT_URL_EVENTBRIDGE / AWS_ENDPOINT_URL when set.
export const eventBridgeClient = new EventBridgeClient({ maxAttempts: 6 });
