// Source maps of the project's own code: the esbuild plugin of the function bundles.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface SourceMap {
  sources: string[];
  names: string[];
  mappings: string;
}
type Segment = number[];

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const maps = require('../../../infra/source-maps.cjs') as {
  decodeMappings(mappings: string): Segment[][];
  encodeMappings(lines: Segment[][]): string;
  keepProjectMappings(map: SourceMap): SourceMap;
  projectSourceMaps(): Plugin;
};

// Project code that calls into a dependency bundled from node_modules.
const ENTRY = `import middy from '@middy/core';
export function projectCode(size: number) {
  if (size < 0) throw new RangeError('size is negative');
  return middy(() => size);
}
`;

const options: BuildOptions = {
  stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'lib/entry.ts', loader: 'ts' },
  bundle: true,
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'silent',
  outfile: 'entry.mjs',
};

/** The segment a generated position falls in: the last one of its line at or before its column. */
function lookup(lines: Segment[][], line: number, column: number): Segment | undefined {
  return (lines[line] ?? []).filter((segment) => (segment[0] ?? 0) <= column).at(-1);
}

/**
 * Checks every segment of `original` in `trimmed`: project code keeps its source position, source and
 * name; dependency code is never attributed to the project code before it. Counts each kind.
 */
function assessSegments(original: SourceMap, trimmed: SourceMap): { project: number; dependency: number } {
  const after = maps.decodeMappings(trimmed.mappings);
  let project = 0;
  let dependency = 0;
  for (const [line, segments] of maps.decodeMappings(original.mappings).entries()) {
    for (const [column = 0, source = -1, sourceLine, sourceColumn, name] of segments) {
      const found = lookup(after, line, column);
      if (original.sources[source] !== 'lib/entry.ts') {
        dependency += 1;
        expect(found === undefined || found.length === 1).toBe(true);
        continue;
      }
      project += 1;
      expect(found?.slice(2, 4)).toEqual([sourceLine, sourceColumn]);
      expect(trimmed.sources[found?.[1] ?? -1]).toBe('lib/entry.ts');
      if (name !== undefined) expect(trimmed.names[found?.[4] ?? -1]).toBe(original.names[name]);
    }
  }
  return { project, dependency };
}

describe('project source maps', () => {
  let original: SourceMap;
  let dir = '';
  beforeAll(async () => {
    const result = await build({ ...options, write: false, absWorkingDir: ROOT });
    const map = result.outputFiles.find((file) => file.path.endsWith('.map'));
    original = JSON.parse(map?.text ?? '{}') as SourceMap;
    dir = mkdtempSync(join(tmpdir(), 'source-maps-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('decodes and encodes mappings without changing them', () => {
    // Act
    const lines = maps.decodeMappings(original.mappings);

    // Assess
    expect(lines.flat().length).toBeGreaterThan(100);
    expect(maps.encodeMappings(lines)).toBe(original.mappings);
  });

  it("keeps every mapping of the project's code and leaves the dependencies' code unmapped", () => {
    // Act
    const trimmed = maps.keepProjectMappings(original);

    // Assess
    expect(original.sources.some((source) => source.includes('node_modules/'))).toBe(true);
    expect(trimmed.sources).toEqual(['lib/entry.ts']);
    expect(trimmed.mappings.length).toBeLessThan(original.mappings.length / 4);
    const { project, dependency } = assessSegments(original, trimmed);
    expect(project).toBeGreaterThan(5);
    expect(dependency).toBeGreaterThan(100);
  });

  it('ends a project mapping where dependency code starts, and drops unused sources and names', () => {
    // Prepare: one line of project code, dependency code, project code; a line of dependency code.
    const map = {
      version: 3,
      sources: ['node_modules/dep/index.js', 'lib/a.ts'],
      names: ['dependencyName', 'projectName'],
      mappings: maps.encodeMappings([
        [
          [0, 1, 0, 0],
          [10, 0, 5, 0, 0],
          [12, 0, 6, 0],
          [20, 1, 1, 0, 1],
        ],
        [[0, 0, 7, 0]],
      ]),
    };

    // Act
    const trimmed = maps.keepProjectMappings(map);

    // Assess
    expect(trimmed.sources).toEqual(['lib/a.ts']);
    expect(trimmed.names).toEqual(['projectName']);
    expect(maps.decodeMappings(trimmed.mappings)).toEqual([[[0, 0, 0, 0], [10], [20, 0, 1, 0, 0]], []]);
  });

  it('rewrites the maps a build writes, through the esbuild plugin', async () => {
    // Act
    await build({
      ...options,
      outfile: join(dir, 'entry.mjs'),
      absWorkingDir: ROOT,
      plugins: [maps.projectSourceMaps()],
    });
    const written = JSON.parse(readFileSync(join(dir, 'entry.mjs.map'), 'utf8')) as SourceMap;

    // Assess
    expect(written.sources).toHaveLength(1);
    expect(written.sources[0]).toMatch(/lib\/entry\.ts$/);
    expect(written.mappings.length).toBeLessThan(original.mappings.length / 4);
  });
});
