// Every event says which provider its model belongs to (schemaVersion 2), and the upgrade changes no
// L4E event's id: consumers that de-duplicate by eventId see a transition observed across the upgrade once.
import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMAS } from '../../../lib/core/contract/envelope.js';
import type { AutopilotEvent } from '../../../lib/core/events.js';
import type { ModelDetail, ModelOrigin } from '../../../lib/core/model.js';
import { diffDeletedModel, diffModel } from '../../../lib/core/transitions.js';
import { detail, observation, scheduler, version, versionArn } from './builders.js';

const ctx = (observedAt: string) => ({
  observedAt,
  baselineSince: '2026-01-01T00:00:00.000Z',
  autopilotActivations: new Map<number, string>(),
});

/** A run seen starting, finishing with its promotion result, its version made active, the model deleted. */
function lifecycle(base: Partial<ModelDetail> = {}): AutopilotEvent[] {
  const started = detail({ ...base, latestRunVersion: 2, latestRunStatus: 'IN_PROGRESS' });
  const running = version(2, {
    status: 'IN_PROGRESS',
    autoPromotionResult: null,
    autoPromotionResultReason: null,
  });
  const first = diffModel(
    undefined,
    observation(started, [running], scheduler()),
    ctx('2026-01-01T01:00:00.000Z'),
  );
  const finished = detail({
    ...base,
    latestRunVersion: 2,
    latestRunStatus: 'SUCCESS',
    activeVersion: 2,
    activeVersionArn: base.arn === undefined ? versionArn(2) : null,
    activatedAt: '2026-01-01T04:00:00.000Z',
    previousActiveVersion: 1,
  });
  const next = diffModel(
    first.snapshot,
    observation(finished, [version(2)], scheduler()),
    ctx('2026-01-01T05:00:00.000Z'),
  );
  const gone = diffDeletedModel(next.snapshot, ctx('2026-01-02T00:00:00.000Z'));
  return [...first.events, ...next.events, ...gone];
}

/** The detail of an event about a model; a model's lifecycle raises no other kind. */
function modelDetailOf(event: AutopilotEvent) {
  if (!('modelName' in event.detail)) throw new Error(`${event.detailType} is not about a model`);
  return event.detail;
}

const envelope = (event: AutopilotEvent) => ({
  version: '0',
  id: 'e',
  'detail-type': event.detailType,
  source: 'l4e.autopilot',
  account: event.detail.account,
  time: event.time,
  region: event.detail.region,
  resources: event.resources,
  detail: event.detail,
});

describe('events of an L4E model', () => {
  it('keep the ids the release before schemaVersion 2 gave the same transitions', () => {
    // Act
    const ids = lifecycle().map((e) => `${e.detailType}|${e.detail.eventId}`);

    // Assess: computed by that release (diffModel and diffDeletedModel over this very lifecycle)
    expect(ids).toEqual([
      'Scheduled Retraining State Change|680154a5-68d7-d374-9fae-6e7e66e53638',
      'Scheduled Retraining State Change|b9b9e999-f67e-139c-f5c6-4610f472af74',
      'Model Version Promotion Result|bc976736-6f50-732e-c043-d8a054dc8445',
      'Active Model Version Change|cf818d0a-8924-13fa-e514-d56b3043d959',
      'Retraining Scheduler State Change|a757b393-6703-ea67-3ffb-c604495c71e5',
      'Active Model Version Change|0fa7e4da-5979-c277-949f-826dfbb08e10',
    ]);
  });

  it('say lookout-equipment and carry no SiteWise ids, and pass the published contract', () => {
    // Act
    const events = lifecycle();

    // Assess
    for (const event of events) {
      expect(modelDetailOf(event).provider).toBe('lookout-equipment');
      expect(event.detail.schemaVersion).toBe('2');
      expect('computationModelId' in event.detail || 'assetId' in event.detail).toBe(false);
      expect(EVENT_SCHEMAS[event.detailType].safeParse(envelope(event)).success).toBe(true);
    }
  });
});

const CM = 'a1b2c3d4-0000-4000-8000-00000000000a';
const ASSET = 'f0e1d2c3-0000-4000-8000-00000000000b';
const CM_ARN = `arn:aws:iotsitewise:eu-west-1:111122223333:computation-model/${CM}`;

function sitewiseModel(origin: ModelOrigin, name: string, arn: string): Partial<ModelDetail> {
  return { name, arn, origin, activeVersionArn: null };
}

describe('events of an IoT SiteWise model', () => {
  it.each([
    ['a computation model', { provider: 'iot-sitewise', computationModelId: CM }, CM, CM_ARN],
    [
      'a model per asset',
      { provider: 'iot-sitewise', computationModelId: CM, assetId: ASSET },
      `${CM}/${ASSET}`,
      `${CM_ARN}/asset/${ASSET}`,
    ],
  ] as const)(
    'of %s carry its provider and ids, every one of them, and pass the contract',
    (_, origin, name, arn) => {
      // Act
      const events = lifecycle(sitewiseModel(origin, name, arn));

      // Assess
      expect(events.map((e) => e.detailType)).toContain('Retraining Scheduler State Change');
      for (const event of events) {
        expect(event.detail).toMatchObject({ ...origin, modelArn: arn, account: '111122223333' });
        expect(modelDetailOf(event).assetId).toBe('assetId' in origin ? ASSET : undefined);
        const parsed = EVENT_SCHEMAS[event.detailType].safeParse(envelope(event));
        expect(parsed.error?.issues ?? []).toEqual([]);
      }
    },
  );

  it('get ids of their own: the same transition of another provider is another event', () => {
    // Act
    const l4e = lifecycle().map((e) => e.detail.eventId);
    const sitewise = lifecycle(
      sitewiseModel({ provider: 'iot-sitewise', computationModelId: CM }, CM, CM_ARN),
    );

    // Assess
    for (const event of sitewise) expect(l4e).not.toContain(event.detail.eventId);
  });
});
