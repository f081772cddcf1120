import { describe, expect, it } from 'vitest';
import {
  clip,
  formatDate,
  formatNumber,
  formatSigned,
  formatTable,
  truncate,
  wrap,
} from '../../../lib/core/messages/format.js';

describe('formatNumber and formatSigned', () => {
  it.each([
    [0.8, '0.8', '+0.8'],
    [0.81249, '0.812', '+0.812'],
    [182, '182', '+182'],
    [-0.020000000000000018, '-0.02', '-0.02'],
    [-0.0001, '0', '0'],
    [1234.56, '1234.6', '+1234.6'],
    [0, '0', '0'],
  ])('%d ⇒ %s / %s', (value, plain, signed) => {
    expect(formatNumber(value)).toBe(plain);
    expect(formatSigned(value)).toBe(signed);
  });
});

describe('formatDate', () => {
  it.each([
    ['2026-03-14T06:00:00Z', '2026-03-14 06:00 UTC'],
    ['2026-03-14T08:00:00+02:00', '2026-03-14 06:00 UTC'],
    ['soon', 'soon'],
    [null, '–'],
    ['', '–'],
  ])('%s ⇒ %s', (value, expected) => {
    expect(formatDate(value)).toBe(expected);
  });
});

describe('truncate', () => {
  it('leaves short text alone', () => {
    expect(truncate('short', 10)).toBe('short');
  });

  it('fits exactly and says how much it cut', () => {
    // Act
    const result = truncate('a'.repeat(1000), 100);

    // Assess
    expect(result.length).toBe(100);
    expect(result).toMatch(/^a+…\(917 more chars\)$/);
  });

  it('never ends in half a surrogate pair', () => {
    // Act
    const result = truncate(`${'a'.repeat(3)}${'😀'.repeat(20)}`, 22);

    // Assess
    expect(result.length).toBeLessThanOrEqual(22);
    expect(() => encodeURIComponent(result)).not.toThrow();
  });
});

describe('clip', () => {
  it.each([
    ['abcdef', 4, 'abc…'],
    ['abc', 4, 'abc'],
    ['abc', 1, '…'],
  ])('clip(%s, %i) ⇒ %s', (text, width, expected) => {
    expect(clip(text, width)).toBe(expected);
  });
});

describe('formatTable', () => {
  it('aligns columns and right-aligns numbers', () => {
    // Act
    const lines = formatTable(
      [{ header: 'name' }, { header: 'value', align: 'right' }],
      [
        ['recall', '0.8'],
        ['auc', '12'],
      ],
      80,
    );

    // Assess
    expect(lines).toEqual(['name    value', '------  -----', 'recall    0.8', 'auc        12']);
  });

  it('squeezes the widest column first when the table is too wide', () => {
    // Act
    const lines = formatTable(
      [
        { header: 'a', minWidth: 3 },
        { header: 'b', minWidth: 3 },
      ],
      [['x'.repeat(10), 'y'.repeat(30)]],
      24,
    );

    // Assess
    expect(lines.every((line) => line.length <= 24)).toBe(true);
    expect(lines[2]).toBe(`${'x'.repeat(10)}  ${'y'.repeat(11)}…`);
  });
});

describe('wrap', () => {
  it('wraps on spaces and keeps paragraphs', () => {
    expect(wrap('one two three\nfour', 8)).toEqual(['one two', 'three', 'four']);
  });

  it('splits a word longer than the width on a line of its own and goes on after its rest', () => {
    // Act / Assess
    expect(wrap('ab abcdefghij cd', 4)).toEqual(['ab', 'abcd', 'efgh', 'ij', 'cd']);
    expect(wrap('abcdefghi x', 4)).toEqual(['abcd', 'efgh', 'i x']);
    expect(wrap('abcdefgh', 4)).toEqual(['abcd', 'efgh']);
  });

  it('keeps an empty paragraph as an empty line', () => {
    // Act / Assess
    expect(wrap('one\n\ntwo', 8)).toEqual(['one', '', 'two']);
  });
});
