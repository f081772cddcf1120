// Deterministic randomness: every identifier and every simulated number derives from the seed, so two
// runs of the same scenario with the same seed produce byte-identical responses.

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  nextUint32(): number;
}

/** 32-bit FNV-1a over the text, for seeding independent streams from names. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: tiny, fast and good enough for simulation (not for cryptography). */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return { nextUint32, next: () => nextUint32() / 4294967296 };
}

/** A reproducible number in [0, 1) for a tuple of keys, independent of call order. */
export function noise(...keys: Array<string | number>): number {
  return createPrng(hashString(keys.join('\u0000'))).next();
}

export function randomUuid(prng: Prng): string {
  const bytes: number[] = [];
  for (let i = 0; i < 4; i++) {
    const word = prng.nextUint32();
    bytes.push(word >>> 24, (word >>> 16) & 0xff, (word >>> 8) & 0xff, word & 0xff);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
