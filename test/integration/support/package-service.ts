// `osls package` for a copy of the service: it empties the service's .serverless/ even when told to write
// elsewhere with --package, and shares .esbuild/ with any other packaging run, so each run gets its own
// copy under .tmp/ (node_modules linked, not copied).
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { CfnTemplate } from '../infra/template-model.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVICE_FILES = [
  'serverless.yml',
  'package.json',
  'tsconfig.json',
  'functions',
  'lib',
  'events',
  'infra',
];
const TEMPLATE_FILE = 'cloudformation-template-update-stack.json';

const templateSchema = z.object({
  Resources: z.record(
    z.string(),
    z.looseObject({
      Type: z.string(),
      Properties: z.record(z.string(), z.unknown()).optional(),
      Condition: z.string().optional(),
      DependsOn: z.unknown().optional(),
    }),
  ),
  Outputs: z.record(z.string(), z.unknown()).optional(),
  Conditions: z.record(z.string(), z.unknown()).optional(),
});

export interface PackagedService {
  template: CfnTemplate;
  /** The packaged template as `osls package` wrote it, until `remove`. */
  templateFile: string;
  /** Removes the copy and the package. */
  remove(): void;
}

/** Packages the service for `stage` in us-east-1 with `--param name=value` for each of `params`. */
export async function packageService(
  stage: string,
  params: Readonly<Record<string, string>> = {},
): Promise<PackagedService> {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const work = mkdtempSync(join(ROOT, '.tmp', 'package-'));
  const remove = () => rmSync(work, { recursive: true, force: true });
  try {
    const service = join(work, 'service');
    for (const entry of SERVICE_FILES) cpSync(join(ROOT, entry), join(service, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(service, 'node_modules'), 'dir');
    const out = join(work, 'package');
    const paramArgs = Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`]);
    await run(
      'npx',
      ['osls', 'package', '--stage', stage, '--region', 'us-east-1', '--package', out, ...paramArgs],
      { cwd: service, timeout: 170_000 },
    );
    const templateFile = join(out, TEMPLATE_FILE);
    const template: CfnTemplate = templateSchema.parse(JSON.parse(readFileSync(templateFile, 'utf8')));
    return { template, templateFile, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
