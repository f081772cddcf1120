// Shared generators for the property tests: adversarial text, unknown enum values, nesting depth.
import fc from 'fast-check';

/** One seed for every property, so a failure reproduces on any machine. */
export const SEED = 20_260_401;

export function settings(numRuns: number): { seed: number; numRuns: number } {
  return { seed: SEED, numRuns };
}

/** Characters that mean something to Slack mrkdwn, e-mail clients or terminals, and broken unicode. */
const HOSTILE_PIECES = [
  '*',
  '_',
  '~',
  '`',
  '```',
  '>',
  '<',
  '&',
  '&lt;',
  '<!channel>',
  '<@U024BE7LH>',
  '<https://example.com|click>',
  '\n',
  '\r\n',
  '\t',
  '|',
  ':',
  ' ',
  '\u200b',
  '\u2028',
  '\u202e',
  '→',
  '…',
  '—',
  '\ud800',
  '\udfff',
  '😀',
  'e\u0301',
  '\u0000',
  '\u001b[31m',
] as const;

/** Long runs of one piece: past every limit a renderer or an error message has. */
export const hugeString = fc
  .tuple(fc.constantFrom('x', 'é', '😀', '<', '&', '\n', '`'), fc.integer({ min: 3000, max: 60_000 }))
  .map(([piece, times]) => piece.repeat(times));

export const adversarialString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...HOSTILE_PIECES), maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: hugeString },
);

/** Names every object inherits: a lookup table must not answer for them. */
const INHERITED_NAMES = ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'];

/** The known values, near misses a person or a new service release could produce, and anything else. */
export function enumValue(known: readonly string[]): fc.Arbitrary<string> {
  const near = known.flatMap((value) => [value.toLowerCase(), ` ${value}`, `${value}_V2`]);
  return fc.oneof(
    fc.constantFrom(...known),
    fc.constantFrom(...near),
    fc.constantFrom(...INHERITED_NAMES),
    fc.stringMatching(/^[A-Z][A-Z_]{0,30}$/),
    adversarialString,
  );
}

/** A value that is none of `known`. */
export function unknownEnumValue(known: readonly string[]): fc.Arbitrary<string> {
  return enumValue(known).filter((value) => !known.includes(value));
}

/**
 * JSON text of lists nested `depth` deep. Deep enough ones exhaust the call stack of any code that
 * walks them recursively (String(), JSON.stringify) while staying far below every size limit.
 */
export const deepListText = fc
  .oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 5000, max: 30_000 }))
  .map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);

export const deepList: fc.Arbitrary<unknown> = deepListText.map((text) => JSON.parse(text) as unknown);

/** Writes `value` as JSON, then puts raw JSON text (e.g. `1e400`, which no JS value produces) where the marker is. */
export const RAW_MARKER = '\u0001raw-json\u0001';

export function jsonWithRaw(value: unknown, raw: string): string {
  return JSON.stringify(value).replace(JSON.stringify(RAW_MARKER), () => raw);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
