// Sorting float64 scores as 64-bit keys: each double's IEEE-754 bit pattern is mapped to a pair of
// uint32 words (hi, lo) whose unsigned order is the numeric order (negative numbers have every bit
// inverted, others get the sign bit set; -0 gets +0's key, so that the two zeros are one
// threshold, as np.diff sees them). The keys are sorted by a least-significant-digit radix sort,
// four passes of 16 bits, skipping the passes whose digit is the same for every key: linear time,
// several times faster than Float64Array.prototype.sort on millions of scores. Small inputs use the
// native sort. NaN must not occur (the callers reject it).

/** Sorted keys: key i is (hi[i], lo[i]), ascending; `weight[i]` travels with key i when weights are sorted too. */
export interface SortedKeys { hi: Uint32Array; lo: Uint32Array; weight: Float64Array | null }

const RADIX_MIN = 4096;
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(1).buffer)[7] === 0x3f;
const [LO, HI] = LITTLE_ENDIAN ? [0, 1] : [1, 0];

/** The key (hi, lo) of a double's words; -0 maps to +0's key. */
function key(h: number, l: number, out: SortedKeys, k: number): void {
  if (h & 0x80000000) {
    if (h === 0x80000000 && l === 0) {
      out.hi[k] = 0x80000000;
      out.lo[k] = 0;
      return;
    }
    out.hi[k] = ~h >>> 0;
    out.lo[k] = ~l >>> 0;
  } else {
    out.hi[k] = (h | 0x80000000) >>> 0;
    out.lo[k] = l;
  }
}

/** The double of a key. */
export function valueOfKey(h: number, l: number): number {
  if (h & 0x80000000) {
    scratchWords[HI] = (h & 0x7fffffff) >>> 0;
    scratchWords[LO] = l;
  } else {
    scratchWords[HI] = ~h >>> 0;
    scratchWords[LO] = ~l >>> 0;
  }
  return scratch[0]!;
}

/**
 * The sorted keys of the scores where `mask` equals `want` (`count` of them), with their `weights`
 * carried along when given.
 */
export function sortedKeysWhere(scores: Float64Array, mask: Uint8Array, want: number, count: number, weights: Float64Array | null = null): SortedKeys {
  const keys: SortedKeys = { hi: new Uint32Array(count), lo: new Uint32Array(count), weight: weights === null ? null : new Float64Array(count) };
  if (weights !== null && (count < RADIX_MIN || !LITTLE_ENDIAN)) {
    const index = new Uint32Array(count);
    for (let i = 0, k = 0; i < scores.length; i++) if (mask[i] === want) index[k++] = i;
    index.sort((a, b) => scores[a]! - scores[b]!);
    for (let k = 0; k < count; k++) {
      scratch[0] = scores[index[k]!]!;
      key(scratchWords[HI]!, scratchWords[LO]!, keys, k);
      keys.weight![k] = weights[index[k]!]!;
    }
    return keys;
  }
  if (count < RADIX_MIN || !LITTLE_ENDIAN) {
    const values = new Float64Array(count);
    for (let i = 0, k = 0; i < scores.length; i++) if (mask[i] === want) values[k++] = scores[i]!;
    values.sort();
    for (let k = 0; k < count; k++) {
      scratch[0] = values[k]!;
      key(scratchWords[HI]!, scratchWords[LO]!, keys, k);
    }
    return keys;
  }
  // One pass: the keys straight from the bit patterns (little-endian words), and the histograms
  // of their four 16-bit digits.
  const w = new Uint32Array(scores.buffer, scores.byteOffset, 2 * scores.length);
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0, k = 0; i < scores.length; i++) {
    if (mask[i] !== want) continue;
    key(w[2 * i + 1]!, w[2 * i]!, keys, k);
    if (weights !== null) keys.weight![k] = weights[i]!;
    const h = keys.hi[k]!, l = keys.lo[k]!;
    counts[l & 0xffff]!++;
    counts[65536 + (l >>> 16)]!++;
    counts[131072 + (h & 0xffff)]!++;
    counts[196608 + (h >>> 16)]!++;
    k++;
  }
  return radixSort(keys, counts);
}

/** LSD radix sort of the keys by four 16-bit digits (lo low, lo high, hi low, hi high), given their histograms. */
function radixSort(keys: SortedKeys, counts: Uint32Array): SortedKeys {
  const n = keys.hi.length;
  let hi: Uint32Array = keys.hi, lo: Uint32Array = keys.lo, weight: Float64Array | null = keys.weight;
  let hi2: Uint32Array = new Uint32Array(n), lo2: Uint32Array = new Uint32Array(n), weight2: Float64Array | null = weight === null ? null : new Float64Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    let first = 0;
    while (counts[base + first] === 0) first++;
    if (counts[base + first] === n) continue; // every key has this digit
    // Exclusive prefix sums: the first slot of each bucket.
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = counts[base + b]!;
      counts[base + b] = sum;
      sum += c;
    }
    const shift = (pass & 1) * 16, source = pass >= 2 ? hi : lo;
    if (weight === null) {
      for (let i = 0; i < n; i++) {
        const slot = counts[base + ((source[i]! >>> shift) & 0xffff)]!++;
        lo2[slot] = lo[i]!;
        hi2[slot] = hi[i]!;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const slot = counts[base + ((source[i]! >>> shift) & 0xffff)]!++;
        lo2[slot] = lo[i]!;
        hi2[slot] = hi[i]!;
        weight2![slot] = weight[i]!;
      }
      [weight, weight2] = [weight2, weight];
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  return { hi, lo, weight };
}

/** Sorts `values` in place, ascending (-0 becomes +0); returns it. */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  const keys = sortedKeysWhere(values, new Uint8Array(n), 0, n);
  for (let i = 0; i < n; i++) values[i] = valueOfKey(keys.hi[i]!, keys.lo[i]!);
  return values;
}
