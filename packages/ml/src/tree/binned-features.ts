// Features as the tree builders read them: every column rounded to float32 (scikit-learn's trees
// work on float32 X, so thresholds and comparisons match its trees bit for bit) and replaced by the
// rank of its value among the column's distinct values ("bins", one per distinct value, so splits
// on bins are exactly the splits on values). Values closer than FEATURE_THRESHOLD to the previous
// distinct value share its bin, as scikit-learn's splitter treats them as equal. Column-major codes
// let a node gather one feature's codes for its samples from one contiguous column.
// Values are finite (toMatrix rejects NaN and infinities), so float32 bit patterns identify values
// once -0 is folded into +0.
import type { Matrix } from '@neurite/tensor';

/** scikit-learn's _splitter.pyx FEATURE_THRESHOLD: values this close are not split apart. */
export const FEATURE_THRESHOLD = 1e-7;

export interface BinnedFeatures {
  rows: number;
  cols: number;
  /** codes[f * rows + i]: the bin of sample i on feature f (the narrowest type that holds every bin: a small footprint keeps the gathers in cache). */
  codes: Uint8Array | Uint16Array | Uint32Array;
  /** Per feature: the smallest and largest float32 value in each bin, ascending. */
  binMin: Float64Array[];
  binMax: Float64Array[];
  /** Largest number of bins of any feature. */
  maxBins: number;
}

/**
 * Bins every column of `X` (values rounded to float32). Per column: the distinct float32 values are
 * found with an open-addressing hash on their bits (O(rows)), only those are sorted, and each
 * sample's code is looked up through the hash: no per-column sort of all rows.
 */
export function binFeatures(X: Matrix): BinnedFeatures {
  const { rows, cols, data } = X;
  // column-major float32 copy: one sequential pass over X
  const columns = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let f = 0; f < cols; f++) {
      const v = data[base + f]!;
      columns[f * rows + i] = v === 0 ? 0 : v; // -0 and +0 share a bin
    }
  }
  const bits = new Uint32Array(columns.buffer);
  let size = 16;
  while (size < 2 * rows) size *= 2;
  const mask = size - 1;
  const shift = 32 - Math.log2(size);
  const keys = new Uint32Array(size);
  const slots = new Int32Array(size);
  const sampleDistinct = new Int32Array(rows);
  const perFeature: Uint32Array[] = [];
  const binMin: Float64Array[] = [];
  const binMax: Float64Array[] = [];
  let maxBins = 0;
  for (let f = 0; f < cols; f++) {
    const off = f * rows;
    slots.fill(-1);
    const values: number[] = [];
    for (let i = 0; i < rows; i++) {
      const k = bits[off + i]!;
      let h = Math.imul(k, 0x9e3779b1) >>> shift;
      while (slots[h] !== -1 && keys[h] !== k) h = (h + 1) & mask;
      if (slots[h] === -1) {
        keys[h] = k;
        slots[h] = values.length;
        values.push(columns[off + i]!);
      }
      sampleDistinct[i] = slots[h]!;
    }
    const order = Int32Array.from(values.keys()).sort((a, b) => values[a]! - values[b]!);
    const binOfDistinct = new Int32Array(values.length);
    const mins: number[] = [];
    const maxs: number[] = [];
    let previous = -Infinity;
    for (let r = 0; r < order.length; r++) {
      const v = values[order[r]!]!;
      if (mins.length === 0 || v > previous + FEATURE_THRESHOLD) {
        mins.push(v);
        maxs.push(v);
      } else maxs[maxs.length - 1] = v;
      previous = v;
      binOfDistinct[order[r]!] = mins.length - 1;
    }
    const codes = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) codes[i] = binOfDistinct[sampleDistinct[i]!]!;
    perFeature.push(codes);
    binMin.push(Float64Array.from(mins));
    binMax.push(Float64Array.from(maxs));
    if (mins.length > maxBins) maxBins = mins.length;
  }
  const codes = maxBins <= 256 ? new Uint8Array(rows * cols) : maxBins <= 65536 ? new Uint16Array(rows * cols) : new Uint32Array(rows * cols);
  for (let f = 0; f < cols; f++) codes.set(perFeature[f]!, f * rows);
  return { rows, cols, codes, binMin, binMax, maxBins };
}
