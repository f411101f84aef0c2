// Ascending sort of float64 values by least-significant-digit radix sort (four passes of 16 bits
// over the IEEE-754 bit patterns, mapped so that unsigned order is numeric order: negative numbers
// have every bit inverted, others get the sign bit set). Linear time: on 10M scores it is several
// times faster than Float64Array.prototype.sort. Passes whose digit is the same for every value are
// skipped. NaN must not occur (the callers reject it); -0 sorts just before +0.

const RADIX_MIN = 4096;
const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;

/** Sorts `values` in place, ascending; returns it. */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_MIN || !LITTLE_ENDIAN) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  let lo = new Uint32Array(n), hi = new Uint32Array(n);
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    let l = words[2 * i]!, h = words[2 * i + 1]!;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    lo[i] = l;
    hi[i] = h;
    counts[l & 0xffff]!++;
    counts[65536 + (l >>> 16)]!++;
    counts[131072 + (h & 0xffff)]!++;
    counts[196608 + (h >>> 16)]!++;
  }
  let lo2 = new Uint32Array(n), hi2 = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    let trivial = false;
    for (let b = 0; b < 65536; b++) {
      const c = counts[base + b]!;
      if (c === n) trivial = true;
      if (c !== 0) break;
    }
    if (trivial) continue;
    // Exclusive prefix sums: the first slot of each bucket.
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = counts[base + b]!;
      counts[base + b] = sum;
      sum += c;
    }
    const shift = (pass & 1) * 16, useHigh = pass >= 2;
    for (let i = 0; i < n; i++) {
      const key = useHigh ? hi[i]! : lo[i]!;
      const slot = counts[base + ((key >>> shift) & 0xffff)]!++;
      lo2[slot] = lo[i]!;
      hi2[slot] = hi[i]!;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  for (let i = 0; i < n; i++) {
    let l = lo[i]!, h = hi[i]!;
    if (h & 0x80000000) {
      h = (h & 0x7fffffff) >>> 0;
    } else {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    words[2 * i] = l;
    words[2 * i + 1] = h;
  }
  return values;
}
