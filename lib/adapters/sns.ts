// SNS adapter: one publish per alert, with attributes subscribers can filter on.
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SnsMessage } from '../core/messages/sns.js';

export interface AlertTopic {
  publish(message: SnsMessage): Promise<{ messageId: string | null }>;
}

export function createAlertTopic(client: SNSClient, topicArn: string): AlertTopic {
  return {
    async publish(message) {
      const attributes = Object.fromEntries(
        Object.entries(message.attributes)
          .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
          .map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
      );
      const result = await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Subject: message.subject,
          Message: message.body,
          MessageAttributes: attributes,
        }),
      );
      return { messageId: result.MessageId ?? null };
    },
  };
}
