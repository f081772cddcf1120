// Bundles the operations CLI into one executable ES module: dist/cli.mjs (the package's `bin`).
import { chmod, rename, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// Bundled CommonJS dependencies call require(); an ES module has none unless it makes one.
const banner = [
  '#!/usr/bin/env node',
  "import { createRequire as __l4eCreateRequire } from 'node:module';",
  'const require = __l4eCreateRequire(import.meta.url);',
].join('\n');

/**
 * Builds dist/cli.mjs; resolves to its path. The bundle is written beside the target and renamed over it,
 * so a build never leaves a half-written file for a command that is starting at that moment.
 */
export async function buildCli({ outfile = join(root, 'dist', 'cli.mjs'), logLevel = 'warning' } = {}) {
  const partial = `${outfile}.${process.pid}.${Date.now()}.partial`;
  await build({
    entryPoints: [join(root, 'cli', 'main.ts')],
    outfile: partial,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: banner },
    legalComments: 'none',
    logLevel,
  });
  await chmod(partial, 0o755);
  await rename(partial, outfile);
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // esbuild's own summary would name the temporary file the bundle is written to before the rename.
  const outfile = await buildCli();
  const { size } = await stat(outfile);
  process.stdout.write(
    `built ${relative(process.cwd(), outfile) || outfile} (${(size / 1024 / 1024).toFixed(1)} MB)\n`,
  );
}
