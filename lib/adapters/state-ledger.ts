// The notification ledger's side of the state table: one mark per (event, channel), SENDING while a
// delivery holds it and SENT once delivered, dropped by the table's TTL after the retention.
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { NotificationLedger } from '../ports.js';
import {
  type ItemKey,
  isConditionFailure,
  parseItem,
  type StateTableOptions,
  stateTable,
} from './state-table.js';

const markKey = (eventId: string, channel: string): ItemKey => ({
  pk: `EVENT#${eventId}`,
  sk: `NOTIFIED#${channel}`,
});

// Any state but SENT is a delivery still in progress.
const markSchema = z.object({ state: z.string() });

export function createNotificationLedger(
  client: DynamoDBDocumentClient,
  options: StateTableOptions,
): NotificationLedger {
  const table = stateTable(client, options);
  const { TableName } = table;
  return {
    async beginNotification(eventId, channel, mark) {
      const key = markKey(eventId, channel);
      const nowSeconds = Math.floor(mark.nowMs / 1000);
      try {
        // Free when absent, expired (TTL deletion is lazy) or abandoned by a sender whose lease ran out.
        await client.send(
          new PutCommand({
            TableName,
            Item: {
              ...key,
              state: 'SENDING',
              leaseUntil: mark.nowMs + mark.leaseMs,
              expiresAt: nowSeconds + mark.retentionSeconds,
            },
            ConditionExpression:
              'attribute_not_exists(pk) OR expiresAt < :nowSeconds OR (#state = :sending AND leaseUntil < :nowMs)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':nowSeconds': nowSeconds,
              ':nowMs': mark.nowMs,
              ':sending': 'SENDING',
            },
          }),
        );
        return 'proceed';
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const existing = await client.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
      // Gone since the failed write (expired, or abandoned): someone else is on it or just gave up.
      if (!existing.Item) return 'busy';
      return parseItem(markSchema, existing.Item, key).state === 'SENT' ? 'done' : 'busy';
    },

    async completeNotification(eventId, channel, mark) {
      await client.send(
        new PutCommand({
          TableName,
          Item: {
            ...markKey(eventId, channel),
            state: 'SENT',
            sentAt: new Date(mark.nowMs).toISOString(),
            expiresAt: Math.floor(mark.nowMs / 1000) + mark.retentionSeconds,
          },
        }),
      );
    },

    async abandonNotification(eventId, channel) {
      await client.send(new DeleteCommand({ TableName, Key: markKey(eventId, channel) }));
    },
  };
}
