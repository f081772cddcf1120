// Golden files for CLI output: compared byte for byte, rewritten only when UPDATE_GOLDEN=1.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './harness.js';

const GOLDEN_DIR = join(ROOT, 'test', 'golden', 'cli');

export async function expectGolden(name: string, actual: string): Promise<void> {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, actual);
    return;
  }
  if (!existsSync(path)) {
    throw new Error(`golden file ${path} is missing; run the test with UPDATE_GOLDEN=1 to create it`);
  }
  expect(actual).toBe(await readFile(path, 'utf8'));
}

/** Every line of a table output fits an 80-column terminal. */
export function expectFits80(text: string): void {
  const wide = text.split('\n').filter((line) => [...line].length > 80);
  expect(wide).toEqual([]);
}
