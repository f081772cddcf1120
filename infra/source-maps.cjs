'use strict';
// Source maps of the project's own code. A function's stack trace needs the frames of functions/ and lib/
// mapped to their TypeScript lines; mapping the bundled dependencies too (the AWS SDK, Powertools, zod)
// made each map about 1.6 times its bundle and well over half of each function zip. The esbuild plugin
// below rewrites every source map a build writes so that it keeps the mappings of the project's sources
// and marks the code of node_modules as unmapped: a frame there shows its position in the bundle, never
// a wrong project line. Used from serverless.yml (custom.esbuild.plugins) and by `npm run bench`.
const { readFileSync, writeFileSync } = require('node:fs');
const { resolve } = require('node:path');

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((char, i) => [char, i]));

class SourceMapError extends Error {
  constructor(message) {
    super(message);
    this.name = 'SourceMapError';
  }
}

/** The integers of one Base64 VLQ segment. */
function decodeSegment(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char);
    if (digit === undefined)
      throw new SourceMapError(`invalid character ${JSON.stringify(char)} in mappings`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function encodeValue(value) {
  let rest = value < 0 ? -value * 2 + 1 : value * 2;
  let text = '';
  do {
    const digit = rest % 32;
    rest = Math.floor(rest / 32);
    text += BASE64[rest > 0 ? digit + 32 : digit];
  } while (rest > 0);
  return text;
}

/**
 * Decoded mappings: one array per generated line of segments with absolute values, `[column]` (unmapped)
 * or `[column, source, line, column]` with an optional `name`.
 */
function decodeMappings(mappings) {
  const state = [0, 0, 0, 0];
  return mappings.split(';').map((line) => {
    let column = 0;
    return line
      .split(',')
      .filter((segment) => segment !== '')
      .map((segment) => {
        const values = decodeSegment(segment);
        if (![1, 4, 5].includes(values.length))
          throw new SourceMapError(`a segment of ${values.length} fields`);
        column += values[0];
        if (values.length === 1) return [column];
        for (let i = 1; i < values.length; i += 1) state[i - 1] += values[i];
        return values.length === 5
          ? [column, state[0], state[1], state[2], state[3]]
          : [column, state[0], state[1], state[2]];
      });
  });
}

function encodeMappings(lines) {
  const state = [0, 0, 0, 0];
  return lines
    .map((segments) => {
      let column = 0;
      return segments
        .map((segment) => {
          let text = encodeValue(segment[0] - column);
          column = segment[0];
          for (let i = 1; i < segment.length; i += 1) {
            text += encodeValue(segment[i] - state[i - 1]);
            state[i - 1] = segment[i];
          }
          return text;
        })
        .join(',');
    })
    .join(';');
}

const isDependency = (source) => /(^|[\\/])node_modules[\\/]/.test(source);

/** Numbers the values it is given in the order first seen: old index → new index, and the kept values. */
function renumbering(values) {
  const index = new Map();
  const kept = [];
  return {
    kept,
    of(oldIndex) {
      if (!index.has(oldIndex)) {
        index.set(oldIndex, kept.length);
        kept.push(values[oldIndex]);
      }
      return index.get(oldIndex);
    },
  };
}

/** One generated line's segments, those of sources not kept made unmapped (one run, one segment). */
function rewriteLine(segments, keepSegment, sources, names) {
  const kept = [];
  for (const segment of segments) {
    if (!keepSegment(segment)) {
      if (kept.at(-1)?.length !== 1) kept.push([segment[0]]);
      continue;
    }
    const rewritten = [segment[0], sources.of(segment[1]), segment[2], segment[3]];
    if (segment.length === 5) rewritten.push(names.of(segment[4]));
    kept.push(rewritten);
  }
  // A line that starts unmapped and stays so needs no segment to say it.
  return kept.length === 1 && kept[0].length === 1 && kept[0][0] === 0 ? [] : kept;
}

/**
 * The map with the mappings of the sources `keep` accepts (by default, all but node_modules), the others'
 * segments made unmapped, and only the sources and names still used.
 */
function keepProjectMappings(map, keep = (source) => !isDependency(source)) {
  const allSources = map.sources ?? [];
  const sources = renumbering(allSources);
  const names = renumbering(map.names ?? []);
  const keepSegment = (segment) =>
    segment.length > 1 && allSources[segment[1]] !== undefined && keep(allSources[segment[1]]);
  const lines = decodeMappings(map.mappings ?? '').map((segments) =>
    rewriteLine(segments, keepSegment, sources, names),
  );
  const { sourcesContent, ...rest } = map;
  const result = { ...rest, sources: sources.kept, names: names.kept, mappings: encodeMappings(lines) };
  if (Array.isArray(sourcesContent)) {
    result.sourcesContent = sources.kept.map((source) => sourcesContent[allSources.indexOf(source)] ?? null);
  }
  return result;
}

/** The esbuild plugin: after each build, every source map written is rewritten by keepProjectMappings. */
function projectSourceMaps() {
  return {
    name: 'project-source-maps',
    setup(build) {
      if (build.initialOptions.write === false) {
        throw new SourceMapError(
          'project-source-maps rewrites the maps a build writes; it needs write: true',
        );
      }
      // The metafile names the files the build wrote.
      build.initialOptions.metafile = true;
      const cwd = build.initialOptions.absWorkingDir ?? process.cwd();
      build.onEnd((result) => {
        if (result.errors.length > 0 || !result.metafile) return;
        for (const output of Object.keys(result.metafile.outputs)) {
          if (!output.endsWith('.map')) continue;
          const path = resolve(cwd, output);
          writeFileSync(path, JSON.stringify(keepProjectMappings(JSON.parse(readFileSync(path, 'utf8')))));
        }
      });
    },
  };
}

module.exports = { SourceMapError, decodeMappings, encodeMappings, keepProjectMappings, projectSourceMaps };
