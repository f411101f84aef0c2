// MurmurHash3 x86_32 (Austin Appleby's public-domain reference, MurmurHash3_x86_32): 4-byte
// little-endian blocks mixed with c1 = 0xcc9e2d51, c2 = 0x1b873593, rotations 15 and 13, the tail
// and the fmix32 finaliser. Strings are hashed as their UTF-8 bytes; a lone surrogate is hashed as
// U+FFFD, as TextEncoder encodes it (Python refuses to encode one). The signed result equals scikit-learn's murmurhash3_32(key, seed)
// and the unsigned one murmurhash3_32(key, seed, positive=True).
import { ArgumentError } from '@neurite/tensor';
import { describe } from '../base/validate.ts';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixBlock(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number, k: number, pending: number, length: number): number {
  if (pending > 0) {
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Signed 32-bit MurmurHash3 x86_32 of the bytes of `key` (seed: a uint32, default 0). */
export function murmurhash3Bytes(key: Uint8Array, seed = 0): number {
  return hashBytes(key, key.length, seed);
}

/** The hash of the first n bytes of key. */
function hashBytes(key: Uint8Array, n: number, seed: number): number {
  let h = seed | 0;
  const blocks = n & ~3;
  for (let i = 0; i < blocks; i += 4) h = mixBlock(h, key[i]! | (key[i + 1]! << 8) | (key[i + 2]! << 16) | (key[i + 3]! << 24));
  let k = 0;
  const tail = n & 3;
  if (tail === 3) k ^= key[blocks + 2]! << 16;
  if (tail >= 2) k ^= key[blocks + 1]! << 8;
  if (tail >= 1) k ^= key[blocks]!;
  return finish(h, k, tail, n);
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(1024);

/**
 * Signed 32-bit MurmurHash3 x86_32 of the UTF-8 encoding of `key`. Short ASCII strings (most
 * tokens) are hashed straight from their UTF-16 code units, four characters per block; longer or
 * non-ASCII strings are encoded into a reused buffer with TextEncoder.encodeInto (native, faster
 * than a code-unit loop past about a dozen characters) and hashed as bytes.
 */
export function murmurhash3String(key: string, seed = 0): number {
  const n = key.length;
  if (n > 12) return hashEncoded(key, seed);
  let h = seed | 0;
  const blocks = n & ~3;
  let i = 0;
  for (; i < blocks; i += 4) {
    const c0 = key.charCodeAt(i), c1 = key.charCodeAt(i + 1), c2 = key.charCodeAt(i + 2), c3 = key.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) >= 0x80) return hashEncoded(key, seed);
    h = mixBlock(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }
  let k = 0;
  const tail = n & 3;
  if (tail > 0) {
    const c0 = key.charCodeAt(i), c1 = tail > 1 ? key.charCodeAt(i + 1) : 0, c2 = tail > 2 ? key.charCodeAt(i + 2) : 0;
    if ((c0 | c1 | c2) >= 0x80) return hashEncoded(key, seed);
    k = c0 | (c1 << 8) | (c2 << 16);
  }
  return finish(h, k, tail, n);
}

/** The hash of a string's UTF-8 bytes (at most 3 per UTF-16 unit) in the scratch buffer. */
function hashEncoded(key: string, seed: number): number {
  if (key.length > 1 << 20) return murmurhash3Bytes(encoder.encode(key), seed); // long strings: no large scratch kept
  if (scratch.length < key.length * 3) scratch = new Uint8Array(Math.max(key.length * 3, scratch.length * 2));
  const { written } = encoder.encodeInto(key, scratch);
  return hashBytes(scratch, written, seed);
}

/**
 * MurmurHash3 x86_32 of a string (its UTF-8 bytes), a Uint8Array, or an int32 (its 4 little-endian
 * bytes, as scikit-learn hashes an int key). Signed by default; `positive` gives the uint32.
 */
export function murmurhash3(key: string | Uint8Array | number, seed = 0, positive = false): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new ArgumentError(`murmurhash3: seed must be an integer in [0, 2^32 - 1], got ${describe(seed)}`);
  let h: number;
  if (typeof key === 'string') h = murmurhash3String(key, seed);
  else if (key instanceof Uint8Array) h = murmurhash3Bytes(key, seed);
  else if (typeof key === 'number' && Number.isInteger(key) && key >= -0x80000000 && key <= 0x7fffffff) {
    h = finish(mixBlock(seed | 0, key | 0), 0, 0, 4);
  } else throw new ArgumentError(`murmurhash3: key must be a string, a Uint8Array or an int32, got ${describe(key)}`);
  return positive ? h >>> 0 : h;
}

/**
 * The column of signed hash `h` among nFeatures, scikit-learn's FeatureHasher rule: |h| mod
 * nFeatures, and for h = -2^31 (whose absolute value overflows int32) (2^31 - 1 - (nFeatures - 1)) mod nFeatures.
 */
export function hashedColumn(h: number, nFeatures: number): number {
  return h === -0x80000000 ? (0x7fffffff - (nFeatures - 1)) % nFeatures : Math.abs(h) % nFeatures;
}
