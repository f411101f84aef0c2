// numpy's legacy RandomState stream (MT19937, Matsumoto and Nishimura 1998, seeded by
// init_genrand) and its randint for ranges up to 2^32 (masked rejection: draw 32 bits, keep the
// smallest all-ones mask covering the range, retry above it). scikit-learn draws its seeds and
// bootstrap samples this way, so estimators that want scikit-learn's exact random choices for a
// given random_state use it; it is not a general-purpose generator (use tensor's Generator).
export class NumpyRandomState {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  /** `seed` is an integer in [0, 2^32). */
  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** genrand_int32: the next tempered 32-bit output. */
  nextUint32(): number {
    const mt = this.mt;
    if (this.index >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % 624]! & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** RandomState.random_sample(): a double in [0, 1) from two outputs (genrand_res53). */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** RandomState.randint(low, high): an integer in [low, high), high - low <= 2^32. */
  randint(low: number, high: number): number {
    const range = high - low - 1;
    if (range <= 0) return low;
    let mask = range;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let v: number;
    do v = (this.nextUint32() & mask) >>> 0;
    while (v > range);
    return low + v;
  }
}

/**
 * RandomState.choice(n, size, replace=True, p=weights / sum(weights)): the cumulative
 * probabilities normalised by their last value, searched (side 'right') with `size` uniforms.
 */
export function weightedChoice(state: NumpyRandomState, weights: ArrayLike<number>, size: number): Int32Array {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i]!;
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) cdf[i] = acc += weights[i]! / total;
  const last = cdf[n - 1]!;
  for (let i = 0; i < n; i++) cdf[i]! /= last;
  const out = new Int32Array(size);
  for (let j = 0; j < size; j++) {
    const u = state.random();
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! <= u) lo = mid + 1;
      else hi = mid;
    }
    out[j] = Math.min(lo, n - 1);
  }
  return out;
}

/** np.iinfo(np.int32).max, scikit-learn's MAX_INT for seeds (and RAND_R_MAX of its trees). */
export const MAX_INT32 = 2147483647;
