// Whatever surrounds it, a credential or an external id in a target's error never reaches its health
// record, its events or its alerts, and the text kept is short and on one line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TARGET_ERROR_LENGTH } from '../../../lib/core/contract/fleet-target.js';
import { targetErrorText } from '../../../lib/core/target-error.js';
import { adversarialString, settings } from './arbitraries.js';

const chars = (alphabet: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const BASE64 = `${UPPER}${UPPER.toLowerCase()}${DIGITS}+/`;

const accessKeyId = fc
  .tuple(fc.constantFrom('AKIA', 'ASIA'), chars(`${UPPER}${DIGITS}`, 16, 16))
  .map(([prefix, rest]) => ({ secret: `${prefix}${rest}`, text: `${prefix}${rest}` }));

// A secret access key or a session token: base64 with an upper case letter, a lower case one and a digit.
const longKey = chars(BASE64, 37, 400).map((rest) => ({ secret: `aZ7${rest}`, text: `aZ7${rest}` }));

const externalId = fc
  .tuple(
    fc.constantFrom('ExternalId=', 'externalId: ', '"external_id": "', 'sts:ExternalId='),
    chars(`${UPPER}${DIGITS}abcdefxyz_+=.@-`, 4, 60),
  )
  .map(([key, id]) => ({ secret: id, text: `${key}${id}` }));

const sessionToken = fc
  .tuple(fc.constantFrom('X-Amz-Security-Token=', 'SessionToken: ', 'token='), chars(BASE64, 8, 60))
  .map(([key, token]) => ({ secret: token, text: `${key}${token}` }));

const secret = fc.oneof(accessKeyId, longKey, externalId, sessionToken);

describe('targetErrorText', () => {
  it('never keeps a credential or an external id, whatever surrounds it', () => {
    fc.assert(
      fc.property(adversarialString, secret, adversarialString, (before, { secret: value, text }, after) => {
        // Act
        const kept = targetErrorText(`${before}${text}${after}`);

        // Assess
        expect(kept).not.toContain(value);
      }),
      settings(500),
    );
  });

  it(`keeps at most ${MAX_TARGET_ERROR_LENGTH} characters, on one line, never empty`, () => {
    fc.assert(
      fc.property(fc.oneof(adversarialString, fc.string({ maxLength: 5000 })), (error) => {
        // Act
        const kept = targetErrorText(error);

        // Assess
        expect(kept.length).toBeGreaterThan(0);
        expect(kept.length).toBeLessThanOrEqual(MAX_TARGET_ERROR_LENGTH);
        expect(kept).not.toMatch(/[\n\r\u2028\u2029]/);
      }),
      settings(300),
    );
  });
});
