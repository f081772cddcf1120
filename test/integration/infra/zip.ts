// Extracts the function zips `osls package` writes (stored or deflated entries), so the tests can load
// the bundles exactly as Lambda receives them.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { inflateRawSync } from 'node:zlib';

export class ZipReadError extends Error {
  override name = 'ZipReadError';
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_ENTRY = 0x02014b50;
const END_RECORD = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;

function endRecordOffset(zip: Buffer): number {
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i -= 1) {
    if (zip.readUInt32LE(i) === END_RECORD) return i;
  }
  throw new ZipReadError('not a zip file');
}

/** Writes every entry of `zipPath` under `target`; returns the entry names. */
export function extractZip(zipPath: string, target: string): string[] {
  const zip = readFileSync(zipPath);
  const end = endRecordOffset(zip);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i += 1) {
    if (zip.readUInt32LE(offset) !== CENTRAL_ENTRY)
      throw new ZipReadError(`${zipPath}: bad central directory`);
    const method = zip.readUInt16LE(offset + 10);
    const size = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (zip.readUInt32LE(localOffset) !== LOCAL_HEADER)
      throw new ZipReadError(`${zipPath}: bad entry ${name}`);
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    if (method !== STORED && method !== DEFLATED) {
      throw new ZipReadError(`${zipPath}: ${name} uses compression method ${method}`);
    }
    const path = normalize(join(target, name));
    if (!path.startsWith(normalize(target))) throw new ZipReadError(`${zipPath}: ${name} leaves the target`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, method === DEFLATED ? inflateRawSync(data) : data);
    names.push(name);
  }
  return names;
}
