// The resolved target a fleet registry item holds (attribute `resolved`): how the target is reached
// (roles, external id) and what it watches, as the dispatcher last resolved it. Parsed when read, with
// the patterns the targets parameter's entries are checked against; and the registry's writes and read
// of it.
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { FleetMember, FleetRegistry } from '../ports.js';
import {
  ENGLISH,
  externalIdSchema,
  pattern,
  providersSchema,
  ROLE_ARN,
  type Target,
} from '../targets-entry.js';
import { isConditionFailure, keyOf, parseItem } from './state-table.js';

export const FLEET_PARTITION = 'FLEET';

/** The key of a target's registry item: partition FLEET, TARGET#<account>/<region>. */
export const fleetKey = (member: FleetMember) => ({
  pk: FLEET_PARTITION,
  sk: `TARGET#${member.account}/${member.region}`,
});

/** True when written; false when the write's condition failed. */
export async function conditional(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

const roleArnSchema = pattern(ROLE_ARN, 'an IAM role ARN');

export const resolvedSchema = z.object({
  home: z.boolean(),
  readerRoleArn: z.optional(roleArnSchema),
  activatorRoleArn: z.optional(roleArnSchema),
  externalId: z.optional(externalIdSchema),
  providers: providersSchema,
});

export type ResolvedItem = z.infer<typeof resolvedSchema>;

export class StoredTargetError extends Error {
  override readonly name = 'StoredTargetError';
}

/** What the registry item keeps of `target` (its account and region are the item's own). */
export function resolvedItem(target: Target): ResolvedItem {
  return {
    home: target.home,
    ...(target.readerRoleArn === undefined ? {} : { readerRoleArn: target.readerRoleArn }),
    ...(target.activatorRoleArn === undefined ? {} : { activatorRoleArn: target.activatorRoleArn }),
    ...(target.externalId === undefined ? {} : { externalId: target.externalId }),
    providers: [...target.providers],
  };
}

/** The target an item's `resolved` attribute holds; null when the item holds none yet. */
export function targetOfItem(account: string, region: string, resolved: unknown): Target | null {
  if (resolved === undefined || resolved === null) return null;
  const result = resolvedSchema.safeParse(resolved, { error: ENGLISH.localeError });
  if (!result.success) {
    // The issues name the field and the pattern only: the stored values (an external id) stay out.
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.code}`);
    throw new StoredTargetError(
      `the fleet registry item of ${account}/${region} holds a target that does not parse (${problems.join('; ')})`,
    );
  }
  return { key: `${account}/${region}`, account, region, ...result.data };
}

const itemSchema = z.object({
  account: z.string(),
  region: z.string(),
  removedAt: z._default(z.nullable(z.string()), null),
  resolved: z.optional(z.unknown()),
});

type Client = Pick<DynamoDBDocumentClient, 'send'>;

/** The registry's writes and read of the resolved target. */
export function targetRecords(
  client: Client,
  TableName: string,
): Pick<FleetRegistry, 'add' | 'refresh' | 'resolved'> {
  const key = fleetKey;
  return {
    async add(target, at) {
      const { account, region } = target;
      const resolved = resolvedItem(target);
      const added = await conditional(
        client.send(
          new PutCommand({
            TableName,
            Item: { ...key(target), account, region, addedAt: at, rev: 0, resolved },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      if (added) return true;
      // Listed again while its removal was under way: it stays, and starts over from an empty state.
      return conditional(
        client.send(
          new UpdateCommand({
            TableName,
            Key: key(target),
            UpdateExpression:
              'REMOVE removedAt SET addedAt = :at, rev = rev + :one, health = :none, resolved = :resolved',
            ConditionExpression: 'attribute_exists(removedAt)',
            ExpressionAttributeValues: { ':at': at, ':one': 1, ':none': null, ':resolved': resolved },
          }),
        ),
      );
    },

    refresh(target) {
      // The revision stays: it orders health writes, which a new resolution does not disturb.
      return conditional(
        client.send(
          new UpdateCommand({
            TableName,
            Key: key(target),
            UpdateExpression: 'SET resolved = :resolved',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(removedAt)',
            ExpressionAttributeValues: { ':resolved': resolvedItem(target) },
          }),
        ),
      );
    },

    async resolved(member) {
      const { Item: item } = await client.send(new GetCommand({ TableName, Key: key(member) }));
      if (item === undefined) return null;
      const parsed = parseItem(itemSchema, item, keyOf(item));
      if (parsed.removedAt !== null) return null;
      return targetOfItem(parsed.account, parsed.region, parsed.resolved);
    },
  };
}
