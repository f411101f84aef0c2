// Exact k-nearest-neighbour search by brute force. With the tensor runtime initialised, euclidean
// and cosine distances of a block of queries to every training row come from @neurite/tensor's
// float64 kernels (pairwiseSquaredDistances: ||q||^2 + ||x||^2 - 2 q.x through one GEMM; cosine:
// one GEMM of unit rows). Those carry a rounding error of at most about (4 d + 16) eps (||q||^2 +
// max ||x||^2), so they only screen: every row within twice that margin of the k-th screened
// distance is re-measured exactly (./metrics.ts) and ranked by (distance, index). The result is
// the exact neighbours, ties to the smaller index, identical to the KD-tree's. Manhattan, and
// every metric without the runtime, measures exactly in plain loops.
import { isInitialized, matmul, pairwiseSquaredDistances, scope, tensor, type Tensor, transpose } from '@neurite/tensor';
import { fromReduced, type NeighborMetric, reducedDistance } from './metrics.ts';
import { NeighborHeap } from './neighbor-heap.ts';

export interface NeighborResult {
  /** n x k distances, increasing along each row. */
  distances: Float64Array;
  /** n x k training-row indices. */
  indices: Int32Array;
}

/** Values per block of the screening distance matrix (16 MB of float64). */
const BLOCK_VALUES = 1 << 21;

export interface SearchData {
  /** Training rows (unit rows for cosine), n x d. */
  data: Float64Array;
  n: number;
  d: number;
  metric: NeighborMetric;
}

/**
 * The k nearest training rows of each query row (queries already unit rows for cosine). With
 * `excludeSelf`, query i never returns training row i (queries are the training rows).
 */
export function bruteForceSearch(train: SearchData, queries: Float64Array, rows: number, k: number, excludeSelf: boolean): NeighborResult {
  const distances = new Float64Array(rows * k), indices = new Int32Array(rows * k);
  const heap = new NeighborHeap(k);
  const { data, n, d, metric } = train;
  const screened = metric !== 'manhattan' && isInitialized() && n * d >= 4096;
  if (!screened) {
    for (let q = 0; q < rows; q++) {
      heap.reset();
      for (let i = 0; i < n; i++) {
        if (excludeSelf && i === q) continue;
        heap.push(reducedDistance(metric, queries, q * d, data, i * d, d), i);
      }
      finish(heap, metric, distances, indices, q * k);
    }
    return { distances, indices };
  }
  const norms = new Float64Array(n);
  let maxNorm = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += data[i * d + j]! ** 2;
    norms[i] = s;
    maxNorm = Math.max(maxNorm, s);
  }
  const block = Math.max(1, Math.floor(BLOCK_VALUES / n));
  const trainTensor = tensor(data, [n, d], { dtype: 'float64' });
  try {
    for (let start = 0; start < rows; start += block) {
      const count = Math.min(block, rows - start);
      const part = queries.subarray(start * d, (start + count) * d);
      const screen = scope(() => {
        const q = tensor(part, [count, d], { dtype: 'float64' });
        const out: Tensor = metric === 'euclidean' ? pairwiseSquaredDistances(q, trainTensor) : matmul(q, transpose(trainTensor));
        return out.toArray() as Float64Array;
      });
      for (let r = 0; r < count; r++) {
        const q = start + r, row = r * n;
        if (metric === 'cosine') for (let i = 0; i < n; i++) screen[row + i] = 1 - screen[row + i]!;
        heap.reset();
        for (let i = 0; i < n; i++) if (!(excludeSelf && i === q)) heap.push(screen[row + i]!, i);
        let queryNorm = 0;
        for (let j = 0; j < d; j++) queryNorm += queries[q * d + j]! ** 2;
        const margin = (4 * d + 16) * Number.EPSILON * (metric === 'euclidean' ? queryNorm + maxNorm : 2);
        const limit = heap.bound() + 2 * margin;
        heap.reset();
        for (let i = 0; i < n; i++) {
          if ((excludeSelf && i === q) || !(screen[row + i]! <= limit)) continue;
          heap.push(reducedDistance(metric, queries, q * d, data, i * d, d), i);
        }
        finish(heap, metric, distances, indices, q * k);
      }
    }
  } finally {
    trainTensor.dispose();
  }
  return { distances, indices };
}

function finish(heap: NeighborHeap, metric: NeighborMetric, distances: Float64Array, indices: Int32Array, offset: number): void {
  heap.drainSorted(distances, indices, offset);
  for (let j = 0; j < heap.k; j++) distances[offset + j] = fromReduced(metric, distances[offset + j]!);
}

