// Hierarchical agglomerative clustering in O(n²) memory, output as SciPy's linkage matrix:
// row i = [a, b, distance, size] merges clusters a < b (ids < n are points, n + j is the cluster
// formed at row j), rows sorted by distance (stable), as scipy.cluster.hierarchy.linkage returns.
// - 'complete', 'average', 'ward': the nearest-neighbour chain (Müllner 2011, "Modern hierarchical,
//   agglomerative clustering algorithms", arXiv:1109.2378, NN-chain-linkage) on a condensed
//   distance matrix, updated by the Lance-Williams formulas; Ward's update works on Euclidean
//   distances as SciPy's: d(k, i∪j) = sqrt(((n_k+n_i) d_ki² + (n_k+n_j) d_kj² - n_k d_ij²) / (n_i+n_j+n_k)).
// - 'single': Prim's minimum spanning tree (Müllner's MST-linkage), then sorted.
// Initial distances are Euclidean, from the float64 GEMM.
import { ArgumentError, ShapeError, toMatrix, type MatrixInput } from '@neurite/tensor';
import { checkAborted, report } from '../base/estimator.ts';
import type { FitOptions } from '../base/protocol.ts';
import { rowSquaredNorms, squaredDistances } from '../base/float64-gemm.ts';

export type LinkageMethod = 'single' | 'complete' | 'average' | 'ward';

/** 20,000 rows: 1.5 GiB of condensed float64 distances. */
const MAX_ROWS = 20_000;

/** [n - 1, 4] row-major: a, b, distance, size per merge. */
export interface LinkageMatrix {
  rows: number;
  cols: 4;
  data: Float64Array;
}

/** Index of pair (i, j), i < j, in the condensed upper triangle of an n x n matrix. */
function condensedIndex(n: number, i: number, j: number): number {
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/** Condensed Euclidean distances (SciPy's pdist order). Rows are processed in blocks to bound the GEMM size. */
function condensedDistances(x: { rows: number; cols: number; data: Float64Array }): Float64Array {
  const n = x.rows, d = x.cols;
  const out = new Float64Array((n * (n - 1)) / 2);
  const norms = rowSquaredNorms(x);
  const block = Math.max(1, Math.floor(4_000_000 / Math.max(n, 1)));
  for (let start = 0; start < n; start += block) {
    const rows = Math.min(block, n - start);
    const part = { rows, cols: d, data: x.data.subarray(start * d, (start + rows) * d) };
    const sq = squaredDistances(part, x, norms.subarray(start, start + rows), norms);
    for (let r = 0; r < rows; r++) {
      const i = start + r;
      let at = condensedIndex(n, i, i + 1);
      for (let j = i + 1; j < n; j++) out[at++] = Math.sqrt(sq[r * n + j]!);
    }
  }
  return out;
}

function update(method: LinkageMethod, dxi: number, dyi: number, dxy: number, nx: number, ny: number, ni: number): number {
  switch (method) {
    case 'complete':
      return dxi > dyi ? dxi : dyi;
    case 'average':
      return (nx * dxi + ny * dyi) / (nx + ny);
    case 'ward': {
      const t = 1 / (nx + ny + ni);
      return Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * dxy * dxy);
    }
    default:
      return dxi < dyi ? dxi : dyi;
  }
}

function nnChain(dist: Float64Array, n: number, method: LinkageMethod, merges: Float64Array, tick: (k: number) => void): void {
  const size = new Float64Array(n).fill(1);
  const chain = new Int32Array(n);
  let chainLength = 0;
  const at = (i: number, j: number): number => (i < j ? condensedIndex(n, i, j) : condensedIndex(n, j, i));
  for (let k = 0; k < n - 1; k++) {
    tick(k);
    if (chainLength === 0) {
      for (let i = 0; i < n; i++) {
        if (size[i]! > 0) {
          chain[chainLength++] = i;
          break;
        }
      }
    }
    let x = 0, y = 0, currentMin = Infinity;
    for (;;) {
      x = chain[chainLength - 1]!;
      if (chainLength > 1) {
        y = chain[chainLength - 2]!;
        currentMin = dist[at(x, y)]!;
      } else currentMin = Infinity;
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x) continue;
        const v = dist[at(x, i)]!;
        if (v < currentMin) {
          currentMin = v;
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) [x, y] = [y, x];
    const nx = size[x]!, ny = size[y]!;
    merges[k * 4] = x;
    merges[k * 4 + 1] = y;
    merges[k * 4 + 2] = currentMin;
    merges[k * 4 + 3] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    for (let i = 0; i < n; i++) {
      const ni = size[i]!;
      if (ni === 0 || i === y) continue;
      dist[at(i, y)] = update(method, dist[at(i, x)]!, dist[at(i, y)]!, currentMin, nx, ny, ni);
    }
  }
}

function mstSingle(dist: Float64Array, n: number, merges: Float64Array, tick: (k: number) => void): void {
  const merged = new Uint8Array(n), best = new Float64Array(n).fill(Infinity);
  let y = 0;
  for (let k = 0; k < n - 1; k++) {
    tick(k);
    const x = y;
    merged[x] = 1;
    let currentMin = Infinity;
    for (let i = 0; i < n; i++) {
      if (merged[i]) continue;
      const v = dist[x < i ? condensedIndex(n, x, i) : condensedIndex(n, i, x)]!;
      if (best[i]! > v) best[i] = v;
      if (best[i]! < currentMin) {
        currentMin = best[i]!;
        y = i;
      }
    }
    merges[k * 4] = x;
    merges[k * 4 + 1] = y;
    merges[k * 4 + 2] = currentMin;
  }
}

/** Sorts merges by distance (stable) and relabels them with union-find into SciPy's cluster ids. */
function relabel(merges: Float64Array, n: number): Float64Array {
  const order = Array.from({ length: n - 1 }, (_, i) => i).sort((a, b) => merges[a * 4 + 2]! - merges[b * 4 + 2]! || a - b);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const size = new Float64Array(2 * n - 1).fill(1);
  const find = (v: number): number => {
    let r = v;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[v] !== r) {
      const next = parent[v]!;
      parent[v] = r;
      v = next;
    }
    return r;
  };
  const out = new Float64Array((n - 1) * 4);
  order.forEach((from, row) => {
    const a = find(merges[from * 4]!), b = find(merges[from * 4 + 1]!);
    const next = n + row;
    out[row * 4] = Math.min(a, b);
    out[row * 4 + 1] = Math.max(a, b);
    out[row * 4 + 2] = merges[from * 4 + 2]!;
    out[row * 4 + 3] = size[next] = size[a]! + size[b]!;
    parent[a] = parent[b] = next;
  });
  return out;
}

/** SciPy's linkage(X, method) on Euclidean distances between the rows of X. */
export function linkage(X: MatrixInput, method: LinkageMethod = 'single', options?: FitOptions): LinkageMatrix {
  if (!['single', 'complete', 'average', 'ward'].includes(method)) throw new ArgumentError(`linkage: method must be 'single', 'complete', 'average' or 'ward', got ${String(method)}`);
  const x = toMatrix(X, 'linkage: X');
  const n = x.rows;
  if (n < 2) throw new ShapeError(`linkage: X needs at least 2 rows, got ${n}`);
  if (n > MAX_ROWS) throw new ShapeError(`linkage: ${n} rows need ${((n * (n - 1)) / 2 * 8 / 2 ** 30).toFixed(1)} GiB of distances; at most ${MAX_ROWS} rows are supported`);
  const dist = condensedDistances(x);
  const merges = new Float64Array((n - 1) * 4);
  const every = Math.max(1, Math.floor(n / 20));
  const tick = (k: number): void => {
    if (k % every !== 0) return;
    checkAborted(options, 'linkage');
    report(options, { stage: method, done: k, total: n - 1 });
  };
  if (method === 'single') mstSingle(dist, n, merges, tick);
  else nnChain(dist, n, method, merges, tick);
  return { rows: n - 1, cols: 4, data: relabel(merges, n) };
}
