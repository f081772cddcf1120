// How the messages are put together: content per detail type, renderers that only set finished
// content in their channel's format, and command lines from one module.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from './fixtures.js';

const MESSAGES = `${ROOT}lib/core/messages`;
const RENDERERS = ['slack.ts', 'sns.ts', 'teams.ts', 'terminal.ts', 'chat-notification.ts'];
/** What a renderer may import: the content's shapes, rich text, text helpers and Slack's block shapes. */
const RENDERER_IMPORTS = new Set([
  '../severity.js',
  './content/types.js',
  './content/rich.js',
  './format.js',
  './slack-blocks.js',
]);

function importsOf(path: string): string[] {
  return [...readFileSync(path, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');
}

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${dir}/${file}`);
}

describe('lib/core/messages', () => {
  it.each(RENDERERS)('%s renders finished content and never calls a content builder', (file) => {
    // Act
    const imports = importsOf(`${MESSAGES}/${file}`);

    // Assess
    expect(imports.filter((i) => !RENDERER_IMPORTS.has(i))).toEqual([]);
  });

  it('spells no command line of the CLI outside lib/core/commands.ts', () => {
    // Prepare
    const commandLine = /l4e-autopilot (status|versions|activate|rollback|scheduler|policy)\b/;

    // Act
    const spelled = sources(MESSAGES).filter((path) => commandLine.test(readFileSync(path, 'utf8')));

    // Assess
    expect(spelled).toEqual([]);
  });

  it('keeps every file under 300 lines', () => {
    // Act
    const long = sources(MESSAGES)
      .map((path) => ({ path, lines: readFileSync(path, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 300);

    // Assess
    expect(long).toEqual([]);
  });
});
