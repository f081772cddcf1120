// The fleet queue over SQS: SendMessageBatch, with the entries SQS refused named by id.
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { TargetQueue } from '../ports.js';

export interface TargetQueueOptions {
  queueUrl: string;
}

export function createTargetQueue(client: Pick<SQSClient, 'send'>, options: TargetQueueOptions): TargetQueue {
  return {
    async sendBatch(messages) {
      if (messages.length === 0) return { failed: [] };
      const result = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: messages.map((message) => ({ Id: message.id, MessageBody: message.body })),
        }),
      );
      return {
        failed: (result.Failed ?? []).map((entry) => ({
          id: entry.Id ?? '',
          code: entry.Code ?? 'Unknown',
          retryable: entry.SenderFault !== true,
        })),
      };
    },
  };
}
