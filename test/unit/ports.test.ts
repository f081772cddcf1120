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
  'lib/watch-providers.ts',
  'lib/providers.ts',
  'lib/decide.ts',
  ...readdirSync(new URL('../../lib/decision/', import.meta.url)).map((f) => `lib/decision/${f}`),
  'lib/alert.ts',
  'lib/report/gather.ts',
  ...readdirSync(new URL('../../lib/fleet/', import.meta.url)).map((f) => `lib/fleet/${f}`),
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

/** Every .ts file under a folder of lib/, recursively. */
const tree = (folder: string): string[] =>
  readdirSync(new URL(`../../${folder}/`, import.meta.url), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${folder}/${f}`);

// The published contract keeps the first provider's model ARN pattern until its next schema version.
const PUBLISHED_CONTRACT = 'lib/core/contract/fields.ts';
const PROVIDER_NEUTRAL = [
  ...tree('lib/core').filter((f) => f !== PUBLISHED_CONTRACT),
  ...USE_CASES,
  ...tree('lib/report'),
  'lib/triggers.ts',
];

/**
 * A provider's ARN (`arn:aws:lookoutequipment:…`, `arn:aws:iotsitewise:…`), an ARN pattern, a service
 * name compared as a string, a provider's own name pattern, or its error names (SiteWise's conflict is
 * `ConflictingOperationException`, L4E's `ConflictException`): logic only an adapter may hold. Wording
 * that names a provider (`aws lookoutequipment describe-model …` in a suggested command) is not logic.
 */
const PROVIDER_LOGIC = [
  /arn:aws/,
  /:(lookoutequipment|iotsitewise):/,
  /['"`](lookoutequipment|iotsitewise)['"`]/,
  /\[0-9a-zA-Z_-\]\{1,200\}/,
  /['"`]\w+Exception['"`]/,
];

describe('core and use-cases', () => {
  it.each(PROVIDER_NEUTRAL)(
    '%s holds no provider-specific ARN, service name, name pattern or error name',
    (path) => {
      const source = code(path);

      expect(PROVIDER_LOGIC.filter((p) => p.test(source)).map(String)).toEqual([]);
    },
  );
});
