// Exact k-nearest-neighbour search by brute force. With the tensor runtime initialised, euclidean
// and cosine distances are screened through one @neurite/tensor GEMM per block of queries, Q X^T
// against the training rows transposed once, in float32 (the GEMM's fastest form) unless a value
// is too large for it: the screening value of training row i is ||x_i||^2 - 2 q.x_i (the squared
// distance less the query's constant ||q||^2) for euclidean and 1 - q.x_i on unit rows for cosine.
// Those carry a rounding error of at most (2 d + 16) u (||q||^2 + max ||x||^2), u the unit
// roundoff of the GEMM's dtype (Higham, Accuracy and Stability of Numerical Algorithms, 3.1: an
// inner product of length d is within gamma_d = d u / (1 - d u) of |q| |x|, plus the rounding of
// the inputs). So they only screen: every row within twice that margin of the k-th smallest
// screening value is re-measured exactly in float64 (./metrics.ts) and ranked by (distance,
// index). The result is the exact neighbours, ties to the smaller index, identical to the
// KD-tree's. Columns that are zero in every training row add nothing to q.x_i, so the GEMM leaves
// them out (MNIST's blank border: 117 of 784 pixels on 8000 digits). Manhattan, and every metric without the runtime, measures exactly in plain loops.
import { isInitialized, matmul, scope, tensor } from '@neurite/tensor';
import { fromReduced, type NeighborMetric, reducedDistance } from './metrics.ts';
import { NeighborHeap } from './neighbor-heap.ts';

export interface NeighborResult {
  /** n x k distances, increasing along each row. */
  distances: Float64Array;
  /** n x k training-row indices. */
  indices: Int32Array;
}

/** Values per block of the screening distance matrix (8 or 16 MB). */
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
  let largest = 0;
  for (let i = 0; i < data.length; i++) largest = Math.max(largest, Math.abs(data[i]!));
  for (let i = 0; i < rows * d; i++) largest = Math.max(largest, Math.abs(queries[i]!));
  // float32 while every squared norm stays far below its overflow threshold (3.4e38).
  const dtype = largest * largest * d < 1e30 ? 'float32' : 'float64';
  const roundoff = dtype === 'float32' ? 2 ** -24 : 2 ** -53;
  const block = Math.max(1, Math.floor(BLOCK_VALUES / n));
  const best = new Float64Array(k), values = new Float64Array(n);
  const active = activeColumns(data, n, d);
  const dg = active.length;
  const transposed = dtype === 'float32' ? new Float32Array(n * dg) : new Float64Array(n * dg);
  for (let i = 0; i < n; i++) for (let c = 0; c < dg; c++) transposed[c * n + i] = data[i * d + active[c]!]!;
  const trainTensor = tensor(transposed, [dg, n], { dtype });
  const packed = dtype === 'float32' ? new Float32Array(block * dg) : new Float64Array(block * dg);
  try {
    for (let start = 0; start < rows; start += block) {
      const count = Math.min(block, rows - start);
      for (let r = 0; r < count; r++) for (let c = 0; c < dg; c++) packed[r * dg + c] = queries[(start + r) * d + active[c]!]!;
      const screen = scope(() => {
        const q = tensor(packed.subarray(0, count * dg), [count, dg], { dtype });
        return matmul(q, trainTensor).toArray() as Float32Array | Float64Array;
      });
      for (let r = 0; r < count; r++) {
        const q = start + r, row = r * n;
        // The screening values (in float64), then the k smallest by insertion into a sorted array
        // (cheap: most values fail the first test).
        if (metric === 'euclidean') for (let i = 0; i < n; i++) values[i] = norms[i]! - 2 * screen[row + i]!;
        else for (let i = 0; i < n; i++) values[i] = 1 - screen[row + i]!;
        best.fill(Infinity);
        for (let i = 0; i < n; i++) {
          const v = values[i]!;
          if (!(v < best[k - 1]!) || (excludeSelf && i === q)) continue;
          let at = k - 1;
          while (at > 0 && best[at - 1]! > v) {
            best[at] = best[at - 1]!;
            at--;
          }
          best[at] = v;
        }
        let queryNorm = 0;
        for (let j = 0; j < d; j++) queryNorm += queries[q * d + j]! ** 2;
        const margin = (2 * d + 16) * roundoff * (metric === 'euclidean' ? queryNorm + maxNorm : 2);
        const limit = best[k - 1]! + 2 * margin;
        heap.reset();
        for (let i = 0; i < n; i++) {
          if (!(values[i]! <= limit) || (excludeSelf && i === q)) continue;
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

/** The columns with a nonzero value in some training row (all of them when every column is zero). */
function activeColumns(data: Float64Array, n: number, d: number): Int32Array {
  const used = new Uint8Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) if (data[i * d + j] !== 0) used[j] = 1;
  const out: number[] = [];
  for (let j = 0; j < d; j++) if (used[j]) out.push(j);
  return out.length > 0 ? Int32Array.from(out) : Int32Array.from({ length: d }, (_, j) => j);
}

function finish(heap: NeighborHeap, metric: NeighborMetric, distances: Float64Array, indices: Int32Array, offset: number): void {
  heap.drainSorted(distances, indices, offset);
  for (let j = 0; j < heap.k; j++) distances[offset + j] = fromReduced(metric, distances[offset + j]!);
}

