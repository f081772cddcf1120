// The partition keys each function's use of the state table touches, through the adapters that function
// is given, fall within the dynamodb:LeadingKeys its role in serverless.yml allows for that action. The
// template tests prove the roles are split; this proves the split matches the adapters' key layout.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createActivationHistory,
  createDecisionHistory,
  createDecisionLog,
} from '../../../lib/adapters/state-decisions.js';
import { createFleetRegistry } from '../../../lib/adapters/state-fleet.js';
import { createNotificationLedger } from '../../../lib/adapters/state-ledger.js';
import { createModelStateStore } from '../../../lib/adapters/state-model.js';
import type { ActivationDecisionDetail } from '../../../lib/core/events.js';
import { PROVIDER_NAMES } from '../../../lib/core/model.js';
import { initialTargetHealth } from '../../../lib/core/target-health.js';
import type { DecisionRecord } from '../../../lib/ports.js';
import { parseDeliveredEvent } from '../../../lib/triggers.js';
import {
  loadServerlessConfigWithScripts,
  type ServerlessConfig,
} from '../../../local/aws/serverless-config.js';
import { loadFixture } from '../messages/fixtures.js';

const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const table = { tableName: 'state' };

const ACTIONS: Record<string, string> = {
  PutCommand: 'dynamodb:PutItem',
  GetCommand: 'dynamodb:GetItem',
  QueryCommand: 'dynamodb:Query',
  UpdateCommand: 'dynamodb:UpdateItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
};

interface Touch {
  action: string;
  pk: string;
}

/** Every (action, partition key) the store sent since the last reset. */
function touched(): Touch[] {
  return dynamo.calls().flatMap((call) => {
    const command = call.args[0] as { constructor: { name: string }; input: Record<string, unknown> };
    const input = command.input as {
      Key?: { pk?: string };
      Item?: { pk?: string };
      ExpressionAttributeValues?: Record<string, unknown>;
      RequestItems?: Record<string, Array<{ DeleteRequest?: { Key?: { pk?: string } } }>>;
    };
    const action = ACTIONS[command.constructor.name] ?? command.constructor.name;
    if (input.RequestItems !== undefined) {
      return Object.values(input.RequestItems)
        .flat()
        .map((request) => ({ action, pk: String(request.DeleteRequest?.Key?.pk) }));
    }
    const pk = input.Key?.pk ?? input.Item?.pk ?? input.ExpressionAttributeValues?.[':pk'];
    return [{ action, pk: String(pk) }];
  });
}

// A stage that watches both providers, so every watch partition a role may reach is in its statements.
let config: ServerlessConfig;
beforeAll(async () => {
  config = await loadServerlessConfigWithScripts('serverless.yml', 'ci', {
    params: { providers: 'lookout-equipment,iot-sitewise', sitewiseMetricsBuckets: 'ci-metrics/models/' },
  });
});

/** Action → LeadingKeys patterns of a role's statements on the state table, read from serverless.yml. */
function allowedKeys(role: string): Record<string, string[]> {
  const resource = config.resolve(config.resource(role)) as {
    Properties: { Policies: Array<{ PolicyDocument: { Statement: Array<Record<string, unknown>> } }> };
  };
  const allowed: Record<string, string[]> = {};
  for (const policy of resource.Properties.Policies) {
    for (const statement of policy.PolicyDocument.Statement) {
      const actions = [statement.Action].flat().map(String);
      if (!actions.some((a) => a.startsWith('dynamodb:'))) continue;
      const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
      const keys = ['ForAllValues:StringEquals', 'ForAllValues:StringLike'].flatMap((op) =>
        [condition[op]?.['dynamodb:LeadingKeys'] ?? []].flat().map(String),
      );
      for (const action of actions) allowed[action] = [...(allowed[action] ?? []), ...keys];
    }
  }
  return allowed;
}

const matches = (pattern: string, key: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(key);

function outsideRole(role: string, touches: Touch[]): Touch[] {
  const allowed = allowedKeys(role);
  return touches.filter(({ action, pk }) => !(allowed[action] ?? []).some((pattern) => matches(pattern, pk)));
}

const decisionDetail = parseDeliveredEvent(loadFixture('decision-rejected'))
  .detail as ActivationDecisionDetail;
const ARN = decisionDetail.modelArn;
const decision: DecisionRecord = {
  modelName: 'pump-a',
  modelArn: ARN,
  modelVersion: 3,
  seq: 1,
  decidedAt: '2026-03-01T00:00:00.000Z',
  triggerEventId: 'trigger-1',
  status: 'PENDING',
  attempts: 0,
  lastError: null,
  published: false,
  detail: decisionDetail,
};
const mark = { nowMs: Date.parse('2026-03-01T00:00:00Z'), leaseMs: 60_000, retentionSeconds: 86400 };

// Each function's wiring (functions/*.ts): the adapters it is given, and every call they offer.
const USES: Array<[role: string, use: () => Promise<unknown>]> = [
  [
    'PollModelsRole',
    async () => {
      const s = createModelStateStore(client, table);
      await s.loadModelStates();
      await s.claim('pump-a', null, { snapshot: null, pending: {} });
      await s.clearPending('pump-a', ['event-1']);
      await createActivationHistory(client, table).autopilotActivations(ARN, [3]);
    },
  ],
  [
    'ApplyPolicyRole',
    async () => {
      const s = createDecisionLog(client, table);
      await s.acquireDecisionLease(ARN, 'owner-1', { nowMs: mark.nowMs, leaseMs: 90_000 });
      await s.openDecision(ARN, 'owner-1', decision);
      await s.putDecision(decision);
      await s.activationRecord(ARN, 3);
      await s.listDecisions(ARN);
      await s.recordActivationRequest(ARN, 3, decision.decidedAt, decisionDetail.eventId);
      await s.confirmActivation(ARN, 3, decisionDetail.eventId, decision.decidedAt);
      await s.markDecisionPublished(decision);
      await s.closeDecision(ARN, 'owner-1');
      await s.releaseDecisionLease(ARN, 'owner-1');
    },
  ],
  [
    'DispatchTargetsRole',
    async () => {
      const member = { account: '222222222222', region: 'eu-west-1' };
      const watch = 'WATCH#iot-sitewise#222222222222#eu-west-1';
      dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': watch } }).resolves({
        Items: [{ pk: watch, sk: 'MODEL#a' }],
      });
      const registry = createFleetRegistry(client, table);
      await registry.list();
      await registry.add(
        { ...member, key: '222222222222/eu-west-1', home: false, providers: ['iot-sitewise'] },
        mark.nowMs.toString(),
      );
      await registry.markRemoved(member, mark.nowMs.toString());
      await registry.deleteState(member);
      await registry.forget(member);
    },
  ],
  [
    'PollTargetRole',
    async () => {
      const member = { account: '222222222222', region: 'eu-west-1' };
      for (const provider of PROVIDER_NAMES) {
        const s = createModelStateStore(client, { ...table, provider, target: { ...member, home: false } });
        await s.loadModelStates();
        await s.claim('pump-a', null, { snapshot: null, pending: {} });
        await s.clearPending('pump-a', ['event-1']);
      }
      await createActivationHistory(client, table).autopilotActivations(ARN, [3]);
      const registry = createFleetRegistry(client, table);
      await registry.readHealth(member);
      await registry.writeHealth(member, initialTargetHealth(member), 0);
    },
  ],
  [
    'ReportWidgetRole',
    async () => {
      const s = createDecisionHistory(client, table);
      for (const model of ['pump-a', 'pump-b', 'fan-c']) await s.listDecisions(model);
    },
  ],
  [
    'NotifyRole',
    async () => {
      const s = createNotificationLedger(client, table);
      await s.beginNotification('event-1', 'slack', mark);
      await s.completeNotification('event-1', 'slack', mark);
      await s.abandonNotification('event-1', 'sns');
    },
  ],
];

beforeEach(() => {
  dynamo.reset();
  dynamo.on(QueryCommand).resolves({ Items: [] });
  dynamo.on(GetCommand).resolves({});
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({});
  dynamo.on(DeleteCommand).resolves({});
  dynamo.on(BatchWriteCommand).resolves({});
});

describe('the state table keys each function touches', () => {
  it.each(USES)('stay within what %s allows', async (role, use) => {
    // Act
    await use();
    const touches = touched();

    // Assess
    expect(touches.length).toBeGreaterThan(2);
    expect(outsideRole(role, touches)).toEqual([]);
  });

  it('would catch notify reaching for a model’s items', async () => {
    // Act
    await createActivationHistory(client, table).autopilotActivations(ARN, [3]);

    // Assess
    expect(outsideRole('NotifyRole', touched())).toEqual([
      { action: 'dynamodb:GetItem', pk: `MODEL#${ARN}` },
    ]);
  });
});
