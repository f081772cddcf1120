import { describe, expect, it } from 'vitest';
import { escapeCardMarkdown } from '../../../lib/core/messages/teams.js';

describe('escapeCardMarkdown', () => {
  it('escapes list markers at the start of any line, after blank lines and indentation too', () => {
    // Act
    const escaped = escapeCardMarkdown('- a\n  \n  + b\r\n3. c\nx - y\n1.5 kept');

    // Assess
    expect(escaped).toBe('\\- a\n  \n  \\+ b\r\n\\3. c\nx - y\n1.5 kept');
  });

  it('escapes a text of 40,000 blank lines in linear time', () => {
    // Prepare
    const text = ' \n'.repeat(40_000);

    // Act
    const started = performance.now();
    const escaped = escapeCardMarkdown(text);
    const elapsed = performance.now() - started;

    // Assess
    expect(escaped).toBe(text);
    // Linear takes a few milliseconds; the quadratic form took over ten seconds.
    expect(elapsed).toBeLessThan(1_000);
  });
});
