// Exact k-nearest-neighbour search by brute force. With the tensor runtime initialised, euclidean
// and cosine distances are screened by products q.x_i of each block of queries with every training
// row: the screening value of training row i is ||x_i||^2 - 2 q.x_i (the squared distance less the
// query's constant ||q||^2) for euclidean and 1 - q.x_i on unit rows for cosine.
// - Integer data (euclidean; ./integer-scale.ts): when every value is m / s for integers m and one
//   scale s (pixels 0..255, s = 1; MNIST in [0, 1] in steps of 0.001, s = 1000), the products of the
//   scaled rows are exact (tensor's rowDots in int16 lanes) and so are the screening values, in
//   units of 1 / s^2.
// - Otherwise one GEMM per block, Q X^T against the training rows transposed once, in float32 (the
//   GEMM's fastest form) unless a value is too large for it.
// The float64 distances of the exact re-rank differ from the screening values (the GEMM's rounding,
// or the rounding of m / s to a double) by at most (2 d + 16) u (||q||^2 + max ||x||^2), u the unit
// roundoff of the GEMM's dtype or of float64 (Higham, Accuracy and Stability of Numerical
// Algorithms, 3.1: an inner product of length d is within gamma_d = d u / (1 - d u) of |q| |x|, plus
// the rounding of the inputs). So the values only screen: every row within twice that margin of the
// k-th smallest screening value is re-measured exactly in float64 (./metrics.ts) and ranked by
// (distance, index); for integer data the margin is below one unit, so only the rows tied with the
// k-th are. The result is the exact neighbours, ties to the smaller index, identical to the
// KD-tree's. Columns that are zero in every training row add nothing to q.x_i, so the products
// leave them out (MNIST's blank border: 117 of 784 pixels on 8000 digits). Manhattan, and every
// metric without the runtime, measures exactly in plain loops.
import { isInitialized, matmul, scope, tensor } from '@neurite/tensor';
import { integerDots, integerScale, type ScaledRows, scaledRows, scaledTrain } from './integer-scale.ts';
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
/** Values per block of the integer screen (16 MB): each block packs the training rows to int16 again. */
const INTEGER_BLOCK_VALUES = 1 << 22;

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
  const facts = trainFacts(train);
  const active = facts.active;
  // Integer data (euclidean): exact screening values in units of 1 / scale^2.
  const scale = metric === 'euclidean' ? integerScale(data, n, queries, rows, d, active, facts.tops) : null;
  const { norms, maxNorm } = facts;
  let screen: Screen;
  if (scale !== null) screen = integerScreen(facts.scaled(scale), n, d, active, scale);
  else {
    let largest = 0;
    for (let i = 0; i < data.length; i++) largest = Math.max(largest, Math.abs(data[i]!));
    for (let i = 0; i < rows * d; i++) largest = Math.max(largest, Math.abs(queries[i]!));
    // float32 while every squared norm stays far below its overflow threshold (3.4e38).
    screen = floatScreen(data, n, d, active, largest * largest * d < 1e30 ? 'float32' : 'float64', norms);
  }
  const screenNorms = screen.norms;
  const block = Math.max(1, Math.floor((scale !== null ? INTEGER_BLOCK_VALUES : BLOCK_VALUES) / n));
  const best = new Float64Array(k);
  let candidates = new Int32Array(256), candidateValues = new Float64Array(256);
  try {
    for (let start = 0; start < rows; start += block) {
      const count = Math.min(block, rows - start);
      const products = screen.products(queries, start, count);
      for (let r = 0; r < count; r++) {
        const q = start + r, row = r * n;
        let queryNorm = 0;
        for (let j = 0; j < d; j++) queryNorm += queries[q * d + j]! ** 2;
        const slack = 2 * (2 * d + 16) * screen.roundoff * (metric === 'euclidean' ? queryNorm + maxNorm : 2) * screen.unit;
        const kept = select(products, row, metric === 'euclidean' ? screenNorms : null, n, excludeSelf ? q : -1, slack, best, candidates, candidateValues);
        if (kept > candidates.length) {
          // More candidates than room (many ties): again with room for all of them.
          candidates = new Int32Array(kept);
          candidateValues = new Float64Array(kept);
          select(products, row, metric === 'euclidean' ? screenNorms : null, n, excludeSelf ? q : -1, slack, best, candidates, candidateValues);
        }
        const limit = best[k - 1]! + slack;
        heap.reset();
        for (let c = 0; c < kept; c++) {
          if (!(candidateValues[c]! <= limit)) continue;
          const i = candidates[c]!;
          heap.push(reducedDistance(metric, queries, q * d, data, i * d, d), i);
        }
        finish(heap, metric, distances, indices, q * k);
      }
    }
  } finally {
    screen.dispose();
  }
  return { distances, indices };
}

/** The products q.x_i of a block of queries with every training row (on the kept columns). */
interface Screen {
  products(queries: Float64Array, start: number, count: number): ArrayLike<number>;
  /** Unit roundoff of the products' arithmetic (their own, or float64's for the exact integers). */
  roundoff: number;
  /** Screening values per unit of squared distance (scale^2 for the integer screen). */
  unit: number;
  /** ||x_i||^2 in those units. */
  norms: Float64Array;
  dispose(): void;
}

/** Q X^T in float32 or float64 on the GEMM, the training rows transposed once. */
function floatScreen(data: Float64Array, n: number, d: number, active: Int32Array, dtype: 'float32' | 'float64', norms: Float64Array): Screen {
  const dg = active.length;
  const transposed = dtype === 'float32' ? new Float32Array(n * dg) : new Float64Array(n * dg);
  for (let i = 0; i < n; i++) for (let c = 0; c < dg; c++) transposed[c * n + i] = data[i * d + active[c]!]!;
  const trainTensor = tensor(transposed, [dg, n], { dtype });
  const block = Math.max(1, Math.floor(BLOCK_VALUES / n));
  const packed = dtype === 'float32' ? new Float32Array(block * dg) : new Float64Array(block * dg);
  return {
    roundoff: dtype === 'float32' ? 2 ** -24 : 2 ** -53,
    unit: 1,
    norms,
    products(queries, start, count) {
      for (let r = 0; r < count; r++) for (let c = 0; c < dg; c++) packed[r * dg + c] = queries[(start + r) * d + active[c]!]!;
      return scope(() => matmul(tensor(packed.subarray(0, count * dg), [count, dg], { dtype }), trainTensor).toArray() as Float32Array | Float64Array);
    },
    dispose: () => trainTensor.dispose(),
  };
}

/** Exact integer products of the rows scaled by `scale` (./integer-scale.ts), the training rows' already made. */
function integerScreen(train: ScaledRows, n: number, d: number, active: Int32Array, scale: number): Screen {
  const trainTensor = tensor(train.rows, [n, active.length], { dtype: 'int32' });
  return {
    roundoff: 2 ** -53,
    unit: scale * scale,
    norms: train.norms,
    products: (queries, start, count) => integerDots(tensor(scaledRows(queries, start, count, d, active, scale), [count, active.length], { dtype: 'int32' }), trainTensor),
    dispose: () => trainTensor.dispose(),
  };
}

/**
 * One pass over a query's screening values (norms[i] - 2 p_i for euclidean, 1 - p_i for cosine when
 * norms is null; p = products[row + i]), row `skip` left out: the k smallest into `best` (sorted,
 * by insertion: most values fail the first test), and every row within `slack` of the k-th smallest
 * so far into the candidate arrays (the k-th only decreases, so this keeps every row within the
 * slack of the final k-th). Returns the number of candidates, which may exceed the arrays' length:
 * then only the first fit and the caller runs it again with room for all.
 */
function select(products: ArrayLike<number>, row: number, norms: Float64Array | null, n: number, skip: number, slack: number,
  best: Float64Array, candidates: Int32Array, candidateValues: Float64Array): number {
  const k = best.length, room = candidates.length;
  best.fill(Infinity);
  let kth = Infinity, threshold = Infinity, kept = 0;
  for (let i = 0; i < n; i++) {
    const v = norms !== null ? norms[i]! - 2 * products[row + i]! : 1 - products[row + i]!;
    if (!(v <= threshold) || i === skip) continue;
    if (kept < room) {
      candidates[kept] = i;
      candidateValues[kept] = v;
    }
    kept++;
    if (!(v < kth)) continue;
    let at = k - 1;
    while (at > 0 && best[at - 1]! > v) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = v;
    kth = best[k - 1]!;
    threshold = kth + slack;
  }
  return kept;
}

/** What every search on the same training rows shares: the kept columns, the squared norms, the integer scales they fit and their scaled rows. */
interface TrainFacts {
  active: Int32Array;
  norms: Float64Array;
  maxNorm: number;
  tops: Map<number, number>;
  scaled(scale: number): ScaledRows;
}

const FACTS = new WeakMap<Float64Array, TrainFacts>();

function trainFacts(train: SearchData): TrainFacts {
  const { data, n, d } = train;
  let facts = FACTS.get(data);
  if (facts !== undefined) return facts;
  const active = activeColumns(data, n, d), norms = new Float64Array(n);
  let maxNorm = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += data[i * d + j]! ** 2;
    norms[i] = s;
    maxNorm = Math.max(maxNorm, s);
  }
  let last: ScaledRows | null = null;
  facts = {
    active, norms, maxNorm, tops: new Map(),
    scaled: (scale) => (last?.scale === scale ? last : (last = scaledTrain(data, n, d, active, scale))),
  };
  FACTS.set(data, facts);
  return facts;
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

