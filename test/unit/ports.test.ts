// The ports speak the core's language, so another provider is one more adapter: no provider's SDK or
// name in them, and the use-cases reach services only through them.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** The source without its comments (which may name the first provider as an example). */
const code = (path: string) =>
  read(path)
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');

const PORT_FILES = [
  'lib/ports.ts',
  ...readdirSync(new URL('../../lib/ports/', import.meta.url)).map((f) => `lib/ports/${f}`),
  'lib/core/model.ts',
];
const USE_CASES = [
  'lib/watch.ts',
  'lib/decide.ts',
  ...readdirSync(new URL('../../lib/decision/', import.meta.url)).map((f) => `lib/decision/${f}`),
  'lib/alert.ts',
  'lib/report/gather.ts',
];

describe('the ports', () => {
  it.each(PORT_FILES)('%s names no provider and imports no SDK', (path) => {
    const source = code(path);

    expect(source).not.toMatch(/@aws-sdk|lookout|\bl4e\b|sitewise/i);
  });

  it.each(USE_CASES)('%s reaches services only through lib/ports.ts', (path) => {
    const imports = [...read(path).matchAll(/from '([^']+)'/g)].map((m) => m[1]);

    expect(imports.filter((i) => /@aws-sdk|\/adapters\/|\/clients\//.test(i ?? ''))).toEqual([]);
  });
});
