import { describe, expect, it } from 'vitest';
import type { AutopilotEvent } from '../../lib/core/events.js';
import {
  type DecideOptions,
  DecisionPublishError,
  type RefuseDeps,
  refuseActivation,
} from '../../lib/decide.js';
import { silentLogger } from '../../lib/logger.js';
import type { PublishResult } from '../../lib/ports.js';
import { MODEL_ARN } from './core/builders.js';
import { memoryDecisionStore } from './support/decision-store.js';

const REASON =
  'account 111122223333, region eu-west-1 is not a target of /p/targets; nothing was read or activated';

function setup(publishResults: PublishResult[] = []) {
  const store = memoryDecisionStore();
  const published: AutopilotEvent[] = [];
  const deps: RefuseDeps = {
    store,
    logger: silentLogger,
    sleep: async () => {},
    parameters: { get: async () => undefined },
    publisher: {
      async publish(events) {
        published.push(...events);
        return publishResults.shift() ?? { published: events.map((e) => e.detail.eventId), failed: [] };
      },
    },
  };
  const options: DecideOptions = {
    parameterPrefix: '/p',
    providerName: 'lookout-equipment',
    now: () => new Date('2026-02-01T00:00:00.000Z'),
    clock: () => 1_000,
  };
  const request = {
    modelName: 'pump-1',
    modelVersion: 2,
    triggerEventId: 'trigger-1',
    modelArnHint: MODEL_ARN,
  };
  return { store, published, deps, options, request };
}

describe('refuseActivation', () => {
  it('records, publishes and closes one FAILED decision with the reason, and releases the lease', async () => {
    // Prepare
    const { store, published, deps, options, request } = setup();

    // Act
    const decision = await refuseActivation(deps, options, request, REASON);

    // Assess
    expect(decision).toMatchObject({
      outcome: 'FAILED',
      reasons: [REASON],
      modelArn: MODEL_ARN,
      modelVersion: 2,
    });
    expect(store.trail(MODEL_ARN).map((r) => [r.seq, r.status, r.published])).toEqual([
      [1, 'COMPLETE', true],
    ]);
    expect(published.map((e) => e.detail.eventId)).toEqual([decision.eventId]);
    expect(store.leases.get(MODEL_ARN)).toMatchObject({ owner: null, open: null });
  });

  it('publishes the same decision on the platform’s retry when publishing failed, without recording another', async () => {
    // Prepare
    const failed = {
      published: [],
      failed: [{ eventId: 'x', errorCode: 'InternalFailure', errorMessage: 'try again' }],
    };
    const { store, published, deps, options, request } = setup([failed]);

    // Act
    const first = refuseActivation(deps, options, request, REASON);
    await expect(first).rejects.toBeInstanceOf(DecisionPublishError);
    const retried = await refuseActivation(deps, options, request, REASON);

    // Assess
    expect(store.trail(MODEL_ARN).map((r) => [r.seq, r.status, r.published])).toEqual([
      [1, 'COMPLETE', true],
    ]);
    expect(published.map((e) => e.detail.eventId)).toEqual([retried.eventId, retried.eventId]);
  });
});
