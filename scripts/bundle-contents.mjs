#!/usr/bin/env node
// What each function bundle is made of: builds every function as serverless.yml's custom.esbuild asks
// (alias and plugins included) into a temporary directory and prints, per function, the bytes of
// bundle and source map, then the packages (and project folders) by bytes in the minified bundle.
//
//   node scripts/bundle-contents.mjs [FUNCTION_FILE...] [--top N]
//
// e.g. `node scripts/bundle-contents.mjs notify --top 10`. Quicker than `npx osls package` when looking
// for what to cut; the zips themselves are measured by scripts/bundle-sizes.mjs.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { parseDocument } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// serverless-esbuild's own keys; everything else in custom.esbuild goes to esbuild as written.
const PLUGIN_KEYS = [
  'exclude',
  'outputFileExtension',
  'packager',
  'concurrency',
  'zipConcurrency',
  'nativeZip',
];

function serverlessSettings() {
  // CloudFormation tags (!Ref, !GetAtt) elsewhere in the file do not matter here.
  const config = parseDocument(readFileSync(join(root, 'serverless.yml'), 'utf8')).toJS();
  const functions = Object.values(config.functions ?? {}).map((fn) => fn.handler.replace(/\.[^.]+$/, ''));
  return { esbuild: config.custom?.esbuild ?? {}, functions };
}

/**
 * `node_modules/@scope/name/…` → `@scope/name` (the innermost, for a copy nested in another package);
 * a project file → its folder (`lib/core`).
 */
export function packageOf(input) {
  const match = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].at(-1);
  if (match) return match[1];
  const parts = input.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : input;
}

async function contents(settings, handler, outdir) {
  const options = Object.fromEntries(Object.entries(settings).filter(([key]) => !PLUGIN_KEYS.includes(key)));
  const plugins =
    typeof settings.plugins === 'string'
      ? createRequire(join(root, 'package.json'))(join(root, settings.plugins))
      : [];
  const extension = settings.outputFileExtension ?? '.js';
  const result = await build({
    ...options,
    plugins,
    external: settings.exclude ?? [],
    outExtension: { '.js': extension },
    absWorkingDir: root,
    entryPoints: [join(root, `${handler}.ts`)],
    outdir,
    metafile: true,
    logLevel: 'warning',
  });
  const bundle = join(outdir, `${basename(handler)}${extension}`);
  const output = Object.entries(result.metafile.outputs).find(([, out]) => out.entryPoint)?.[1];
  const byPackage = new Map();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
  }
  const map = `${bundle}.map`;
  return {
    bundleBytes: statSync(bundle).size,
    mapBytes: settings.sourcemap ? statSync(map).size : 0,
    packages: [...byPackage].sort((a, b) => b[1] - a[1]),
  };
}

async function main(args) {
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 15;
  const wanted = args.filter((arg, i) => !arg.startsWith('--') && i !== topAt + 1);
  const { esbuild, functions } = serverlessSettings();
  const outdir = mkdtempSync(join(tmpdir(), 'bundle-contents-'));
  try {
    for (const handler of functions) {
      if (wanted.length > 0 && !wanted.includes(basename(handler))) continue;
      const found = await contents(esbuild, handler, join(outdir, basename(handler)));
      const number = (value) => value.toLocaleString('en-US');
      console.log(
        `${basename(handler)}: bundle ${number(found.bundleBytes)} bytes, map ${number(found.mapBytes)} bytes`,
      );
      for (const [name, bytes] of found.packages.slice(0, top))
        console.log(`  ${number(bytes).padStart(9)}  ${name}`);
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main(process.argv.slice(2));
}
