import { LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';

// One client per container. Endpoint and region come from the SDK's standard configuration
// (AWS_REGION, AWS_ENDPOINT_URL_LOOKOUTEQUIPMENT / AWS_ENDPOINT_URL). Extra attempts ride out throttling.
export const lookoutClient = new LookoutEquipmentClient({ maxAttempts: 8 });
