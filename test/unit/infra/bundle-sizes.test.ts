// The bundle check over packaged function zips: the size budget and the absence of classic zod.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { BUDGETS, measure } from '../../../scripts/bundle-sizes.mjs';

interface Row {
  functionName: string;
  zipBytes: number;
  status: string;
}

const KIB = 1024;

/** A zip as archiver writes it: deflated entries, sizes in a data descriptor and the central directory. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const compressed = deflateRawSync(data, { level: 1 });
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 6); // sizes follow in a data descriptor
    local.writeUInt16LE(8, 8); // deflated
    local.writeUInt16LE(nameBytes.length, 26);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(compressed.length, 8);
    descriptor.writeUInt32LE(data.length, 12);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, compressed, descriptor);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length + descriptor.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

// What a bundle keeps of each zod build once minified: the constructor names are string literals.
const CLASSIC_ZOD = 'const a=$c("ZodType",(i,d)=>{});const b=$c("ZodString",(i,d)=>{});';
const MINI_ZOD = 'const a=$c("ZodMiniType",(i,d)=>{});const b=$c("$ZodType",(i,d)=>{});';

describe('bundle-sizes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bundle-sizes-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds every function to 300 KB, source map included', () => {
    // Assess
    expect(Object.keys(BUDGETS).sort()).toEqual([
      'applyPolicy',
      'dispatchTargets',
      'notify',
      'pollModels',
      'pollTarget',
      'reportWidget',
    ]);
    for (const budget of Object.values(BUDGETS)) expect(budget).toBeLessThanOrEqual(300 * KIB);
  });

  it('passes a bundle built with zod/mini and refuses one that carries classic zod', () => {
    // Prepare
    writeFileSync(
      join(dir, 'notify.zip'),
      zip({ 'functions/notify.mjs': `export const handler=1;${MINI_ZOD}`, 'functions/notify.mjs.map': '{}' }),
    );
    writeFileSync(
      join(dir, 'applyPolicy.zip'),
      zip({ 'functions/apply-policy.mjs': `export const handler=1;${CLASSIC_ZOD}` }),
    );

    // Act
    const rows = measure(dir, { notify: 300 * KIB, applyPolicy: 300 * KIB }) as Row[];

    // Assess
    expect(rows.map((row) => [row.functionName, row.status])).toEqual([
      ['applyPolicy', 'CLASSIC ZOD'],
      ['notify', 'OK'],
    ]);
  });

  it('exits 1 and names the function when a bundle carries classic zod', () => {
    // Prepare
    writeFileSync(join(dir, 'notify.zip'), zip({ 'functions/notify.mjs': CLASSIC_ZOD }));

    // Act
    const result = spawnSync(process.execPath, ['scripts/bundle-sizes.mjs', dir], { encoding: 'utf8' });

    // Assess
    expect(result.status).toBe(1);
    const budget = BUDGETS.notify.toLocaleString('en-US');
    expect(result.stdout).toMatch(
      new RegExp(`^notify\\s+[\\d,]+\\s+[\\d,]+\\s+${budget}\\s+CLASSIC ZOD$`, 'm'),
    );
    expect(result.stderr).toContain('notify: the bundle carries classic zod');
  });

  it('reports a zip over its budget as OVER', () => {
    // Prepare
    writeFileSync(join(dir, 'pollModels.zip'), zip({ 'functions/poll-models.mjs': 'x'.repeat(2000) }));

    // Act
    const rows = measure(dir, { pollModels: 10 }) as Row[];

    // Assess
    expect(rows).toEqual([expect.objectContaining({ functionName: 'pollModels', status: 'OVER' })]);
  });
});
