// Data held exactly as integers over one shared scale, for exact integer arithmetic (the kNN screen
// here, PCA's scatter matrix): when every value of the training rows
// and the queries is m / s for an integer m and one scale s (pixels 0..255, or MNIST's [0, 1] in
// steps of 0.001, s = 1000), the dot products of the scaled rows are exact in int16 lanes provided
// |m| <= 32767 and d * max|m_query| * max|m_train| < 2^31 (tensor's rowDots in int32).
import { rowDots, scope, type Tensor } from '@neurite/tensor';

/** The scales tried, in order: integers, binary fractions, decimal steps, 8-bit intensities. */
const SCALES = [1, 2, 4, 8, 16, 32, 64, 128, 256, 10, 100, 1000, 10000, 255];
const INT16_MAX = 32767;

/**
 * max |m| over the given columns of `rows` rows of d values when every value is m / scale exactly,
 * else -1. `out` (optional, [rows, columns] row-major) receives the integers m.
 */
function largestScaled(data: Float64Array, rows: number, d: number, columns: Int32Array, scale: number, out?: Int32Array): number {
  let top = 0;
  const dg = columns.length;
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < dg; c++) {
      const v = data[i * d + columns[c]!]!;
      if (v === 0) {
        if (out !== undefined) out[i * dg + c] = 0; // a failed scale may have written here
        continue;
      }
      const m = Math.round(v * scale);
      if (m / scale !== v || !(Math.abs(m) <= INT16_MAX)) return -1;
      top = Math.max(top, Math.abs(m));
      if (out !== undefined) out[i * dg + c] = m;
    }
  }
  return top;
}

/**
 * The first scale s (of the same list integerScale tries) such that every value of `columns` in
 * `rows` rows of d is m / s for an integer |m| <= 32767, with those integers ([rows, columns]
 * row-major) and their max |m|; null when there is none.
 */
export function scaledColumns(data: Float64Array, rows: number, d: number, columns: Int32Array): { scale: number; values: Int32Array; top: number } | null {
  const values = new Int32Array(rows * columns.length);
  for (const scale of SCALES) {
    const top = largestScaled(data, rows, d, columns, scale, values);
    if (top >= 0) return { scale, values, top };
  }
  return null;
}

/**
 * The first scale s such that every value of `columns` in the training rows and the queries is an
 * integer multiple of 1 / s (Math.round(v s) / s === v) and their dot products are exact in int16
 * lanes; null when there is none. `trainTops` memoises the training rows' max |m| per scale (-1:
 * they do not fit it) across searches on the same rows.
 */
export function integerScale(train: Float64Array, n: number, queries: Float64Array, rows: number, d: number, columns: Int32Array, trainTops: Map<number, number>): number | null {
  for (const scale of SCALES) {
    let topTrain = trainTops.get(scale);
    if (topTrain === undefined) trainTops.set(scale, (topTrain = largestScaled(train, n, d, columns, scale)));
    if (topTrain < 0) continue;
    const topQuery = largestScaled(queries, rows, d, columns, scale);
    if (topQuery >= 0 && topTrain * topQuery * columns.length < 2 ** 31) return scale;
  }
  return null;
}

/** The given columns of `rows` rows (from row `start`) times `scale`, row-major [rows, columns]. */
export function scaledRows(data: Float64Array, start: number, rows: number, d: number, columns: Int32Array, scale: number): Int32Array {
  const dg = columns.length, out = new Int32Array(rows * dg);
  for (let r = 0; r < rows; r++) for (let c = 0; c < dg; c++) out[r * dg + c] = Math.round(data[(start + r) * d + columns[c]!]! * scale);
  return out;
}

/** Training rows scaled to integers (the kept columns) and their exact squared norms. */
export interface ScaledRows {
  scale: number;
  rows: Int32Array;
  norms: Float64Array;
}

export function scaledTrain(data: Float64Array, n: number, d: number, columns: Int32Array, scale: number): ScaledRows {
  const rows = scaledRows(data, 0, n, d, columns, scale), dg = columns.length, norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < dg; c++) s += rows[i * dg + c]! ** 2;
    norms[i] = s;
  }
  return { scale, rows, norms };
}

/** The exact dot products [queries rows, train rows] of two scaled int32 tensors; disposes `queries`. */
export function integerDots(queries: Tensor, train: Tensor): Int32Array {
  try {
    return scope(() => rowDots(queries, train).toArray()) as Int32Array;
  } finally {
    queries.dispose();
  }
}
