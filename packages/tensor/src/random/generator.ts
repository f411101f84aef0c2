// The one pseudo-random generator of Neurite: xoshiro128** (Blackman and Vigna, 2018), 128-bit
// state, period 2^128 - 1, seeded through SplitMix32 so any 32-bit seed gives a well-mixed state.
// Same seed, same numbers on every engine (only 32-bit integer arithmetic and IEEE doubles).
// Streams: fork() derives an independent child from the parent's output; jump() advances by
// 2^64 steps (the reference jump polynomial), so split(n) gives n non-overlapping streams.
import { ShapeError } from '../errors.ts';
import { checkArray, checkFlag, checkInteger, checkSize, describeValue, optionsOf } from '../validate.ts';

const JUMP = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b];

export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Resets the state from a seed (any number; its low 32 bits and, above 2^32, the high part count). */
  seed(seed: number): this {
    if (!Number.isFinite(seed)) throw new ShapeError(`Generator.seed: seed must be a finite number, got ${describeValue(seed)}`);
    let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) >>> 0, 0x9e3779b9);
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spare = null;
    return this;
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * Fills `out` with uniforms in [lo, hi), one 32-bit draw per element (24 random bits: every
   * value is exact in float32). The fast path for masks and noise (several times faster than
   * calling random() per element); it consumes the stream differently from random().
   */
  fillUniform<A extends Float32Array | Float64Array>(out: A, lo = 0, hi = 1): A {
    let s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    const scale = (hi - lo) / 16777216;
    for (let i = 0; i < out.length; i++) {
      const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 8;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
      out[i] = lo + r * scale;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    return out;
  }

  /** Uniform in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.random();
  }

  /** Uniform integer in [lo, hi) without modulo bias (rejection sampling). */
  integer(lo: number, hi: number): number {
    checkInteger(lo, 'Generator.integer: lo');
    checkInteger(hi, 'Generator.integer: hi');
    if (hi <= lo) throw new ShapeError(`Generator.integer: need integers lo < hi, got [${lo}, ${hi})`);
    const range = hi - lo;
    if (range <= 4294967296) {
      const limit = 4294967296 - (4294967296 % range);
      let v: number;
      do v = this.nextUint32(); while (v >= limit);
      return lo + (v % range);
    }
    return lo + Math.floor(this.random() * range);
  }

  /** Standard normal (mean 0, std 1) by the Box-Muller transform; pairs are cached. */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return mean + std * v;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** True with probability p. */
  bernoulli(p = 0.5): boolean {
    return this.random() < p;
  }

  /** Shuffles in place (Fisher-Yates); returns the array. */
  shuffle<T>(array: T[]): T[];
  shuffle<A extends { length: number; [i: number]: number }>(array: A): A;
  shuffle(array: { length: number; [i: number]: unknown }): unknown {
    if (array === null || typeof array !== 'object' || !Number.isSafeInteger(array.length) || array.length < 0) {
      throw new ShapeError('Generator.shuffle: expected an array or typed array');
    }
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.integer(0, i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    checkSize(n, 'Generator.permutation: n');
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /**
   * `k` indices from 0..n-1. Without replacement (default) they are distinct (partial
   * Fisher-Yates; with `weights`, Efraimidis-Spirakis keys u^(1/w)). With replacement and
   * weights, each draw picks i with probability weights[i] / sum.
   */
  choice(n: number, k: number, options?: { replace?: boolean; weights?: ArrayLike<number> }): Int32Array {
    const o = optionsOf(options, 'Generator.choice');
    const replace = checkFlag(o.replace, false, 'Generator.choice: replace');
    const weights = o.weights;
    if (weights !== undefined && (weights === null || typeof weights !== 'object' || typeof weights.length !== 'number')) {
      throw new ShapeError('Generator.choice: weights must be an array of numbers');
    }
    checkSize(n, 'Generator.choice: n');
    checkSize(k, 'Generator.choice: k');
    if (!replace && k > n) throw new ShapeError(`Generator.choice: cannot take ${k} distinct items from ${n} without replacement`);
    if (weights !== undefined && weights.length !== n) throw new ShapeError(`Generator.choice: ${weights.length} weights for ${n} items`);
    const out = new Int32Array(k);
    if (weights === undefined) {
      if (replace) {
        for (let i = 0; i < k; i++) out[i] = this.integer(0, n);
        return out;
      }
      const pool = new Int32Array(n);
      for (let i = 0; i < n; i++) pool[i] = i;
      for (let i = 0; i < k; i++) {
        const j = this.integer(i, n);
        const t = pool[i]!;
        pool[i] = pool[j]!;
        pool[j] = t;
        out[i] = pool[i]!;
      }
      return out;
    }
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (typeof weights[i] !== 'number' || !(weights[i]! >= 0)) throw new ShapeError(`Generator.choice: weight ${i} is ${describeValue(weights[i])}, expected a number >= 0`);
      total += weights[i]!;
    }
    if (!(total > 0)) throw new ShapeError('Generator.choice: weights sum to zero');
    if (replace) {
      const cdf = new Float64Array(n);
      let acc = 0;
      for (let i = 0; i < n; i++) cdf[i] = acc += weights[i]! / total;
      for (let i = 0; i < k; i++) {
        const u = this.random();
        let lo = 0, hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid]! > u) hi = mid;
          else lo = mid + 1;
        }
        while (weights[lo] === 0 && lo > 0) lo--; // u landed on a zero-width bucket's edge
        out[i] = lo;
      }
      return out;
    }
    const positive = Array.from({ length: n }, (_, i) => i).filter((i) => weights[i]! > 0);
    if (positive.length < k) throw new ShapeError(`Generator.choice: only ${positive.length} items have positive weight, cannot take ${k} distinct`);
    const keys = positive.map((i) => ({ i, key: Math.log(this.random() || Number.MIN_VALUE) / weights[i]! }));
    keys.sort((a, b) => b.key - a.key);
    for (let j = 0; j < k; j++) out[j] = keys[j]!.i;
    return out;
  }

  /** An independent child generator seeded from this one's output (advances this one). */
  fork(): Generator {
    const child = new Generator();
    child.s0 = this.nextUint32();
    child.s1 = this.nextUint32();
    child.s2 = this.nextUint32();
    child.s3 = this.nextUint32();
    if ((child.s0 | child.s1 | child.s2 | child.s3) === 0) child.s0 = 1;
    return child;
  }

  /** Advances the state by 2^64 steps. */
  jump(): this {
    let a = 0, b = 0, c = 0, d = 0;
    for (const word of JUMP) {
      for (let bit = 0; bit < 32; bit++) {
        if ((word >>> bit) & 1) {
          a ^= this.s0;
          b ^= this.s1;
          c ^= this.s2;
          d ^= this.s3;
        }
        this.nextUint32();
      }
    }
    this.s0 = a;
    this.s1 = b;
    this.s2 = c;
    this.s3 = d;
    this.spare = null;
    return this;
  }

  /** `count` non-overlapping streams: copies of this state jumped 1, 2, ... times (this one advances past them). */
  split(count: number): Generator[] {
    checkSize(count, 'Generator.split: count', 1 << 16);
    const out: Generator[] = [];
    for (let i = 0; i < count; i++) {
      this.jump();
      out.push(this.clone());
    }
    this.jump();
    return out;
  }

  /** A generator with the same state (produces the same numbers). */
  clone(): Generator {
    const g = new Generator();
    g.setState(this.getState());
    return g;
  }

  /** The full state, for checkpoints: [s0, s1, s2, s3] (and the cached normal, if any). */
  getState(): { words: [number, number, number, number]; spare: number | null } {
    return { words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spare: this.spare };
  }

  setState(state: { words: readonly number[]; spare?: number | null }): this {
    if (state === null || typeof state !== 'object') throw new ShapeError('Generator.setState: expected { words, spare }');
    const [a, b, c, d] = checkArray(state.words, 'Generator.setState: words');
    if ([a, b, c, d].some((w) => !Number.isInteger(w) || (w as number) < -0x80000000 || (w as number) > 0xffffffff) || (((a as number) | (b as number) | (c as number) | (d as number)) === 0)) {
      throw new ShapeError('Generator.setState: expected four 32-bit integers, not all zero');
    }
    this.s0 = (a as number) | 0;
    this.s1 = (b as number) | 0;
    this.s2 = (c as number) | 0;
    this.s3 = (d as number) | 0;
    this.spare = state.spare ?? null;
    return this;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

let globalGenerator: Generator | undefined;

/** The generator used when no `generator`/`seed` option is given (seed 0 until `manualSeed`). */
export function defaultGenerator(): Generator {
  return (globalGenerator ??= new Generator(0));
}

/** Reseeds the default generator. */
export function manualSeed(seed: number): Generator {
  return defaultGenerator().seed(seed);
}
