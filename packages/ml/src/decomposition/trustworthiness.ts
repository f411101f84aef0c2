// Trustworthiness of an embedding (Venna & Kaski 2001), as sklearn.manifold.trustworthiness:
// T(k) = 1 - 2 / (n k (2n - 3k - 1)) sum_i sum_{j in U_i(k)} (r(i, j) - k), where U_i(k) are the k
// nearest neighbours of i in the embedding that are not among its k nearest in the input, and
// r(i, j) is the rank of j among i's input-space neighbours (1 = nearest). Euclidean distances;
// distance ties are ranked by index (a stable sort).
import { ArgumentError, ShapeError, toMatrix, type MatrixInput } from '@neurite/tensor';
import { rowSquaredNorms, squaredDistances } from '../base/float64-gemm.ts';

function neighbourOrder(dist: Float64Array, n: number, i: number): Int32Array {
  const order = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
  order.sort((a, b) => dist[i * n + a]! - dist[i * n + b]! || a - b);
  return Int32Array.from(order);
}

export function trustworthiness(X: MatrixInput, embedded: MatrixInput, nNeighbors = 5): number {
  const x = toMatrix(X, 'trustworthiness: X');
  const e = toMatrix(embedded, 'trustworthiness: embedded');
  const n = x.rows;
  if (e.rows !== n) throw new ShapeError(`trustworthiness: X has ${n} rows, the embedding ${e.rows}`);
  if (!Number.isInteger(nNeighbors) || nNeighbors < 1 || nNeighbors >= n / 2) throw new ArgumentError(`trustworthiness: nNeighbors must be an integer in [1, n/2), got ${nNeighbors} for n = ${n}`);
  const dx = squaredDistances(x, x, rowSquaredNorms(x), rowSquaredNorms(x));
  const de = squaredDistances(e, e, rowSquaredNorms(e), rowSquaredNorms(e));
  const rank = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const inputOrder = neighbourOrder(dx, n, i);
    for (let r = 0; r < inputOrder.length; r++) rank[inputOrder[r]!] = r + 1;
    const embeddedOrder = neighbourOrder(de, n, i);
    for (let t = 0; t < nNeighbors; t++) {
      const excess = rank[embeddedOrder[t]!]! - nNeighbors;
      if (excess > 0) total += excess;
    }
  }
  return 1 - (total * 2) / (n * nNeighbors * (2 * n - 3 * nNeighbors - 1));
}
