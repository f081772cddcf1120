import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookoutModelNaming } from '../../../lib/adapters/lookout-naming.js';
import { DETAIL_TYPES, type DeliveredEvent } from '../../../lib/core/events.js';
import {
  InvalidEventError,
  parseDeliveredEvent,
  parseDecisionTrigger as parseTriggerNamedBy,
} from '../../../lib/triggers.js';
import { loadFixture } from '../messages/fixtures.js';
import { adversarialString, deepList, settings } from './arbitraries.js';

const TRIGGER = loadFixture('run-success') as DeliveredEvent<'Scheduled Retraining State Change'>;

/** The trigger as apply-policy parses it, with the first provider's model names. */
const parseDecisionTrigger = (input: unknown) => parseTriggerNamedBy(input, lookoutModelNaming);

function caught(parse: (input: unknown) => unknown, input: unknown): unknown {
  try {
    parse(input);
  } catch (error) {
    return error;
  }
  return null;
}

/** A rejection that says what is wrong: `<path>: <why>`, after a sentence naming what was expected. */
const EXPLAINED = /^not (an l4e\.autopilot event|a retraining state change): \S+: \S/;

const anyValue = fc.anything({
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withBigInt: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
});

interface BrokenTrigger {
  event: unknown;
  /** The path the rejection must name. */
  where: string;
  /** Whether the delivered event already breaks the contract (else only the retraining trigger fails). */
  envelope: boolean;
}

function withDetail(key: string, value: unknown): Record<string, unknown> {
  const detail: Record<string, unknown> = {
    ...(TRIGGER.detail as unknown as Record<string, unknown>),
    [key]: value,
  };
  if (value === undefined) delete detail[key];
  return { ...TRIGGER, detail };
}

const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  deepList,
);

const brokenTrigger: fc.Arbitrary<BrokenTrigger> = fc.oneof(
  fc
    .oneof(adversarialString, notAString, fc.constant(undefined))
    .filter((source) => source !== 'l4e.autopilot')
    .map((source) => ({ event: { ...TRIGGER, source }, where: 'source', envelope: true })),
  fc
    .oneof(adversarialString, notAString)
    .filter((type) => !(DETAIL_TYPES as readonly unknown[]).includes(type))
    .map((type) => ({ event: { ...TRIGGER, 'detail-type': type }, where: 'detail-type', envelope: true })),
  fc
    .constantFrom(...DETAIL_TYPES.filter((t) => t !== 'Scheduled Retraining State Change'))
    // A run's detail under another detail type breaks that type's contract too.
    .map((type) => ({ event: { ...TRIGGER, 'detail-type': type }, where: 'detail-type', envelope: true })),
  fc
    .oneof(
      adversarialString,
      fc.integer(),
      fc.constant(null),
      fc.array(fc.anything(), { maxLength: 3 }),
      deepList,
    )
    .map((detail) => ({ event: { ...TRIGGER, detail }, where: 'detail', envelope: true })),
  fc
    .oneof(fc.constant(''), notAString, fc.constant(undefined))
    .map((id) => ({ event: withDetail('eventId', id), where: 'detail.eventId', envelope: true })),
  fc
    .oneof(fc.constant(''), fc.constant('p'.repeat(201)), notAString, fc.constant(undefined))
    .map((name) => ({ event: withDetail('modelName', name), where: 'detail.modelName', envelope: true })),
  fc
    .stringMatching(/^[a-z]{1,10}[ /.:@]{1,3}[a-z]{0,10}$/)
    .map((name) => ({ event: withDetail('modelName', name), where: 'detail.modelName', envelope: false })),
  fc
    .oneof(
      fc.constantFrom(0, -1, 1.5, Number.MAX_VALUE, '2', null, undefined, true),
      fc.integer({ max: 0 }),
      fc.double().filter((d) => !Number.isInteger(d)),
      deepList,
    )
    .map((version) => ({
      event: withDetail('modelVersion', version),
      where: 'detail.modelVersion',
      envelope: true,
    })),
  notAString.map((arn) => ({
    event: withDetail('modelArn', arn),
    where: 'detail.modelArn',
    envelope: true,
  })),
);

describe('parseDeliveredEvent and parseDecisionTrigger', () => {
  it('accept a retraining state change as delivered (the control)', () => {
    // Act
    const request = parseDecisionTrigger(TRIGGER);
    // Assess
    expect(request).toEqual({
      modelName: TRIGGER.detail.modelName,
      modelVersion: 13,
      triggerEventId: TRIGGER.detail.eventId,
      modelArnHint: TRIGGER.detail.modelArn,
      origin: { provider: 'lookout-equipment' },
    });
  });

  it('read a trigger of schemaVersion 1, in flight across the upgrade, as an L4E model', () => {
    // Prepare
    const { provider: _, ...v1 } = { ...TRIGGER.detail, schemaVersion: '1' };
    // Act
    const request = parseDecisionTrigger({ ...TRIGGER, detail: v1 });
    // Assess
    expect(request.origin).toEqual({ provider: 'lookout-equipment' });
    expect(request.triggerEventId).toBe(TRIGGER.detail.eventId);
  });

  it('reject any value at all with an InvalidEventError that says what is wrong, never another exception', () => {
    fc.assert(
      fc.property(anyValue, (input) => {
        for (const parse of [parseDeliveredEvent, parseDecisionTrigger]) {
          // Act
          const error = caught(parse, input);
          // Assess
          expect(error).toBeInstanceOf(InvalidEventError);
          expect((error as Error).name).toBe('InvalidEventError');
          expect((error as Error).message).toMatch(EXPLAINED);
        }
      }),
      settings(400),
    );
  });

  it('name the one field that is wrong in an otherwise valid trigger', () => {
    fc.assert(
      fc.property(brokenTrigger, (broken) => {
        // Act
        const delivered = caught(parseDeliveredEvent, broken.event);
        const trigger = caught(parseDecisionTrigger, broken.event);
        // Assess
        expect(delivered === null).toBe(!broken.envelope);
        expect(trigger).toBeInstanceOf(InvalidEventError);
        expect((trigger as Error).message).toMatch(EXPLAINED);
        expect((trigger as Error).message).toContain(`${broken.where}: `);
      }),
      settings(400),
    );
  });
});
