// Squared Euclidean distances from every row of a matrix kept in wasm memory to a few points
// (k-means centres, k-means++ candidates), for fits that compute them many times on the same data,
// and the same distances for a subset of the rows (Elkan's k-means), bit for bit equal to the
// corresponding rows of the full computation.
import type { Matrix } from '@neurite/tensor';
import { rowSquaredNorms, type ResidentMatrix } from '../base/float64-gemm.ts';

/**
 * The float64 GEMM kernel takes another route (other rounding) for products of up to this many
 * rows; a gathered product is padded past it so that its rows come out as in the full product.
 */
const SMALL_PRODUCT_ROWS = 4;

/** An untransposed [d, m] copy of the points (the kernel's fast layout; a transposed operand takes a slower path) and their squared norms. */
function transposedPoints(points: Matrix): { ct: Matrix; cn: Float64Array } {
  const m = points.rows, d = points.cols, c = points.data;
  const ct = new Float64Array(d * m);
  for (let j = 0; j < m; j++) for (let f = 0; f < d; f++) ct[f * m + j] = c[j * d + f]!;
  return { ct: { rows: d, cols: m, data: ct }, cn: rowSquaredNorms(points) };
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
 * |x|² - 2 x·c + |c|² clamped at 0, the inner products as X · Cᵀ.
 */
export function residentDistances(resident: ResidentMatrix, points: Matrix, norms: Float64Array): Float64Array {
  const { ct, cn } = transposedPoints(points);
  const out = resident.times(ct);
  expand(out, norms.length, points.rows, cn, (i) => norms[i]!);
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
  let rows = ids;
  if (q <= SMALL_PRODUCT_ROWS) {
    rows = new Int32Array(SMALL_PRODUCT_ROWS + 1).fill(ids[0]!);
    rows.set(ids);
  }
  const { ct, cn } = transposedPoints(points);
  const products = resident.rowsTimes(rows, ct);
  const out = rows === ids ? products : products.slice(0, q * m);
  expand(out, q, m, cn, (r) => norms[ids[r]!]!);
  return out;
}
