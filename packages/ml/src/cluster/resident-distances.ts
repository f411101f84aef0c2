// Squared Euclidean distances from every row of a matrix kept in wasm memory to a few points
// (k-means centres, k-means++ candidates), for fits that compute them many times on the same data.
import type { Matrix } from '@neurite/tensor';
import { rowSquaredNorms, type ResidentMatrix } from '../base/float64-gemm.ts';

/**
 * Squared distances [rows, points.rows] of the resident rows (squared norms `norms`) to `points`:
 * |x|² - 2 x·c + |c|² clamped at 0, the inner products as X · Cᵀ on an untransposed [d, m] copy of
 * the points (the kernel's fast layout; a transposed operand takes a slower path).
 */
export function residentDistances(resident: ResidentMatrix, points: Matrix, norms: Float64Array): Float64Array {
  const m = points.rows, d = points.cols, c = points.data;
  const ct = new Float64Array(d * m), cn = rowSquaredNorms(points);
  for (let j = 0; j < m; j++) for (let f = 0; f < d; f++) ct[f * m + j] = c[j * d + f]!;
  const out = resident.times({ rows: d, cols: m, data: ct });
  for (let i = 0, n = norms.length; i < n; i++) {
    const xi = norms[i]!, row = i * m;
    for (let j = 0; j < m; j++) {
      const v = xi - 2 * out[row + j]! + cn[j]!;
      out[row + j] = v > 0 ? v : 0;
    }
  }
  return out;
}
