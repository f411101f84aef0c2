// Silhouette coefficients with Euclidean distances, as scikit-learn 1.9's silhouette_samples and
// silhouette_score: for sample i in cluster A, a(i) is the mean distance to the other members of A,
// b(i) the smallest mean distance to the members of another cluster, and
//   s(i) = (b(i) - a(i)) / max(a(i), b(i)),  0 for a sample alone in its cluster.
// When @neurite/tensor is initialised the distances come from its float64 pairwiseSquaredDistances
// kernel (the GEMM form ||x||^2 + ||y||^2 - 2 x.y, as scikit-learn's euclidean_distances), in
// blocks of rows; otherwise from a direct float64 loop. Either way the self-distance is exactly 0.
import { ArgumentError, isInitialized, type MatrixInput, pairwiseSquaredDistances, scope, type Tensor, tensor, toMatrix } from '@neurite/tensor';
import { checkOptions, checkSameLength } from '../classification/inputs.ts';
import { encodeLabels, type LabelInput, readLabels, uniqueLabels } from '../classification/labels.ts';

export interface SilhouetteOptions {
  /** 'euclidean' (the only metric supported, and the default). */
  metric?: 'euclidean';
}

/** Distances from a block of rows to every row are handed over this many at most. */
const BLOCK_ELEMENTS = 1 << 22;

/** Sums, for rows [start, end), the distances to every cluster: out[(i - start) * k + c]. */
function blockClusterSums(x: Float64Array, all: Tensor | null, n: number, d: number, codes: Int32Array, k: number, start: number, end: number): Float64Array {
  const out = new Float64Array((end - start) * k);
  if (all !== null) {
    const squared = scope(() => {
      const block = tensor(x.subarray(start * d, end * d), [end - start, d], { dtype: 'float64' });
      return pairwiseSquaredDistances(block, all).toArray();
    });
    for (let i = start; i < end; i++) {
      const row = (i - start) * n, o = (i - start) * k;
      for (let j = 0; j < n; j++) if (j !== i) out[o + codes[j]!]! += Math.sqrt(squared[row + j]!);
    }
    return out;
  }
  for (let i = start; i < end; i++) {
    const o = (i - start) * k;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const diff = x[i * d + f]! - x[j * d + f]!;
        s += diff * diff;
      }
      out[o + codes[j]!]! += Math.sqrt(s);
    }
  }
  return out;
}

/** The silhouette coefficient of every sample of `x` (rows) clustered by `labels`. */
export function silhouetteSamples(x: MatrixInput, labels: LabelInput, options?: SilhouetteOptions): Float64Array {
  const where = 'silhouetteSamples';
  const o = checkOptions(options, ['metric'], where);
  if (o.metric !== undefined && o.metric !== 'euclidean') throw new ArgumentError(`${where}: metric must be 'euclidean', got ${JSON.stringify(o.metric)}`);
  const m = toMatrix(x, `${where}: x`);
  const column = readLabels(labels, `${where}: labels`);
  checkSameLength(m.rows, column.length, 'x', 'labels', where);
  const classes = uniqueLabels([column]), k = classes.length, n = m.rows, d = m.cols;
  if (k < 2 || k > n - 1) throw new ArgumentError(`${where}: the number of clusters is ${k}; valid values are 2 to n_samples - 1 = ${n - 1} (inclusive)`);
  const codes = encodeLabels(column, classes);
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[codes[i]!]!++;
  const out = new Float64Array(n);
  const rowsPerBlock = Math.max(1, Math.floor(BLOCK_ELEMENTS / n));
  const all = isInitialized() ? tensor(m.data, [n, d], { dtype: 'float64' }) : null;
  try {
    for (let start = 0; start < n; start += rowsPerBlock) {
      const end = Math.min(n, start + rowsPerBlock);
      const sums = blockClusterSums(m.data as Float64Array, all, n, d, codes, k, start, end);
      for (let i = start; i < end; i++) {
        const own = codes[i]!, o = (i - start) * k;
        if (sizes[own] === 1) continue;
        const a = sums[o + own]! / (sizes[own]! - 1);
        let b = Infinity;
        for (let c = 0; c < k; c++) if (c !== own) b = Math.min(b, sums[o + c]! / sizes[c]!);
        const s = (b - a) / Math.max(a, b);
        out[i] = Number.isNaN(s) ? 0 : s;
      }
    }
  } finally {
    all?.dispose();
  }
  return out;
}

/** The mean silhouette coefficient over all samples (in [-1, 1]; higher is better). */
export function silhouetteScore(x: MatrixInput, labels: LabelInput, options?: SilhouetteOptions): number {
  const s = silhouetteSamples(x, labels, options);
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s[i]!;
  return sum / s.length;
}
