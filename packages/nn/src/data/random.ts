import { ArgumentError, Generator } from '@neurite/tensor';

/**
 * Seeded randomness for data handling, on @neurite/tensor's Generator (xoshiro128**), the one
 * PRNG of Neurite. Never Math.random.
 */
export type RandomSource = Generator;

/** `random` if it is a Generator, else ArgumentError naming `what`. */
export function checkRandom(random: unknown, what: string): RandomSource {
  if (!(random instanceof Generator)) throw new ArgumentError(`${what}: random must be a Generator (from @neurite/tensor), got ${typeof random}`);
  return random;
}

/** A generator for `seed`. */
export function seededRandom(seed: number): Generator {
  return new Generator(seed);
}

/** A derived seed for stream `index` of `seed` (e.g. one stream per epoch), well mixed (murmur3 finalizer). */
export function deriveSeed(seed: number, index: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((index + 1) >>> 0, 0x85ebca77)) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x2c1b3c6d) >>> 0;
  z = Math.imul(z ^ (z >>> 12), 0x297a2d39) >>> 0;
  return (z ^ (z >>> 15)) >>> 0;
}

/** Integer uniform in [0, n). */
export function randomInt(random: RandomSource, n: number): number {
  return Math.min(n - 1, Math.floor(random.random() * n));
}

/** Uniform in [lo, hi). */
export function randomUniform(random: RandomSource, lo: number, hi: number): number {
  return lo + (hi - lo) * random.random();
}
