// Sample weights of the SVMs: libsvm drops the samples of weight 0 before training (its
// remove_zero_weight), so the support vectors and iterations are those of the smaller problem; the
// indices of the support vectors still refer to the rows given to fit.
import type { Matrix } from '@neurite/tensor';

export interface KeptRows {
  /** The rows that train (all of X when no weight is 0). */
  x: Matrix;
  /** Row of X of each kept row, or null when every row is kept. */
  rows: Int32Array | null;
  /** The weights of the kept rows (undefined: unweighted). */
  sampleWeight: Float64Array | undefined;
}

/** Drops the rows of weight 0. */
export function keepWeightedRows(x: Matrix, weights: Float64Array | null): KeptRows {
  if (weights === null) return { x, rows: null, sampleWeight: undefined };
  let count = 0;
  for (const w of weights) if (w > 0) count++;
  if (count === x.rows) return { x, rows: null, sampleWeight: weights };
  const rows = new Int32Array(count), d = x.cols, data = new Float64Array(count * d);
  let at = 0;
  for (let i = 0; i < x.rows; i++) {
    if (!(weights[i]! > 0)) continue;
    data.set(x.data.subarray(i * d, (i + 1) * d), at * d);
    rows[at++] = i;
  }
  return { x: { rows: count, cols: d, data }, rows, sampleWeight: Float64Array.from(rows, (i) => weights[i]!) };
}

/** `values` at the kept rows. */
export function keptValues<T extends Int32Array | Float64Array>(values: T, rows: Int32Array | null): T {
  if (rows === null) return values;
  const out = new (values.constructor as { new (n: number): T })(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = values[rows[r]!]!;
  return out;
}
