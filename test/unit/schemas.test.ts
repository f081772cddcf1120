import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DETAIL_TYPES } from '../../lib/core/events.js';
import { parseDeliveredEvent } from '../../lib/triggers.js';
import { eventSchemaFiles } from '../../scripts/event-schemas.js';
import { schemaErrors, schemaTitles } from '../integration/support/schemas.js';
import { loadFixtures } from './messages/fixtures.js';

const FIX =
  'events/schemas/ is generated from lib/core/contract: run `npm run schemas` and commit the result';

describe('event JSON Schemas', () => {
  it('has one schema per detail type, titled with it', () => {
    expect(schemaTitles().sort()).toEqual([...DETAIL_TYPES].sort());
    expect(readdirSync('events/schemas').filter((f) => f.endsWith('.json'))).toHaveLength(
      DETAIL_TYPES.length,
    );
  });

  it('are exactly what `npm run schemas` writes from the zod contract', () => {
    // Prepare
    const expected = eventSchemaFiles();
    const committed = readdirSync('events/schemas').filter((f) => f.endsWith('.json'));
    // Assess: the same files, and in each the same content in the same key order (layout is Biome's).
    expect(committed.sort(), FIX).toEqual(expected.map((f) => f.file).sort());
    for (const { file, schema } of expected) {
      const onDisk = JSON.stringify(JSON.parse(readFileSync(`events/schemas/${file}`, 'utf8')), null, 1);
      expect(onDisk, `${file} differs. ${FIX}`).toBe(JSON.stringify(schema, null, 1));
    }
  });

  it('declares draft-04, the dialect the EventBridge Schema Registry accepts', () => {
    for (const file of readdirSync('events/schemas')) {
      const schema = JSON.parse(readFileSync(`events/schemas/${file}`, 'utf8'));
      expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    }
  });

  it.each(loadFixtures().map((f) => [f.name, f.event] as const))('sample %s validates', (_name, event) => {
    expect(schemaErrors(event as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('rejects events that break the contract', () => {
    const [sample] = loadFixtures().filter((f) => f.name === 'decision-activated');
    if (!sample) throw new Error('missing sample decision-activated');
    const broken = (change: (d: Record<string, unknown>) => void) => {
      const event = structuredClone(sample.event) as unknown as Record<string, unknown>;
      change(event.detail as Record<string, unknown>);
      return schemaErrors(event);
    };
    expect(broken((d) => delete d.eventId)).not.toEqual([]);
    expect(broken((d) => (d.outcome = 'MAYBE'))).not.toEqual([]);
    expect(broken((d) => (d.schemaVersion = '1'))).not.toEqual([]);
    expect(broken((d) => (d.provider = 'sagemaker'))).not.toEqual([]);
    expect(broken((d) => delete d.provider)).not.toEqual([]);
    expect(broken((d) => (d.modelVersion = '3'))).not.toEqual([]);
    expect(broken((d) => (d.surprise = true))).not.toEqual([]);
    expect(
      schemaErrors({ 'detail-type': 'Something Else', source: 'l4e.autopilot', detail: {} }),
    ).not.toEqual([]);
  });

  it.each([
    ['a missing field', 'run-success', 'startTime', undefined],
    ['an unknown field', 'scheduler-running', 'surprise', 1],
    ['a version that is not an integer', 'promotion-promoted', 'modelVersion', 1.5],
    ['a closed enum value', 'active-version-external', 'cause', 'SOMEONE'],
    ['an instant that is not one', 'decision-skipped', 'observedAt', 'yesterday'],
    ['a metric that is not a number', 'promotion-promoted', 'metrics', { recall: '0.9' }],
    ['an event id of another shape', 'decision-failed', 'eventId', 'run-a2'],
    ['an empty status', 'run-failed', 'status', ''],
  ])('and the parser at the edge refuse the same event: %s', (_what, sample, key, value) => {
    // Prepare
    const [fixture] = loadFixtures().filter((f) => f.name === sample);
    if (!fixture) throw new Error(`missing sample ${sample}`);
    const event = structuredClone(fixture.event) as unknown as { detail: Record<string, unknown> };
    if (value === undefined) delete event.detail[key];
    else event.detail[key] = value;
    // Assess
    expect(schemaErrors(event as unknown as Record<string, unknown>)).not.toEqual([]);
    expect(() => parseDeliveredEvent(event)).toThrow(`detail.${key}`);
  });

  it('and the parser at the edge accept the same provider value new to the product', () => {
    const [fixture] = loadFixtures().filter((f) => f.name === 'run-success');
    if (!fixture) throw new Error('missing sample run-success');
    const event = { ...fixture.event, detail: { ...fixture.event.detail, status: 'VALIDATING_DATA' } };
    expect(schemaErrors(event as unknown as Record<string, unknown>)).toEqual([]);
    expect(parseDeliveredEvent(event).detail).toEqual(event.detail);
  });
});
