// Squared Euclidean distances from every row of a matrix kept in wasm memory to a few points
// (k-means centres, k-means++ candidates), for fits that compute them many times on the same data,
// and the same distances for a subset of the rows (Elkan's k-means), bit for bit equal to the
// corresponding rows of the full computation.
import type { Matrix } from '@neurite/tensor';
import { rowSquaredNorms, type ResidentMatrix } from '../base/float64-gemm.ts';

/**
 * The rows to multiply for `ids`: the row-dots kernel multiplies rows of X in pairs and a last odd
 * row alone, in another order of summation, so an odd count repeats its last row and every row
 * goes through a pair (its values then depend on that row and the points only).
 */
function paired(ids: Int32Array): Int32Array {
  if (ids.length % 2 === 0) return ids;
  const rows = new Int32Array(ids.length + 1);
  rows.set(ids);
  rows[ids.length] = ids[ids.length - 1]!;
  return rows;
}

/** In place: products [rows, m] of x·c become |x|² - 2 x·c + |c|² clamped at 0, for rows r < rows with |x|² = norms[normOf(r)]. */
function expand(out: Float64Array, rows: number, m: number, cn: Float64Array, normOf: (r: number) => number): void {
  for (let i = 0; i < rows; i++) {
    const xi = normOf(i), row = i * m;
    for (let j = 0; j < m; j++) {
      const v = xi - 2 * out[row + j]! + cn[j]!;
      out[row + j] = v > 0 ? v : 0;
    }
  }
}

/**
 * Squared distances [rows, points.rows] of the resident rows (squared norms `norms`) to `points`:
 * |x|² - 2 x·c + |c|² clamped at 0, the inner products by the row-dots kernel (X read in place; the
 * GEMM would pack all of X on every call, as costly as the product for ~10 points).
 */
export function residentDistances(resident: ResidentMatrix, points: Matrix, norms: Float64Array): Float64Array {
  const n = norms.length, m = points.rows;
  const out = resident.rowDots(points);
  if (n % 2 === 1) out.set(resident.rowsRowDots(paired(Int32Array.of(n - 1)), points).subarray(0, m), (n - 1) * m);
  expand(out, n, m, rowSquaredNorms(points), (i) => norms[i]!);
  return out;
}

/**
 * residentDistances for the rows `ids` only ([ids.length, points.rows]): the same kernel on the
 * rows gathered in wasm memory, so each row's values equal that row's in residentDistances bit
 * for bit.
 */
export function rowsDistances(resident: ResidentMatrix, ids: Int32Array, points: Matrix, norms: Float64Array): Float64Array {
  const q = ids.length, m = points.rows;
  if (q === 0) return new Float64Array(0);
  const rows = paired(ids);
  const products = resident.rowsRowDots(rows, points);
  const out = rows === ids ? products : products.slice(0, q * m);
  expand(out, q, m, rowSquaredNorms(points), (r) => norms[ids[r]!]!);
  return out;
}
