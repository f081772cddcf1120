// Bundles the operations CLI into one executable ES module: dist/cli.mjs (the package's `bin`).
import { chmod } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Bundled CommonJS dependencies call require(); an ES module has none unless it makes one.
const banner = [
  '#!/usr/bin/env node',
  "import { createRequire as __l4eCreateRequire } from 'node:module';",
  'const require = __l4eCreateRequire(import.meta.url);',
].join('\n');

/** Builds dist/cli.mjs; resolves to its path. */
export async function buildCli({ outfile = join(root, 'dist', 'cli.mjs'), logLevel = 'warning' } = {}) {
  await build({
    entryPoints: [join(root, 'lib', 'cli', 'main.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: banner },
    legalComments: 'none',
    logLevel,
  });
  await chmod(outfile, 0o755);
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outfile = await buildCli({ logLevel: 'info' });
  process.stdout.write(`built ${outfile}\n`);
}
