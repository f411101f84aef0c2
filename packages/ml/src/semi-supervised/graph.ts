// Similarity graphs of the label propagation family (scikit-learn's _get_kernel): the RBF kernel
// W_ij = exp(-gamma |x_i - x_j|²) (dense), or the kNN connectivity graph in which row i has a 1 for
// each of its nNeighbors nearest training rows, itself included (kneighbors_graph of the training
// rows queried as new points). Distances come from the float64 GEMM; ties go to the lower index.
import { ShapeError, type Matrix } from '@neurite/tensor';
import { rowSquaredNorms, squaredDistances } from '../base/float64-gemm.ts';

export type GraphKernel = 'rbf' | 'knn';

/** 16,384 rows: a 2 GiB float64 graph. */
export const MAX_GRAPH_ROWS = 16_384;

/** Dense kernel rows [queries, train]. */
export function rbfKernel(train: Matrix, queries: Matrix, gamma: number): Float64Array {
  const d = squaredDistances(queries, train, rowSquaredNorms(queries), rowSquaredNorms(train));
  for (let i = 0; i < d.length; i++) d[i] = Math.exp(-gamma * d[i]!);
  return d;
}

/** Indices [queries, k] of each query's k nearest training rows, nearest first. */
export function nearestNeighbours(train: Matrix, queries: Matrix, k: number): Int32Array {
  const n = train.rows, m = queries.rows;
  const d = squaredDistances(queries, train, rowSquaredNorms(queries), rowSquaredNorms(train));
  const out = new Int32Array(m * k);
  const order = new Int32Array(n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) order[j] = j;
    const row = i * n;
    const sorted = Array.from(order).sort((a, b) => d[row + a]! - d[row + b]! || a - b);
    for (let t = 0; t < k; t++) out[i * k + t] = sorted[t]!;
  }
  return out;
}

/** The graph as a dense [n, n] matrix (kNN rows hold 0/1). */
export function buildAffinity(x: Matrix, kernel: GraphKernel, gamma: number, nNeighbors: number): Float64Array {
  // The graph is dense (as scikit-learn's rbf graph): bound it before allocating.
  if (x.rows > MAX_GRAPH_ROWS) throw new ShapeError(`label propagation: ${x.rows} rows need a ${x.rows} x ${x.rows} graph; at most ${MAX_GRAPH_ROWS} rows are supported`);
  if (kernel === 'rbf') return rbfKernel(x, x, gamma);
  const n = x.rows, k = Math.min(nNeighbors, n);
  const nn = nearestNeighbours(x, x, k);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) w[i * n + nn[i * k + t]!] = 1;
  return w;
}
