// SNS adapter: one publish per alert, with attributes subscribers can filter on.
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { ChatNotification } from '../core/messages/chat-notification.js';
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

export interface ChatTopic {
  publish(notification: ChatNotification): Promise<{ messageId: string | null }>;
}

/**
 * The Amazon Q Developer topic: the message is the custom-notification JSON itself, which the
 * service reads and formats for the chat channels the topic is mapped to.
 */
export function createChatTopic(client: SNSClient, topicArn: string): ChatTopic {
  return {
    async publish(notification) {
      const result = await client.send(
        new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify(notification) }),
      );
      return { messageId: result.MessageId ?? null };
    },
  };
}
