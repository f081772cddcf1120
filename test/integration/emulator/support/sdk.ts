// An AWS SDK client pointed at the emulator with dummy credentials, as a product would configure it.

import { LookoutEquipmentClient } from '@aws-sdk/client-lookoutequipment';

export function lookoutClient(
  endpoint: string,
  options: { maxAttempts?: number } = {},
): LookoutEquipmentClient {
  return new LookoutEquipmentClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEMULATOR', secretAccessKey: 'emulator-secret' },
    maxAttempts: options.maxAttempts ?? 3,
  });
}
