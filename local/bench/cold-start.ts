// Section 3, second half: init time of each function = time to `await import()` its module in a fresh
// node process, measured inside that process, for the unbundled code and the bundle.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionBundle } from './bundles.js';
import { median } from './stats.js';

export class ColdStartError extends Error {
  override name = 'ColdStartError';
}

export type InitVariant = 'unbundled' | 'bundled' | 'deployed';

export const INIT_VARIANTS: readonly InitVariant[] = ['unbundled', 'bundled', 'deployed'];

export interface InitTimes {
  functionName: string;
  file: string;
  /** Milliseconds per run, by variant. */
  samples: Record<InitVariant, number[]>;
  median: Record<InitVariant, number>;
}

const TIMER = `const target = process.argv[2];
const exported = process.argv[3];
const start = performance.now();
const mod = await import(target);
const ms = performance.now() - start;
if (typeof mod[exported] !== 'function') {
  process.stderr.write('the module has no ' + exported + ' function\\n');
  process.exit(2);
}
process.stdout.write(JSON.stringify({ ms }) + '\\n');
process.exit(0);
`;

const CHILD_TIMEOUT_MS = 60_000;

function runChild(node: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(node, args, { env, timeout: CHILD_TIMEOUT_MS }, (error, stdout, stderr) => {
      if (error) {
        reject(new ColdStartError(`node ${args.join(' ')} failed: ${stderr.trim()}`, { cause: error }));
        return;
      }
      const line = stdout.trim().split('\n').pop() ?? '';
      const ms = (JSON.parse(line) as { ms?: unknown }).ms;
      if (typeof ms !== 'number') reject(new ColdStartError(`unexpected timer output: ${line}`));
      else resolve(ms);
    });
  });
}

function variantRun(fn: FunctionBundle, variant: InitVariant): { path: string; env: NodeJS.ProcessEnv } {
  const base: NodeJS.ProcessEnv = { ...process.env, ...fn.env, AWS_REGION: 'us-east-1' };
  // Only the deployed variant keeps serverless.yml's NODE_OPTIONS (--enable-source-maps), so the other two
  // compare bundling alone; nothing from the caller's NODE_OPTIONS (loaders, inspectors) reaches a child.
  if (variant === 'deployed') return { path: fn.bundlePath, env: base };
  return {
    path: variant === 'bundled' ? fn.bundlePath : fn.unbundledPath,
    env: { ...base, NODE_OPTIONS: '' },
  };
}

export async function measureInitTimes(
  functions: readonly FunctionBundle[],
  options: { runs: number; workDir: string; progress(message: string): void },
): Promise<InitTimes[]> {
  const timer = join(options.workDir, 'import-timer.mjs');
  writeFileSync(timer, TIMER);
  const times = functions.map((fn) => ({
    functionName: fn.functionName,
    file: fn.file,
    samples: { unbundled: [], bundled: [], deployed: [] } as Record<InitVariant, number[]>,
  }));
  // Runs interleave functions and variants so drift on the machine spreads over all of them alike.
  for (let run = 0; run < options.runs; run++) {
    for (const [i, fn] of functions.entries()) {
      for (const variant of INIT_VARIANTS) {
        const { path, env } = variantRun(fn, variant);
        const ms = await runChild(process.execPath, [timer, pathToFileURL(path).href, fn.handlerExport], env);
        times[i]?.samples[variant].push(ms);
      }
    }
    options.progress(`cold starts: run ${run + 1}/${options.runs}`);
  }
  return times.map((t) => ({
    ...t,
    median: {
      unbundled: median(t.samples.unbundled),
      bundled: median(t.samples.bundled),
      deployed: median(t.samples.deployed),
    },
  }));
}
