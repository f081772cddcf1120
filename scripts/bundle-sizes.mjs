#!/usr/bin/env node
// Size budget of each packaged function: reads the function zips of a packaged service directory
// (`osls package` output, default `.serverless/`), prints function, zip bytes, unzipped bytes, budget
// and status, and exits 1 when a zip is over its budget, has no budget, carries classic zod, or cannot
// be read.
//
//   node scripts/bundle-sizes.mjs [DIR] [--budget FUNCTION=BYTES]...
//
// Zip bytes are what Lambda downloads on a cold start, so that is what the budget limits.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const KIB = 1024;

// Zipped sizes, source map included, before the diet: pollModels 373 KB, applyPolicy 641 KB, notify 646 KB,
// reportWidget 646 KB; classic zod was 455 KB of the last three's code and the SDK's full credential chain
// (STS, SSO and sign-in clients) 130 KB of every function's. After it: pollModels 128 KB, applyPolicy 163 KB,
// notify 175 KB, reportWidget 159 KB (zod/mini imported as a namespace, the credentials Lambda puts in the
// environment, source maps of the project's own code; docs/benchmarks.md). Each budget leaves about 25%
// for ordinary growth and none for classic zod, zod/mini's 40-odd locales (`import { z }` keeps them all:
// +90 KB), the credential chain or a second SDK copy. Every budget stays at or under 300 KB.
// The functions that reach the providers carry the IoT SiteWise and S3 clients too since the second
// provider (whatever PROVIDERS turns on, the bundle is the same): pollModels 248 KB, applyPolicy 268 KB,
// reportWidget 265 KB; their budgets are the 300 KB ceiling.
// The fleet's functions: dispatchTargets 136 KB (SSM, DynamoDB and SQS clients), pollTarget 285 KB (every
// provider's clients, as pollModels, and the STS client its targets' reader roles are assumed with).
export const BUDGETS = {
  pollModels: 300 * KIB,
  dispatchTargets: 180 * KIB,
  pollTarget: 300 * KIB,
  applyPolicy: 300 * KIB,
  notify: 220 * KIB,
  reportWidget: 300 * KIB,
};

// Classic zod's base schema, ZodType, is built by `$constructor("ZodType", …)`; the name survives
// minification. zod/mini's is "ZodMiniType" and zod's core "$ZodType", so the quoted name is classic zod.
const CLASSIC_ZOD = /["'`]ZodType["'`]/;

export class BundleSizeError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'BundleSizeError';
  }
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const ZIP64_MARKER = 0xffffffff;

/** The entries of a zip file's central directory: name, compressed and uncompressed size. */
export function zipEntries(buffer, name = 'zip') {
  // The end record is 22 bytes plus a comment of at most 65535 bytes, at the very end of the file.
  const earliest = Math.max(0, buffer.length - 22 - 0xffff);
  let end = -1;
  for (let i = buffer.length - 22; i >= earliest; i -= 1) {
    if (buffer.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new BundleSizeError(`${name} is not a zip file (no end of central directory)`);
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i += 1) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) {
      throw new BundleSizeError(`${name} has a damaged central directory (entry ${i + 1} of ${count})`);
    }
    const compressed = buffer.readUInt32LE(offset + 20);
    const uncompressed = buffer.readUInt32LE(offset + 24);
    if (compressed === ZIP64_MARKER || uncompressed === ZIP64_MARKER) {
      throw new BundleSizeError(`${name} is a ZIP64 archive, far beyond any Lambda bundle budget`);
    }
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    entries.push({
      name: buffer.toString('utf8', offset + 46, offset + 46 + nameLength),
      method: buffer.readUInt16LE(offset + 10),
      compressed,
      uncompressed,
      localHeader: buffer.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const STORED = 0;
const DEFLATED = 8;

/** The bytes of one entry (stored or deflated), read through its local header. */
export function entryData(buffer, entry, name = 'zip') {
  const start = entry.localHeader;
  if (start + 30 > buffer.length || buffer.readUInt32LE(start) !== 0x04034b50) {
    throw new BundleSizeError(`${name} has a damaged local header for ${entry.name}`);
  }
  const dataStart = start + 30 + buffer.readUInt16LE(start + 26) + buffer.readUInt16LE(start + 28);
  const data = buffer.subarray(dataStart, dataStart + entry.compressed);
  if (entry.method === STORED) return data;
  if (entry.method === DEFLATED) return inflateRawSync(data);
  throw new BundleSizeError(`${name}: ${entry.name} uses compression method ${entry.method}`);
}

/** Whether any JavaScript file of the zip carries classic zod. */
export function carriesClassicZod(buffer, entries, name = 'zip') {
  return entries
    .filter((entry) => /\.[cm]?js$/.test(entry.name))
    .some((entry) => CLASSIC_ZOD.test(entryData(buffer, entry, name).toString('utf8')));
}

function status(zipBytes, budget, classicZod) {
  if (budget === undefined) return 'NO BUDGET';
  if (zipBytes > budget) return 'OVER';
  return classicZod ? 'CLASSIC ZOD' : 'OK';
}

/** One row per function zip in `dir`, sorted by function name. */
export function measure(dir, budgets = BUDGETS) {
  let files;
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.zip'));
  } catch (error) {
    throw new BundleSizeError(`cannot read ${dir}: run "npx osls package" first`, { cause: error });
  }
  if (files.length === 0)
    throw new BundleSizeError(`no function zips in ${dir}: run "npx osls package" first`);
  return files.sort().map((file) => {
    const functionName = basename(file, '.zip');
    const buffer = readFileSync(join(dir, file));
    const entries = zipEntries(buffer, file);
    const unzipped = entries.reduce((sum, entry) => sum + entry.uncompressed, 0);
    const budget = budgets[functionName];
    const classicZod = carriesClassicZod(buffer, entries, file);
    return {
      functionName,
      zipBytes: buffer.length,
      unzippedBytes: unzipped,
      budget,
      classicZod,
      status: status(buffer.length, budget, classicZod),
    };
  });
}

const number = (value) => (value === undefined ? '–' : value.toLocaleString('en-US'));

/** The table printed to stdout. */
export function formatTable(rows) {
  const header = ['function', 'zip bytes', 'unzipped bytes', 'budget', 'status'];
  const cells = rows.map((row) => [
    row.functionName,
    number(row.zipBytes),
    number(row.unzippedBytes),
    number(row.budget),
    row.status,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((cell) => cell[i].length)));
  // Names and status read left-aligned, numbers right-aligned.
  const line = (cell) =>
    cell
      .map((text, i) => (i === 0 || i === 4 ? text.padEnd(widths[i]) : text.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...cells.map(line)].join('\n');
}

export function parseArguments(args) {
  const budgets = { ...BUDGETS };
  let dir = '.serverless';
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--budget') {
      const match = /^([^=]+)=(\d+)$/.exec(args[i + 1] ?? '');
      if (!match) throw new BundleSizeError('--budget takes FUNCTION=BYTES, e.g. --budget notify=1048576');
      budgets[match[1]] = Number(match[2]);
      i += 1;
    } else if (arg.startsWith('-')) {
      throw new BundleSizeError(
        `unknown option ${arg}; usage: bundle-sizes.mjs [DIR] [--budget FUNCTION=BYTES]...`,
      );
    } else {
      dir = arg;
    }
  }
  return { dir, budgets };
}

function problems(row) {
  const found = [];
  if (row.status === 'NO BUDGET')
    found.push(`${row.functionName}: no size budget; add one to BUDGETS in scripts/bundle-sizes.mjs`);
  if (row.status === 'OVER')
    found.push(
      `${row.functionName}: ${number(row.zipBytes)} bytes is over its budget of ${number(row.budget)}`,
    );
  if (row.classicZod)
    found.push(
      `${row.functionName}: the bundle carries classic zod; code in lib/ and functions/ imports zod/mini`,
    );
  return found;
}

function main(args) {
  try {
    const { dir, budgets } = parseArguments(args);
    const rows = measure(dir, budgets);
    console.log(formatTable(rows));
    const found = rows.flatMap(problems);
    for (const line of found) console.error(line);
    return found.length === 0 ? 0 : 1;
  } catch (error) {
    console.error(error instanceof BundleSizeError ? error.message : error);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
