/**
 * Seeded randomness for data handling (shuffling, splits, augmentation).
 * Generator: SplitMix32 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
 * 2014, 32-bit variant with the murmur3 finalizer). Same seed, same stream, on every platform.
 * Never Math.random.
 */
export interface RandomSource {
  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number;
}

export class SeededRandom implements RandomSource {
  private state: number;
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    this.state = Math.trunc(seed) >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  }
}

/** A derived seed for stream `index` of `seed` (e.g. one stream per epoch), well mixed. */
export function deriveSeed(seed: number, index: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((index + 1) >>> 0, 0x85ebca77)) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d) >>> 0;
  z = Math.imul(z ^ (z >>> 12), 0x297a2d39) >>> 0;
  return (z ^ (z >>> 15)) >>> 0;
}

/** Integer uniform in [0, n). */
export function randomInt(random: RandomSource, n: number): number {
  return Math.min(n - 1, Math.floor(random.next() * n));
}

/** Uniform in [lo, hi). */
export function randomUniform(random: RandomSource, lo: number, hi: number): number {
  return lo + (hi - lo) * random.next();
}

/** Standard normal by Box-Muller (one value per two uniforms; the second is discarded). */
export function randomNormal(random: RandomSource): number {
  const u = 1 - random.next(); // (0, 1]
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
export function randomPermutation(random: RandomSource, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(random, i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
