// Input similarities of t-SNE (van der Maaten & Hinton 2008, section 2): conditional
// p_{j|i} = exp(-beta_i d_ij²) / sum_k exp(-beta_i d_ik²) with beta_i found by bisection so that
// the entropy of row i is ln(perplexity) (scikit-learn's _binary_search_perplexity: 100 steps,
// entropy tolerance 1e-5), then symmetrised p_ij = (p_{j|i} + p_{i|j}) / sum. Exact t-SNE uses all
// pairs; Barnes-Hut t-SNE (van der Maaten 2014) the k = min(n - 1, floor(3 perplexity + 1)) nearest
// neighbours, giving a sparse symmetric P in CSR form.
import type { Matrix } from '@neurite/tensor';
import { rowSquaredNorms, squaredDistances } from '../base/float64-gemm.ts';

const PERPLEXITY_TOLERANCE = 1e-5;
const STEPS = 100;
export const MACHINE_EPSILON = 2.220446049250313e-16;

/** In place: row i of `d` (squared distances to its `k` candidates) becomes p_{j|i}. */
function conditionalRow(d: Float64Array, offset: number, k: number, desiredEntropy: number): void {
  let beta = 1, betaMin = -Infinity, betaMax = Infinity;
  const p = new Float64Array(k);
  for (let step = 0; step < STEPS; step++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += p[j] = Math.exp(-d[offset + j]! * beta);
    if (sum === 0) sum = 1e-8;
    let weighted = 0;
    for (let j = 0; j < k; j++) {
      p[j] /= sum;
      weighted += d[offset + j]! * p[j]!;
    }
    const entropy = Math.log(sum) + beta * weighted;
    const diff = entropy - desiredEntropy;
    if (Math.abs(diff) <= PERPLEXITY_TOLERANCE) break;
    if (diff > 0) {
      betaMin = beta;
      beta = betaMax === Infinity ? beta * 2 : (beta + betaMax) / 2;
    } else {
      betaMax = beta;
      beta = betaMin === -Infinity ? beta / 2 : (beta + betaMin) / 2;
    }
  }
  for (let j = 0; j < k; j++) d[offset + j] = p[j]!;
}

/** Dense joint probabilities [n, n] (zero diagonal, at least machine epsilon off it), symmetric, summing to 1. */
export function exactAffinities(x: Matrix, perplexity: number): Float64Array {
  const n = x.rows;
  const full = squaredDistances(x, x, rowSquaredNorms(x), rowSquaredNorms(x));
  const rows = new Float64Array(n * (n - 1));
  for (let i = 0; i < n; i++) {
    let at = i * (n - 1);
    for (let j = 0; j < n; j++) if (j !== i) rows[at++] = full[i * n + j]!;
  }
  const target = Math.log(perplexity);
  for (let i = 0; i < n; i++) conditionalRow(rows, i * (n - 1), n - 1, target);
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let at = i * (n - 1);
    for (let j = 0; j < n; j++) if (j !== i) p[i * n + j] = rows[at++]!;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const v = p[i * n + j]! + p[j * n + i]!;
      p[i * n + j] = p[j * n + i] = v;
      sum += 2 * v;
    }
  }
  sum = Math.max(sum, MACHINE_EPSILON);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) p[i * n + j] = i === j ? 0 : Math.max(p[i * n + j]! / sum, MACHINE_EPSILON);
  return p;
}

/** Sparse symmetric P over the nearest neighbours: CSR rows (indptr, indices, values), values summing to 1. */
export interface SparseAffinities {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/**
 * The k nearest of the n candidates sq[offset..offset + n) except `self`, by distance then index,
 * into neighbours / dist [self * k, self * k + k): a sorted list of the best k so far, where a
 * candidate that does not beat the current k-th is rejected with one comparison.
 */
export function nearest(sq: Float64Array, offset: number, n: number, self: number, k: number, neighbours: Int32Array, dist: Float64Array): void {
  const base = self * k;
  let size = 0;
  for (let j = 0; j < n; j++) {
    if (j === self) continue;
    const v = sq[offset + j]!;
    // Candidates come in index order, so an equal distance never displaces an earlier one.
    if (size === k && !(v < dist[base + k - 1]!)) continue;
    let lo = 0, hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dist[base + mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    const end = size < k ? size : k - 1;
    dist.copyWithin(base + lo + 1, base + lo, base + end);
    neighbours.copyWithin(base + lo + 1, base + lo, base + end);
    dist[base + lo] = v;
    neighbours[base + lo] = j;
    if (size < k) size++;
  }
}

export function neighbourAffinities(x: Matrix, perplexity: number): SparseAffinities {
  const n = x.rows, d = x.cols;
  const k = Math.min(n - 1, Math.floor(3 * perplexity + 1));
  const norms = rowSquaredNorms(x);
  const neighbours = new Int32Array(n * k), dist = new Float64Array(n * k);
  const block = Math.max(1, Math.floor(2_000_000 / n));
  for (let start = 0; start < n; start += block) {
    const rows = Math.min(block, n - start);
    const sq = squaredDistances({ rows, cols: d, data: x.data.subarray(start * d, (start + rows) * d) }, x, norms.subarray(start, start + rows), norms);
    for (let r = 0; r < rows; r++) nearest(sq, r * n, n, start + r, k, neighbours, dist);
  }
  const target = Math.log(perplexity);
  for (let i = 0; i < n; i++) conditionalRow(dist, i * k, k, target);
  return symmetrise(neighbours, dist, n, k);
}

/**
 * P + Pᵀ as CSR with sorted columns, normalised to sum 1, from the conditional rows (neighbours /
 * probabilities [n, k]). A pair found from both rows sums its two values in the order of its rows
 * (the smaller row's first), so p_ij and p_ji are the same number.
 */
function symmetrise(neighbours: Int32Array, probabilities: Float64Array, n: number, k: number): SparseAffinities {
  // Each row's own entries by column, and the transposed entries (rows that list it) by source row.
  const own = new Int32Array(n * k);
  const order = Array.from({ length: k }, (_, t) => t);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    order.sort((a, b) => neighbours[base + a]! - neighbours[base + b]!);
    for (let t = 0; t < k; t++) own[base + t] = base + order[t]!;
  }
  const start = new Int32Array(n + 1);
  for (let e = 0; e < n * k; e++) start[neighbours[e]! + 1]++;
  for (let j = 0; j < n; j++) start[j + 1] += start[j]!;
  const listed = new Int32Array(n * k), fill = start.slice(0, n);
  for (let e = 0; e < n * k; e++) listed[fill[neighbours[e]!]!++] = e;
  // Merge the two sorted lists of every row: count, then write.
  const merge = (i: number, write: (column: number, value: number) => void): void => {
    let a = i * k;
    const aEnd = a + k, bEnd = start[i + 1]!;
    let b = start[i]!;
    while (a < aEnd || b < bEnd) {
      const ca = a < aEnd ? neighbours[own[a]!]! : n, cb = b < bEnd ? Math.floor(listed[b]! / k) : n;
      if (ca < cb) write(ca, probabilities[own[a++]!]!);
      else if (cb < ca) write(cb, probabilities[listed[b++]!]!);
      else {
        const mine = probabilities[own[a++]!]!, theirs = probabilities[listed[b++]!]!;
        write(ca, i < ca ? mine + theirs : theirs + mine);
      }
    }
  };
  const indptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let count = 0;
    merge(i, () => count++);
    indptr[i + 1] = indptr[i]! + count;
  }
  const indices = new Int32Array(indptr[n]!), values = new Float64Array(indptr[n]!);
  let at = 0, sum = 0;
  for (let i = 0; i < n; i++) {
    merge(i, (column, value) => {
      indices[at] = column;
      values[at++] = value;
      sum += value;
    });
  }
  sum = Math.max(sum, MACHINE_EPSILON);
  for (let t = 0; t < values.length; t++) values[t] /= sum;
  return { indptr, indices, values };
}
