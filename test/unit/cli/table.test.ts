import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bullet,
  formatDate,
  formatDateTime,
  formatElapsed,
  formatMetric,
  formatValue,
  qualityLabel,
  truncate,
  wrapText,
} from '../../../cli/format.js';
import { renderPairs, renderTable } from '../../../cli/table.js';

describe('renderTable', () => {
  it('pads columns, right-aligns numbers and trims trailing space', () => {
    // Act
    const lines = renderTable(
      [{ header: 'NAME' }, { header: 'RECALL', align: 'right' }, { header: 'NOTE' }],
      [
        ['pump', '0.9', ''],
        ['compressor', '0.75', 'ok'],
      ],
    );

    // Assess
    expect(lines).toEqual(['NAME        RECALL  NOTE', 'pump           0.9', 'compressor    0.75  ok']);
  });

  it('cuts the widest shrinkable column with an ellipsis to fit the width', () => {
    // Act
    const lines = renderTable(
      [{ header: 'MODEL', shrink: true, min: 6 }, { header: 'DATE' }],
      [['a-very-long-model-name-that-does-not-fit', '2025-01-01']],
      { width: 30 },
    );

    // Assess
    expect(lines).toEqual(['MODEL               DATE', 'a-very-long-model…  2025-01-01']);
    expect(lines.every((line) => line.length <= 30)).toBe(true);
  });

  it('renders multi-line cells and headers row by row', () => {
    // Act
    const lines = renderTable(
      [{ header: ['ACTIVE', 'SINCE'] }, { header: ['SCHEDULER', 'MODE'] }],
      [
        [
          ['v3', '2025-03-01'],
          ['RUNNING', 'MANUAL'],
        ],
      ],
    );

    // Assess
    expect(lines).toEqual([
      'ACTIVE      SCHEDULER',
      'SINCE       MODE',
      'v3          RUNNING',
      '2025-03-01  MANUAL',
    ]);
  });

  it('paints fitted text without changing the layout', () => {
    // Act
    const lines = renderTable([{ header: 'S' }, { header: 'T' }], [['ok', 'x']], { paint: (t) => `<${t}>` });

    // Assess
    expect(lines[1]).toBe('<ok>  <x>');
  });

  it('never exceeds the width when shrinkable columns can absorb the excess', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 }), fc.string({ maxLength: 10 })),
          {
            maxLength: 8,
          },
        ),
        (rows) => {
          // Act
          const lines = renderTable(
            [{ header: 'A', shrink: true, min: 4 }, { header: 'B', shrink: true, min: 4 }, { header: 'C' }],
            rows.map((row) => row.map((cell) => cell.replace(/\s/g, '.'))),
          );

          // Assess
          return lines.every((line) => [...line].length <= 80);
        },
      ),
    );
  });

  it('aligns label/value pairs', () => {
    // Act / Assess
    expect(
      renderPairs([
        ['Status', 'RUNNING'],
        ['Promote mode', 'MANUAL'],
      ]),
    ).toEqual(['Status        RUNNING', 'Promote mode  MANUAL']);
  });
});

describe('formatting', () => {
  it('formats UTC dates and times, or a dash when absent', () => {
    // Act / Assess
    expect(formatDate('2025-04-16T23:30:00.000Z')).toBe('2025-04-16');
    expect(formatDateTime('2025-04-16T23:30:59.000Z')).toBe('2025-04-16T23:30Z');
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('formats metrics, values and quality', () => {
    // Act / Assess
    expect(formatMetric(0.8)).toBe('0.800');
    expect(formatMetric(undefined)).toBe('—');
    expect(formatValue(-0.04660000001)).toBe('-0.0466');
    expect(formatValue(['A', 'B'])).toBe('A, B');
    expect(qualityLabel('QUALITY_THRESHOLD_MET')).toBe('met');
    expect(qualityLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });

  it('formats elapsed time', () => {
    // Act / Assess
    expect([formatElapsed(4_900), formatElapsed(185_000), formatElapsed(3_720_000)]).toEqual([
      '4s',
      '3m 05s',
      '1h 02m',
    ]);
  });

  it('wraps words, cuts words longer than the width, and bullets with aligned continuations', () => {
    // Act / Assess
    expect(wrapText('recall is 0.74; the policy requires at least 0.82', 20)).toEqual([
      'recall is 0.74; the',
      'policy requires at',
      'least 0.82',
    ]);
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(bullet('one two three four', '  ', 14)).toEqual(['  - one two', '    three four']);
  });
});
