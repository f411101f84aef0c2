// Features as the tree builders read them: every column rounded to float32 (scikit-learn's trees
// work on float32 X, so thresholds and comparisons match its trees bit for bit) and replaced by the
// rank of its value among the column's distinct values ("bins", one per distinct value, so splits
// on bins are exactly the splits on values). Values closer than FEATURE_THRESHOLD to the previous
// distinct value share its bin, as scikit-learn's splitter treats them as equal. Column-major codes
// let a node gather one feature's codes for its samples from one contiguous column.
import type { Matrix } from '@neurite/tensor';

/** scikit-learn's _splitter.pyx FEATURE_THRESHOLD: values this close are not split apart. */
export const FEATURE_THRESHOLD = 1e-7;

export interface BinnedFeatures {
  rows: number;
  cols: number;
  /** codes[f * rows + i]: the bin of sample i on feature f. */
  codes: Uint16Array | Uint32Array;
  /** Per feature: the smallest and largest float32 value in each bin, ascending. */
  binMin: Float64Array[];
  binMax: Float64Array[];
  /** Largest number of bins of any feature. */
  maxBins: number;
}

/** Bins every column of `X` (values rounded to float32). */
export function binFeatures(X: Matrix): BinnedFeatures {
  const { rows, cols, data } = X;
  const rounded = new Float32Array(rows);
  const perFeature: Uint32Array[] = [];
  const binMin: Float64Array[] = [];
  const binMax: Float64Array[] = [];
  let maxBins = 0;
  for (let f = 0; f < cols; f++) {
    for (let i = 0; i < rows; i++) rounded[i] = data[i * cols + f]!;
    const sorted = rounded.slice().sort();
    const mins: number[] = [];
    const maxs: number[] = [];
    let previous = -Infinity;
    for (let r = 0; r < rows; r++) {
      const v = sorted[r]!;
      if (mins.length === 0 || v > previous + FEATURE_THRESHOLD) {
        mins.push(v);
        maxs.push(v);
      } else {
        maxs[maxs.length - 1] = v;
      }
      previous = v;
    }
    const lows = Float64Array.from(mins);
    const codes = new Uint32Array(rows);
    for (let i = 0; i < rows; i++) codes[i] = lastAtMost(lows, rounded[i]!);
    perFeature.push(codes);
    binMin.push(lows);
    binMax.push(Float64Array.from(maxs));
    if (mins.length > maxBins) maxBins = mins.length;
  }
  const codes = maxBins <= 65536 ? new Uint16Array(rows * cols) : new Uint32Array(rows * cols);
  for (let f = 0; f < cols; f++) codes.set(perFeature[f]!, f * rows);
  return { rows, cols, codes, binMin, binMax, maxBins };
}

/** The index of the last entry of ascending `values` that is <= v (0 when none). */
function lastAtMost(values: Float64Array, v: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (values[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
