// Section 3, first half: each Lambda function bundled exactly as serverless.yml's custom.esbuild asks, and
// the same code transpiled file by file (no bundling) to compare cold starts against.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { loadServerlessConfigWithScripts, type ServerlessConfig } from '../aws/index.js';

export class BenchBundleError extends Error {
  override name = 'BenchBundleError';
}

export interface FunctionBundle {
  /** The function's key in serverless.yml. */
  functionName: string;
  /** The handler's file name without extension, e.g. `poll-models`. */
  file: string;
  handlerExport: string;
  bundlePath: string;
  bundleBytes: number;
  gzipBytes: number;
  sourceMapBytes: number;
  /** Source files (project and dependencies) that went into the bundle. */
  inputs: number;
  unbundledPath: string;
  /** The function's environment from serverless.yml, CloudFormation references replaced by placeholders. */
  env: Record<string, string>;
}

export interface BundleSet {
  /** custom.esbuild as written in serverless.yml. */
  settings: Record<string, unknown>;
  functions: FunctionBundle[];
  unbundledFiles: number;
}

// serverless-esbuild options that only steer packaging, never what goes into the bundle.
const PACKAGING_ONLY = new Set([
  'packager',
  'packagerOptions',
  'installExtraArgs',
  'keepOutputDirectory',
  'nativeZip',
  'zipConcurrency',
  'concurrency',
  'watch',
  'outputWorkFolder',
  'outputBuildFolder',
  'disableIncremental',
  'disposeContext',
]);
// serverless-esbuild options that load code of their own: reproducing them here would be guesswork.
const UNSUPPORTED = new Set(['config', 'skipBuild', 'skipRebuild', 'nodeExternals']);

/**
 * esbuild options equivalent to serverless-esbuild's reading of custom.esbuild: its own keys translated
 * (exclude → external, outputFileExtension → outExtension), packaging keys dropped, the rest passed to
 * esbuild as written (esbuild refuses an option it does not know).
 */
export function esbuildOptionsFrom(settings: Record<string, unknown>): BuildOptions {
  const unsupported = Object.keys(settings).filter((key) => UNSUPPORTED.has(key));
  if (unsupported.length > 0) {
    throw new BenchBundleError(
      `custom.esbuild sets ${unsupported.join(', ')}, which the benchmark does not reproduce`,
    );
  }
  // `plugins` names a file of plugins: loadPlugins reads it.
  const { exclude, outputFileExtension, external, plugins: _plugins, ...rest } = settings;
  const passed = Object.fromEntries(Object.entries(rest).filter(([key]) => !PACKAGING_ONLY.has(key)));
  const extension = String(outputFileExtension ?? '.js');
  return {
    ...(passed as BuildOptions),
    outExtension: extension === '.js' ? {} : { '.js': extension },
    external: [...((external as string[] | undefined) ?? []), ...((exclude as string[] | undefined) ?? [])],
  };
}

/**
 * The plugins of custom.esbuild.plugins, loaded as serverless-esbuild loads them: a file of the service,
 * required, whose export (or default export) is the list, or a function of the service returning it.
 */
export function loadPlugins(root: string, setting: unknown): Plugin[] {
  if (setting === undefined) return [];
  if (typeof setting !== 'string') {
    throw new BenchBundleError('custom.esbuild.plugins must name a file of the service');
  }
  const loaded: unknown = createRequire(join(root, 'package.json'))(join(root, setting));
  const exported =
    typeof loaded === 'object' && loaded !== null && 'default' in loaded ? loaded.default : loaded;
  if (typeof exported === 'function') {
    throw new BenchBundleError(
      `${setting} exports a function of the service, which the benchmark cannot call`,
    );
  }
  if (!Array.isArray(exported)) throw new BenchBundleError(`${setting} exports no list of esbuild plugins`);
  // serverless-esbuild hands the list to esbuild as it is; esbuild checks each plugin's shape.
  return exported as Plugin[];
}

function placeholderEnv(config: ServerlessConfig, functionName: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    config.resolve(config.functionEnvironment(functionName)) as object,
  )) {
    // `!Ref Bus` and friends only exist once deployed; any non-empty name satisfies the config reader.
    env[key] = typeof value === 'object' && value !== null ? `bench-${key.toLowerCase()}` : String(value);
  }
  return env;
}

function projectSources(root: string): string[] {
  return ['functions', 'lib'].flatMap((dir) =>
    (readdirSync(join(root, dir), { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
      .map((file) => join(root, dir, file)),
  );
}

export async function buildBundles(root: string, outDir: string): Promise<BundleSet> {
  // The scripts resolve `${file(./infra/*.cjs):key}` variables (PROVIDERS, for one) as packaging would.
  const config = await loadServerlessConfigWithScripts(join(root, 'serverless.yml'), 'bench');
  const custom = (config.raw.custom as Record<string, unknown> | undefined)?.esbuild;
  if (typeof custom !== 'object' || custom === null)
    throw new BenchBundleError('serverless.yml has no custom.esbuild');
  const settings = config.resolve(custom) as Record<string, unknown>;
  const options = esbuildOptionsFrom(settings);

  const sources = projectSources(root);
  const unbundledDir = join(outDir, 'unbundled');
  await build({
    entryPoints: sources,
    outdir: unbundledDir,
    outbase: root,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: options.target,
    logLevel: 'silent',
  });

  const functions: FunctionBundle[] = [];
  const functionsConfig = config.raw.functions as Record<string, { handler?: unknown }>;
  for (const functionName of config.functionNames()) {
    const handler = String(config.resolve(functionsConfig[functionName]?.handler));
    const dot = handler.lastIndexOf('.');
    const modulePath = handler.slice(0, dot);
    const file = basename(modulePath);
    const bundleDir = join(outDir, 'bundled', file);
    const result = await build({
      ...options,
      // serverless-esbuild builds in the service directory; relative aliases resolve from there.
      absWorkingDir: root,
      plugins: loadPlugins(root, settings.plugins),
      entryPoints: [join(root, `${modulePath}.ts`)],
      outdir: bundleDir,
      entryNames: '[name]',
      metafile: true,
      logLevel: 'silent',
    });
    const bundlePath = join(bundleDir, `${file}${options.outExtension?.['.js'] ?? '.js'}`);
    const code = readFileSync(bundlePath);
    const mapPath = `${bundlePath}.map`;
    functions.push({
      functionName,
      file,
      handlerExport: handler.slice(dot + 1),
      bundlePath,
      bundleBytes: code.length,
      gzipBytes: gzipSync(code).length,
      sourceMapBytes: options.sourcemap ? statSync(mapPath).size : 0,
      inputs: Object.keys(result.metafile.inputs).length,
      unbundledPath: join(unbundledDir, `${relative(root, join(root, modulePath))}.js`),
      env: placeholderEnv(config, functionName),
    });
  }
  return { settings, functions, unbundledFiles: sources.length };
}

/** Sizes of packaged function zips, when `npm run package` has left them in .serverless/. */
export function packagedZips(root: string): Array<{ file: string; bytes: number }> {
  const dir = join(root, '.serverless');
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((file) => file.endsWith('.zip'))
    .sort()
    .map((file) => ({ file, bytes: statSync(join(dir, file)).size }));
}
