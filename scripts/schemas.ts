// `npm run schemas`: writes events/schemas/*.json from the zod schemas of the event contract
// (lib/core/contract), formatted as Biome formats them. test/unit/schemas.test.ts fails when the
// committed files differ from what this writes.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventSchemaFiles } from './event-schemas.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'events', 'schemas');

const files = eventSchemaFiles();
const names = new Set(files.map((f) => f.file));
// A detail type that left the contract takes its file with it.
for (const stale of readdirSync(dir).filter((f) => f.endsWith('.json') && !names.has(f))) {
  rmSync(join(dir, stale));
}
for (const { file, schema } of files) writeFileSync(join(dir, file), `${JSON.stringify(schema, null, 2)}\n`);

const paths = files.map((f) => join(dir, f.file));
const biome = spawnSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', ...paths], {
  stdio: 'inherit',
});
if (biome.status !== 0) {
  process.stderr.write('schemas: written, but Biome could not format them\n');
  process.exit(1);
}
process.stdout.write(`schemas: wrote ${files.length} files to events/schemas/\n`);
