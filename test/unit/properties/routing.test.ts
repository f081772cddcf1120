import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETAIL_TYPES, type DeliveredEvent } from '../../../lib/core/events.js';
import {
  DEFAULT_ROUTING,
  parseRouting,
  type Routing,
  routeEvent,
  routingSchema,
} from '../../../lib/core/routing.js';
import { SEVERITIES, severityOf } from '../../../lib/core/severity.js';
import { InvalidEventError, parseDeliveredEvent } from '../../../lib/triggers.js';
import { loadFixture, loadFixtures } from '../messages/fixtures.js';
import {
  adversarialString,
  deepListText,
  enumValue,
  isRecord,
  jsonWithRaw,
  RAW_MARKER,
  settings,
  unknownEnumValue,
} from './arbitraries.js';

const CHANNELS = ['slack', 'teams', 'sns', 'chat'] as const;
const CHANNEL_KEYS = ['enabled', 'minSeverity', 'minSeverityByDetailType', 'detailTypes', 'modelPrefixes'];

const channel = fc.record(
  {
    enabled: fc.boolean(),
    minSeverity: fc.constantFrom(...SEVERITIES),
    minSeverityByDetailType: fc.dictionary(fc.constantFrom(...DETAIL_TYPES), fc.constantFrom(...SEVERITIES)),
    detailTypes: fc.subarray([...DETAIL_TYPES], { minLength: 1 }),
    modelPrefixes: fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 4 }),
  },
  { requiredKeys: [] },
);
const validRouting = fc.record(
  { slack: channel, teams: channel, sns: channel, chat: channel },
  { requiredKeys: [] },
);

interface BrokenRouting {
  what: string;
  text: string;
  /** Some problem is about this path or something inside it. */
  where: string;
}

const identifier = fc.stringMatching(/^[a-z][A-Za-z]{2,12}$/);
const BAD_CHANNEL_VALUES: Record<string, readonly string[]> = {
  enabled: ['"yes"', '1', 'null', '[]'],
  minSeverity: ['"critical"', '"INFO"', '"warn"', 'null', '2'],
  minSeverityByDetailType: [
    '[]',
    '"info"',
    '{"Active Model Version Change":"loud"}',
    '{"Unknown Type":"info"}',
  ],
  detailTypes: ['[]', '["Unknown Type"]', '"Active Model Version Change"', 'null'],
  modelPrefixes: ['[""]', '"pump-"', '[1]', 'null'],
};

const brokenRouting: fc.Arbitrary<BrokenRouting> = fc.oneof(
  fc
    .tuple(
      validRouting,
      identifier.filter((k) => !(CHANNELS as readonly string[]).includes(k)),
    )
    .map(([doc, key]) => ({ what: `key ${key}`, text: JSON.stringify({ ...doc, [key]: {} }), where: key })),
  fc
    .tuple(
      validRouting,
      fc.constantFrom(...CHANNELS),
      identifier.filter((k) => !CHANNEL_KEYS.includes(k)),
    )
    .map(([doc, name, key]) => ({
      what: `key ${name}.${key}`,
      text: JSON.stringify({ ...doc, [name]: { ...doc[name], [key]: true } }),
      where: `${name}.${key}`,
    })),
  fc
    .tuple(validRouting, fc.constantFrom(...CHANNELS), fc.constantFrom(...CHANNEL_KEYS))
    .chain(([doc, name, key]) =>
      fc.oneof(fc.constantFrom(...(BAD_CHANNEL_VALUES[key] ?? [])), deepListText).map((raw) => ({
        what: `${name}.${key} = ${raw.slice(0, 30)}`,
        text: jsonWithRaw({ ...doc, [name]: { ...doc[name], [key]: RAW_MARKER } }, raw),
        where: `${name}.${key}`,
      })),
    )
    // An empty list is a valid list of model prefixes.
    .filter((b) => !/^\w+\.modelPrefixes$/.test(b.where) || !b.text.includes('"modelPrefixes":[]')),
  fc
    .tuple(
      validRouting,
      fc.constantFrom(...CHANNELS),
      fc.oneof(fc.constantFrom('null', 'true', '"all"', '[]'), deepListText),
    )
    .map(([doc, name, raw]) => ({
      what: `${name} = ${raw.slice(0, 30)}`,
      text: jsonWithRaw({ ...doc, [name]: RAW_MARKER }, raw),
      where: name,
    })),
  fc
    .oneof(
      fc
        .jsonValue()
        .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
        .map((v) => JSON.stringify(v)),
      deepListText,
    )
    .map((text) => ({ what: 'not an object', text, where: 'document' })),
  fc
    .tuple(validRouting, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }))
    .map(([doc, fraction]) => {
      const text = JSON.stringify(doc);
      return {
        what: 'cut short',
        text: text.slice(0, Math.floor(fraction * (text.length - 1))),
        where: 'document',
      };
    }),
  fc.constantFrom('', ' ', '\n\t').map((text) => ({ what: 'blank', text, where: 'document' })),
);

/** The problem is about `where` or something inside it (`slack` covers `slack.minSeverity`). */
function pointsAt(problem: string, where: string): boolean {
  return [': ', '.', '['].some((next) => problem.startsWith(`${where}${next}`));
}

describe('parseRouting', () => {
  it('never throws; a document with any problem falls back to the default routing and says what is wrong', () => {
    const anyText = fc.oneof(
      adversarialString,
      fc.json(),
      validRouting.map((doc) => JSON.stringify(doc)),
      brokenRouting.map((b) => b.text),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        // Act
        const parsed = parseRouting(text);
        // Assess
        for (const problem of parsed.problems) expect(problem).toMatch(/^\S.*?: \S/s);
        if (parsed.problems.length > 0) {
          expect(parsed.routing).toBe(DEFAULT_ROUTING);
          expect(parsed.usedDefault).toBe(true);
        } else {
          expect(routingSchema.safeParse(JSON.parse(text)).success).toBe(true);
        }
      }),
      settings(400),
    );
  });

  it('points at the one mistake in an otherwise valid document, and keeps the default routing', () => {
    fc.assert(
      fc.property(brokenRouting, (broken) => {
        // Act
        const parsed = parseRouting(broken.text);
        // Assess
        expect(parsed.routing).toBe(DEFAULT_ROUTING);
        expect(parsed.usedDefault).toBe(true);
        expect(
          parsed.problems.some((p) => pointsAt(p, broken.where)),
          `${broken.what}: ${parsed.problems.join(' | ')}`,
        ).toBe(true);
      }),
      settings(400),
    );
  });

  it('applies a valid document as written, with each key it leaves out at its channel default', () => {
    fc.assert(
      fc.property(validRouting, (doc) => {
        // Act
        const parsed = parseRouting(JSON.stringify(doc));
        // Assess
        expect(parsed).toEqual({
          routing: {
            slack: { ...DEFAULT_ROUTING.slack, ...doc.slack },
            teams: { ...DEFAULT_ROUTING.teams, ...doc.teams },
            sns: { ...DEFAULT_ROUTING.sns, ...doc.sns },
            chat: { ...DEFAULT_ROUTING.chat, ...doc.chat },
          },
          problems: [],
          usedDefault: false,
        });
      }),
      settings(300),
    );
  });
});

const detailType = fc.oneof(
  fc.constantFrom(...DETAIL_TYPES),
  fc.constantFrom('', '__proto__', 'constructor', 'toString', 'hasOwnProperty'),
  adversarialString,
);
const STATUS_KEYS = ['status', 'previousStatus', 'autoPromotionResult', 'promoteMode', 'outcome', 'cause'];
const detail = fc.oneof(
  fc.anything(),
  fc.record(
    {
      modelName: fc.oneof(adversarialString, fc.anything()),
      ...Object.fromEntries(
        STATUS_KEYS.map((key) => [key, fc.oneof(enumValue(['SUCCESS', 'FAILED']), fc.anything())]),
      ),
      activeVersion: fc.oneof(fc.constant(null), fc.integer()),
      previousActiveVersion: fc.oneof(fc.constant(null), fc.integer()),
    },
    { requiredKeys: [] },
  ),
);
const SAMPLES = loadFixtures().map((f) => f.event);
/** A sample event under any detail type, its detail's fields replaced by anything at all. */
const junkEvent = fc.tuple(fc.constantFrom(...SAMPLES), detailType, detail).map(([sample, type, d]) => ({
  type,
  event: { ...sample, 'detail-type': type, detail: isRecord(d) ? { ...sample.detail, ...d } : d } as unknown,
}));
/** A sample event with any model name and any provider enum strings where its detail type has them. */
const OPEN_KEYS = ['status', 'previousStatus', 'autoPromotionResult', 'promoteMode', 'modelQuality'];
const providerEvent = fc
  .tuple(
    fc.constantFrom(...SAMPLES),
    fc.string({ minLength: 1, maxLength: 200 }),
    fc.dictionary(fc.constantFrom(...OPEN_KEYS), enumValue(['SUCCESS', 'FAILED', 'STOPPED', 'MANUAL'])),
  )
  .map(([sample, modelName, values]) => {
    const open = Object.entries(values).filter(([key, value]) => key in sample.detail && value !== '');
    return {
      type: sample['detail-type'] as string,
      event: { ...sample, detail: { ...sample.detail, modelName, ...Object.fromEntries(open) } } as unknown,
    };
  });
const anyEvent = fc.oneof(junkEvent, providerEvent);
const anyRouting: fc.Arbitrary<Routing> = validRouting.map((doc) => routingSchema.parse(doc));

describe('severityOf and routeEvent', () => {
  it('never throw on what the edge lets through, and an unknown detail type never gets past the edge', () => {
    let routed = 0;
    fc.assert(
      fc.property(anyEvent, anyRouting, ({ type, event: raw }, routing) => {
        // Act
        let event: DeliveredEvent;
        try {
          event = parseDeliveredEvent(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidEventError);
          return;
        }
        const severity = severityOf(event);
        const route = routeEvent(event, severity, routing);
        // Assess
        routed += 1;
        expect(DETAIL_TYPES).toContain(type);
        expect(SEVERITIES).toContain(severity);
        expect(route).toEqual({
          slack: expect.any(Boolean),
          teams: expect.any(Boolean),
          sns: expect.any(Boolean),
          chat: expect.any(Boolean),
        });
      }),
      settings(400),
    );
    // The property saw events get through, not only refusals.
    expect(routed).toBeGreaterThan(20);
  });

  it('make a run status new to the product an error when it names a failure and info otherwise', () => {
    const KNOWN = ['IN_PROGRESS', 'SUCCESS', 'FAILED', 'IMPORT_IN_PROGRESS', 'CANCELED'];
    fc.assert(
      // An empty status breaks the contract and is refused at the edge.
      fc.property(
        unknownEnumValue(KNOWN).filter((s) => s !== ''),
        (status) => {
          // Prepare
          const sample = loadFixture('run-success');
          const event = parseDeliveredEvent({ ...sample, detail: { ...sample.detail, status } });
          // Act
          const severity = severityOf(event);
          // Assess
          expect(severity).toBe(/FAIL|ERROR|CANCEL/i.test(status) ? 'error' : 'info');
        },
      ),
      settings(200),
    );
  });
});
