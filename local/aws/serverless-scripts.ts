// `${file(./infra/x.cjs):key}`: Serverless runs a JavaScript file's exported function, with a
// `resolveVariable` that resolves any other variable of the service, and reads `key` of what it returns.
// Those functions are asynchronous and the local resolver is not, so the scripts a service uses are run
// once, up front, and their results looked up afterwards.
import { createRequire } from 'node:module';
import { resolve as resolvePath } from 'node:path';
import { isPlainObject } from './json.js';
import { ServerlessConfigError } from './serverless-shapes.js';

const SCRIPT_REFERENCE = /\$\{file\(([^)]+\.(?:c|m)?js)\)/g;

export function isScriptPath(path: string): boolean {
  return /\.(c|m)?js$/i.test(path);
}

/** The script paths (as written) that `${file(…)}` variables anywhere in `value` name. */
export function scriptReferences(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (item: unknown): void => {
    if (typeof item === 'string') {
      for (const match of item.matchAll(SCRIPT_REFERENCE)) found.add((match[1] ?? '').trim());
    } else if (Array.isArray(item)) {
      item.forEach(visit);
    } else if (isPlainObject(item)) {
      Object.values(item).forEach(visit);
    }
  };
  visit(value);
  return [...found];
}

export interface ScriptContext {
  baseDir: string;
  options: { stage: string; region: string; param?: string[] };
  /** Resolves `source:address` (no `${…}`) as the service's other variables; throws when it cannot. */
  resolveVariable(expression: string): unknown;
}

/** Runs each script once and returns its result by absolute path. */
export async function runScripts(
  paths: readonly string[],
  context: ScriptContext,
): Promise<Map<string, unknown>> {
  const load = createRequire(resolvePath(context.baseDir, 'serverless.yml'));
  const results = new Map<string, unknown>();
  for (const path of paths) {
    const full = resolvePath(context.baseDir, path);
    let exported: unknown;
    try {
      exported = load(full);
    } catch (error) {
      throw new ServerlessConfigError(`cannot load ${path}`, { cause: error });
    }
    const result =
      typeof exported === 'function'
        ? await exported({
            options: context.options,
            resolveVariable: async (expression: string) => context.resolveVariable(expression),
            resolveConfigurationProperty: async (keys: string[]) =>
              context.resolveVariable(`self:${keys.join('.')}`),
          })
        : exported;
    results.set(full, result);
  }
  return results;
}
