import { describe, expect, it } from 'vitest';
import {
  ADAPTIVE_CARD_SCHEMA,
  ADAPTIVE_CARD_VERSION,
  type CardElement,
  escapeCardMarkdown,
  TEAMS_LIMITS,
  type TeamsMessage,
  teamsMessageLimits,
} from '../../../lib/core/messages/teams.js';

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

describe('teamsMessageLimits', () => {
  function messageWith(body: CardElement[]): TeamsMessage {
    return {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: ADAPTIVE_CARD_SCHEMA,
            type: 'AdaptiveCard',
            version: ADAPTIVE_CARD_VERSION,
            body,
            msteams: { width: 'Full' },
            fallbackText: 'alert',
          },
        },
      ],
    };
  }

  it('names every element that breaks the schema, by its place in the body', () => {
    // Prepare
    const unknown = { type: 'Image', url: 'x' } as unknown as CardElement; // an element Teams cards may hold but this product never sends
    const badFact = { title: 'Model', value: 7 } as unknown as { title: string; value: string }; // a value that is no string
    const message = messageWith([
      { type: 'TextBlock', text: 'fine', wrap: true },
      { type: 'TextBlock', text: '', wrap: true },
      { type: 'TextBlock', text: 'x'.repeat(TEAMS_LIMITS.textBlock + 1), wrap: true },
      { type: 'FactSet', facts: [] },
      { type: 'FactSet', facts: [{ title: 'Run', value: 'v3' }, badFact] },
      unknown,
    ]);

    // Act
    const problems = teamsMessageLimits(message);

    // Assess
    expect(problems).toEqual([
      'content.body[1].text: empty',
      `content.body[2].text: ${TEAMS_LIMITS.textBlock + 1} characters (max ${TEAMS_LIMITS.textBlock})`,
      'content.body[3].facts: empty',
      'content.body[4].facts[1]: title and value must be strings',
      'content.body[5].type: unknown element Image',
    ]);
  });

  it('finds nothing wrong with a well-formed card', () => {
    // Act / Assess
    expect(teamsMessageLimits(messageWith([{ type: 'TextBlock', text: 'fine', wrap: true }]))).toEqual([]);
  });
});
